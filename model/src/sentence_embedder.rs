//! A sentence-transformers folder (EmbeddingGemma) loaded as an [`Embedder`].

use std::path::{Path, PathBuf};

use candle_core::{DType, Device};
use candle_nn::VarBuilder;
use tokenizers::Tokenizer;

use crate::arch::embedding_gemma::{EmbeddingGemma, EncoderPrecision, GemmaEncoderConfig};
use crate::contract::{EmbedKind, Embedder};
use crate::{ModelError, Result};

/// Texts encoded per forward pass. Inputs are sorted by length first so a
/// batch pads little.
const BATCH: usize = 16;

/// EmbeddingGemma with its tokenizer and its query/document prompts.
pub struct SentenceEmbedder {
    model: EmbeddingGemma,
    tokenizer: Tokenizer,
    query_prompt: String,
    document_prompt: String,
    max_tokens: usize,
}

#[derive(serde::Deserialize, Default)]
struct StConfig {
    #[serde(default)]
    prompts: std::collections::HashMap<String, String>,
}

fn read(path: PathBuf) -> Result<String> {
    std::fs::read_to_string(&path).map_err(|e| ModelError::io(path, e))
}

impl SentenceEmbedder {
    /// Loads a sentence-transformers model folder; inputs are cut at `max_tokens`.
    /// Vectors of an index and of its queries must come from the same precision.
    pub fn load(dir: &Path, max_tokens: usize, precision: EncoderPrecision) -> Result<Self> {
        let invalid = |reason: String| ModelError::InvalidModel {
            path: dir.to_path_buf(),
            reason,
        };
        let cfg: GemmaEncoderConfig = serde_json::from_str(&read(dir.join("config.json"))?)
            .map_err(|e| invalid(format!("config.json: {e}")))?;
        let st: StConfig =
            match std::fs::read_to_string(dir.join("config_sentence_transformers.json")) {
                Ok(s) => serde_json::from_str(&s).map_err(|e| invalid(e.to_string()))?,
                Err(_) => StConfig::default(),
            };
        let mut tokenizer =
            Tokenizer::from_file(dir.join("tokenizer.json")).map_err(ModelError::tokenizer)?;
        // Documents may contain "<start_of_image>" and the like: never read them as control tokens.
        tokenizer.set_encode_special_tokens(true);
        let device = Device::Cpu;
        // SAFETY: the files are memory-mapped read-only; the model home is ours and not modified while loaded.
        let vb = unsafe {
            VarBuilder::from_mmaped_safetensors(
                &[dir.join("model.safetensors")],
                DType::F32,
                &device,
            )?
        };
        let mut dense = Vec::new();
        for d in ["2_Dense", "3_Dense"] {
            let p = dir.join(d).join("model.safetensors");
            if p.exists() {
                // SAFETY: as above.
                dense.push(unsafe {
                    VarBuilder::from_mmaped_safetensors(&[p], DType::F32, &device)?
                });
            }
        }
        let model = EmbeddingGemma::load(cfg, vb, dense, precision)?;
        let prompt = |k: &str| st.prompts.get(k).cloned().unwrap_or_default();
        Ok(Self {
            max_tokens: max_tokens.min(model.max_len()),
            model,
            tokenizer,
            query_prompt: prompt("query"),
            document_prompt: prompt("document"),
        })
    }

    fn encode(&self, text: &str, kind: EmbedKind) -> Result<Vec<u32>> {
        let prompt = match kind {
            EmbedKind::Query => &self.query_prompt,
            EmbedKind::Document => &self.document_prompt,
        };
        let enc = self
            .tokenizer
            .encode(format!("{prompt}{text}"), true)
            .map_err(ModelError::tokenizer)?;
        let mut ids = enc.get_ids().to_vec();
        if ids.len() > self.max_tokens {
            // Keep the closing <eos> the model was trained with.
            let last = ids[ids.len() - 1];
            ids.truncate(self.max_tokens - 1);
            ids.push(last);
        }
        Ok(ids)
    }
}

impl Embedder for SentenceEmbedder {
    fn dimension(&self) -> usize {
        self.model.dimension()
    }

    fn embed(&self, texts: &[&str], kind: EmbedKind) -> Result<Vec<Vec<f32>>> {
        // Run on a rayon worker: the int8 kernel's parallel loops then split
        // work between workers directly, instead of this thread injecting
        // each matmul into the pool and sleeping on it (a wake-up per
        // projection, ~a fifth of a query's time).
        rayon::scope(|_| self.embed_here(texts, kind))
    }
}

impl SentenceEmbedder {
    fn embed_here(&self, texts: &[&str], kind: EmbedKind) -> Result<Vec<Vec<f32>>> {
        let ids = texts
            .iter()
            .map(|t| self.encode(t, kind))
            .collect::<Result<Vec<_>>>()?;
        let mut order: Vec<usize> = (0..ids.len()).collect();
        order.sort_by_key(|&i| ids[i].len());
        let mut out = vec![Vec::new(); ids.len()];
        for chunk in order.chunks(BATCH) {
            let batch: Vec<Vec<u32>> = chunk.iter().map(|&i| ids[i].clone()).collect();
            let vecs = self.model.forward(&batch)?.to_vec2::<f32>()?;
            for (&i, v) in chunk.iter().zip(vecs) {
                out[i] = v;
            }
        }
        Ok(out)
    }
}
