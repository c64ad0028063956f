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
//! - weights are Q8_0 (one f16 scale per 32 values of a row), packed once into
//!   tiles of 16 output columns × 32 inputs laid out for `vpdpbusd`, stored
//!   offset by +128 (the unsigned operand `vpdpbusd` wants) at the file's
//!   1.0625 bytes per weight;
//! - activations are quantized once per matmul, per row and 32-value block,
//!   with vector instructions, as signed bytes with their block sums: the
//!   accumulator starts at `-128 · Σa`, which cancels the weights' offset;
//! - the micro-kernel holds 6 rows × 32 columns of accumulators, so each
//!   weight load feeds 6 dot products and each activation broadcast 2;
//! - rows and column tiles are split over the rayon pool, or, for the few
//!   rows of decoding, over helpers that spin between loops ([`spin_pool`]).
//!
//! Without AVX-512 VNNI, AVX2 kernels ([`avx2`]) run the same tiles with
//! `vpmaddubsw`, a row at a time; candle's kernels there quantize activations
//! the slow way and reuse nothing (an index build ran 25 times slower on an
//! AVX2-only EPYC). The instruction set is chosen at run time.
//!
//! [`Int8Linear::new`] returns `None` when the CPU has neither or the shape
//! does not fit (width not a multiple of 32): the caller keeps candle's
//! kernel. The scalar reference in [`reference`] computes the same
//! arithmetic in the same order, so tests can demand bit-identical output
//! from either instruction set.

#[cfg(target_arch = "x86_64")]
mod avx2;
mod pack;
mod q4k;
mod q6k;
pub mod reference;
mod spin_pool;
#[cfg(target_arch = "x86_64")]
mod x86;

use candle_core::{CpuStorage, CustomOp1, Layout, Shape, Tensor};
use rayon::prelude::*;

pub use pack::{pack_q8_0, quantize_weights, WeightTile, COLS, KBLOCK, Q8_0_BLOCK_BYTES};
pub use q4k::{pack_q4_k, Q4kTile, Q4_K_BLOCK_BYTES, QK_K};
pub use q6k::{pack_q6_k, Q6kTile, Q6_K_BLOCK_BYTES};

/// Rows of the micro-kernel's register tile.
const MR: usize = 6;
/// Rows per unit of parallel work: the unit's activations (48 × k bytes)
/// stay in L2 while it walks its column tiles.
const ROW_BLOCK: usize = 48;
/// Up to this many rows (decoding, batched or not), a matmul's loop runs on
/// [`spin_pool`]; prompts run on rayon.
const SPIN_ROWS: usize = 8;

/// A linear layer without bias whose weight is held as packed int8 or
/// 4-bit tiles.
pub struct Int8Linear {
    out_dim: usize,
    in_dim: usize,
    weight: PackedWeight,
}

/// The weight in the layout its kernel reads.
enum PackedWeight {
    /// Column tile `t`, input block `b` at `t * (in_dim / 32) + b`.
    Q8(Vec<WeightTile>),
    /// Column tile `t`, super-block `s` at `t * (in_dim / 256) + s`.
    Q4k(Vec<Q4kTile>),
    /// As `Q4k`.
    Q6k(Vec<Q6kTile>),
}

impl PackedWeight {
    /// Output columns one kernel call covers.
    fn cols_per_call(&self) -> usize {
        match self {
            PackedWeight::Q8(_) => 2 * COLS,
            PackedWeight::Q4k(_) | PackedWeight::Q6k(_) => COLS,
        }
    }
}

impl std::fmt::Debug for Int8Linear {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Int8Linear")
            .field("out_dim", &self.out_dim)
            .field("in_dim", &self.in_dim)
            .finish()
    }
}

/// The instruction set the kernels run on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Isa {
    /// AVX-512 F/BW/VNNI: `vpdpbusd`, 6 rows per register tile.
    Vnni,
    /// AVX2 with FMA and F16C: `vpmaddubsw`, a row at a time.
    Avx2,
}

/// The best instruction set of this CPU for the kernels, if any.
pub fn isa() -> Option<Isa> {
    #[cfg(target_arch = "x86_64")]
    {
        if std::is_x86_feature_detected!("avx512f")
            && std::is_x86_feature_detected!("avx512bw")
            && std::is_x86_feature_detected!("avx512vnni")
        {
            return Some(Isa::Vnni);
        }
        if std::is_x86_feature_detected!("avx2")
            && std::is_x86_feature_detected!("fma")
            && std::is_x86_feature_detected!("f16c")
        {
            return Some(Isa::Avx2);
        }
    }
    None
}

/// Whether this CPU runs the int8 kernels.
pub fn available() -> bool {
    isa().is_some()
}

/// Whether this CPU can run `isa`'s kernels (a VNNI machine runs both).
pub fn supports(isa: Isa) -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        match isa {
            Isa::Vnni => self::isa() == Some(Isa::Vnni),
            Isa::Avx2 => {
                std::is_x86_feature_detected!("avx2")
                    && std::is_x86_feature_detected!("fma")
                    && std::is_x86_feature_detected!("f16c")
            }
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        let _ = isa;
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

    /// Takes a GGUF Q4_K weight as it is (`data`: `out_dim` rows of 144-byte
    /// super-blocks); `None` when the CPU or the shape does not suit the kernel.
    pub fn from_q4_k(data: &[u8], out_dim: usize, in_dim: usize) -> Option<Self> {
        if !available() || !fits(out_dim, in_dim) {
            return None;
        }
        let tiles = q4k::pack_q4_k(data, out_dim, in_dim)?;
        Some(Self {
            out_dim,
            in_dim,
            weight: PackedWeight::Q4k(tiles),
        })
    }

    /// Takes a GGUF Q6_K weight as it is (`data`: `out_dim` rows of 210-byte
    /// super-blocks); `None` when the CPU or the shape does not suit the kernel.
    pub fn from_q6_k(data: &[u8], out_dim: usize, in_dim: usize) -> Option<Self> {
        if !available() || !fits(out_dim, in_dim) {
            return None;
        }
        let tiles = q6k::pack_q6_k(data, out_dim, in_dim)?;
        Some(Self {
            out_dim,
            in_dim,
            weight: PackedWeight::Q6k(tiles),
        })
    }

    /// A GGUF matrix the kernels take: Q8_0, Q4_K and Q6_K as they are;
    /// Q5_K (absent from our models) requantized to Q8_0, which adds at most
    /// half an int8 step of the block's largest weight.
    ///
    /// Q6_K used to be requantized too, at 1.06 bytes per weight instead of
    /// 0.82: a tenth more bytes per decoded token for the 1.5B model. A first
    /// Q6_K kernel was slower than that, but not for its arithmetic: its tile
    /// kept nibbles, high bits and scales in three regions read in
    /// interleaved steps, and it stalled on loads. Laid out in reading order
    /// it streams as fast as the Q8_0 kernel does.
    pub fn from_qtensor(t: &candle_core::quantized::QTensor) -> Option<Self> {
        use candle_core::quantized::GgmlDType;
        let (out_dim, in_dim) = t.shape().dims2().ok()?;
        if !available() || !fits(out_dim, in_dim) {
            return None;
        }
        match t.dtype() {
            GgmlDType::Q8_0 => Self::from_q8_0(&t.data().ok()?, out_dim, in_dim),
            GgmlDType::Q4K => Self::from_q4_k(&t.data().ok()?, out_dim, in_dim),
            GgmlDType::Q6K => Self::from_q6_k(&t.data().ok()?, out_dim, in_dim),
            dtype @ GgmlDType::Q5K => Self::requantized(dtype, &t.data().ok()?, out_dim, in_dim),
            _ => None,
        }
    }

    /// Requantizes a GGUF weight to Q8_0 tiles a slice of rows at a time, so
    /// the f32 copy of a large matrix (0.9 GB for the 1.5B's output
    /// projection) never exists whole.
    fn requantized(
        dtype: candle_core::quantized::GgmlDType,
        data: &[u8],
        out_dim: usize,
        in_dim: usize,
    ) -> Option<Self> {
        use candle_core::quantized::ggml_file::qtensor_from_ggml;
        const ROWS: usize = 1024; // a multiple of the tile width
        let row_bytes = in_dim / dtype.block_size() * dtype.type_size();
        if data.len() != out_dim * row_bytes {
            return None;
        }
        let mut tiles = pack::huge_vec(out_dim / COLS * (in_dim / KBLOCK));
        for first in (0..out_dim).step_by(ROWS) {
            let rows = ROWS.min(out_dim - first);
            let raw = &data[first * row_bytes..(first + rows) * row_bytes];
            let cpu = candle_core::Device::Cpu;
            let w = qtensor_from_ggml(dtype, raw, vec![rows, in_dim], &cpu)
                .and_then(|q| q.dequantize(&cpu))
                .and_then(|w| w.flatten_all())
                .and_then(|w| w.to_vec1::<f32>())
                .ok()?;
            tiles.extend(quantize_weights(&w, rows, in_dim));
        }
        Some(Self::from_packed(tiles, out_dim, in_dim))
    }

    /// From tiles already packed by [`quantize_weights`] (tests build the
    /// scalar reference from the same tiles).
    fn from_packed(tiles: Vec<WeightTile>, out_dim: usize, in_dim: usize) -> Self {
        Self {
            out_dim,
            in_dim,
            weight: PackedWeight::Q8(tiles),
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

    /// The packed Q8_0 weight (`None` for another format).
    pub fn tiles(&self) -> Option<&[WeightTile]> {
        match &self.weight {
            PackedWeight::Q8(t) => Some(t),
            _ => None,
        }
    }

    /// The packed Q4_K weight (`None` for another format).
    pub fn q4k_tiles(&self) -> Option<&[Q4kTile]> {
        match &self.weight {
            PackedWeight::Q4k(t) => Some(t),
            _ => None,
        }
    }

    /// The packed Q6_K weight (`None` for another format).
    pub fn q6k_tiles(&self) -> Option<&[Q6kTile]> {
        match &self.weight {
            PackedWeight::Q6k(t) => Some(t),
            _ => None,
        }
    }

    /// `x · Wᵀ` for `m` rows of `x` (row-major, `m × in_dim`).
    pub fn matmul(&self, x: &[f32], m: usize) -> Vec<f32> {
        match isa() {
            Some(isa) => self.matmul_on(isa, x, m),
            // Construction refuses such CPUs; should one get here anyway,
            // the scalar reference gives the same bits, slowly.
            None => {
                let (n, k) = (self.out_dim, self.in_dim);
                match &self.weight {
                    PackedWeight::Q8(t) => reference::matmul(t, n, k, x, m),
                    PackedWeight::Q4k(t) => reference::matmul_q4k(t, n, k, x, m),
                    PackedWeight::Q6k(t) => reference::matmul_q6k(t, n, k, x, m),
                }
            }
        }
    }

    /// [`Int8Linear::matmul`] on the kernels of `isa`, which the CPU must
    /// support ([`supports`]): tests hold both kernel families to the
    /// reference on one machine.
    pub fn matmul_on(&self, isa: Isa, x: &[f32], m: usize) -> Vec<f32> {
        let (k, n) = (self.in_dim, self.out_dim);
        debug_assert_eq!(x.len(), m * k);
        let acts = pack::Activations::quantize(x, m, k);
        let mut out = vec![0f32; m * n];
        let calls = n / self.weight.cols_per_call();
        let row_blocks = m.div_ceil(ROW_BLOCK);
        // Enough units that both cores stay busy when a query has few rows.
        // Decoding's loops hand units out by an atomic counter and the
        // caller waits for the last one: finer units there, so that the
        // last one is short (16 a thread halved that wait against 4).
        let threads = rayon::current_num_threads().max(1);
        let per_thread = if m <= SPIN_ROWS { 16 } else { 4 };
        let col_chunks = (per_thread * threads).div_ceil(row_blocks).clamp(1, calls);
        let calls_per_chunk = calls.div_ceil(col_chunks);
        let units = row_blocks * col_chunks;
        let dst = SendPtr(out.as_mut_ptr());
        let run = |u: usize| {
            let (rb, cc) = (u / col_chunks, u % col_chunks);
            let rows = rb * ROW_BLOCK..((rb + 1) * ROW_BLOCK).min(m);
            let first = cc * calls_per_chunk;
            let cols = first..(first + calls_per_chunk).min(calls);
            // SAFETY: units write disjoint (rows × column groups) regions of
            // `out`, which outlives the parallel loop; tiles and activations
            // are in bounds by construction (fits() and Activations::quantize).
            unsafe { self.unit(isa, &acts, rows, cols, dst.get(), n) };
        };
        // Decoding (a few rows) runs one short loop per projection: on the
        // spinning helpers, which are awake when it starts.
        if m > SPIN_ROWS || !spin_pool::try_for_each(units, &run) {
            (0..units).into_par_iter().for_each(run);
        }
        out
    }

    /// One unit of work: `rows` × column groups `calls` (of
    /// [`PackedWeight::cols_per_call`] columns each).
    ///
    /// # Safety
    /// `dst` must point at an `m × n` f32 buffer no other thread writes in this region.
    unsafe fn unit(
        &self,
        isa: Isa,
        acts: &pack::Activations,
        rows: std::ops::Range<usize>,
        calls: std::ops::Range<usize>,
        dst: *mut f32,
        n: usize,
    ) {
        let width = self.weight.cols_per_call();
        let vnni = isa == Isa::Vnni;
        for p in calls {
            let mut r = rows.start;
            while r < rows.end {
                let mr = (rows.end - r).min(MR);
                let out = dst.add(r * n + p * width);
                #[cfg(target_arch = "x86_64")]
                match &self.weight {
                    PackedWeight::Q8(tiles) => {
                        let kb = self.in_dim / KBLOCK;
                        let t0 = tiles.as_ptr().add(2 * p * kb);
                        let t1 = tiles.as_ptr().add((2 * p + 1) * kb);
                        let (a, d, s) = (acts.row(r), acts.scales(r), acts.halves(r));
                        if vnni {
                            x86::kernel(mr, t0, t1, kb, a, acts.k, d, s, out, n);
                        } else {
                            avx2::kernel(mr, t0, t1, kb, a, acts.k, d, out, n);
                        }
                    }
                    PackedWeight::Q4k(tiles) => {
                        let nsb = self.in_dim / QK_K;
                        let t = tiles.as_ptr().add(p * nsb);
                        let (a, d, s) = (acts.row(r), acts.scales(r), acts.block_sums(r));
                        if vnni {
                            x86::kernel_q4k(mr, t, nsb, a, acts.k, d, s, out, n);
                        } else {
                            avx2::kernel_q4k(mr, t, nsb, a, acts.k, d, s, out, n);
                        }
                    }
                    PackedWeight::Q6k(tiles) => {
                        let nsb = self.in_dim / QK_K;
                        let t = tiles.as_ptr().add(p * nsb);
                        let (a, d, s) = (acts.row(r), acts.scales(r), acts.halves(r));
                        if vnni {
                            x86::kernel_q6k(mr, t, nsb, a, acts.k, d, s, out, n);
                        } else {
                            avx2::kernel_q6k(mr, t, nsb, a, acts.k, d, s, out, n);
                        }
                    }
                }
                #[cfg(not(target_arch = "x86_64"))]
                let _ = (out, mr);
                r += mr;
            }
        }
    }

    /// Applies the layer to a tensor of shape `(…, in_dim)`.
    pub fn forward(&self, x: &Tensor) -> candle_core::Result<Tensor> {
        x.apply_op1_no_bwd(self)
    }
}

/// An output buffer's pointer handed to parallel workers that each write a
/// disjoint part of it (also used by [`crate::fused`]).
#[derive(Clone, Copy)]
pub(crate) struct SendPtr(pub(crate) *mut f32);

impl SendPtr {
    /// By method, so closures capture the `Send` wrapper, not its field.
    pub(crate) fn get(self) -> *mut f32 {
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
mod tests;
