//! An int8 linear layer (`y = x · Wᵀ`) on AVX-512 VNNI, for the shapes our
//! encoder and small models have.
//!
//! Why not candle's `QMatMul`: its tiled int8 kernel quantizes activations
//! into 256-wide Q8K blocks with a scalar `roundf` (a tenth of an embedding
//! batch went there), needs the input width to be a multiple of 256 (the
//! embedder's MLP had to be zero-padded from 1152 to 1280, 11% wasted work),
//! and keeps one activation row per weight load, so it reuses too little of
//! what it loads. Here:
//!
//! - weights are Q8_0 (one f32 scale per 32 values of a row), packed once into
//!   tiles of 16 output columns × 32 inputs laid out for `vpdpbusd`;
//! - activations are quantized once per matmul, per row and 32-value block,
//!   with vector instructions, and stored offset by +128 (unsigned, as
//!   `vpdpbusd` wants); each tile carries `-128 · Σw` per column so the
//!   offset is cancelled by the accumulator's starting value, at no cost;
//! - the micro-kernel holds 6 rows × 32 columns of accumulators, so each
//!   weight load feeds 6 dot products and each activation broadcast 2;
//! - rows and column tiles are split over the rayon pool.
//!
//! [`Int8Linear::new`] returns `None` when the CPU lacks AVX-512 VNNI or the
//! shape does not fit (width not a multiple of 32): the caller keeps candle's
//! kernel, whose AVX2 paths cover older machines. The scalar reference in
//! [`reference`] computes the same arithmetic in the same order, so tests can
//! demand bit-identical output.

mod pack;
pub mod reference;
#[cfg(target_arch = "x86_64")]
mod x86;

use candle_core::{CpuStorage, CustomOp1, Layout, Shape, Tensor};
use rayon::prelude::*;

pub use pack::{pack_q8_0, quantize_weights, WeightTile, COLS, KBLOCK, Q8_0_BLOCK_BYTES};

/// Rows of the micro-kernel's register tile.
const MR: usize = 6;
/// Rows per unit of parallel work: the unit's activations (48 × k bytes)
/// stay in L2 while it walks its column tiles.
const ROW_BLOCK: usize = 48;

/// A linear layer without bias whose weight is held as packed Q8_0 tiles.
pub struct Int8Linear {
    out_dim: usize,
    in_dim: usize,
    /// Column tile `t`, input block `b` at `t * (in_dim / 32) + b`.
    tiles: Vec<WeightTile>,
}

impl std::fmt::Debug for Int8Linear {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Int8Linear")
            .field("out_dim", &self.out_dim)
            .field("in_dim", &self.in_dim)
            .finish()
    }
}

/// Whether this CPU runs the int8 kernel.
pub fn available() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::is_x86_feature_detected!("avx512f")
            && std::is_x86_feature_detected!("avx512bw")
            && std::is_x86_feature_detected!("avx512vnni")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// Whether a `(out_dim, in_dim)` weight fits the kernel's tiling.
pub fn fits(out_dim: usize, in_dim: usize) -> bool {
    out_dim > 0 && out_dim.is_multiple_of(2 * COLS) && in_dim > 0 && in_dim.is_multiple_of(KBLOCK)
}

impl Int8Linear {
    /// Quantizes a row-major `(out_dim, in_dim)` f32 weight; `None` when the
    /// CPU or the shape does not suit the kernel.
    pub fn new(weight: &[f32], out_dim: usize, in_dim: usize) -> Option<Self> {
        if !available() || !fits(out_dim, in_dim) || weight.len() != out_dim * in_dim {
            return None;
        }
        Some(Self::from_packed(
            quantize_weights(weight, out_dim, in_dim),
            out_dim,
            in_dim,
        ))
    }

    /// Takes a GGUF Q8_0 weight as it is (`data`: `out_dim` rows of 34-byte
    /// blocks); `None` when the CPU or the shape does not suit the kernel.
    pub fn from_q8_0(data: &[u8], out_dim: usize, in_dim: usize) -> Option<Self> {
        if !available() || !fits(out_dim, in_dim) {
            return None;
        }
        let tiles = pack::pack_q8_0(data, out_dim, in_dim)?;
        Some(Self::from_packed(tiles, out_dim, in_dim))
    }

    /// A GGUF tensor, when it is a Q8_0 matrix the kernel takes.
    pub fn from_qtensor(t: &candle_core::quantized::QTensor) -> Option<Self> {
        let (out_dim, in_dim) = t.shape().dims2().ok()?;
        if t.dtype() != candle_core::quantized::GgmlDType::Q8_0 {
            return None;
        }
        Self::from_q8_0(&t.data().ok()?, out_dim, in_dim)
    }

    /// From tiles already packed by [`quantize_weights`] (tests build the
    /// scalar reference from the same tiles).
    fn from_packed(tiles: Vec<WeightTile>, out_dim: usize, in_dim: usize) -> Self {
        Self {
            out_dim,
            in_dim,
            tiles,
        }
    }

    /// Output width.
    pub fn out_dim(&self) -> usize {
        self.out_dim
    }

    /// Input width.
    pub fn in_dim(&self) -> usize {
        self.in_dim
    }

    /// The packed weight.
    pub fn tiles(&self) -> &[WeightTile] {
        &self.tiles
    }

    /// `x · Wᵀ` for `m` rows of `x` (row-major, `m × in_dim`).
    pub fn matmul(&self, x: &[f32], m: usize) -> Vec<f32> {
        let (k, n) = (self.in_dim, self.out_dim);
        debug_assert_eq!(x.len(), m * k);
        let acts = pack::Activations::quantize(x, m, k);
        let mut out = vec![0f32; m * n];
        let pairs = n / (2 * COLS);
        let row_blocks = m.div_ceil(ROW_BLOCK);
        // Enough units that both cores stay busy when a query has few rows.
        let threads = rayon::current_num_threads().max(1);
        let col_chunks = (4 * threads).div_ceil(row_blocks).clamp(1, pairs);
        let pairs_per_chunk = pairs.div_ceil(col_chunks);
        let units = row_blocks * col_chunks;
        let dst = SendPtr(out.as_mut_ptr());
        (0..units).into_par_iter().for_each(|u| {
            let (rb, cc) = (u / col_chunks, u % col_chunks);
            let rows = rb * ROW_BLOCK..((rb + 1) * ROW_BLOCK).min(m);
            let first = cc * pairs_per_chunk;
            let cols = first..(first + pairs_per_chunk).min(pairs);
            // SAFETY: units write disjoint (rows × column pairs) regions of `out`,
            // which outlives the parallel loop; tiles and activations are in bounds
            // by construction (fits() and Activations::quantize).
            unsafe { self.unit(&acts, rows, cols, dst.get(), n) };
        });
        out
    }

    /// One unit of work: `rows` × column `pairs`.
    ///
    /// # Safety
    /// `dst` must point at an `m × n` f32 buffer no other thread writes in this region.
    unsafe fn unit(
        &self,
        acts: &pack::Activations,
        rows: std::ops::Range<usize>,
        pairs: std::ops::Range<usize>,
        dst: *mut f32,
        n: usize,
    ) {
        let kb = self.in_dim / KBLOCK;
        for p in pairs {
            let t0 = self.tiles.as_ptr().add(2 * p * kb);
            let t1 = self.tiles.as_ptr().add((2 * p + 1) * kb);
            let mut r = rows.start;
            while r < rows.end {
                let mr = (rows.end - r).min(MR);
                let out = dst.add(r * n + 2 * p * COLS);
                #[cfg(target_arch = "x86_64")]
                x86::kernel(mr, t0, t1, kb, acts.row(r), acts.k, acts.scales(r), out, n);
                #[cfg(not(target_arch = "x86_64"))]
                let _ = (t0, t1, out, mr);
                r += mr;
            }
        }
    }

    /// Applies the layer to a tensor of shape `(…, in_dim)`.
    pub fn forward(&self, x: &Tensor) -> candle_core::Result<Tensor> {
        x.apply_op1_no_bwd(self)
    }
}

#[derive(Clone, Copy)]
struct SendPtr(*mut f32);

impl SendPtr {
    /// By method, so closures capture the `Send` wrapper, not its field.
    fn get(self) -> *mut f32 {
        self.0
    }
}
// SAFETY: used only to hand disjoint output regions to rayon workers.
unsafe impl Send for SendPtr {}
// SAFETY: as above.
unsafe impl Sync for SendPtr {}

impl CustomOp1 for Int8Linear {
    fn name(&self) -> &'static str {
        "int8-linear"
    }

    fn cpu_fwd(
        &self,
        storage: &CpuStorage,
        layout: &Layout,
    ) -> candle_core::Result<(CpuStorage, Shape)> {
        let dims = layout.shape().dims();
        let Some((&k, lead)) = dims.split_last() else {
            candle_core::bail!("int8-linear: scalar input");
        };
        if k != self.in_dim {
            candle_core::bail!(
                "int8-linear: input width {k}, weight expects {}",
                self.in_dim
            );
        }
        let CpuStorage::F32(data) = storage else {
            candle_core::bail!("int8-linear: f32 input only");
        };
        let Some((start, end)) = layout.contiguous_offsets() else {
            candle_core::bail!("int8-linear: input must be contiguous");
        };
        let m: usize = lead.iter().product();
        let out = self.matmul(&data[start..end], m);
        let mut shape = lead.to_vec();
        shape.push(self.out_dim);
        Ok((CpuStorage::F32(out), Shape::from(shape)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};

    fn random(len: usize, seed: u64) -> Vec<f32> {
        let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
        (0..len).map(|_| rng.random_range(-1.0f32..1.0)).collect()
    }

    #[test]
    fn vector_kernel_matches_the_scalar_reference_bit_for_bit() {
        if !available() {
            eprintln!("skipped: no AVX-512 VNNI on this CPU");
            return;
        }
        // Every remainder of the 6-row tile, several row blocks, and column
        // chunks split between threads.
        for &(m, n, k) in &[
            (1, 32, 32),
            (5, 64, 96),
            (13, 96, 64),
            (100, 64, 768),
            (7, 1280, 768),
        ] {
            let w = random(n * k, 1);
            let x = random(m * k, 2);
            let layer = Int8Linear::new(&w, n, k).expect("fits");
            let got = layer.matmul(&x, m);
            let want = reference::matmul(layer.tiles(), n, k, &x, m);
            assert_eq!(got, want, "m={m} n={n} k={k}");
        }
    }

    #[test]
    fn vector_quantizer_matches_the_scalar_one() {
        if !available() {
            return;
        }
        let mut x = random(256, 3);
        x[40] = 0.0;
        x[64..96].fill(0.0); // an all-zero block has scale 0
        x[100] = 1e-30;
        let (mut qa, mut da) = (vec![0u8; 256], vec![0f32; 8]);
        let (mut qb, mut db) = (vec![0u8; 256], vec![0f32; 8]);
        // SAFETY: available() checked; lengths match.
        unsafe { x86::quantize_row(&x, &mut qa, &mut da) };
        pack::quantize_row_scalar(&x, &mut qb, &mut db);
        assert_eq!((qa, da), (qb, db));
    }

    #[test]
    fn output_is_close_to_the_f32_product() {
        if !available() {
            return;
        }
        let (m, n, k) = (9, 64, 256);
        let w = random(n * k, 4);
        let x = random(m * k, 5);
        let got = Int8Linear::new(&w, n, k).expect("fits").matmul(&x, m);
        let mut err = 0f64;
        let mut norm = 0f64;
        for r in 0..m {
            for c in 0..n {
                let exact: f64 = (0..k).map(|i| (x[r * k + i] * w[c * k + i]) as f64).sum();
                err += (got[r * n + c] as f64 - exact).powi(2);
                norm += exact.powi(2);
            }
        }
        // Two 8-bit roundings: about 1% relative error.
        assert!(
            (err / norm).sqrt() < 0.02,
            "relative error {}",
            (err / norm).sqrt()
        );
    }

    #[test]
    fn gguf_q8_0_blocks_pack_like_quantized_f32() {
        let (n, k) = (32, 64);
        let w = random(n * k, 8);
        let mut gguf = Vec::new();
        let mut q = [0i8; KBLOCK];
        for block in w.chunks(KBLOCK) {
            let d = pack::quantize_block(block, &mut q);
            gguf.extend(half::f16::from_f32(d).to_le_bytes());
            gguf.extend(q.iter().map(|&v| v as u8));
        }
        let packed = pack_q8_0(&gguf, n, k).expect("length");
        let quantized = quantize_weights(&w, n, k);
        for (a, b) in packed.iter().zip(&quantized) {
            assert_eq!((a.qs, a.d, a.neg_bias), (b.qs, b.d, b.neg_bias));
        }
        assert!(pack_q8_0(&gguf[1..], n, k).is_none());
    }

    #[test]
    fn refuses_shapes_the_tiling_cannot_hold() {
        assert!(!fits(48, 64));
        assert!(!fits(64, 48));
        assert!(fits(64, 64));
        assert!(Int8Linear::new(&[0.0; 48 * 64], 48, 64).is_none());
    }

    #[test]
    fn forward_keeps_leading_dimensions() {
        if !available() {
            return;
        }
        let (n, k) = (32, 64);
        let layer = Int8Linear::new(&random(n * k, 6), n, k).expect("fits");
        let x = Tensor::from_vec(random(2 * 3 * k, 7), (2, 3, k), &candle_core::Device::Cpu)
            .expect("tensor");
        let y = layer.forward(&x).expect("forward");
        assert_eq!(y.dims(), &[2, 3, n]);
        assert!(layer.forward(&x.narrow(2, 0, 32).expect("narrow")).is_err());
    }
}
