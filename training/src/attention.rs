//! Attention weights with their own backward pass: `softmax(scale·s + mask)`
//! over the last dimension as one operation. Composed from candle's
//! elementwise ops, the scaled scores, the masked scores and the softmax's
//! max, shift, exponent, sum and quotient are each kept for the backward
//! pass: seven `heads × len × len` tensors a layer, most of a long
//! sequence's memory. This keeps only the result `y`, from which the
//! gradient follows: `ds = scale · y ⊙ (g − Σ g ⊙ y)`.

use candle_core::{CpuStorage, CustomOp1, Layout, Result, Shape, Tensor, D};

/// `softmax(scale · s + mask)` along the last dimension; `mask` (`len ×
/// len`, 0 or −∞) broadcast over the leading dimensions.
pub struct MaskedSoftmax {
    /// Multiplies the scores (1/√head_dim).
    pub scale: f64,
    /// Additive mask.
    pub mask: Tensor,
}

impl CustomOp1 for MaskedSoftmax {
    fn name(&self) -> &'static str {
        "masked-softmax"
    }

    fn cpu_fwd(&self, storage: &CpuStorage, layout: &Layout) -> Result<(CpuStorage, Shape)> {
        let CpuStorage::F32(data) = storage else {
            candle_core::bail!("masked-softmax: f32 only");
        };
        let Some((start, end)) = layout.contiguous_offsets() else {
            candle_core::bail!("masked-softmax: contiguous input expected");
        };
        let s = Tensor::from_slice(&data[start..end], layout.shape(), self.mask.device())?;
        let y = candle_nn::ops::softmax_last_dim(&(s * self.scale)?.broadcast_add(&self.mask)?)?;
        Ok((
            CpuStorage::F32(y.flatten_all()?.to_vec1::<f32>()?),
            layout.shape().clone(),
        ))
    }

    fn bwd(&self, _arg: &Tensor, y: &Tensor, grad: &Tensor) -> Result<Option<Tensor>> {
        let dot = (grad * y)?.sum_keepdim(D::Minus1)?;
        Ok(Some(((grad.broadcast_sub(&dot)? * y)? * self.scale)?))
    }
}

/// `softmax(scale · scores + mask)` over the last dimension.
pub fn masked_softmax(scores: &Tensor, scale: f64, mask: &Tensor) -> Result<Tensor> {
    scores.contiguous()?.apply_op1(MaskedSoftmax {
        scale,
        mask: mask.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use candle_core::{Device, Var};

    #[test]
    fn matches_the_composed_softmax_and_its_gradient() -> Result<()> {
        let dev = Device::Cpu;
        let s = Var::from_tensor(&Tensor::randn(0f32, 1.0, (2, 3, 5, 5), &dev)?)?;
        let mask: Vec<f32> = (0..5)
            .flat_map(|i| (0..5).map(move |j| if j > i { f32::NEG_INFINITY } else { 0.0 }))
            .collect();
        let mask = Tensor::from_vec(mask, (5, 5), &dev)?;
        let w = Tensor::randn(0f32, 1.0, (2, 3, 5, 5), &dev)?;
        let ours = masked_softmax(s.as_tensor(), 0.5, &mask)?;
        let plain =
            candle_nn::ops::softmax(&(s.as_tensor() * 0.5)?.broadcast_add(&mask)?, D::Minus1)?;
        let diff = (&ours - &plain)?.abs()?.max_all()?.to_scalar::<f32>()?;
        assert!(diff < 1e-6, "{diff}");
        let g1 = (ours * &w)?.sum_all()?.backward()?;
        let g2 = (plain * &w)?.sum_all()?.backward()?;
        let (a, b) = (
            g1.get(s.as_tensor()).expect("grad"),
            g2.get(s.as_tensor()).expect("grad"),
        );
        let diff = (a - b)?.abs()?.max_all()?.to_scalar::<f32>()?;
        assert!(diff < 1e-5, "{diff}");
        Ok(())
    }
}
