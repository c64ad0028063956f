//! Adapter files: `NAME.safetensors` (the `A`/`B` matrices by
//! [`crate::qwen2::adapter_name`]) beside `NAME.json` (rank, alpha,
//! targets, the base model and its shape), so that a server can check an
//! adapter fits its model before applying it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use candle_core::{Device, Tensor};
use serde::{Deserialize, Serialize};

use crate::lora::LoraConfig;
use crate::qwen2::Qwen2Shape;
use crate::TrainingError;

/// What an adapter is and what it fits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdapterConfig {
    /// Rank, alpha, dropout and targets.
    pub lora: LoraConfig,
    /// The base model it was trained on (name or path).
    pub base: String,
    /// The base model's shape.
    pub shape: Qwen2Shape,
    /// Optimiser steps trained.
    pub steps: usize,
}

/// Writes `dir/NAME.safetensors` and `dir/NAME.json`; returns the tensor file.
pub fn save(
    dir: &Path,
    name: &str,
    config: &AdapterConfig,
    tensors: &HashMap<String, Tensor>,
) -> Result<PathBuf, TrainingError> {
    std::fs::create_dir_all(dir)?;
    let weights = dir.join(format!("{name}.safetensors"));
    let tmp = dir.join(format!(".{name}.safetensors.tmp"));
    candle_core::safetensors::save(tensors, &tmp)?;
    std::fs::rename(&tmp, &weights)?;
    std::fs::write(
        dir.join(format!("{name}.json")),
        serde_json::to_vec_pretty(config)?,
    )?;
    Ok(weights)
}

/// Reads an adapter by its tensor file or its name in `dir`.
pub fn load(
    path: &Path,
    device: &Device,
) -> Result<(AdapterConfig, HashMap<String, Tensor>), TrainingError> {
    let weights = portolan_model::adapter::weights_file(path);
    let config: AdapterConfig =
        serde_json::from_slice(&std::fs::read(weights.with_extension("json"))?)?;
    let tensors = candle_core::safetensors::load(&weights, device)?;
    Ok((config, tensors))
}

/// Copies the adapter at `path` to `dir/NAME` in half precision: what is
/// shipped. Inference reads the halves back as f32; LoRA factors are small
/// and f16 keeps about three significant digits of each.
pub fn export_f16(path: &Path, dir: &Path, name: &str) -> Result<PathBuf, TrainingError> {
    let (config, tensors) = load(path, &Device::Cpu)?;
    let halves = tensors
        .into_iter()
        .map(|(k, t)| Ok((k, t.to_dtype(candle_core::DType::F16)?)))
        .collect::<Result<HashMap<_, _>, candle_core::Error>>()?;
    save(dir, name, &config, &halves)
}
