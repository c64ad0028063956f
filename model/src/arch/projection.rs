//! A weight matrix without bias and the kernel that multiplies by it, shared
//! by the architectures: our int8 kernel for Q8_0 weights on AVX-512 VNNI
//! (see [`crate::int8`]), candle's quantized kernels for every other format,
//! or plain f32.

use candle_core::quantized::{QMatMul, QTensor};
use candle_core::{Module, Tensor};
use candle_nn::Linear;

use crate::int8::Int8Linear;
use crate::Result;

/// A projection in one of the precisions the models use.
pub(crate) enum Projection {
    /// Published f32 weights.
    F32(Linear),
    /// A quantized tensor through candle's kernels.
    Candle(QMatMul),
    /// Q8_0 through our kernel.
    Int8(Int8Linear),
}

impl Projection {
    /// A GGUF tensor: our kernel when it takes it, candle's otherwise.
    pub(crate) fn from_qtensor(w: QTensor) -> Result<Self> {
        Ok(match Int8Linear::from_qtensor(&w) {
            Some(l) => Projection::Int8(l),
            None => Projection::Candle(QMatMul::from_qtensor(w)?),
        })
    }

    /// A GGUF tensor with a LoRA update folded in, `W + Δ`, requantized to
    /// Q8_0 for our kernel (f32 where the kernel does not run).
    pub(crate) fn merged(w: &QTensor, pair: &crate::adapter::LoraPair) -> Result<Self> {
        let base = w.dequantize(&candle_core::Device::Cpu)?;
        let (out, inp) = base.dims2()?;
        let merged = (base + pair.delta_weight()?)?;
        let flat: Vec<f32> = merged.flatten_all()?.to_vec1()?;
        Ok(match Int8Linear::new(&flat, out, inp) {
            Some(l) => Projection::Int8(l),
            None => Projection::F32(Linear::new(merged, None)),
        })
    }

    /// Output width.
    pub(crate) fn out_dim(&self) -> usize {
        match self {
            Projection::F32(l) => l.weight().dims()[0],
            Projection::Int8(l) => l.out_dim(),
            Projection::Candle(q) => match q {
                QMatMul::QTensor(t) => t.shape().dims()[0],
                QMatMul::Tensor(t) | QMatMul::TensorF16(t) => t.dims()[0],
            },
        }
    }

    /// `x · Wᵀ`.
    pub(crate) fn forward(&self, x: &Tensor) -> candle_core::Result<Tensor> {
        match self {
            Projection::F32(l) => l.forward(x),
            Projection::Candle(q) => q.forward(x),
            Projection::Int8(l) => l.forward(x),
        }
    }
}
