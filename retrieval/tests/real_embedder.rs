//! Retrieval quality with the real EmbeddingGemma (Q8, as the product
//! indexes) on a small bundle copied from the reference data: questions in
//! one language find provisions written in the other.

use portolan_corpus::bundle::reference_root as data_dir;
use std::path::Path;
use std::sync::Arc;

use portolan_corpus::Bundle;
use portolan_model::acquire::ModelHome;
use portolan_model::{EncoderPrecision, SentenceEmbedder};
use portolan_retrieval::{indexer, Filter, IndexRoot, Mode, Searcher};

fn copy(data: &Path, rels: &[&str]) {
    for rel in rels {
        let to = data.join(rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(data_dir().join(rel), to).unwrap();
    }
}

#[test]
fn cross_lingual_questions_find_their_provisions() {
    let data = tempfile::tempdir().unwrap();
    copy(
        data.path(),
        &[
            "regulations/cn-law/关税法(2024-04-26).md",
            "regulations/cptpp/ch05.md",
            "hs/gri.md",
        ],
    );
    let model = ModelHome::from_env()
        .resolve("embeddinggemma-300m")
        .expect("embedder");
    let embedder = Arc::new(SentenceEmbedder::load(&model, 64, EncoderPrecision::Q8).unwrap());
    let home = tempfile::tempdir().unwrap();
    let root = IndexRoot::new(home.path());
    indexer::build(
        &root,
        &Bundle::open(data.path()).unwrap(),
        embedder.as_ref(),
        "test",
    )
    .unwrap();
    let searcher = Searcher::open(&root, Some(embedder)).unwrap();

    let top = |q: &str, mode: Mode| -> Vec<(String, String)> {
        searcher
            .search(q, 5, &Filter::default(), mode)
            .unwrap()
            .into_iter()
            .map(|h| {
                (
                    h.chunk.doc.rsplit('/').next().unwrap().to_string(),
                    h.chunk.locator,
                )
            })
            .collect()
    };
    // English question, Chinese law: who is liable for tariffs (关税法 第三条).
    let q = "Who is the taxpayer liable for customs duties on imported goods?";
    let dense = top(q, Mode::Dense);
    assert!(
        dense.contains(&("关税法(2024-04-26).md".into(), "第三条".into())),
        "dense: {dense:?}"
    );
    assert!(top(q, Mode::Hybrid).contains(&("关税法(2024-04-26).md".into(), "第三条".into())));
    // Chinese question, English rules: goods classifiable under two headings is GRI Rule 3.
    let q = "货物看起来可以归入两个以上品目时应当如何归类？";
    let hybrid = top(q, Mode::Hybrid);
    assert!(
        hybrid
            .iter()
            .any(|(d, l)| d == "gri.md" && (l == "Rule 3" || l.starts_with("Rule 3("))),
        "hybrid: {hybrid:?}"
    );
}
