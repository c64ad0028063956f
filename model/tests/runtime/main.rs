//! Behaviour of the model runtime on the real models (the 0.5B generator and
//! EmbeddingGemma), fetched into the model home on first use.

mod batch;
mod embeddings;
mod generation;
mod logits;
mod scoring;
mod tokenizer;

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use portolan_model::acquire::ModelHome;
use portolan_model::{EncoderPrecision, LanguageModel, SentenceEmbedder};

/// The generator tests use: small enough for CI.
pub const TEST_MODEL: &str = "qwen2.5-coder-0.5b-instruct";

pub fn model_path(name: &str) -> PathBuf {
    ModelHome::from_env()
        .resolve(name)
        .unwrap_or_else(|e| panic!("cannot acquire {name}: {e}"))
}

/// Shared (behind an `Arc`, as a server holds it) by the tests of one run.
pub fn language_model() -> &'static Arc<LanguageModel> {
    static MODEL: OnceLock<Arc<LanguageModel>> = OnceLock::new();
    MODEL.get_or_init(|| {
        Arc::new(LanguageModel::load(&model_path(TEST_MODEL)).expect("load test model"))
    })
}

/// The embedder at the precision the index uses.
pub fn embedder() -> &'static SentenceEmbedder {
    static MODEL: OnceLock<SentenceEmbedder> = OnceLock::new();
    MODEL.get_or_init(|| load_embedder(EncoderPrecision::Q8))
}

/// The embedder with the published f32 weights, the reference for the Q8 one.
pub fn embedder_f32() -> &'static SentenceEmbedder {
    static MODEL: OnceLock<SentenceEmbedder> = OnceLock::new();
    MODEL.get_or_init(|| load_embedder(EncoderPrecision::F32))
}

fn load_embedder(precision: EncoderPrecision) -> SentenceEmbedder {
    SentenceEmbedder::load(&model_path("embeddinggemma-300m"), 256, precision)
        .expect("load embedder")
}

/// This crate's directory, as `cargo test` gives it at run time. The path
/// compiled in is only a fallback: checkouts at other paths sharing one
/// target directory can leave a test binary built elsewhere, which cargo
/// does not rebuild when the sources are unchanged.
pub fn manifest_dir() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")))
}

pub fn fixture(name: &str) -> PathBuf {
    manifest_dir().join("tests/fixtures").join(name)
}
