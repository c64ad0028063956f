//! The AVX-512 VNNI micro-kernel and activation quantizer.
//!
//! Bodies carry `#[target_feature]` so the intrinsics inline in a portable
//! (`target-cpu=generic`) build; callers check [`super::available`] first.

use core::arch::x86_64::*;

use super::pack::{ActivationForm, WeightTile, COLS, KBLOCK};
use super::q4k::{Q4kTile, QK_K, SUB_BLOCKS};

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
/// AVX-512 F/BW/VNNI present; `t0`/`t1` point at `kb` tiles each; `act`/`scales`
/// at `mr` rows of `k` values / `k/32` scales; `out` at `mr` rows of stride `n`
/// with 32 writable columns.
#[allow(clippy::too_many_arguments)]
pub unsafe fn kernel(
    mr: usize,
    t0: *const WeightTile,
    t1: *const WeightTile,
    kb: usize,
    act: *const u8,
    k: usize,
    scales: *const f32,
    out: *mut f32,
    n: usize,
) {
    by_rows!(mr, tile(t0, t1, kb, act, k, scales, out, n))
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
    out: *mut f32,
    n: usize,
) {
    let mut acc0 = [_mm512_setzero_ps(); MR];
    let mut acc1 = [_mm512_setzero_ps(); MR];
    for b in 0..kb {
        let w0 = &*t0.add(b);
        let w1 = &*t1.add(b);
        let mut s0 = [_mm512_loadu_si512(w0.neg_bias.as_ptr().cast()); MR];
        let mut s1 = [_mm512_loadu_si512(w1.neg_bias.as_ptr().cast()); MR];
        for g in 0..KBLOCK / 4 {
            let wv0 = _mm512_load_si512(w0.qs.as_ptr().add(g * COLS * 4).cast());
            let wv1 = _mm512_load_si512(w1.qs.as_ptr().add(g * COLS * 4).cast());
            for r in 0..MR {
                let a4 = act
                    .add(r * k + b * KBLOCK + g * 4)
                    .cast::<i32>()
                    .read_unaligned();
                let a = _mm512_set1_epi32(a4);
                s0[r] = _mm512_dpbusd_epi32(s0[r], a, wv0);
                s1[r] = _mm512_dpbusd_epi32(s1[r], a, wv1);
            }
        }
        let d0 = _mm512_loadu_ps(w0.d.as_ptr());
        let d1 = _mm512_loadu_ps(w1.d.as_ptr());
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
/// at `mr` rows of `k` values / `k/32` scales and sums; `out` at `mr` rows of
/// stride `n` with 16 writable columns.
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
        let d = _mm512_loadu_ps(w.d.as_ptr());
        let dmin = _mm512_loadu_ps(w.dmin.as_ptr());
        for i in 0..SUB_BLOCKS / 2 {
            let mut lo_sum = [_mm512_setzero_si512(); MR];
            let mut hi_sum = [_mm512_setzero_si512(); MR];
            for g in 0..8 {
                let v = _mm512_load_si512(w.qs.as_ptr().add((i * 8 + g) * COLS * 4).cast());
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
            for (j, sum) in [(2 * i, &lo_sum), (2 * i + 1, &hi_sum)] {
                let scale = _mm512_mul_ps(d, widen(&w.sc[j]));
                let min = _mm512_mul_ps(dmin, widen(&w.m[j]));
                let b = s * SUB_BLOCKS + j;
                for r in 0..MR {
                    let da = _mm512_set1_ps(*scales.add(r * kb + b));
                    let sa = _mm512_set1_ps(*sums.add(r * kb + b));
                    acc[r] = _mm512_fmadd_ps(
                        _mm512_cvtepi32_ps(sum[r]),
                        _mm512_mul_ps(scale, da),
                        acc[r],
                    );
                    acc[r] = _mm512_fnmadd_ps(min, sa, acc[r]);
                }
            }
        }
    }
    for (r, acc) in acc.iter().enumerate() {
        _mm512_storeu_ps(out.add(r * n), *acc);
    }
}

/// 16 unsigned bytes as 16 f32 lanes.
#[inline]
#[target_feature(enable = "avx512f")]
unsafe fn widen(bytes: &[u8; COLS]) -> __m512 {
    _mm512_cvtepi32_ps(_mm512_cvtepu8_epi32(_mm_loadu_si128(bytes.as_ptr().cast())))
}

/// Quantizes one row to Q8_0 in `form`, bit-identical to `quantize_row_scalar`.
///
/// # Safety
/// AVX-512 F/BW present; `q.len() == x.len()`, `d.len() == sums.len() == x.len() / 32`.
#[target_feature(enable = "avx512f,avx512bw")]
pub unsafe fn quantize_row(
    x: &[f32],
    form: ActivationForm,
    q: &mut [u8],
    d: &mut [f32],
    sums: &mut [f32],
) {
    let offset = match form {
        ActivationForm::Offset => _mm_set1_epi8(-128),
        ActivationForm::Signed => _mm_setzero_si128(),
    };
    for (b, (d, sum)) in d.iter_mut().zip(sums.iter_mut()).enumerate() {
        let p = x.as_ptr().add(b * KBLOCK);
        let lo = _mm512_loadu_ps(p);
        let hi = _mm512_loadu_ps(p.add(16));
        let amax = _mm512_reduce_max_ps(_mm512_max_ps(_mm512_abs_ps(lo), _mm512_abs_ps(hi)));
        let scale = amax / 127.0;
        let inv = if scale > 0.0 { 1.0 / scale } else { 0.0 };
        *d = super::pack::f16_precision(scale);
        let iv = _mm512_set1_ps(inv);
        // Round half to even (the default MXCSR mode), saturate to i8, then
        // for the offset form flip the sign bit: x ^ 0x80 == x + 128 as u8.
        let qlo = _mm512_cvtsepi32_epi8(_mm512_cvtps_epi32(_mm512_mul_ps(lo, iv)));
        let qhi = _mm512_cvtsepi32_epi8(_mm512_cvtps_epi32(_mm512_mul_ps(hi, iv)));
        let total = _mm512_reduce_add_epi32(_mm512_add_epi32(
            _mm512_cvtepi8_epi32(qlo),
            _mm512_cvtepi8_epi32(qhi),
        ));
        *sum = *d * total as f32;
        let dst = q.as_mut_ptr().add(b * KBLOCK);
        _mm_storeu_si128(dst.cast(), _mm_xor_si128(qlo, offset));
        _mm_storeu_si128(dst.add(16).cast(), _mm_xor_si128(qhi, offset));
    }
}
