//! Q8_0 quantization of weights (once, at load) and activations (per matmul),
//! in the layouts the micro-kernel reads.

use rayon::prelude::*;

/// Output columns per weight tile: one 512-bit register of i32 lanes.
pub const COLS: usize = 16;
/// Input values per quantization block (one scale each).
pub const KBLOCK: usize = 32;

/// 16 output columns × 32 inputs of a weight, laid out for `vpdpbusd`: group
/// `g` of 4 inputs is 64 bytes, column `c`'s 4 values at `g * 64 + c * 4`.
#[derive(Clone, Debug)]
#[repr(C, align(64))]
pub struct WeightTile {
    /// Quantized weights, `[group][column][4]`.
    pub qs: [i8; COLS * KBLOCK],
    /// Per-column scale.
    pub d: [f32; COLS],
    /// Per-column `-128 · Σ qs`: the starting value of the accumulator, which
    /// cancels the +128 offset of the unsigned activations.
    pub neg_bias: [i32; COLS],
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
                d: [0.0; COLS],
                neg_bias: [0; COLS],
            };
            let mut q = [0i8; KBLOCK];
            for c in 0..COLS {
                tile.d[c] = block(t * COLS + c, b, &mut q);
                tile.neg_bias[c] = -128 * q.iter().map(|&v| v as i32).sum::<i32>();
                for g in 0..KBLOCK / 4 {
                    for j in 0..4 {
                        tile.qs[g * COLS * 4 + c * 4 + j] = q[g * 4 + j];
                    }
                }
            }
            tile
        })
        .collect()
}

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

/// How the activations' 8-bit values are stored, chosen by the weight format:
/// `vpdpbusd` multiplies unsigned bytes by signed ones, so one of the two
/// operands must be unsigned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActivationForm {
    /// `q + 128` as u8, against signed Q8_0 weights.
    Offset,
    /// `q` as i8, against unsigned 4-bit weights.
    Signed,
}

/// The activations of one matmul, Q8_0 per row and block.
pub struct Activations {
    /// Row width.
    pub k: usize,
    /// `m × k` values in the chosen [`ActivationForm`].
    q: Vec<u8>,
    /// `m × k/32` scales.
    d: Vec<f32>,
    /// `m × k/32` block sums `d · Σq`, which weight formats with a per-block
    /// minimum (Q4_K) subtract.
    sums: Vec<f32>,
}

/// One row's quantized values, scales and block sums.
type RowOut<'a> = (&'a mut [u8], (&'a mut [f32], &'a mut [f32]));

impl Activations {
    /// Quantizes `m` rows of width `k` (rows in parallel when there are many).
    pub fn quantize(x: &[f32], m: usize, k: usize, form: ActivationForm) -> Self {
        let kb = k / KBLOCK;
        let mut q = vec![0u8; m * k];
        let mut d = vec![0f32; m * kb];
        let mut sums = vec![0f32; m * kb];
        let row = |(x, (q, (d, s))): (&[f32], RowOut)| quantize_row(x, form, q, d, s);
        if m >= 8 {
            x.par_chunks(k)
                .zip(
                    q.par_chunks_mut(k)
                        .zip(d.par_chunks_mut(kb).zip(sums.par_chunks_mut(kb))),
                )
                .for_each(row);
        } else {
            x.chunks(k)
                .zip(
                    q.chunks_mut(k)
                        .zip(d.chunks_mut(kb).zip(sums.chunks_mut(kb))),
                )
                .for_each(row);
        }
        Self { k, q, d, sums }
    }

    /// Row `r`'s values, the rows after it following at stride `k`.
    pub fn row(&self, r: usize) -> *const u8 {
        self.q[r * self.k..].as_ptr()
    }

    /// Row `r`'s scales, the rows after it following at stride `k / 32`.
    pub fn scales(&self, r: usize) -> *const f32 {
        self.d[r * (self.k / KBLOCK)..].as_ptr()
    }

    /// Row `r`'s block sums, the rows after it following at stride `k / 32`.
    pub fn sums(&self, r: usize) -> *const f32 {
        self.sums[r * (self.k / KBLOCK)..].as_ptr()
    }
}

fn quantize_row(x: &[f32], form: ActivationForm, q: &mut [u8], d: &mut [f32], sums: &mut [f32]) {
    #[cfg(target_arch = "x86_64")]
    if super::available() {
        // SAFETY: the CPU has AVX-512 F/BW (checked); slices have k and k/32 elements.
        unsafe { super::x86::quantize_row(x, form, q, d, sums) };
        return;
    }
    quantize_row_scalar(x, form, q, d, sums);
}

/// The portable twin of the vector quantizer (identical results).
pub fn quantize_row_scalar(
    x: &[f32],
    form: ActivationForm,
    q: &mut [u8],
    d: &mut [f32],
    sums: &mut [f32],
) {
    let mut block = [0i8; KBLOCK];
    for (((x, q), d), s) in x
        .chunks(KBLOCK)
        .zip(q.chunks_mut(KBLOCK))
        .zip(d.iter_mut())
        .zip(sums.iter_mut())
    {
        *d = quantize_block(x, &mut block);
        *s = *d * block.iter().map(|&v| v as i32).sum::<i32>() as f32;
        for (q, &b) in q.iter_mut().zip(&block) {
            *q = match form {
                ActivationForm::Offset => (b as i16 + 128) as u8,
                ActivationForm::Signed => b as u8,
            };
        }
    }
}
