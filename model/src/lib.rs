//! Portolan's model runtime: everything between model files on disk and
//! text, scores or vectors in memory.
//!
//! Owns: acquiring models ([`acquire`]: catalogue pulls, local paths, hub repo
//! ids), the GGUF tokenizer, the ChatML template, the Qwen2 decoder and the
//! EmbeddingGemma encoder ([`arch`], one file per architecture), sampling,
//! streaming, batched decoding of concurrent requests, log-probability
//! scoring, prompt-prefix reuse, quotations constrained to copy their
//! sources ([`verbatim`]), LoRA adapters applied at inference
//! ([`adapter`]), and the progress display of long jobs ([`progress`]).
//!
//! Does not own: prompts (the top-level `prompts/` folder), retrieval, or any
//! domain logic. Services depend on the engine-free traits in [`contract`]
//! ([`Generator`], [`Scorer`], [`Embedder`]); the candle types stay inside
//! this crate so that the kernels can change without touching a service.
#![warn(missing_docs)]

pub mod acquire;
pub mod adapter;
pub mod arch;
mod batch;
pub mod chat_template;
pub mod contract;
mod decoding;
mod error;
pub mod fused;
pub mod gguf_tokenizer;
pub mod int8;
mod language_model;
mod prefix_cache;
pub mod progress;
pub mod sampling;
mod sentence_embedder;
mod text_stream;
pub mod threads;
mod verbatim;

pub use arch::embedding_gemma::EncoderPrecision;
pub use batch::{BatchStats, BatchedGenerator};
pub use contract::{
    ChatMessage, Completion, ContinuationScore, EmbedKind, Embedder, FinishReason, Generator, Role,
    SamplingParams, Scorer,
};
pub use error::{ModelError, Result};
pub use language_model::LanguageModel;
pub use sentence_embedder::SentenceEmbedder;
pub use text_stream::TextStream;
