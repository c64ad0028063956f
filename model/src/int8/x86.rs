//! The AVX-512 VNNI micro-kernel and activation quantizer.
//!
//! Bodies carry `#[target_feature]` so the intrinsics inline in a portable
//! (`target-cpu=generic`) build; callers check [`super::available`] first.

use core::arch::x86_64::*;

use super::pack::{WeightTile, COLS, HALF, KBLOCK};
use super::q4k::{Q4kTile, QK_K, SUB_BLOCKS};
use super::q6k::{self, Q6kTile};

/// Calls the register-tile kernel `f` instantiated for `mr` rows (1..=6):
/// the row count is a const generic so that accumulators stay in registers.
macro_rules! by_rows {
    ($mr:expr, $f:ident($($arg:expr),*)) => {
        match $mr {
            6 => $f::<6>($($arg),*),
            5 => $f::<5>($($arg),*),
            4 => $f::<4>($($arg),*),
            3 => $f::<3>($($arg),*),
            2 => $f::<2>($($arg),*),
            _ => $f::<1>($($arg),*),
        }
    };
}

/// `mr` (1..=6) rows against two column tiles (32 outputs), over `kb` blocks.
///
/// # Safety
/// AVX-512 F/BW/VNNI present; `t0`/`t1` point at `kb` tiles each;
/// `act`/`scales`/`halves` at `mr` rows of `k` values / `k/32` scales /
/// `k/16` sums; `out` at `mr` rows of stride `n` with 32 writable columns.
#[allow(clippy::too_many_arguments)]
pub unsafe fn kernel(
    mr: usize,
    t0: *const WeightTile,
    t1: *const WeightTile,
    kb: usize,
    act: *const u8,
    k: usize,
    scales: *const f32,
    halves: *const i32,
    out: *mut f32,
    n: usize,
) {
    by_rows!(mr, tile(t0, t1, kb, act, k, scales, halves, out, n))
}

#[target_feature(enable = "avx512f,avx512bw,avx512vnni")]
#[allow(clippy::too_many_arguments)]
unsafe fn tile<const MR: usize>(
    t0: *const WeightTile,
    t1: *const WeightTile,
    kb: usize,
    act: *const u8,
    k: usize,
    scales: *const f32,
    halves: *const i32,
    out: *mut f32,
    n: usize,
) {
    let mut acc0 = [_mm512_setzero_ps(); MR];
    let mut acc1 = [_mm512_setzero_ps(); MR];
    for b in 0..kb {
        let w0 = &*t0.add(b);
        let w1 = &*t1.add(b);
        // The weights' +128 offset adds 128·Σa to every column's sum.
        let mut s0 = [_mm512_setzero_si512(); MR];
        for (r, s) in s0.iter_mut().enumerate() {
            *s = _mm512_set1_epi32(-128 * block_total(halves, kb, r, b));
        }
        let mut s1 = s0;
        for g in 0..KBLOCK / 4 {
            let wv0 = _mm512_loadu_si512(w0.qs.as_ptr().add(g * COLS * 4).cast());
            let wv1 = _mm512_loadu_si512(w1.qs.as_ptr().add(g * COLS * 4).cast());
            for r in 0..MR {
                let a4 = act
                    .add(r * k + b * KBLOCK + g * 4)
                    .cast::<i32>()
                    .read_unaligned();
                let a = _mm512_set1_epi32(a4);
                s0[r] = _mm512_dpbusd_epi32(s0[r], wv0, a);
                s1[r] = _mm512_dpbusd_epi32(s1[r], wv1, a);
            }
        }
        let d0 = _mm512_cvtph_ps(_mm256_loadu_si256(w0.d.as_ptr().cast()));
        let d1 = _mm512_cvtph_ps(_mm256_loadu_si256(w1.d.as_ptr().cast()));
        for r in 0..MR {
            let da = _mm512_set1_ps(*scales.add(r * (k / KBLOCK) + b));
            acc0[r] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(s0[r]), _mm512_mul_ps(d0, da), acc0[r]);
            acc1[r] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(s1[r]), _mm512_mul_ps(d1, da), acc1[r]);
        }
    }
    for r in 0..MR {
        _mm512_storeu_ps(out.add(r * n), acc0[r]);
        _mm512_storeu_ps(out.add(r * n + COLS), acc1[r]);
    }
}

/// `mr` (1..=6) rows against one Q4_K column tile (16 outputs) over `nsb`
/// super-blocks; activations in the signed form.
///
/// # Safety
/// AVX-512 F/BW/VNNI present; `t` points at `nsb` tiles; `act`/`scales`/`sums`
/// at `mr` rows of `k` values / `k/32` scales / `k/32` scaled block sums;
/// `out` at `mr` rows of stride `n` with 16 writable columns.
#[allow(clippy::too_many_arguments)]
pub unsafe fn kernel_q4k(
    mr: usize,
    t: *const Q4kTile,
    nsb: usize,
    act: *const u8,
    k: usize,
    scales: *const f32,
    sums: *const f32,
    out: *mut f32,
    n: usize,
) {
    by_rows!(mr, tile_q4k(t, nsb, act, k, scales, sums, out, n))
}

#[target_feature(enable = "avx512f,avx512bw,avx512vnni")]
#[allow(clippy::too_many_arguments)]
unsafe fn tile_q4k<const MR: usize>(
    t: *const Q4kTile,
    nsb: usize,
    act: *const u8,
    k: usize,
    scales: *const f32,
    sums: *const f32,
    out: *mut f32,
    n: usize,
) {
    let kb = k / KBLOCK;
    let nibble = _mm512_set1_epi8(0x0F);
    let mut acc = [_mm512_setzero_ps(); MR];
    for s in 0..nsb {
        let w = &*t.add(s);
        let d = _mm512_cvtph_ps(_mm256_load_si256(w.d.as_ptr().cast()));
        let dmin = _mm512_cvtph_ps(_mm256_load_si256(w.dmin.as_ptr().cast()));
        for (i, pair) in w.pairs.iter().enumerate() {
            let mut lo_sum = [_mm512_setzero_si512(); MR];
            let mut hi_sum = [_mm512_setzero_si512(); MR];
            for g in 0..8 {
                let v = _mm512_load_si512(pair.qs.as_ptr().add(g * COLS * 4).cast());
                let lo = _mm512_and_si512(v, nibble);
                let hi = _mm512_and_si512(_mm512_srli_epi16(v, 4), nibble);
                for r in 0..MR {
                    let a = act.add(r * k + s * QK_K + i * 64 + g * 4);
                    let a_lo = _mm512_set1_epi32(a.cast::<i32>().read_unaligned());
                    let a_hi = _mm512_set1_epi32(a.add(32).cast::<i32>().read_unaligned());
                    lo_sum[r] = _mm512_dpbusd_epi32(lo_sum[r], lo, a_lo);
                    hi_sum[r] = _mm512_dpbusd_epi32(hi_sum[r], hi, a_hi);
                }
            }
            for (h, sum) in [(0, &lo_sum), (1, &hi_sum)] {
                let j = 2 * i + h;
                let scale = _mm512_mul_ps(d, widen(&pair.sc[h]));
                let min = _mm512_mul_ps(dmin, widen(&pair.m[h]));
                let b = s * SUB_BLOCKS + j;
                // Four vector operations a row, both broadcasts folded into
                // their instructions: this epilogue runs once per 8 dot
                // products, so its cost is a fifth of the kernel's.
                for r in 0..MR {
                    let da = _mm512_set1_ps(*scales.add(r * kb + b));
                    let sa = _mm512_set1_ps(*sums.add(r * kb + b));
                    let dot = _mm512_mul_ps(_mm512_cvtepi32_ps(sum[r]), da);
                    acc[r] = _mm512_fmadd_ps(dot, scale, acc[r]);
                    acc[r] = _mm512_fnmadd_ps(min, sa, acc[r]);
                }
            }
        }
    }
    for (r, acc) in acc.iter().enumerate() {
        _mm512_storeu_ps(out.add(r * n), *acc);
    }
}

/// `mr` (1..=6) rows against one Q6_K column tile (16 outputs) over `nsb`
/// super-blocks.
///
/// # Safety
/// AVX-512 F/BW/VNNI present; `t` points at `nsb` tiles; `act`/`scales`/`halves`
/// at `mr` rows of `k` values / `k/32` scales / `k/16` sums; `out` at `mr`
/// rows of stride `n` with 16 writable columns.
#[allow(clippy::too_many_arguments)]
pub unsafe fn kernel_q6k(
    mr: usize,
    t: *const Q6kTile,
    nsb: usize,
    act: *const u8,
    k: usize,
    scales: *const f32,
    halves: *const i32,
    out: *mut f32,
    n: usize,
) {
    by_rows!(mr, tile_q6k(t, nsb, act, k, scales, halves, out, n))
}

#[target_feature(enable = "avx512f,avx512bw,avx512vnni")]
#[allow(clippy::too_many_arguments)]
unsafe fn tile_q6k<const MR: usize>(
    t: *const Q6kTile,
    nsb: usize,
    act: *const u8,
    k: usize,
    scales: *const f32,
    halves: *const i32,
    out: *mut f32,
    n: usize,
) {
    let (kb, kh) = (k / KBLOCK, k / HALF);
    let nibble = _mm512_set1_epi8(0x0F);
    let top = _mm512_set1_epi8(0x30);
    // `low | (high & top)`, the 6-bit value from its two parts.
    const OR_MASKED: i32 = 0xF8;
    let mut acc = [_mm512_setzero_ps(); MR];
    for s in 0..nsb {
        let w = &*t.add(s);
        let d = _mm512_cvtph_ps(_mm256_loadu_si256(w.d.as_ptr().cast()));
        for j in 0..q6k::SUB_BLOCKS {
            let sub = &w.sub[j];
            let l0 = _mm512_loadu_si512(sub.ql.as_ptr().cast());
            let l1 = _mm512_loadu_si512(sub.ql.as_ptr().add(64).cast());
            let h = _mm512_loadu_si512(sub.qh.as_ptr().cast());
            // 16-bit shifts move bits across byte boundaries; the masks drop them.
            let v = [
                _mm512_ternarylogic_epi32::<OR_MASKED>(
                    _mm512_and_si512(l0, nibble),
                    _mm512_slli_epi16::<4>(h),
                    top,
                ),
                _mm512_ternarylogic_epi32::<OR_MASKED>(
                    _mm512_and_si512(_mm512_srli_epi16::<4>(l0), nibble),
                    _mm512_slli_epi16::<2>(h),
                    top,
                ),
                _mm512_ternarylogic_epi32::<OR_MASKED>(_mm512_and_si512(l1, nibble), h, top),
                _mm512_ternarylogic_epi32::<OR_MASKED>(
                    _mm512_and_si512(_mm512_srli_epi16::<4>(l1), nibble),
                    _mm512_srli_epi16::<2>(h),
                    top,
                ),
            ];
            let sc = _mm512_cvtepi32_ps(_mm512_cvtepi8_epi32(_mm_loadu_si128(
                sub.sc.as_ptr().cast(),
            )));
            let scale = _mm512_mul_ps(d, sc);
            // The sub-block's first input, and the 16-value sum and 32-value
            // block that cover it.
            let first = s * QK_K + j * 16;
            let (half, block) = (first / HALF, first / KBLOCK);
            for (r, acc) in acc.iter_mut().enumerate() {
                let a = act.add(r * k + first);
                let mut sum = _mm512_set1_epi32(-32 * *halves.add(r * kh + half));
                for (g, v) in v.iter().enumerate() {
                    let a4 = _mm512_set1_epi32(a.add(4 * g).cast::<i32>().read_unaligned());
                    sum = _mm512_dpbusd_epi32(sum, *v, a4);
                }
                let da = _mm512_set1_ps(*scales.add(r * kb + block));
                *acc = _mm512_fmadd_ps(_mm512_cvtepi32_ps(sum), _mm512_mul_ps(scale, da), *acc);
            }
        }
    }
    for (r, acc) in acc.iter().enumerate() {
        _mm512_storeu_ps(out.add(r * n), *acc);
    }
}

/// Row `r`'s sum of 32-value block `b`, from its two 16-value sums
/// (`halves` at rows of `2 * kb`).
#[inline(always)]
unsafe fn block_total(halves: *const i32, kb: usize, r: usize, b: usize) -> i32 {
    let h = halves.add(r * 2 * kb + 2 * b);
    *h + *h.add(1)
}

/// 16 unsigned bytes as 16 f32 lanes.
#[inline]
#[target_feature(enable = "avx512f")]
unsafe fn widen(bytes: &[u8; COLS]) -> __m512 {
    _mm512_cvtepi32_ps(_mm512_cvtepu8_epi32(_mm_loadu_si128(bytes.as_ptr().cast())))
}

/// Quantizes one row to Q8_0, bit-identical to `quantize_row_scalar`.
///
/// # Safety
/// AVX-512 F/BW present; `q.len() == x.len()`, `d.len() == x.len() / 32`,
/// `halves.len() == x.len() / 16`.
#[target_feature(enable = "avx512f,avx512bw")]
pub unsafe fn quantize_row(x: &[f32], q: &mut [u8], d: &mut [f32], halves: &mut [i32]) {
    for (b, (d, halves)) in d.iter_mut().zip(halves.chunks_mut(2)).enumerate() {
        let p = x.as_ptr().add(b * KBLOCK);
        let lo = _mm512_loadu_ps(p);
        let hi = _mm512_loadu_ps(p.add(16));
        let amax = _mm512_reduce_max_ps(_mm512_max_ps(_mm512_abs_ps(lo), _mm512_abs_ps(hi)));
        let scale = amax / 127.0;
        let inv = if scale > 0.0 { 1.0 / scale } else { 0.0 };
        *d = super::pack::f16_precision(scale);
        let iv = _mm512_set1_ps(inv);
        // Round half to even (the default MXCSR mode), saturate to i8.
        let qlo = _mm512_cvtsepi32_epi8(_mm512_cvtps_epi32(_mm512_mul_ps(lo, iv)));
        let qhi = _mm512_cvtsepi32_epi8(_mm512_cvtps_epi32(_mm512_mul_ps(hi, iv)));
        halves[0] = _mm512_reduce_add_epi32(_mm512_cvtepi8_epi32(qlo));
        halves[1] = _mm512_reduce_add_epi32(_mm512_cvtepi8_epi32(qhi));
        let dst = q.as_mut_ptr().add(b * KBLOCK);
        _mm_storeu_si128(dst.cast(), qlo);
        _mm_storeu_si128(dst.add(16).cast(), qhi);
    }
}
