//! `exp` of sixteen floats at once (AVX-512F).
//!
//! The softmax of a 1,000-token prompt takes 12 × 1,000 × 1,000 / 2
//! exponentials per layer and SiLU another 9,000 per row: libm's scalar
//! `expf` was 5% of prompt processing. The usual reduction: `e^x = 2^n ·
//! e^r` with `n = round(x / ln 2)` and `|r| ≤ ln 2 / 2`, `r` computed in two
//! steps (Cody–Waite) so that `n · ln 2` loses no bits, and `e^r` by its
//! Taylor polynomial to degree 7 (relative error below 1e-8, under the
//! float's own rounding), scaled by `2^n` with `vscalefps`.

#[cfg(target_arch = "x86_64")]
use core::arch::x86_64::*;

/// `ln 2` split (Cephes' constants): `LN2_HI` has 9 significant bits, so
/// `n · LN2_HI` is exact for the `n` of finite floats.
const LN2_HI: f32 = 355.0 / 512.0;
const LN2_LO: f32 = -2.121_944_4e-4;

/// `e^x` lane by lane. Inputs below -87 give ~0 (subnormal or zero) and
/// above 88 give ~2^127, where `expf` would say 0 and infinity: softmax
/// subtracts the row's maximum first and SiLU's gate does not reach them
/// in a trained model, and a finite stand-in keeps `x / (1 + e^-x)` finite.
///
/// # Safety
/// AVX-512F present.
#[cfg(target_arch = "x86_64")]
#[inline]
#[target_feature(enable = "avx512f")]
pub unsafe fn exp16(x: __m512) -> __m512 {
    let x = _mm512_min_ps(
        _mm512_max_ps(x, _mm512_set1_ps(-87.0)),
        _mm512_set1_ps(88.0),
    );
    let n = _mm512_roundscale_ps::<{ _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC }>(
        _mm512_mul_ps(x, _mm512_set1_ps(std::f32::consts::LOG2_E)),
    );
    let r = _mm512_fnmadd_ps(n, _mm512_set1_ps(LN2_HI), x);
    let r = _mm512_fnmadd_ps(n, _mm512_set1_ps(LN2_LO), r);
    let mut p = _mm512_set1_ps(1.0 / 5040.0);
    for c in [
        1.0 / 720.0,
        1.0 / 120.0,
        1.0 / 24.0,
        1.0 / 6.0,
        0.5,
        1.0,
        1.0,
    ] {
        p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(c));
    }
    _mm512_scalef_ps(p, n)
}

#[cfg(all(test, target_arch = "x86_64"))]
mod tests {
    use super::*;

    #[test]
    fn matches_libm_within_two_ulps_over_the_range_softmax_and_silu_use() {
        if !crate::fused::available() {
            return;
        }
        let mut worst = 0.0f32;
        // From -80: below about -87.3 results are subnormal and keep fewer bits.
        let mut x = -80.0f32;
        while x < 88.0 {
            let lanes: [f32; 16] = std::array::from_fn(|i| x + i as f32 * 0.000_37);
            let mut out = [0f32; 16];
            // SAFETY: AVX-512F checked above; both arrays hold 16 floats.
            unsafe { _mm512_storeu_ps(out.as_mut_ptr(), exp16(_mm512_loadu_ps(lanes.as_ptr()))) };
            for (v, got) in lanes.iter().zip(out) {
                let want = v.exp();
                worst = worst.max(((got - want) / want).abs());
            }
            x += 0.0173;
        }
        assert!(worst < 2.5e-7, "worst relative error {worst}");
    }

    #[test]
    fn saturates_instead_of_overflowing() {
        if !crate::fused::available() {
            return;
        }
        let lanes = [
            -1e30f32, -200.0, -87.0, 0.0, 88.0, 200.0, 1e30, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
            0.0, 0.0,
        ];
        let mut out = [0f32; 16];
        // SAFETY: AVX-512F checked above; both arrays hold 16 floats.
        unsafe { _mm512_storeu_ps(out.as_mut_ptr(), exp16(_mm512_loadu_ps(lanes.as_ptr()))) };
        assert!(out.iter().all(|v| v.is_finite()), "{out:?}");
        assert!(out[0] < 1e-37 && out[1] < 1e-37);
        assert_eq!(out[3], 1.0);
        assert!((out[7] - std::f32::consts::E).abs() < 1e-6);
    }
}
