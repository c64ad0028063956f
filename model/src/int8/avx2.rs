//! The AVX2 micro-kernels, for CPUs without AVX-512 VNNI.
//!
//! Same tiles, same activations, same arithmetic as [`super::x86`], so the
//! scalar reference holds both to the same bits; only the integer dot
//! product is spelled differently. AVX2 has no `vpdpbusd`: `vpmaddubsw`
//! multiplies unsigned by signed bytes into pairs of 16-bit sums, and
//! `vpmaddwd` against ones widens those to 32 bits. A 16-bit pair must not
//! saturate:
//! - Q4_K nibbles (0..15) and Q6_K values (0..63) times a signed activation
//!   (|a| ≤ 127) stay far below 2¹⁵, so they go in as they are, and several
//!   such pair sums are added in 16 bits before one `vpmaddwd` widens them
//!   (eight for Q4_K, two for Q6_K), which halves the multiplier's work;
//! - Q8_0 weights do not (255 · 127 · 2 would), so the +128 offset the VNNI
//!   kernel wants is taken off and the sign moved onto the activation:
//!   `|w| · (a · sign w)`, at most 2 · 128 · 127 = 32,512.
//!
//! A ymm register holds 8 columns × 4 inputs, half of a 16-column tile row
//! group. AVX2 has 16 registers, too few to keep 6 rows of accumulators, so
//! the kernels walk the rows a few at a time (two for Q8_0, four for the
//! k-quants, which accumulate one 8-column half at a time) over weights that
//! stay in L1.

use core::arch::x86_64::*;

use super::pack::{WeightTile, COLS, HALF, KBLOCK};
use super::q4k::{Q4kTile, QK_K, SUB_BLOCKS};
use super::q6k::{self, Q6kTile};

/// Columns of one ymm register.
const LANES: usize = 8;

/// Runs `rows::<R>(first)` over `mr` rows, two at a time where it can:
/// the two share each weight load and its unpacking.
macro_rules! in_pairs {
    ($mr:expr, $rows:ident($($arg:expr),*)) => {{
        let mut r = 0;
        while r < $mr {
            if $mr - r >= 2 {
                $rows::<2>(r, $($arg),*);
                r += 2;
            } else {
                $rows::<1>(r, $($arg),*);
                r += 1;
            }
        }
    }};
}

/// Runs `rows::<R>(first)` over `mr` rows, four at a time where it can.
/// The k-quant kernels accumulate one 8-column group at a time, which
/// leaves registers for four rows to share each unpacked weight register
/// (a fifth of the prefill time on Zen's 128-bit units).
macro_rules! in_fours {
    ($mr:expr, $rows:ident($($arg:expr),*)) => {{
        let mut r = 0;
        while r < $mr {
            match $mr - r {
                1 => {
                    $rows::<1>(r, $($arg),*);
                    r += 1;
                }
                2 | 3 => {
                    $rows::<2>(r, $($arg),*);
                    r += 2;
                }
                _ => {
                    $rows::<4>(r, $($arg),*);
                    r += 4;
                }
            }
        }
    }};
}

/// `mr` rows against two Q8_0 column tiles (32 outputs), over `kb` blocks.
///
/// # Safety
/// AVX2, FMA and F16C present; pointers as for [`super::x86::kernel`].
#[allow(clippy::too_many_arguments)]
#[target_feature(enable = "avx2,fma,f16c")]
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
    in_pairs!(mr, q8_rows(t0, t1, kb, act, k, scales, out, n))
}

#[allow(clippy::too_many_arguments)]
#[inline]
#[target_feature(enable = "avx2,fma,f16c")]
unsafe fn q8_rows<const R: usize>(
    first: usize,
    t0: *const WeightTile,
    t1: *const WeightTile,
    kb: usize,
    act: *const u8,
    k: usize,
    scales: *const f32,
    out: *mut f32,
    n: usize,
) {
    let flip = _mm256_set1_epi8(i8::MIN);
    let ones = _mm256_set1_epi16(1);
    let mut acc = [[_mm256_setzero_ps(); 4]; R];
    for b in 0..kb {
        let tiles = [&*t0.add(b), &*t1.add(b)];
        let mut sum = [[_mm256_setzero_si256(); 4]; R];
        for g in 0..KBLOCK / 4 {
            let mut a = [_mm256_setzero_si256(); R];
            for (i, a) in a.iter_mut().enumerate() {
                let at = act.add((first + i) * k + b * KBLOCK + g * 4);
                *a = _mm256_set1_epi32(at.cast::<i32>().read_unaligned());
            }
            for q in 0..4 {
                let tile = tiles[q / 2];
                let at = tile.qs.as_ptr().add(g * COLS * 4 + (q % 2) * LANES * 4);
                let w = _mm256_xor_si256(_mm256_loadu_si256(at.cast()), flip);
                let size = _mm256_sign_epi8(w, w);
                for i in 0..R {
                    let pairs = _mm256_maddubs_epi16(size, _mm256_sign_epi8(a[i], w));
                    sum[i][q] = _mm256_add_epi32(sum[i][q], _mm256_madd_epi16(pairs, ones));
                }
            }
        }
        // The column scales, shared by the rows.
        let d = [0, 1, 2, 3].map(|q| f16x8(tiles[q / 2].d.as_ptr().add((q % 2) * LANES)));
        for i in 0..R {
            let da = _mm256_set1_ps(*scales.add((first + i) * kb + b));
            for q in 0..4 {
                acc[i][q] = _mm256_fmadd_ps(
                    _mm256_cvtepi32_ps(sum[i][q]),
                    _mm256_mul_ps(d[q], da),
                    acc[i][q],
                );
            }
        }
    }
    store(&acc, first, out, n);
}

/// Quantizes one row to Q8_0, bit-identical to `quantize_row_scalar`.
///
/// # Safety
/// AVX2 and FMA present; `q.len() == x.len()`, `d.len() == x.len() / 32`,
/// `halves.len() == x.len() / 16`.
#[target_feature(enable = "avx2,fma")]
pub unsafe fn quantize_row(x: &[f32], q: &mut [u8], d: &mut [f32], halves: &mut [i32]) {
    let magnitude = _mm256_set1_ps(f32::from_bits(0x7FFF_FFFF));
    // packs_* interleave the two 128-bit lanes; this puts the bytes back in order.
    let order = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);
    for (b, (d, halves)) in d.iter_mut().zip(halves.chunks_mut(2)).enumerate() {
        let p = x.as_ptr().add(b * KBLOCK);
        let v = [
            _mm256_loadu_ps(p),
            _mm256_loadu_ps(p.add(8)),
            _mm256_loadu_ps(p.add(16)),
            _mm256_loadu_ps(p.add(24)),
        ];
        let m = v.iter().fold(_mm256_setzero_ps(), |m, v| {
            _mm256_max_ps(m, _mm256_and_ps(*v, magnitude))
        });
        let m = _mm_max_ps(_mm256_castps256_ps128(m), _mm256_extractf128_ps::<1>(m));
        let m = _mm_max_ps(m, _mm_movehl_ps(m, m));
        let amax = _mm_cvtss_f32(_mm_max_ss(m, _mm_movehdup_ps(m)));
        let scale = amax / 127.0;
        let inv = if scale > 0.0 { 1.0 / scale } else { 0.0 };
        *d = super::pack::f16_precision(scale);
        let iv = _mm256_set1_ps(inv);
        // Round half to even (the default MXCSR mode); |v · inv| ≤ 127.
        let i = v.map(|v| _mm256_cvtps_epi32(_mm256_mul_ps(v, iv)));
        halves[0] = lanes_sum(_mm256_add_epi32(i[0], i[1]));
        halves[1] = lanes_sum(_mm256_add_epi32(i[2], i[3]));
        let words = _mm256_packs_epi16(
            _mm256_packs_epi32(i[0], i[1]),
            _mm256_packs_epi32(i[2], i[3]),
        );
        let bytes = _mm256_permutevar8x32_epi32(words, order);
        _mm256_storeu_si256(q.as_mut_ptr().add(b * KBLOCK).cast(), bytes);
    }
}

/// The sum of eight i32 lanes.
#[inline]
#[target_feature(enable = "avx2")]
unsafe fn lanes_sum(v: __m256i) -> i32 {
    let s = _mm_add_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256::<1>(v));
    let s = _mm_add_epi32(s, _mm_shuffle_epi32::<0b01_00_11_10>(s));
    let s = _mm_add_epi32(s, _mm_shuffle_epi32::<0b10_11_00_01>(s));
    _mm_cvtsi128_si32(s)
}

/// `mr` rows against one Q4_K column tile (16 outputs) over `nsb` super-blocks.
///
/// # Safety
/// AVX2, FMA and F16C present; pointers as for [`super::x86::kernel_q4k`].
#[allow(clippy::too_many_arguments)]
#[target_feature(enable = "avx2,fma,f16c")]
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
    in_fours!(mr, q4k_rows(t, nsb, act, k, scales, sums, out, n))
}

#[allow(clippy::too_many_arguments)]
#[inline]
#[target_feature(enable = "avx2,fma,f16c")]
unsafe fn q4k_rows<const R: usize>(
    first: usize,
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
    let nibble = _mm256_set1_epi8(0x0F);
    let ones = _mm256_set1_epi16(1);
    let mut acc = [[_mm256_setzero_ps(); 2]; R];
    for s in 0..nsb {
        let w = &*t.add(s);
        let d = [0, 1].map(|q| f16x8(w.d.as_ptr().add(q * LANES)));
        let dmin = [0, 1].map(|q| f16x8(w.dmin.as_ptr().add(q * LANES)));
        for (i, pair) in w.pairs.iter().enumerate() {
            let mut lo_sum = [[_mm256_setzero_si256(); 2]; R];
            let mut hi_sum = [[_mm256_setzero_si256(); 2]; R];
            for q in 0..2 {
                // A pair product is at most 15 · 127 · 2 = 3,810, so the eight
                // steps of a sub-block add up in 16 bits (≤ 30,480) and are
                // widened once, not once a step.
                let mut lo16 = [_mm256_setzero_si256(); R];
                let mut hi16 = [_mm256_setzero_si256(); R];
                for g in 0..8 {
                    let at = pair.qs.as_ptr().add(g * COLS * 4 + q * LANES * 4);
                    let v = _mm256_loadu_si256(at.cast());
                    let lo = _mm256_and_si256(v, nibble);
                    let hi = _mm256_and_si256(_mm256_srli_epi16::<4>(v), nibble);
                    for r in 0..R {
                        let a = act.add((first + r) * k + s * QK_K + i * 64 + g * 4);
                        let a_lo = _mm256_set1_epi32(a.cast::<i32>().read_unaligned());
                        let a_hi = _mm256_set1_epi32(a.add(32).cast::<i32>().read_unaligned());
                        lo16[r] = _mm256_add_epi16(lo16[r], _mm256_maddubs_epi16(lo, a_lo));
                        hi16[r] = _mm256_add_epi16(hi16[r], _mm256_maddubs_epi16(hi, a_hi));
                    }
                }
                for r in 0..R {
                    lo_sum[r][q] = _mm256_madd_epi16(lo16[r], ones);
                    hi_sum[r][q] = _mm256_madd_epi16(hi16[r], ones);
                }
            }
            for (h, sum) in [(0, &lo_sum), (1, &hi_sum)] {
                let b = s * SUB_BLOCKS + 2 * i + h;
                // The sub-block's column scales and minima, shared by the rows.
                let scale =
                    [0, 1].map(|q| _mm256_mul_ps(d[q], u8x8(pair.sc[h].as_ptr().add(q * LANES))));
                let min =
                    [0, 1].map(|q| _mm256_mul_ps(dmin[q], u8x8(pair.m[h].as_ptr().add(q * LANES))));
                for (r, acc) in acc.iter_mut().enumerate() {
                    let da = _mm256_set1_ps(*scales.add((first + r) * kb + b));
                    let sa = _mm256_set1_ps(*sums.add((first + r) * kb + b));
                    for (q, acc) in acc.iter_mut().enumerate() {
                        let dot = _mm256_mul_ps(_mm256_cvtepi32_ps(sum[r][q]), da);
                        *acc = _mm256_fmadd_ps(dot, scale[q], *acc);
                        *acc = _mm256_fnmadd_ps(min[q], sa, *acc);
                    }
                }
            }
        }
    }
    store(&acc, first, out, n);
}

/// `mr` rows against one Q6_K column tile (16 outputs) over `nsb` super-blocks.
///
/// # Safety
/// AVX2, FMA and F16C present; pointers as for [`super::x86::kernel_q6k`].
#[allow(clippy::too_many_arguments)]
#[target_feature(enable = "avx2,fma,f16c")]
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
    in_fours!(mr, q6k_rows(t, nsb, act, k, scales, halves, out, n))
}

#[allow(clippy::too_many_arguments)]
#[inline]
#[target_feature(enable = "avx2,fma,f16c")]
unsafe fn q6k_rows<const R: usize>(
    first: usize,
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
    let nibble = _mm256_set1_epi8(0x0F);
    let top = _mm256_set1_epi8(0x30);
    let ones = _mm256_set1_epi16(1);
    // The 6-bit value from its low nibble and its two high bits.
    let join = |low: __m256i, high: __m256i| {
        _mm256_or_si256(_mm256_and_si256(low, nibble), _mm256_and_si256(high, top))
    };
    let mut acc = [[_mm256_setzero_ps(); 2]; R];
    for s in 0..nsb {
        let w = &*t.add(s);
        for j in 0..q6k::SUB_BLOCKS {
            let sub = &w.sub[j];
            let start = s * QK_K + j * 16;
            let (half, block) = (start / HALF, start / KBLOCK);
            for q in 0..2 {
                let at = |p: *const u8| _mm256_loadu_si256(p.add(q * LANES * 4).cast());
                let (l0, l1, h) = (
                    at(sub.ql.as_ptr()),
                    at(sub.ql.as_ptr().add(64)),
                    at(sub.qh.as_ptr()),
                );
                // 16-bit shifts move bits across byte boundaries; the masks drop them.
                let v = [
                    join(l0, _mm256_slli_epi16::<4>(h)),
                    join(_mm256_srli_epi16::<4>(l0), _mm256_slli_epi16::<2>(h)),
                    join(l1, h),
                    join(_mm256_srli_epi16::<4>(l1), _mm256_srli_epi16::<2>(h)),
                ];
                let sc = _mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(_mm_loadl_epi64(
                    sub.sc.as_ptr().add(q * LANES).cast(),
                )));
                let scale = _mm256_mul_ps(f16x8(w.d.as_ptr().add(q * LANES)), sc);
                for (r, acc) in acc.iter_mut().enumerate() {
                    let row = first + r;
                    let a = act.add(row * k + start);
                    let mut sum = _mm256_set1_epi32(-32 * *halves.add(row * kh + half));
                    // A pair product is at most 63 · 127 · 2 = 16,002: two
                    // steps add up in 16 bits before they are widened.
                    for g in [0, 2] {
                        let step = |g: usize| {
                            let a4 = _mm256_set1_epi32(a.add(4 * g).cast::<i32>().read_unaligned());
                            _mm256_maddubs_epi16(v[g], a4)
                        };
                        let two = _mm256_add_epi16(step(g), step(g + 1));
                        sum = _mm256_add_epi32(sum, _mm256_madd_epi16(two, ones));
                    }
                    let da = _mm256_set1_ps(*scales.add(row * kb + block));
                    acc[q] =
                        _mm256_fmadd_ps(_mm256_cvtepi32_ps(sum), _mm256_mul_ps(scale, da), acc[q]);
                }
            }
        }
    }
    store(&acc, first, out, n);
}

/// Writes rows `first..` of accumulators, 8 columns per register.
#[inline]
#[target_feature(enable = "avx2")]
unsafe fn store<const R: usize, const Q: usize>(
    acc: &[[__m256; Q]; R],
    first: usize,
    out: *mut f32,
    n: usize,
) {
    for (r, acc) in acc.iter().enumerate() {
        for (q, acc) in acc.iter().enumerate() {
            _mm256_storeu_ps(out.add((first + r) * n + q * LANES), *acc);
        }
    }
}

/// 8 f16 values (as bits) as f32 lanes.
#[inline]
#[target_feature(enable = "avx2,f16c")]
unsafe fn f16x8(bits: *const u16) -> __m256 {
    _mm256_cvtph_ps(_mm_loadu_si128(bits.cast()))
}

/// 8 unsigned bytes as f32 lanes.
#[inline]
#[target_feature(enable = "avx2")]
unsafe fn u8x8(bytes: *const u8) -> __m256 {
    _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(_mm_loadl_epi64(bytes.cast())))
}
