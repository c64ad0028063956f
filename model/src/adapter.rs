//! LoRA adapters at inference: the low-rank updates a fine-tuning run
//! (`portolan-training`) wrote, applied beside the base projections
//! without merging, `y = x·Wᵀ + (α/r)·(x·Aᵀ)·Bᵀ`, so one loaded model
//! serves the base and any number of adapters, chosen per request.
//!
//! Files: `NAME.safetensors` with `layers.{i}.{projection}.lora_a` (`r ×
//! in`) and `…lora_b` (`out × r`) for the targeted projections, beside
//! `NAME.json` (`{"lora": {"rank", "alpha", "targets"}, "base", "shape"}`).
//! The shapes are checked against the model when an adapter is attached.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use candle_core::{DType, Device, Tensor};

use crate::{ModelError, Result};

/// Projections of a decoder block, in the order [`LayerLora`] keeps them.
pub const PROJECTIONS: [&str; 7] = [
    "q_proj",
    "k_proj",
    "v_proj",
    "o_proj",
    "gate_proj",
    "up_proj",
    "down_proj",
];

/// The name a tensor of an adapter file has: `layers.3.q_proj.lora_a`
/// (`part` is `a` or `b`). Training writes what this reads.
pub fn tensor_name(layer: usize, projection: &str, part: &str) -> String {
    format!("layers.{layer}.{projection}.lora_{part}")
}

/// One projection's update: `Aᵀ` (`in × r`) and `Bᵀ` scaled (`r × out`),
/// stored transposed and contiguous for the products.
#[derive(Debug, Clone)]
pub struct LoraPair {
    a_t: Tensor,
    b_t: Tensor,
}

impl LoraPair {
    /// `(x·Aᵀ)·Bᵀ·scale` for `x` of any leading shape.
    pub fn delta(&self, x: &Tensor) -> candle_core::Result<Tensor> {
        let dims = x.dims().to_vec();
        let inp = *dims.last().unwrap_or(&0);
        let rows = x.elem_count() / inp.max(1);
        let y = x
            .reshape((rows, inp))?
            .matmul(&self.a_t)?
            .matmul(&self.b_t)?;
        let mut out = dims;
        if let Some(last) = out.last_mut() {
            *last = y.dim(1)?;
        }
        y.reshape(out)
    }

    /// The update as a weight, `(α/r)·B·A` (`out × in`), for merging.
    pub fn delta_weight(&self) -> candle_core::Result<Tensor> {
        self.a_t.matmul(&self.b_t)?.t()?.contiguous()
    }
}

/// The updates of one block, by [`PROJECTIONS`] index.
#[derive(Debug, Clone, Default)]
pub struct LayerLora {
    /// `None` where the projection is not targeted.
    pub pairs: [Option<LoraPair>; 7],
}

/// A loaded adapter.
#[derive(Debug, Clone)]
pub struct LoraAdapter {
    /// Its name (the file stem).
    pub name: String,
    /// Where it was read from.
    pub path: PathBuf,
    /// The base model it was trained on.
    pub base: String,
    /// Per block.
    pub layers: Vec<LayerLora>,
}

#[derive(serde::Deserialize)]
struct AdapterJson {
    lora: LoraJson,
    #[serde(default)]
    base: String,
}

#[derive(serde::Deserialize)]
struct LoraJson {
    rank: usize,
    alpha: f64,
    targets: Vec<String>,
}

/// The tensor file of the adapter at `path`: `NAME.safetensors` given
/// itself, its `NAME.json`, or the bare `NAME`. A name may hold dots
/// (`trade-qa-0.5b`): they are not an extension to replace.
pub fn weights_file(path: &Path) -> PathBuf {
    match path.extension().and_then(|e| e.to_str()) {
        Some("safetensors") => path.to_path_buf(),
        Some("json") => path.with_extension("safetensors"),
        _ => {
            let mut name = path.as_os_str().to_owned();
            name.push(".safetensors");
            PathBuf::from(name)
        }
    }
}

impl LoraAdapter {
    /// Reads `NAME.safetensors` + `NAME.json` (give either, or the stem),
    /// for a model of `layers` blocks.
    pub fn load(path: &Path, layers: usize) -> Result<Self> {
        let weights = weights_file(path);
        let invalid = |reason: String| ModelError::InvalidModel {
            path: weights.clone(),
            reason,
        };
        let json = std::fs::read(weights.with_extension("json"))
            .map_err(|e| ModelError::io(weights.with_extension("json"), e))?;
        let meta: AdapterJson =
            serde_json::from_slice(&json).map_err(|e| invalid(format!("adapter config: {e}")))?;
        let scale = meta.lora.alpha / meta.lora.rank.max(1) as f64;
        let tensors: HashMap<String, Tensor> =
            candle_core::safetensors::load(&weights, &Device::Cpu)
                .map_err(|e| invalid(e.to_string()))?;
        let mut out = Vec::with_capacity(layers);
        for i in 0..layers {
            let mut layer = LayerLora::default();
            for (k, name) in PROJECTIONS.iter().enumerate() {
                if !meta.lora.targets.iter().any(|t| t == name) {
                    continue;
                }
                let get = |part: &str| {
                    let key = tensor_name(i, name, part);
                    tensors
                        .get(&key)
                        .cloned()
                        .ok_or_else(|| invalid(format!("lacks {key}")))
                };
                let (a, b) = (get("a")?, get("b")?);
                let pair = (|| -> candle_core::Result<LoraPair> {
                    // Shipped adapters may be stored in half precision.
                    let (a, b) = (a.to_dtype(DType::F32)?, b.to_dtype(DType::F32)?);
                    Ok(LoraPair {
                        a_t: a.t()?.contiguous()?,
                        b_t: (b.t()? * scale)?.contiguous()?,
                    })
                })()
                .map_err(|e| invalid(e.to_string()))?;
                layer.pairs[k] = Some(pair);
            }
            out.push(layer);
        }
        if tensors.keys().any(|k| {
            k.split('.')
                .nth(1)
                .and_then(|i| i.parse::<usize>().ok())
                .is_some_and(|i| i >= layers)
        }) {
            return Err(invalid(format!("has blocks beyond the model's {layers}")));
        }
        let name = weights
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        Ok(Self {
            name,
            path: weights.clone(),
            base: meta.base,
            layers: out,
        })
    }

    /// Checks every update fits the projection it is added to: `A` reads
    /// the projection's input width and `B` writes its output width.
    pub(crate) fn check(&self, widths: &dyn Fn(usize, usize) -> (usize, usize)) -> Result<()> {
        for (i, layer) in self.layers.iter().enumerate() {
            for (k, pair) in layer.pairs.iter().enumerate() {
                let Some(p) = pair else { continue };
                let (inp, out) = widths(i, k);
                let (a_in, _) = p.a_t.dims2().map_err(ModelError::from)?;
                let (_, b_out) = p.b_t.dims2().map_err(ModelError::from)?;
                if a_in != inp || b_out != out {
                    return Err(ModelError::InvalidModel {
                        path: self.path.clone(),
                        reason: format!(
                            "block {i} {}: adapter is {a_in}→{b_out}, the model's projection {inp}→{out} (trained for another model?)",
                            PROJECTIONS[k]
                        ),
                    });
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_with_dots_keep_them() {
        let want = PathBuf::from("runs/trade-qa-0.5b.safetensors");
        for given in [
            "runs/trade-qa-0.5b",
            "runs/trade-qa-0.5b.json",
            "runs/trade-qa-0.5b.safetensors",
        ] {
            assert_eq!(weights_file(Path::new(given)), want, "{given}");
        }
    }
}
