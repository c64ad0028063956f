//! The Qdrant backend against a real cluster. No Qdrant server can be
//! installed on the build machines, so this runs only when `QDRANT_URL`
//! points at one (e.g. `QDRANT_URL=http://localhost:6334`); otherwise it
//! says so and does nothing.

#![cfg(feature = "qdrant")]

use portolan_corpus::{DocType, Lang};
use portolan_retrieval::filter::ChunkFacets;
use portolan_retrieval::vector::qdrant::QdrantStore;
use portolan_retrieval::vector::{VectorRecord, VectorStore};
use portolan_retrieval::Filter;

#[test]
fn upsert_filter_search_and_delete_on_a_real_cluster() {
    let Ok(url) = std::env::var("QDRANT_URL") else {
        eprintln!("QDRANT_URL not set: Qdrant backend test skipped");
        return;
    };
    let collection = format!("portolan-test-{}", std::process::id());
    let mut store =
        QdrantStore::connect(&url, std::env::var("QDRANT_API_KEY").ok(), &collection, 3).unwrap();
    let rec = |id: &str, doc_type, in_force| VectorRecord {
        id: id.into(),
        content_hash: "h".into(),
        facets: ChunkFacets {
            doc_type,
            lang: Lang::Zh,
            jurisdiction: "CN".into(),
            in_force,
        },
    };
    store
        .upsert(vec![
            (rec("law#1", DocType::Law, true), vec![1.0, 0.0, 0.0]),
            (rec("law#2", DocType::Law, false), vec![0.9, 0.1, 0.0]),
            (rec("treaty#1", DocType::Treaty, true), vec![0.0, 1.0, 0.0]),
        ])
        .unwrap();
    assert_eq!(store.len(), 3);
    let hits = store
        .search(&[1.0, 0.0, 0.0], 2, &Filter::default())
        .unwrap();
    assert_eq!(hits[0].0, "law#1");
    let in_force = Filter {
        in_force_only: true,
        doc_types: vec![DocType::Law],
        ..Default::default()
    };
    let hits = store.search(&[0.9, 0.1, 0.0], 5, &in_force).unwrap();
    assert_eq!(
        hits.iter().map(|h| h.0.as_str()).collect::<Vec<_>>(),
        ["law#1"]
    );
    store.delete(&["law#1".into()]).unwrap();
    assert_eq!(store.len(), 2);
}
