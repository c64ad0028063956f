//! The one error type of the corpus layer.

use std::path::PathBuf;

/// What can go wrong reading the knowledge bundle.
#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    /// A file could not be read.
    #[error("reading {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A file does not have the expected shape.
    #[error("{path}: {reason}")]
    Malformed {
        /// The file.
        path: PathBuf,
        /// What is wrong, with a line number where there is one.
        reason: String,
    },
    /// A path outside the bundle, or of a kind no parser reads.
    #[error("{0}: not a document of the bundle (no parser for this path)")]
    Unsupported(String),
}

impl CorpusError {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        CorpusError::Io {
            path: path.into(),
            source,
        }
    }

    pub(crate) fn malformed(path: impl Into<PathBuf>, reason: impl Into<String>) -> Self {
        CorpusError::Malformed {
            path: path.into(),
            reason: reason.into(),
        }
    }
}

/// Result alias of the corpus layer.
pub type Result<T> = std::result::Result<T, CorpusError>;
