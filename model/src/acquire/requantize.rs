//! Rewriting the Q5_0 tensors of a GGUF file as Q8_0.
//!
//! Q5_0 and Q8_0 share the 32-weight block; Q8_0 keeps 8 bits where Q5_0
//! kept 5, so the rewrite loses (almost) nothing, and candle's CPU backend
//! has a fast Q8_0 dot product but only a slow generic Q5_0 one.

use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

use candle_core::quantized::{gguf_file, GgmlDType, QTensor};
use candle_core::Device;

use crate::{ModelError, Result};

/// Writes `src` to `dst` with every Q5_0 tensor requantized to Q8_0; returns how many were.
pub fn q5_0_to_q8_0(src: &Path, dst: &Path) -> Result<usize> {
    let invalid = |e: candle_core::Error| ModelError::InvalidModel {
        path: src.to_path_buf(),
        reason: e.to_string(),
    };
    let mut file = File::open(src).map_err(|e| ModelError::io(src, e))?;
    let content = gguf_file::Content::read(&mut file).map_err(invalid)?;
    let mut names: Vec<&String> = content.tensor_infos.keys().collect();
    // Keep the file's tensor order (by offset) so the rewrite is byte-for-byte reproducible.
    names.sort_by_key(|n| content.tensor_infos[*n].offset);
    let mut tensors: Vec<(String, QTensor)> = Vec::with_capacity(names.len());
    let mut converted = 0;
    for name in names {
        let t = content
            .tensor(&mut file, name, &Device::Cpu)
            .map_err(invalid)?;
        let t = if t.dtype() == GgmlDType::Q5_0 {
            converted += 1;
            QTensor::quantize(&t.dequantize(&Device::Cpu)?, GgmlDType::Q8_0)?
        } else {
            t
        };
        tensors.push((name.clone(), t));
    }
    let mut metadata: Vec<(&str, &gguf_file::Value)> = content
        .metadata
        .iter()
        // candle writes 32-byte alignment; a different declared alignment would lie.
        .filter(|(k, _)| k.as_str() != "general.alignment")
        .map(|(k, v)| (k.as_str(), v))
        .collect();
    metadata.sort_by_key(|(k, _)| *k);
    let refs: Vec<(&str, &QTensor)> = tensors.iter().map(|(n, t)| (n.as_str(), t)).collect();
    let mut out = BufWriter::new(File::create(dst).map_err(|e| ModelError::io(dst, e))?);
    gguf_file::write(&mut out, &metadata, &refs)?;
    std::io::Write::flush(&mut out).map_err(|e| ModelError::io(dst, e))?;
    Ok(converted)
}
