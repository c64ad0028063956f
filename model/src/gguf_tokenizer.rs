//! Builds a Hugging Face `tokenizers` tokenizer from the `tokenizer.ggml.*`
//! metadata of a GGUF file.
//!
//! Our GGUF models ship without a `tokenizer.json`. The GGUF carries the
//! byte-level BPE vocabulary, the merges and each token's type, plus the name
//! of the pre-tokenizer (`tokenizer.ggml.pre`). We rebuild the exact pipeline
//! of the official Qwen2 `tokenizer.json` (NFC normaliser, regex split,
//! byte-level mapping, byte-level decoder) so ids match the reference
//! tokenizer token for token; a test compares them on Chinese, English and
//! special-token text.

use std::path::Path;

use candle_core::quantized::gguf_file;
use serde_json::{json, Value};
use tokenizers::Tokenizer;

use crate::{ModelError, Result};

/// The pre-tokenizer regex of Qwen2 (and Qwen2.5/Qwen3), as in their tokenizer.json.
const QWEN2_SPLIT: &str = r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

/// GGUF token types (llama.cpp's `llama_token_type`).
const TOKEN_NORMAL: i32 = 1;
const TOKEN_CONTROL: i32 = 3;
const TOKEN_USER_DEFINED: i32 = 4;

/// Builds the tokenizer described by a GGUF file's metadata.
pub fn tokenizer_from_gguf(content: &gguf_file::Content, path: &Path) -> Result<Tokenizer> {
    let invalid = |reason: String| ModelError::InvalidModel {
        path: path.to_path_buf(),
        reason,
    };
    let md = &content.metadata;
    let get = |key: &str| {
        md.get(key)
            .ok_or_else(|| invalid(format!("no {key} metadata")))
    };

    let model = get("tokenizer.ggml.model")?.to_string()?.clone();
    if model != "gpt2" {
        return Err(invalid(format!(
            "tokenizer model {model:?} is not byte-level BPE"
        )));
    }
    let pre = get("tokenizer.ggml.pre")?.to_string()?.clone();
    let split = match pre.as_str() {
        "qwen2" => QWEN2_SPLIT,
        other => return Err(invalid(format!("unsupported pre-tokenizer {other:?}"))),
    };
    let tokens = get("tokenizer.ggml.tokens")?.to_vec()?;
    let types = get("tokenizer.ggml.token_type")?.to_vec()?;
    let merges = get("tokenizer.ggml.merges")?.to_vec()?;
    if tokens.len() != types.len() {
        return Err(invalid("token and token-type counts differ".into()));
    }

    let mut vocab = serde_json::Map::with_capacity(tokens.len());
    let mut added = Vec::new();
    for (id, (tok, ty)) in tokens.iter().zip(types).enumerate() {
        let tok = tok.to_string()?;
        match ty.to_i32()? {
            TOKEN_NORMAL => {
                vocab.insert(tok.clone(), json!(id));
            }
            t @ (TOKEN_CONTROL | TOKEN_USER_DEFINED) => added.push(json!({
                "id": id, "content": tok, "single_word": false, "lstrip": false,
                "rstrip": false, "normalized": false, "special": t == TOKEN_CONTROL,
            })),
            // Unused/padding slots of the embedding matrix are not real tokens.
            _ => {}
        }
    }
    let merges: Vec<Value> = merges
        .iter()
        .map(|m| {
            let m = m.to_string()?;
            let (a, b) = m
                .split_once(' ')
                .ok_or_else(|| invalid(format!("malformed merge {m:?}")))?;
            Ok(json!([a, b]))
        })
        .collect::<Result<_>>()?;

    let byte_level = json!({"type": "ByteLevel", "add_prefix_space": false, "trim_offsets": false, "use_regex": false});
    let spec = json!({
        "version": "1.0",
        "truncation": null,
        "padding": null,
        "added_tokens": added,
        "normalizer": {"type": "NFC"},
        "pre_tokenizer": {"type": "Sequence", "pretokenizers": [
            {"type": "Split", "pattern": {"Regex": split}, "behavior": "Isolated", "invert": false},
            byte_level,
        ]},
        "post_processor": byte_level,
        "decoder": byte_level,
        "model": {
            "type": "BPE", "dropout": null, "unk_token": null,
            "continuing_subword_prefix": "", "end_of_word_suffix": "",
            "fuse_unk": false, "byte_fallback": false, "ignore_merges": false,
            "vocab": vocab, "merges": merges,
        }
    });
    let text = serde_json::to_string(&spec).map_err(ModelError::tokenizer)?;
    text.parse::<Tokenizer>().map_err(ModelError::tokenizer)
}
