//! Causal self-attention of a prompt's new rows against the cache.
//!
//! A parallel unit is one query head and a block of [`ROWS`] consecutive
//! rows. Row `i` (position `pos + i`) sees keys `0..=pos + i`, so a block
//! needs the keys up to its last row only: with a 250-token cached system
//! prompt and 550 new tokens, that skips a third of what a full score matrix
//! computes. The block's scores (`ROWS` × keys, ~64 KB at 1,000 keys) stay
//! in L2 from the products through the softmax to the weighting of the
//! values. Keys are transposed once per call (per key/value head, shared by
//! the query heads of its group) so that the score kernel reads sixteen keys
//! per vector with no horizontal sums; values are read in place from the
//! cache.

use candle_core::{Result, Tensor};
use rayon::prelude::*;

use super::{available, with_f32};
use crate::int8::SendPtr;

/// Query rows per parallel unit.
const ROWS: usize = 16;
/// Query rows of the score kernel's register tile (× 32 keys).
const SCORE_ROWS: usize = 8;
/// Keys of the score kernel's register tile; transposed keys are padded to it.
const SCORE_KEYS: usize = 32;
/// Rows of the weighting kernel's register tile (× 64 value columns).
const VALUE_ROWS: usize = 4;
/// Value columns of the weighting kernel's register tile.
const VALUE_COLS: usize = 64;

/// `softmax(q·kᵀ / √d, causal) · v` for the `n` new rows of `q`
/// (`(1, heads, n, d)`, positions `pos..pos + n`) against `k` and `v`
/// (`(1, kv_heads, pos + n, d)`, rows of `d` contiguous, as the cache's
/// views are), query head `h` reading key/value head `h / (heads /
/// kv_heads)`. Returns `(1, n, heads · d)`, the output projection's input.
///
/// `None` where the kernel does not run (no AVX-512F, not f32 on the CPU,
/// `d` not a multiple of 64, shapes other than these): the caller computes
/// it with candle's ops.
pub fn causal_attention(q: &Tensor, k: &Tensor, v: &Tensor, pos: usize) -> Result<Option<Tensor>> {
    let f32_cpu = |t: &Tensor| t.dtype() == candle_core::DType::F32 && t.device().is_cpu();
    if !available() || !f32_cpu(q) || !f32_cpu(k) || !f32_cpu(v) {
        return Ok(None);
    }
    let (_, heads, n, d) = q.dims4()?;
    let (_, kv_heads, keys, kd) = k.dims4()?;
    let row_major = |t: &Tensor| {
        let s = t.stride();
        s[3] == 1 && s[2] == d
    };
    if kd != d
        || v.dims4()? != (1, kv_heads, keys, d)
        || !d.is_multiple_of(VALUE_COLS)
        || kv_heads == 0
        || !heads.is_multiple_of(kv_heads)
        || keys != pos + n
        || n == 0
        || !row_major(k)
        || !row_major(v)
    {
        return Ok(None);
    }
    let q = q.contiguous()?;
    let group = heads / kv_heads;
    let padded = keys.next_multiple_of(SCORE_KEYS);
    let kt = with_f32(k, |k, layout| {
        let head_stride = layout.stride()[1];
        Ok(transposed_keys(k, head_stride, kv_heads, keys, d, padded))
    })?;
    let scale = 1.0 / (d as f32).sqrt();
    let blocks = n.div_ceil(ROWS);
    // Written whole by the units below, not zeroed first.
    let mut out: Vec<f32> = Vec::with_capacity(n * heads * d);
    let dst = SendPtr(out.as_mut_ptr());
    with_f32(&q, |q, _| {
        with_f32(v, |v, v_layout| {
            let v_head_stride = v_layout.stride()[1];
            (0..heads * blocks).into_par_iter().for_each(|unit| {
                let (h, b) = (unit / blocks, unit % blocks);
                let g = h / group;
                let first = b * ROWS;
                let rows = ROWS.min(n - first);
                let block = Block {
                    q: &q[(h * n + first) * d..(h * n + first + rows) * d],
                    kt: &kt[g * d * padded..(g + 1) * d * padded],
                    padded,
                    v: &v[g * v_head_stride..g * v_head_stride + keys * d],
                    d,
                    scale,
                    first_pos: pos + first,
                };
                // SAFETY: AVX-512F checked above; unit (h, b) writes rows
                // first..first + rows of head h only, disjoint from every
                // other unit's, inside `out`, which outlives the loop.
                unsafe { block.attend(dst.get().add(first * heads * d + h * d), heads * d) };
            });
            Ok(())
        })
    })?;
    // SAFETY: the units cover every (head, row) once and write all `d`
    // values of each.
    unsafe { out.set_len(n * heads * d) };
    Ok(Some(Tensor::from_vec(out, (1, n, heads * d), q.device())?))
}

/// Keys of each key/value head as `d` rows of `padded` positions (zeros past
/// `keys`), from rows of `d` at `head_stride` per head.
fn transposed_keys(
    k: &[f32],
    head_stride: usize,
    kv_heads: usize,
    keys: usize,
    d: usize,
    padded: usize,
) -> Vec<f32> {
    let mut kt = vec![0f32; kv_heads * d * padded];
    kt.par_chunks_mut(d * padded)
        .enumerate()
        .for_each(|(g, head)| {
            let src = &k[g * head_stride..g * head_stride + keys * d];
            for (j, key) in src.chunks_exact(d).enumerate() {
                for (c, &x) in key.iter().enumerate() {
                    head[c * padded + j] = x;
                }
            }
        });
    kt
}

/// One unit's inputs: a block of query rows of one head and its key/value
/// head.
struct Block<'a> {
    /// `rows × d`, row-major.
    q: &'a [f32],
    /// `d × padded`: the key/value head's keys, transposed.
    kt: &'a [f32],
    padded: usize,
    /// `keys × d`: the head's values.
    v: &'a [f32],
    d: usize,
    scale: f32,
    /// Position of the block's first row.
    first_pos: usize,
}

impl Block<'_> {
    /// Writes the block's rows, `d` values each, at `out` with `stride`
    /// between rows.
    ///
    /// # Safety
    /// AVX-512F present; `out` writable for the block's rows.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f")]
    unsafe fn attend(&self, out: *mut f32, stride: usize) {
        let d = self.d;
        let rows = self.q.len() / d;
        // Tiles cover whole register tiles: rows past the block's are zero
        // queries whose results are not written.
        let tile_rows = rows.next_multiple_of(SCORE_ROWS);
        let mut q = vec![0f32; tile_rows * d];
        for (dst, &x) in q.iter_mut().zip(self.q) {
            *dst = x * self.scale;
        }
        let seen = self.first_pos + rows;
        let width = seen.next_multiple_of(SCORE_KEYS);
        let mut s = vec![0f32; tile_rows * width];
        x86::scores(&q, d, self.kt, self.padded, width, &mut s);
        for r in 0..rows {
            x86::softmax_prefix(&mut s[r * width..(r + 1) * width], self.first_pos + r + 1);
        }
        let weigh_rows = rows.next_multiple_of(VALUE_ROWS);
        for row in s[rows * width..weigh_rows * width].iter_mut() {
            *row = 0.0;
        }
        let mut o = vec![0f32; weigh_rows * d];
        x86::weighted_values(&s, width, weigh_rows, self.v, d, seen, &mut o);
        for r in 0..rows {
            std::ptr::copy_nonoverlapping(o.as_ptr().add(r * d), out.add(r * stride), d);
        }
    }

    #[cfg(not(target_arch = "x86_64"))]
    unsafe fn attend(&self, _: *mut f32, _: usize) {
        unreachable!("causal_attention checks available() first")
    }
}

#[cfg(target_arch = "x86_64")]
mod x86 {
    use core::arch::x86_64::*;

    use super::{SCORE_KEYS, SCORE_ROWS, VALUE_COLS, VALUE_ROWS};
    use crate::fused::exp::exp16;

    /// `s[r][j] = q[r] · key j` for the rows of `q` (`rows × d`, rows a
    /// multiple of [`SCORE_ROWS`]) and keys `0..width` (a multiple of
    /// [`SCORE_KEYS`]) of `kt` (`d × padded`); `s` is `rows × width`.
    #[target_feature(enable = "avx512f")]
    pub unsafe fn scores(
        q: &[f32],
        d: usize,
        kt: &[f32],
        padded: usize,
        width: usize,
        s: &mut [f32],
    ) {
        let rows = q.len() / d;
        debug_assert!(
            rows.is_multiple_of(SCORE_ROWS) && width.is_multiple_of(SCORE_KEYS) && width <= padded
        );
        debug_assert!(kt.len() >= d * padded && s.len() >= rows * width);
        let (q, kt, s) = (q.as_ptr(), kt.as_ptr(), s.as_mut_ptr());
        for r0 in (0..rows).step_by(SCORE_ROWS) {
            for j in (0..width).step_by(SCORE_KEYS) {
                let mut acc = [[_mm512_setzero_ps(); 2]; SCORE_ROWS];
                for c in 0..d {
                    let k0 = _mm512_loadu_ps(kt.add(c * padded + j));
                    let k1 = _mm512_loadu_ps(kt.add(c * padded + j + 16));
                    for (r, a) in acc.iter_mut().enumerate() {
                        let x = _mm512_set1_ps(*q.add((r0 + r) * d + c));
                        a[0] = _mm512_fmadd_ps(x, k0, a[0]);
                        a[1] = _mm512_fmadd_ps(x, k1, a[1]);
                    }
                }
                for (r, a) in acc.iter().enumerate() {
                    let at = s.add((r0 + r) * width + j);
                    _mm512_storeu_ps(at, a[0]);
                    _mm512_storeu_ps(at.add(16), a[1]);
                }
            }
        }
    }

    /// The mask of the first `n` (≤ 16) lanes.
    #[inline]
    fn lanes(n: usize) -> __mmask16 {
        if n >= 16 {
            0xffff
        } else {
            ((1u32 << n) - 1) as __mmask16
        }
    }

    /// Replaces `row[..seen]` by its softmax and zeroes the rest.
    #[target_feature(enable = "avx512f")]
    pub unsafe fn softmax_prefix(row: &mut [f32], seen: usize) {
        let p = row.as_mut_ptr();
        let mut max = _mm512_set1_ps(f32::NEG_INFINITY);
        for j in (0..seen).step_by(16) {
            let m = lanes(seen - j);
            max = _mm512_mask_max_ps(max, m, max, _mm512_maskz_loadu_ps(m, p.add(j)));
        }
        let max = _mm512_set1_ps(_mm512_reduce_max_ps(max));
        let mut sum = _mm512_setzero_ps();
        for j in (0..seen).step_by(16) {
            let m = lanes(seen - j);
            let e = exp16(_mm512_sub_ps(_mm512_maskz_loadu_ps(m, p.add(j)), max));
            let e = _mm512_maskz_mov_ps(m, e);
            sum = _mm512_add_ps(sum, e);
            _mm512_mask_storeu_ps(p.add(j), m, e);
        }
        let inv = _mm512_set1_ps(1.0 / _mm512_reduce_add_ps(sum));
        for j in (0..seen).step_by(16) {
            let m = lanes(seen - j);
            let x = _mm512_mul_ps(_mm512_maskz_loadu_ps(m, p.add(j)), inv);
            _mm512_mask_storeu_ps(p.add(j), m, x);
        }
        row[seen..].fill(0.0);
    }

    /// `o[r] = Σ_j p[r][j] · v[j]` over keys `0..keys` for the `rows` rows
    /// (a multiple of [`VALUE_ROWS`]) of `p` (`width` apart); `v` is
    /// `keys × d`, `o` is `rows × d`.
    #[target_feature(enable = "avx512f")]
    pub unsafe fn weighted_values(
        p: &[f32],
        width: usize,
        rows: usize,
        v: &[f32],
        d: usize,
        keys: usize,
        o: &mut [f32],
    ) {
        debug_assert!(rows.is_multiple_of(VALUE_ROWS) && d.is_multiple_of(VALUE_COLS));
        debug_assert!(p.len() >= rows * width && v.len() >= keys * d && o.len() >= rows * d);
        let (p, v, o) = (p.as_ptr(), v.as_ptr(), o.as_mut_ptr());
        for r0 in (0..rows).step_by(VALUE_ROWS) {
            for c0 in (0..d).step_by(VALUE_COLS) {
                let mut acc = [[_mm512_setzero_ps(); VALUE_COLS / 16]; VALUE_ROWS];
                for j in 0..keys {
                    let vj = v.add(j * d + c0);
                    let vs: [__m512; VALUE_COLS / 16] =
                        std::array::from_fn(|t| _mm512_loadu_ps(vj.add(16 * t)));
                    for (r, a) in acc.iter_mut().enumerate() {
                        let w = _mm512_set1_ps(*p.add((r0 + r) * width + j));
                        for (at, &vt) in a.iter_mut().zip(&vs) {
                            *at = _mm512_fmadd_ps(w, vt, *at);
                        }
                    }
                }
                for (r, a) in acc.iter().enumerate() {
                    for (t, &at) in a.iter().enumerate() {
                        _mm512_storeu_ps(o.add((r0 + r) * d + c0 + 16 * t), at);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use candle_core::{Device, D};

    /// candle's ops on the same inputs, as the decoder computed it before.
    fn reference(q: &Tensor, k: &Tensor, v: &Tensor, pos: usize) -> Result<Tensor> {
        let (_, heads, n, d) = q.dims4()?;
        let kv_heads = k.dims()[1];
        let k = candle_transformers::utils::repeat_kv(k.clone(), heads / kv_heads)?;
        let v = candle_transformers::utils::repeat_kv(v.clone(), heads / kv_heads)?.contiguous()?;
        let att = (q.matmul(&k.t()?)? / (d as f64).sqrt())?;
        let keys = pos + n;
        let mask: Vec<f32> = (0..n)
            .flat_map(|i| (0..keys).map(move |j| if j > pos + i { f32::NEG_INFINITY } else { 0.0 }))
            .collect();
        let mask = Tensor::from_vec(mask, (n, keys), &Device::Cpu)?;
        let att = candle_nn::ops::softmax_last_dim(&att.broadcast_add(&mask)?)?;
        att.matmul(&v)?.transpose(1, 2)?.reshape((1, n, heads * d))
    }

    /// Keys and values as the cache holds them: a view of the first
    /// positions of a longer buffer.
    fn cache_view(kv_heads: usize, keys: usize, d: usize) -> Result<Tensor> {
        let buffer = Tensor::randn(0f32, 1.0, (1, kv_heads, keys + 40, d), &Device::Cpu)?;
        buffer.narrow(2, 0, keys)
    }

    fn worst_difference(
        heads: usize,
        kv_heads: usize,
        d: usize,
        pos: usize,
        n: usize,
    ) -> Result<Option<f32>> {
        let q = (Tensor::randn(0f32, 1.0, (1, heads, n, d), &Device::Cpu)? * 3.0)?;
        let k = cache_view(kv_heads, pos + n, d)?;
        let v = cache_view(kv_heads, pos + n, d)?;
        let Some(fused) = causal_attention(&q, &k, &v, pos)? else {
            return Ok(None);
        };
        let want = reference(&q, &k, &v, pos)?;
        assert_eq!(fused.dims(), want.dims());
        let worst = (fused - want)?.abs()?.max_keepdim(D::Minus1)?.max_all()?;
        Ok(Some(worst.to_scalar::<f32>()?))
    }

    #[test]
    fn matches_candles_masked_softmax_attention() -> Result<()> {
        // (heads, kv heads, d, cached positions, new rows): the 1.5B's and
        // 0.5B's head shapes; a cache or none; blocks and tiles cut short.
        for (heads, kv_heads, d, pos, n) in [
            (12, 2, 128, 0, 37),
            (12, 2, 128, 250, 70),
            (14, 2, 64, 5, 16),
            (4, 4, 64, 31, 1),
            (6, 1, 128, 0, 129),
        ] {
            let Some(worst) = worst_difference(heads, kv_heads, d, pos, n)? else {
                return Ok(());
            };
            assert!(
                worst < 2e-5,
                "{heads}/{kv_heads} heads, d {d}, pos {pos}, n {n}: {worst}"
            );
        }
        Ok(())
    }

    #[test]
    fn declines_shapes_it_has_no_kernel_for() -> Result<()> {
        let q = Tensor::zeros((1, 4, 3, 48), candle_core::DType::F32, &Device::Cpu)?;
        let k = Tensor::zeros((1, 2, 3, 48), candle_core::DType::F32, &Device::Cpu)?;
        assert!(causal_attention(&q, &k, &k, 0)?.is_none(), "d = 48");
        let q = Tensor::zeros((1, 4, 3, 64), candle_core::DType::F32, &Device::Cpu)?;
        let k = Tensor::zeros((1, 2, 5, 64), candle_core::DType::F32, &Device::Cpu)?;
        assert!(causal_attention(&q, &k, &k, 0)?.is_none(), "keys ≠ pos + n");
        Ok(())
    }
}
