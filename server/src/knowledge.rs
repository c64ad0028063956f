//! Opening the knowledge base: the embedder and the searcher over the
//! current index generation, as every service and command needs them.

use std::sync::Arc;

use portolan_model::{Embedder, EncoderPrecision, SentenceEmbedder};
use portolan_retrieval::vector::qdrant::QdrantStore;
use portolan_retrieval::{IndexRoot, Searcher};

use crate::config::Config;

/// Errors opening the knowledge base.
#[derive(Debug, thiserror::Error)]
pub enum KnowledgeError {
    /// The embedder could not be acquired or loaded.
    #[error(transparent)]
    Model(#[from] portolan_model::ModelError),
    /// The index could not be opened.
    #[error(transparent)]
    Retrieval(#[from] portolan_retrieval::RetrievalError),
}

/// The embedder as the index uses it, and the identity its vectors are cached under.
pub fn embedder(config: &Config) -> Result<(Arc<dyn Embedder>, String), KnowledgeError> {
    let dir = config.model_home().resolve(&config.embedder)?;
    // Index and queries must use the same precision and input cap.
    let model = SentenceEmbedder::load(&dir, config.embed_tokens, EncoderPrecision::Q8)?;
    let id = format!("{}|q8|{}", config.embedder, config.embed_tokens);
    Ok((Arc::new(model), id))
}

/// The index root of this configuration.
pub fn index_root(config: &Config) -> IndexRoot {
    IndexRoot::new(config.index_dir())
}

/// The Qdrant collection of this configuration, if one is configured.
pub fn qdrant(config: &Config, dim: usize) -> Result<Option<QdrantStore>, KnowledgeError> {
    match &config.qdrant_url {
        None => Ok(None),
        Some(url) => Ok(Some(QdrantStore::connect(
            url,
            config.qdrant_api_key.clone(),
            &config.qdrant_collection,
            dim,
        )?)),
    }
}

/// A searcher over the current generation, with dense search unless
/// `lexical_only`; vectors come from Qdrant when one is configured.
pub fn searcher(config: &Config, lexical_only: bool) -> Result<Searcher, KnowledgeError> {
    if lexical_only {
        return Ok(Searcher::open(&index_root(config), None)?);
    }
    let (embedder, _) = embedder(config)?;
    match qdrant(config, embedder.dimension())? {
        Some(store) => Ok(Searcher::open_with_vectors(
            &index_root(config),
            embedder,
            Box::new(store),
        )?),
        None => Ok(Searcher::open(&index_root(config), Some(embedder))?),
    }
}
