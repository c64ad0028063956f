//! Portolan's fine-tuning: LoRA adapters trained in candle over a frozen
//! base model.
//!
//! Owns: the LoRA linear layer ([`lora`]), a trainable Qwen2 forward with
//! autograd ([`qwen2`]; the inference model in `portolan-model` has no
//! gradients and stays apart), AdamW with resumable state and the
//! warm-up/cosine schedule ([`optim`]), the training loop with loss on
//! answer tokens, gradient accumulation, bucketing and checkpoints
//! ([`trainer`]), the adapter file format ([`adapter`]), and the dataset
//! builders that turn the bundle into checkable chat examples
//! ([`dataset`]). There is no LoRA crate on crates.io; this is ours.
//!
//! Does not own: applying adapters at inference (`portolan-model`), or the
//! services whose data the dataset builders read (`portolan-server`).
#![warn(missing_docs)]

pub mod adapter;
pub mod attention;
pub mod dataset;
pub mod lora;
pub mod optim;
pub mod qwen2;
pub mod tokenize;
pub mod trainer;

/// What can go wrong training.
#[derive(Debug, thiserror::Error)]
pub enum TrainingError {
    /// A tensor operation failed.
    #[error(transparent)]
    Tensor(#[from] candle_core::Error),
    /// Reading or writing files failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// A JSON file is malformed.
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    /// The data cannot be trained on.
    #[error("training data: {0}")]
    Data(String),
}
