//! The one error type of the retrieval layer.

use std::path::PathBuf;

/// What can go wrong building or searching the index.
#[derive(Debug, thiserror::Error)]
pub enum RetrievalError {
    /// The full-text engine failed.
    #[error("full-text index: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// The query could not be parsed.
    #[error("query: {0}")]
    Query(String),
    /// Filesystem failure.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
    /// Index files that are not what they should be.
    #[error("index data corrupted at {path}: {reason}")]
    Corrupted {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// No index has been built yet.
    #[error("no index at {0}: run `portolan index build` first")]
    NoIndex(PathBuf),
    /// The embedder failed.
    #[error("embedding: {0}")]
    Model(#[from] portolan_model::ModelError),
    /// The corpus could not be read.
    #[error("corpus: {0}")]
    Corpus(#[from] portolan_corpus::CorpusError),
    /// A request the index cannot serve.
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// A batch of query embeddings failed (the reason, shared by every
    /// query of the batch).
    #[error("embedding: {0}")]
    Embedding(String),
    /// The remote vector store failed.
    #[error("vector store: {0}")]
    VectorStore(String),
}

impl RetrievalError {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        RetrievalError::Io {
            path: path.into(),
            source,
        }
    }
}

/// Result alias of the retrieval layer.
pub type Result<T> = std::result::Result<T, RetrievalError>;
