//! The one error type of the model layer.

use std::path::PathBuf;

/// Everything that can go wrong while acquiring, loading or running a model.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// The tensor engine failed (shape mismatch, missing tensor, unsupported dtype…).
    #[error("tensor engine: {0}")]
    Candle(#[from] candle_core::Error),
    /// The tokenizer could not be built or could not encode/decode.
    #[error("tokenizer: {0}")]
    Tokenizer(String),
    /// A model file is not what it claims to be.
    #[error("model file {path}: {reason}")]
    InvalidModel {
        /// The offending file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// A name that is neither a catalogue model, a local path nor a repo id.
    #[error("unknown model {0:?}: give a catalogue name (see `portolan models list`), a local path or a Hugging Face repo id")]
    UnknownModel(String),
    /// Downloading or assembling a model failed.
    #[error("acquiring {model}: {reason}")]
    Acquire {
        /// The model being acquired.
        model: String,
        /// Why it failed.
        reason: String,
    },
    /// A downloaded or assembled file does not have the published checksum.
    #[error("checksum mismatch for {path}: expected {expected}, got {actual}")]
    Checksum {
        /// The file that failed verification.
        path: PathBuf,
        /// The published sha256.
        expected: String,
        /// What the file hashes to.
        actual: String,
    },
    /// A request the model cannot serve (empty prompt, context overflow, bad parameters).
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// The batched decoder failed or is gone (a fault of ours, not the request's).
    #[error("decoder: {0}")]
    Decoder(String),
    /// Filesystem failure.
    #[error("io error on {path}: {source}")]
    Io {
        /// The path being read or written.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
}

impl ModelError {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        ModelError::Io {
            path: path.into(),
            source,
        }
    }

    pub(crate) fn tokenizer(e: impl std::fmt::Display) -> Self {
        ModelError::Tokenizer(e.to_string())
    }
}

/// Result alias of the model layer.
pub type Result<T> = std::result::Result<T, ModelError>;
