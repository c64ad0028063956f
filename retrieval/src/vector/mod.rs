//! Dense retrieval: the [`VectorStore`] contract and its implementations.
//!
//! [`exact::ExactStore`] is the embedded default: a flat matrix searched
//! exhaustively. At the bundle's size (thousands of prose chunks, 768-d) an
//! exhaustive scan is a few milliseconds and exact, so an approximate graph
//! would add build time and recall loss for nothing; deployments that
//! outgrow one machine move to Qdrant ([`qdrant::QdrantStore`], feature
//! `qdrant`, on by default) behind the same trait.

pub mod exact;
#[cfg(feature = "qdrant")]
pub mod qdrant;

use crate::filter::{ChunkFacets, Filter};
use crate::Result;

/// One stored vector with what filters and citations need.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct VectorRecord {
    /// Chunk id.
    pub id: String,
    /// Hash of the chunk's content when it was embedded.
    pub content_hash: String,
    /// Filterable facts.
    pub facets: ChunkFacets,
}

/// A vector store: upserts by chunk id, deletes, and filtered similarity search.
pub trait VectorStore: Send + Sync {
    /// Vector width.
    fn dimension(&self) -> usize;
    /// Inserts or replaces vectors.
    fn upsert(&mut self, records: Vec<(VectorRecord, Vec<f32>)>) -> Result<()>;
    /// Removes the vectors of these chunk ids (unknown ids are ignored).
    fn delete(&mut self, ids: &[String]) -> Result<()>;
    /// The `k` most similar (cosine; vectors are unit length) ids passing `filter`, best first.
    fn search(&self, query: &[f32], k: usize, filter: &Filter) -> Result<Vec<(String, f32)>>;
    /// Number of vectors.
    fn len(&self) -> usize;
    /// True when empty.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
