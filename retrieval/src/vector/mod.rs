//! Dense retrieval: the [`VectorStore`] contract and its implementations.
//!
//! [`exact::ExactStore`] is the embedded default: a flat matrix searched
//! exhaustively. At the bundle's size (thousands of prose chunks, 768-d) an
//! exhaustive scan is a few milliseconds and exact, so an approximate graph
//! would add build time and recall loss for nothing; deployments that
//! outgrow one machine move to Qdrant ([`qdrant::QdrantStore`], feature
//! `qdrant`, on by default) behind the same trait.

pub mod compact;
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

/// Inner product with eight independent partial sums: a plain `zip().sum()`
/// must add in order, which keeps the compiler from vectorising it (the scan
/// over 12k vectors took 7.6 ms that way).
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    const LANES: usize = 8;
    let mut acc = [0f32; LANES];
    let (a_body, a_tail) = a.split_at(a.len() - a.len() % LANES);
    let (b_body, b_tail) = b.split_at(a_body.len().min(b.len()));
    for (x, y) in a_body.chunks_exact(LANES).zip(b_body.chunks_exact(LANES)) {
        for l in 0..LANES {
            acc[l] += x[l] * y[l];
        }
    }
    let tail: f32 = a_tail.iter().zip(b_tail).map(|(x, y)| x * y).sum();
    acc.iter().sum::<f32>() + tail
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_covers_the_tail_and_matches_the_plain_sum() {
        let a: Vec<f32> = (0..21).map(|i| i as f32 * 0.5 - 3.0).collect();
        let b: Vec<f32> = (0..21).map(|i| 1.0 / (i as f32 + 1.0)).collect();
        let plain: f32 = a.iter().zip(&b).map(|(x, y)| x * y).sum();
        assert!((dot(&a, &b) - plain).abs() < 1e-5);
        assert_eq!(dot(&[2.0], &[3.0]), 6.0);
    }
}
