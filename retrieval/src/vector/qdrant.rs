//! A [`VectorStore`] on a Qdrant cluster, for deployments that outgrow one
//! machine or share one index between several Portolan servers.
//!
//! The trait is synchronous (the embedded store needs no runtime), so this
//! store owns a small Tokio runtime and blocks on the gRPC client. Qdrant
//! point ids must be integers or UUIDs: a chunk id is hashed into a UUID and
//! kept in the payload, with the facets filters need (indexed as keywords).

use qdrant_client::qdrant::{
    value::Kind, Condition, CountPointsBuilder, CreateCollectionBuilder,
    CreateFieldIndexCollectionBuilder, DeletePointsBuilder, Distance, FieldType,
    Filter as QdrantFilter, PointStruct, PointsIdsList, SearchPointsBuilder, UpsertPointsBuilder,
    VectorParamsBuilder,
};
use qdrant_client::{Payload, Qdrant};
use sha2::{Digest, Sha256};

use super::{VectorRecord, VectorStore};
use crate::filter::Filter;
use crate::{Result, RetrievalError};

/// Points written per request.
const UPSERT_BATCH: usize = 256;

/// A collection of a Qdrant cluster.
pub struct QdrantStore {
    client: Qdrant,
    collection: String,
    dim: usize,
    runtime: tokio::runtime::Runtime,
}

fn err(e: impl std::fmt::Display) -> RetrievalError {
    RetrievalError::VectorStore(e.to_string())
}

/// The point id of a chunk id: a UUID from its sha256.
pub fn point_id(chunk_id: &str) -> String {
    let h = Sha256::digest(chunk_id.as_bytes());
    let x: String = h[..16].iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &x[..8],
        &x[8..12],
        &x[12..16],
        &x[16..20],
        &x[20..32]
    )
}

/// The Qdrant filter of a Portolan filter.
pub fn to_qdrant_filter(f: &Filter) -> Option<QdrantFilter> {
    let mut must = Vec::new();
    if !f.doc_types.is_empty() {
        must.push(Condition::matches(
            "doc_type",
            f.doc_types
                .iter()
                .map(|t| t.as_str().to_string())
                .collect::<Vec<_>>(),
        ));
    }
    if !f.langs.is_empty() {
        must.push(Condition::matches(
            "lang",
            f.langs
                .iter()
                .map(|l| l.as_str().to_string())
                .collect::<Vec<_>>(),
        ));
    }
    if !f.jurisdictions.is_empty() {
        must.push(Condition::matches(
            "jurisdiction",
            f.jurisdictions
                .iter()
                .map(|j| j.to_uppercase())
                .collect::<Vec<_>>(),
        ));
    }
    if f.in_force_only {
        must.push(Condition::matches("in_force", true));
    }
    (!must.is_empty()).then(|| QdrantFilter::must(must))
}

impl QdrantStore {
    /// Connects to `url` and opens (creating if needed) `collection` of `dim`-wide cosine vectors.
    pub fn connect(
        url: &str,
        api_key: Option<String>,
        collection: &str,
        dim: usize,
    ) -> Result<Self> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(err)?;
        let client = Qdrant::from_url(url)
            .api_key(api_key)
            .build()
            .map_err(err)?;
        let store = Self {
            client,
            collection: collection.to_string(),
            dim,
            runtime,
        };
        store.runtime.block_on(async {
            if !store
                .client
                .collection_exists(collection)
                .await
                .map_err(err)?
            {
                store
                    .client
                    .create_collection(
                        CreateCollectionBuilder::new(collection)
                            .vectors_config(VectorParamsBuilder::new(dim as u64, Distance::Cosine)),
                    )
                    .await
                    .map_err(err)?;
                for (field, kind) in [
                    ("doc_type", FieldType::Keyword),
                    ("lang", FieldType::Keyword),
                    ("jurisdiction", FieldType::Keyword),
                    ("in_force", FieldType::Bool),
                ] {
                    store
                        .client
                        .create_field_index(CreateFieldIndexCollectionBuilder::new(
                            collection, field, kind,
                        ))
                        .await
                        .map_err(err)?;
                }
            }
            Ok::<_, RetrievalError>(())
        })?;
        Ok(store)
    }
}

impl VectorStore for QdrantStore {
    fn dimension(&self) -> usize {
        self.dim
    }

    fn upsert(&mut self, records: Vec<(VectorRecord, Vec<f32>)>) -> Result<()> {
        let points = records
            .into_iter()
            .map(|(r, v)| {
                let payload = Payload::try_from(serde_json::json!({
                    "chunk_id": r.id,
                    "content_hash": r.content_hash,
                    "doc_type": r.facets.doc_type.as_str(),
                    "lang": r.facets.lang.as_str(),
                    "jurisdiction": r.facets.jurisdiction.to_uppercase(),
                    "in_force": r.facets.in_force,
                }))
                .map_err(err)?;
                Ok(PointStruct::new(point_id(&r.id), v, payload))
            })
            .collect::<Result<Vec<_>>>()?;
        self.runtime.block_on(async {
            for batch in points.chunks(UPSERT_BATCH) {
                self.client
                    .upsert_points(
                        UpsertPointsBuilder::new(&self.collection, batch.to_vec()).wait(true),
                    )
                    .await
                    .map_err(err)?;
            }
            Ok(())
        })
    }

    fn delete(&mut self, ids: &[String]) -> Result<()> {
        if ids.is_empty() {
            return Ok(());
        }
        let points = PointsIdsList {
            ids: ids.iter().map(|i| point_id(i).into()).collect(),
        };
        self.runtime.block_on(async {
            self.client
                .delete_points(
                    DeletePointsBuilder::new(&self.collection)
                        .points(points)
                        .wait(true),
                )
                .await
                .map_err(err)?;
            Ok(())
        })
    }

    fn search(&self, query: &[f32], k: usize, filter: &Filter) -> Result<Vec<(String, f32)>> {
        let mut request =
            SearchPointsBuilder::new(&self.collection, query.to_vec(), k as u64).with_payload(true);
        if let Some(f) = to_qdrant_filter(filter) {
            request = request.filter(f);
        }
        let response = self
            .runtime
            .block_on(self.client.search_points(request))
            .map_err(err)?;
        Ok(response
            .result
            .into_iter()
            .filter_map(
                |p| match p.payload.get("chunk_id").and_then(|v| v.kind.clone()) {
                    Some(Kind::StringValue(id)) => Some((id, p.score)),
                    _ => None,
                },
            )
            .collect())
    }

    fn len(&self) -> usize {
        self.runtime
            .block_on(
                self.client
                    .count(CountPointsBuilder::new(&self.collection).exact(true)),
            )
            .ok()
            .and_then(|r| r.result)
            .map_or(0, |r| r.count as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use portolan_corpus::DocType;

    #[test]
    fn point_ids_are_stable_uuids() {
        let a = point_id("regulations/cn-law/关税法(2024-04-26).md#第五十一条");
        assert_eq!(a.len(), 36);
        assert_eq!(a.matches('-').count(), 4);
        assert_eq!(
            a,
            point_id("regulations/cn-law/关税法(2024-04-26).md#第五十一条")
        );
        assert_ne!(
            a,
            point_id("regulations/cn-law/关税法(2024-04-26).md#第五十二条")
        );
    }

    #[test]
    fn filters_become_must_conditions() {
        assert!(to_qdrant_filter(&Filter::default()).is_none());
        let f = Filter {
            doc_types: vec![DocType::Law],
            in_force_only: true,
            ..Default::default()
        };
        assert_eq!(to_qdrant_filter(&f).map(|q| q.must.len()), Some(2));
    }
}
