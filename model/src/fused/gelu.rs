//! `gelu_tanh(gate) · up` of one row, sixteen values at a time.
//!
//! The embedding model's MLP (`arch::gated_gelu`) computed it with a
//! polynomial exp that plain SSE2 code vectorises, four lanes wide. Once
//! the projections ran on the int8 kernels, that loop was a sixth of a
//! query's embedding time (perf of `portolan serve` under distinct
//! searches): 24 layers × 1,152 values a token, each with an exp and a
//! division. Same function, same rewriting (`x · sigmoid(2u)` with
//! `u = sqrt(2/π) (x + 0.044715 x³)`), with [`super::exp::exp16`].

use super::available;

/// Writes `gelu_tanh(gate[i]) · up[i]` into `out[i]`; `false` (nothing
/// written) where the kernel does not run (no AVX-512F) or the slices'
/// lengths differ.
pub fn gated_gelu_row(gate: &[f32], up: &[f32], out: &mut [f32]) -> bool {
    if !available() || gate.len() != up.len() || gate.len() != out.len() {
        return false;
    }
    // SAFETY: AVX-512F checked; the three slices have the same length.
    unsafe { kernel(gate, up, out) };
    true
}

/// # Safety
/// AVX-512F present; `up` and `out` as long as `gate`.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
unsafe fn kernel(gate: &[f32], up: &[f32], out: &mut [f32]) {
    use core::arch::x86_64::*;
    const SQRT_2_OVER_PI: f32 = 0.797_884_6;
    let one = _mm512_set1_ps(1.0);
    let c = _mm512_set1_ps(-2.0 * SQRT_2_OVER_PI);
    let cubic = _mm512_set1_ps(0.044_715);
    let mut i = 0;
    while i < gate.len() {
        let mask: __mmask16 = super::lanes(gate.len() - i);
        let x = _mm512_maskz_loadu_ps(mask, gate.as_ptr().add(i));
        let u = _mm512_maskz_loadu_ps(mask, up.as_ptr().add(i));
        // -2u = -2·sqrt(2/π)·(x + 0.044715·x³) = c·x·(1 + 0.044715·x²)
        let inner = _mm512_fmadd_ps(_mm512_mul_ps(cubic, x), x, one);
        let e = super::exp::exp16(_mm512_mul_ps(c, _mm512_mul_ps(x, inner)));
        let y = _mm512_div_ps(_mm512_mul_ps(x, u), _mm512_add_ps(one, e));
        _mm512_mask_storeu_ps(out.as_mut_ptr().add(i), mask, y);
        i += 16;
    }
}

#[cfg(not(target_arch = "x86_64"))]
unsafe fn kernel(_: &[f32], _: &[f32], _: &mut [f32]) {
    unreachable!("gated_gelu_row checks available() first")
}

/// What the GELU kernels (this one and `arch::gated_gelu`'s) are tested
/// against: PyTorch's `gelu(approximate="tanh")`, in f64.
#[cfg(test)]
pub(crate) fn gelu_tanh_reference(x: f64) -> f64 {
    let c = (2.0 / std::f64::consts::PI).sqrt();
    0.5 * x * (1.0 + (c * (x + 0.044715 * x * x * x)).tanh())
}

#[cfg(test)]
mod tests {
    use super::gelu_tanh_reference as reference;
    use super::*;

    #[test]
    fn matches_the_tanh_formula_with_a_masked_tail() {
        // 40,001 values: not a multiple of 16, so the last store is masked.
        let gate: Vec<f32> = (-20_000..=20_000).map(|i| i as f32 / 1000.0).collect();
        let up: Vec<f32> = gate.iter().map(|g| 1.5 - g / 7.0).collect();
        let mut out = vec![f32::NAN; gate.len()];
        if !gated_gelu_row(&gate, &up, &mut out) {
            return; // no AVX-512F here: nothing to compare
        }
        let mut worst = 0f64;
        for ((&g, &u), &y) in gate.iter().zip(&up).zip(&out) {
            let want = reference(g as f64) * u as f64;
            worst = worst.max((y as f64 - want).abs() / want.abs().max(1e-3));
        }
        assert!(worst < 2e-6, "worst relative error {worst}");
        assert!(
            !gated_gelu_row(&gate[1..], &up, &mut out),
            "lengths must agree"
        );
    }
}
