//! Choosing the next token from logits.

use candle_core::{DType, Tensor};
use candle_transformers::generation::{LogitsProcessor, Sampling};

use crate::contract::SamplingParams;
use crate::{ModelError, Result};

/// A seeded sampler configured from [`SamplingParams`].
pub struct Sampler {
    inner: LogitsProcessor,
    repetition_penalty: f32,
    repetition_window: usize,
}

impl Sampler {
    /// Validates the parameters and builds the sampler.
    pub fn new(p: &SamplingParams) -> Result<Self> {
        if !(p.temperature >= 0.0 && p.temperature.is_finite()) {
            return Err(ModelError::InvalidRequest(format!(
                "temperature must be a finite number >= 0, got {}",
                p.temperature
            )));
        }
        if !(p.top_p > 0.0 && p.top_p <= 1.0) {
            return Err(ModelError::InvalidRequest(format!(
                "top_p must be in (0, 1], got {}",
                p.top_p
            )));
        }
        if !(p.repetition_penalty > 0.0 && p.repetition_penalty.is_finite()) {
            return Err(ModelError::InvalidRequest(format!(
                "repetition_penalty must be > 0, got {}",
                p.repetition_penalty
            )));
        }
        let temperature = p.temperature;
        // candle compares the nucleus mass in f32: a p below f32's range
        // (1e-93 is a valid request) becomes 0 and rules out every token. Any
        // p this small keeps just the most likely token, as 1e-6 does.
        let top_p = p.top_p.max(1e-6);
        // Dividing logits by a temperature near 0 overflows to infinity
        // (3e-295 is a valid request); such a temperature is greedy decoding.
        let sampling = if temperature < 1e-4 {
            Sampling::ArgMax
        } else {
            match (p.top_k, top_p < 1.0) {
                (0, false) => Sampling::All { temperature },
                (0, true) => Sampling::TopP {
                    p: top_p,
                    temperature,
                },
                (k, false) => Sampling::TopK { k, temperature },
                (k, true) => Sampling::TopKThenTopP {
                    k,
                    p: top_p,
                    temperature,
                },
            }
        };
        Ok(Self {
            inner: LogitsProcessor::from_sampling(p.seed, sampling),
            repetition_penalty: p.repetition_penalty,
            repetition_window: p.repetition_window,
        })
    }

    /// Picks the next token from a `(vocab,)` logits row; `context` is every
    /// token so far (prompt and generated), for the repetition penalty.
    pub fn next(&mut self, logits: &Tensor, context: &[u32]) -> Result<u32> {
        let logits = logits.to_dtype(DType::F32)?;
        let logits = if self.repetition_penalty == 1.0 || context.is_empty() {
            logits
        } else {
            let start = context.len().saturating_sub(self.repetition_window);
            candle_transformers::utils::apply_repeat_penalty(
                &logits,
                self.repetition_penalty,
                &context[start..],
            )?
        };
        Ok(self.inner.sample(&logits)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use candle_core::Device;

    #[test]
    fn a_vanishing_nucleus_keeps_the_most_likely_token() {
        let params = SamplingParams {
            temperature: 1.3,
            top_p: 4e-93,
            seed: 88,
            ..SamplingParams::default()
        };
        let mut sampler = Sampler::new(&params).unwrap();
        let logits = Tensor::new(&[0.1f32, 2.0, 0.3, 1.9], &Device::Cpu).unwrap();
        for _ in 0..5 {
            assert_eq!(sampler.next(&logits, &[]).unwrap(), 1);
        }
        // So does a vanishing temperature.
        let params = SamplingParams {
            temperature: 3e-295,
            ..params
        };
        let mut sampler = Sampler::new(&params).unwrap();
        assert_eq!(sampler.next(&logits, &[]).unwrap(), 1);
    }
}
