//! RMSNorm of each row, sixteen lanes wide.
//!
//! candle's `rms_norm` sums a row's squares one value after another (a
//! float sum the compiler may not reorder, so one add every four cycles)
//! and divides every value by the norm. The embedding model normalises
//! eight times per layer (four 768-wide rows and four 256-wide per head
//! per token), and that loop was a tenth of a query's embedding time (perf
//! of `portolan-bench embed`). Here the squares go into four vector
//! accumulators and the row is multiplied by the norm's reciprocal: the
//! same function, rounded differently in the last bit or two.

use candle_core::{Result, Tensor};

use super::{available, for_each_unit, with_f32};
use crate::int8::SendPtr;

/// Rows per parallel unit (a unit below this many values stays on the caller).
const VALUES_PER_UNIT: usize = 16 * 1024;

/// `x / sqrt(mean(x²) + eps) · alpha` over the last dimension of `x`
/// (`alpha` as wide as that dimension); `None` where the fused kernel does
/// not run (no AVX-512F, other dtype or device, shapes that do not fit),
/// for the caller to use candle's op.
pub fn rms_norm(x: &Tensor, alpha: &Tensor, eps: f32) -> Result<Option<Tensor>> {
    let width = x.dims().last().copied().unwrap_or(0);
    if !available()
        || x.dtype() != candle_core::DType::F32
        || alpha.dtype() != candle_core::DType::F32
        || !x.device().is_cpu()
        || alpha.dims() != [width]
        || width == 0
    {
        return Ok(None);
    }
    let (x, alpha) = (x.contiguous()?, alpha.contiguous()?);
    let len = x.elem_count();
    let rows = len / width;
    let mut out: Vec<f32> = Vec::with_capacity(len);
    let dst = SendPtr(out.as_mut_ptr());
    with_f32(&x, |xs, _| {
        with_f32(&alpha, |a, _| {
            let (xs, a) = (&xs[..len], &a[..width]);
            let per_unit = (VALUES_PER_UNIT / width).max(1);
            let run = |u: usize| {
                for r in u * per_unit..((u + 1) * per_unit).min(rows) {
                    // SAFETY: AVX-512F checked above; rows are disjoint
                    // ranges of `out`, which outlives the loop.
                    unsafe {
                        kernel(
                            &xs[r * width..(r + 1) * width],
                            a,
                            eps,
                            dst.get().add(r * width),
                        )
                    }
                }
            };
            for_each_unit(rows.div_ceil(per_unit), run);
            Ok(())
        })
    })?;
    // SAFETY: the units cover every row and the kernel stores every value
    // of its row (the masked tail included).
    unsafe { out.set_len(len) };
    Ok(Some(Tensor::from_vec(out, x.shape(), x.device())?))
}

/// # Safety
/// AVX-512F present; `alpha` as long as `x`; `out` writable for `x.len()` floats.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
unsafe fn kernel(x: &[f32], alpha: &[f32], eps: f32, out: *mut f32) {
    use core::arch::x86_64::*;
    let mask_at = |i: usize| -> __mmask16 { super::lanes(x.len() - i) };
    let mut acc = [_mm512_setzero_ps(); 4];
    let mut i = 0;
    while i < x.len() {
        let v = _mm512_maskz_loadu_ps(mask_at(i), x.as_ptr().add(i));
        let a = &mut acc[(i / 16) % 4];
        *a = _mm512_fmadd_ps(v, v, *a);
        i += 16;
    }
    let sum = _mm512_reduce_add_ps(_mm512_add_ps(
        _mm512_add_ps(acc[0], acc[1]),
        _mm512_add_ps(acc[2], acc[3]),
    ));
    let scale = _mm512_set1_ps(1.0 / (sum / x.len() as f32 + eps).sqrt());
    let mut i = 0;
    while i < x.len() {
        let mask = mask_at(i);
        let v = _mm512_maskz_loadu_ps(mask, x.as_ptr().add(i));
        let a = _mm512_maskz_loadu_ps(mask, alpha.as_ptr().add(i));
        _mm512_mask_storeu_ps(out.add(i), mask, _mm512_mul_ps(_mm512_mul_ps(v, scale), a));
        i += 16;
    }
}

#[cfg(not(target_arch = "x86_64"))]
unsafe fn kernel(_: &[f32], _: &[f32], _: f32, _: *mut f32) {
    unreachable!("rms_norm checks available() first")
}

#[cfg(test)]
mod tests {
    use super::*;
    use candle_core::Device;

    fn compare(rows: usize, width: usize) -> Result<()> {
        let x = Tensor::randn(0f32, 2.0, (rows, width), &Device::Cpu)?;
        let alpha = Tensor::randn(1f32, 0.3, width, &Device::Cpu)?;
        let Some(fused) = rms_norm(&x, &alpha, 1e-6)? else {
            return Ok(()); // no AVX-512F here: nothing to compare
        };
        let want = candle_nn::ops::rms_norm(&x, &alpha, 1e-6)?;
        let worst = (fused - &want)?
            .abs()?
            .broadcast_div(&(want.abs()? + 1e-3)?)?
            .max_all()?
            .to_scalar::<f32>()?;
        assert!(
            worst < 1e-5,
            "{rows}x{width}: worst relative difference {worst}"
        );
        Ok(())
    }

    #[test]
    fn matches_candles_rms_norm() -> Result<()> {
        // The embedder's widths, a masked tail, one row and enough rows
        // for the parallel split.
        compare(3, 768)?;
        compare(5, 256)?;
        compare(1, 37)?;
        compare(300, 768)?;
        Ok(())
    }

    #[test]
    fn declines_what_it_does_not_fit() -> Result<()> {
        let x = Tensor::ones((2, 8), candle_core::DType::F32, &Device::Cpu)?;
        let wrong = Tensor::ones(4, candle_core::DType::F32, &Device::Cpu)?;
        assert!(rms_norm(&x, &wrong, 1e-6)?.is_none());
        Ok(())
    }
}
