//! Q8_0 quantization of weights (once, at load) and activations (per matmul),
//! in the layouts the micro-kernel reads.

use rayon::prelude::*;

/// Output columns per weight tile: one 512-bit register of i32 lanes.
pub const COLS: usize = 16;
/// Input values per quantization block (one scale each).
pub const KBLOCK: usize = 32;

/// 16 output columns × 32 inputs of a weight, laid out for `vpdpbusd`: group
/// `g` of 4 inputs is 64 bytes, column `c`'s 4 values at `g * 64 + c * 4`.
///
/// 544 bytes for 512 weights, the 1.0625 bytes per weight of a GGUF Q8_0
/// block: decoding reads every weight once per token, so bytes are time.
/// The weights are stored offset by +128 (unsigned, as `vpdpbusd` wants
/// one operand) and the kernel cancels the offset with the activations'
/// block sum (`−128 · Σa`), one number per row and block rather than one
/// per column; the scale stays f16, as the file has it.
#[derive(Clone, Debug)]
#[repr(C, align(32))]
pub struct WeightTile {
    /// Quantized weights plus 128, `[group][column][4]`.
    pub qs: [u8; COLS * KBLOCK],
    /// Per-column scale, f16 bits.
    pub d: [u16; COLS],
}

const _: () = assert!(std::mem::size_of::<WeightTile>() == COLS * Q8_0_BLOCK_BYTES);

impl WeightTile {
    /// Column `c`'s scale.
    pub fn scale(&self, c: usize) -> f32 {
        half::f16::from_bits(self.d[c]).to_f32()
    }

    /// Column `c`'s weight `j` of group `g`, without the offset.
    pub fn weight(&self, g: usize, c: usize, j: usize) -> i32 {
        self.qs[g * COLS * 4 + c * 4 + j] as i32 - 128
    }
}

/// Quantizes one block to i8 with ggml's Q8_0 rule: scale = max |x| / 127,
/// values rounded half to even (as ggml's x86 path and our vector path do),
/// and the scale kept at f16 precision as a GGUF block stores it, so the
/// products match llama.cpp's.
pub fn quantize_block(x: &[f32], q: &mut [i8]) -> f32 {
    let amax = x.iter().fold(0f32, |m, v| m.max(v.abs()));
    let d = amax / 127.0;
    let id = if d > 0.0 { 1.0 / d } else { 0.0 };
    for (q, &v) in q.iter_mut().zip(x) {
        *q = (v * id).round_ties_even().clamp(-127.0, 127.0) as i8;
    }
    f16_precision(d)
}

/// `x` rounded to the nearest f16 and back.
pub fn f16_precision(x: f32) -> f32 {
    half::f16::from_f32(x).to_f32()
}

/// Builds the tiles of an `(n, k)` weight from its Q8_0 blocks:
/// `block(row, b, q)` fills block `b` of `row` into `q` and returns its scale.
fn tiles_from_blocks(
    n: usize,
    k: usize,
    block: impl Fn(usize, usize, &mut [i8; KBLOCK]) -> f32 + Sync,
) -> Vec<WeightTile> {
    let kb = k / KBLOCK;
    (0..n / COLS * kb)
        .into_par_iter()
        .map(|i| {
            let (t, b) = (i / kb, i % kb);
            let mut tile = WeightTile {
                qs: [0; COLS * KBLOCK],
                d: [0; COLS],
            };
            let mut q = [0i8; KBLOCK];
            for c in 0..COLS {
                // Scales are f16-exact (quantize_block rounds them so, and
                // a GGUF block stores f16), so the bits lose nothing.
                tile.d[c] = half::f16::from_f32(block(t * COLS + c, b, &mut q)).to_bits();
                for g in 0..KBLOCK / 4 {
                    for j in 0..4 {
                        tile.qs[g * COLS * 4 + c * 4 + j] = (q[g * 4 + j] as u8) ^ 0x80;
                    }
                }
            }
            tile
        })
        .collect_huge()
}

/// An empty vector with room for `capacity` packed tiles, in memory the OS
/// is asked to back with huge pages (Linux `MADV_HUGEPAGE`, which THP set to
/// "madvise", as on our machines, needs; "always" would give them anyway).
///
/// Decoding reads every weight once per token: 1 GB for the 1.5B model,
/// 250,000 4 KiB pages, each a TLB miss and a page walk. In 2 MiB pages that
/// is 500. The advice must come before the first write, which is when the
/// pages are allocated, so every packed weight starts from here.
pub(crate) fn huge_vec<T>(capacity: usize) -> Vec<T> {
    let v: Vec<T> = Vec::with_capacity(capacity);
    advise_huge_pages(v.as_ptr().cast(), v.capacity() * std::mem::size_of::<T>());
    v
}

/// Collecting packed tiles into memory the kernel streams through.
pub(crate) trait CollectHuge: IndexedParallelIterator {
    /// Collects into a [`huge_vec`].
    fn collect_huge(self) -> Vec<Self::Item> {
        let mut v = huge_vec(self.len());
        v.par_extend(self);
        v
    }
}

impl<I: IndexedParallelIterator> CollectHuge for I {}

#[cfg(target_os = "linux")]
fn advise_huge_pages(start: *const u8, len: usize) {
    const PAGE: usize = 4096;
    let first = (start as usize).next_multiple_of(PAGE);
    let end = (start as usize + len) / PAGE * PAGE;
    if end > first {
        // SAFETY: the range lies inside one live allocation; MADV_HUGEPAGE
        // changes how its pages are backed, never their contents. A refusal
        // (THP off) leaves ordinary pages, which is no error.
        unsafe { libc::madvise(first as *mut libc::c_void, end - first, libc::MADV_HUGEPAGE) };
    }
}

#[cfg(not(target_os = "linux"))]
fn advise_huge_pages(_start: *const u8, _len: usize) {}

/// Packs a row-major `(n, k)` f32 weight into tiles (`n % 16 == 0`, `k % 32 == 0`).
pub fn quantize_weights(w: &[f32], n: usize, k: usize) -> Vec<WeightTile> {
    tiles_from_blocks(n, k, |row, b, q| {
        quantize_block(&w[row * k + b * KBLOCK..row * k + (b + 1) * KBLOCK], q)
    })
}

/// Bytes of one GGUF Q8_0 block: an f16 scale, then 32 i8 values.
pub const Q8_0_BLOCK_BYTES: usize = 34;

/// Packs a GGUF Q8_0 weight (`n` rows of `k / 32` blocks, row-major) into
/// tiles without requantizing: the kernel then multiplies by exactly the
/// weights the file holds. `None` when `data` has the wrong length.
pub fn pack_q8_0(data: &[u8], n: usize, k: usize) -> Option<Vec<WeightTile>> {
    let kb = k / KBLOCK;
    if data.len() != n * kb * Q8_0_BLOCK_BYTES {
        return None;
    }
    Some(tiles_from_blocks(n, k, |row, b, q| {
        let at = (row * kb + b) * Q8_0_BLOCK_BYTES;
        let block = &data[at..at + Q8_0_BLOCK_BYTES];
        for (q, &v) in q.iter_mut().zip(&block[2..]) {
            *q = v as i8;
        }
        half::f16::from_le_bytes([block[0], block[1]]).to_f32()
    }))
}

/// Values per activation sum: the Q6_K sub-block, half a Q8_0 block.
pub const HALF: usize = 16;

/// The activations of one matmul, Q8_0 per row and block, as signed bytes
/// (the weights are the unsigned operand of `vpdpbusd`).
pub struct Activations {
    /// Row width.
    pub k: usize,
    /// `m × k` values, i8 stored as u8.
    q: Vec<u8>,
    /// `m × k/32` scales.
    d: Vec<f32>,
    /// `m × k/16` sums `Σq` of 16 values: Q8_0 tiles cancel their +128
    /// offset with them, Q6_K tiles their −32.
    halves: Vec<i32>,
    /// `m × k/32` block sums in activation units, `d · Σq`: what a Q4_K
    /// sub-block's minimum is multiplied by. Computed once per matmul, not
    /// once per column tile by the kernel.
    sums: Vec<f32>,
}

/// One row's quantized values, scales and 16-value sums.
type RowOut<'a> = (&'a mut [u8], (&'a mut [f32], &'a mut [i32]));

impl Activations {
    /// Quantizes `m` rows of width `k` (rows in parallel when there are many).
    pub fn quantize(x: &[f32], m: usize, k: usize) -> Self {
        let (kb, kh) = (k / KBLOCK, k / HALF);
        let mut q = vec![0u8; m * k];
        let mut d = vec![0f32; m * kb];
        let mut halves = vec![0i32; m * kh];
        let row = |(x, (q, (d, s))): (&[f32], RowOut)| quantize_row(x, q, d, s);
        if m >= 8 {
            x.par_chunks(k)
                .zip(
                    q.par_chunks_mut(k)
                        .zip(d.par_chunks_mut(kb).zip(halves.par_chunks_mut(kh))),
                )
                .for_each(row);
        } else {
            x.chunks(k)
                .zip(
                    q.chunks_mut(k)
                        .zip(d.chunks_mut(kb).zip(halves.chunks_mut(kh))),
                )
                .for_each(row);
        }
        let sums = d
            .iter()
            .zip(halves.chunks(2))
            .map(|(&d, h)| d * (h[0] + h[1]) as f32)
            .collect();
        Self {
            k,
            q,
            d,
            halves,
            sums,
        }
    }

    /// Row `r`'s values, the rows after it following at stride `k`.
    pub fn row(&self, r: usize) -> *const u8 {
        self.q[r * self.k..].as_ptr()
    }

    /// Row `r`'s scales, the rows after it following at stride `k / 32`.
    pub fn scales(&self, r: usize) -> *const f32 {
        self.d[r * (self.k / KBLOCK)..].as_ptr()
    }

    /// Row `r`'s 16-value sums, the rows after it following at stride `k / 16`.
    pub fn halves(&self, r: usize) -> *const i32 {
        self.halves[r * (self.k / HALF)..].as_ptr()
    }

    /// Row `r`'s scaled block sums, the rows after it following at stride `k / 32`.
    pub fn block_sums(&self, r: usize) -> *const f32 {
        self.sums[r * (self.k / KBLOCK)..].as_ptr()
    }
}

fn quantize_row(x: &[f32], q: &mut [u8], d: &mut [f32], halves: &mut [i32]) {
    #[cfg(target_arch = "x86_64")]
    if super::isa() == Some(super::Isa::Vnni) {
        // SAFETY: the CPU has AVX-512 F/BW (checked); slices have k, k/32 and k/16 elements.
        unsafe { super::x86::quantize_row(x, q, d, halves) };
        return;
    }
    #[cfg(target_arch = "x86_64")]
    if super::isa() == Some(super::Isa::Avx2) {
        // SAFETY: the CPU has AVX2 and FMA (checked); slices have k, k/32 and k/16 elements.
        unsafe { super::avx2::quantize_row(x, q, d, halves) };
        return;
    }
    quantize_row_scalar(x, q, d, halves);
}

/// The portable twin of the vector quantizer (identical results).
pub fn quantize_row_scalar(x: &[f32], q: &mut [u8], d: &mut [f32], halves: &mut [i32]) {
    let mut block = [0i8; KBLOCK];
    for (((x, q), d), halves) in x
        .chunks(KBLOCK)
        .zip(q.chunks_mut(KBLOCK))
        .zip(d.iter_mut())
        .zip(halves.chunks_mut(2))
    {
        *d = quantize_block(x, &mut block);
        for (h, values) in halves.iter_mut().zip(block.chunks(HALF)) {
            *h = values.iter().map(|&v| v as i32).sum();
        }
        for (q, &b) in q.iter_mut().zip(&block) {
            *q = b as u8;
        }
    }
}
