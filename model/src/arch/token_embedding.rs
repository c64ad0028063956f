//! The token-embedding table kept in its GGUF quantization.
//!
//! Why: dequantized to f32, the 1.5B model's 151,936 × 1,536 table is 0.93 GB,
//! more than all its other weights together, for a lookup of a few rows per
//! step. Kept as the file's blocks (Q4_K: 0.13 GB) and dequantized a row at a
//! time, it costs microseconds per token and gives exactly the f32 values the
//! whole-table dequantization gave.

use candle_core::quantized::{ggml_file::qtensor_from_ggml, GgmlDType, QTensor};
use candle_core::{Device, Tensor};

use crate::{ModelError, Result};

/// A `(vocab, hidden)` embedding table in a GGUF block format.
pub(crate) struct TokenEmbedding {
    dtype: GgmlDType,
    /// The file's blocks, row after row.
    bytes: Vec<u8>,
    vocab: usize,
    hidden: usize,
    device: Device,
}

impl TokenEmbedding {
    pub(crate) fn new(table: &QTensor, device: &Device) -> Result<Self> {
        let (vocab, hidden) = table.shape().dims2()?;
        let dtype = table.dtype();
        if !hidden.is_multiple_of(dtype.block_size()) {
            return Err(ModelError::InvalidRequest(format!(
                "embedding width {hidden} is not a whole number of {dtype:?} blocks"
            )));
        }
        Ok(Self {
            dtype,
            bytes: table.data()?.into_owned(),
            vocab,
            hidden,
            device: device.clone(),
        })
    }

    fn row_bytes(&self) -> usize {
        self.hidden / self.dtype.block_size() * self.dtype.type_size()
    }

    /// The rows of `tokens` as a `(1, tokens.len(), hidden)` f32 tensor.
    pub(crate) fn forward(&self, tokens: &[u32]) -> Result<Tensor> {
        let stride = self.row_bytes();
        let mut out = Vec::with_capacity(tokens.len() * self.hidden);
        for &t in tokens {
            let t = t as usize;
            if t >= self.vocab {
                return Err(ModelError::InvalidRequest(format!(
                    "token id {t} outside the vocabulary of {}",
                    self.vocab
                )));
            }
            let raw = &self.bytes[t * stride..(t + 1) * stride];
            let row = qtensor_from_ggml(self.dtype, raw, vec![self.hidden], &Device::Cpu)?
                .dequantize(&Device::Cpu)?
                .to_vec1::<f32>()?;
            out.extend(row);
        }
        Ok(Tensor::from_vec(
            out,
            (1, tokens.len(), self.hidden),
            &self.device,
        )?)
    }
}
