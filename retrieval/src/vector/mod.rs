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

/// Inner product of two equally wide vectors. With AVX2 and FMA when the
/// CPU has them: the build targets plain x86-64, whose SSE2 loop made the
/// scan of 12k vectors a third of a repeated search's time in the server
/// (`perf` of `portolan serve` under repeated /v1/search).
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma")
        {
            // SAFETY: the CPU supports the features the function is compiled for.
            return unsafe { dot_fma(a, b) };
        }
    }
    dot_portable(a, b)
}

/// Sixteen independent fused sums: two AVX2 registers, so that one
/// multiply-add does not wait for the one before.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
unsafe fn dot_fma(a: &[f32], b: &[f32]) -> f32 {
    lane_sums::<f32, 16>(a, b, |x, y, sum| x.mul_add(y, sum))
}

/// Eight independent partial sums. No `mul_add` here: without FMA in the
/// hardware it is a library call.
fn dot_portable(a: &[f32], b: &[f32]) -> f32 {
    lane_sums::<f32, 8>(a, b, |x, y, sum| sum + x * y)
}

/// `Σ a[j] · b[j]` kept in `LANES` independent sums, each advanced by
/// `step(a[j], b[j], sum)`: a plain `zip().sum()` must add in order, which
/// keeps the compiler from vectorising it (the scan over 12k vectors took
/// 7.6 ms that way). Always inlined, so that each caller compiles it for
/// its own instruction set; the f32 and the eight-bit products share it.
#[inline(always)]
pub(crate) fn lane_sums<T: Copy + Into<f32>, const LANES: usize>(
    a: &[T],
    b: &[f32],
    step: impl Fn(f32, f32, f32) -> f32,
) -> f32 {
    let n = a.len().min(b.len());
    let body = n - n % LANES;
    let mut acc = [0f32; LANES];
    for (x, y) in a[..body]
        .chunks_exact(LANES)
        .zip(b[..body].chunks_exact(LANES))
    {
        for l in 0..LANES {
            acc[l] = step(x[l].into(), y[l], acc[l]);
        }
    }
    let tail: f32 = a[body..n]
        .iter()
        .zip(&b[body..n])
        .map(|(x, y)| (*x).into() * y)
        .sum();
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
        // Both paths, over a body of several sixteen-lane steps and a tail.
        let a: Vec<f32> = (0..771)
            .map(|i| ((i * 37 % 101) as f32 - 50.0) / 64.0)
            .collect();
        let b: Vec<f32> = (0..771)
            .map(|i| ((i * 53 % 97) as f32 - 48.0) / 32.0)
            .collect();
        let plain: f64 = a.iter().zip(&b).map(|(x, y)| *x as f64 * *y as f64).sum();
        for got in [dot(&a, &b), dot_portable(&a, &b)] {
            assert!(
                (got as f64 - plain).abs() < 1e-3 * plain.abs().max(1.0),
                "{got} against {plain}"
            );
        }
    }
}
