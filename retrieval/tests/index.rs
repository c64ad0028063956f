//! Building, rebuilding and searching an index of a small bundle copied from
//! the reference data. The embedder here is a deterministic bag-of-characters
//! fixture: these tests are about indexing mechanics (reuse, publication,
//! filters, one hit per article), which do not depend on the model.
//! `real_embedder.rs` checks retrieval quality with EmbeddingGemma.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use portolan_corpus::{Bundle, DocType};
use portolan_model::{EmbedKind, Embedder};
use portolan_retrieval::{indexer, Filter, IndexRoot, Mode, Searcher};

/// Hashes characters into 32 buckets, L2-normalised; counts texts embedded.
struct CharHashEmbedder {
    calls: AtomicUsize,
}

impl Embedder for CharHashEmbedder {
    fn dimension(&self) -> usize {
        32
    }
    fn embed(&self, texts: &[&str], _kind: EmbedKind) -> portolan_model::Result<Vec<Vec<f32>>> {
        self.calls.fetch_add(texts.len(), Ordering::SeqCst);
        Ok(texts
            .iter()
            .map(|t| {
                let mut v = [0f32; 32];
                for c in t.chars() {
                    v[(c as usize * 2654435761) % 32] += 1.0;
                }
                let n = v.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-6);
                v.iter().map(|x| x / n).collect()
            })
            .collect())
    }
}

fn data_dir() -> PathBuf {
    std::env::var_os("PORTOLAN_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/data"))
}

/// A bundle of a few real documents in a temporary folder.
fn mini_bundle(dir: &Path) {
    for rel in [
        "regulations/cn-law/关税法(2024-04-26).md",
        "regulations/cn-law/进出口关税条例(2017-03-01).md",
        "regulations/cptpp/ch05.md",
        "hs/gri.md",
    ] {
        let to = dir.join(rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(data_dir().join(rel), to).unwrap();
    }
}

#[test]
fn build_search_rebuild_and_survive_an_interrupted_build() {
    let data = tempfile::tempdir().unwrap();
    mini_bundle(data.path());
    let home = tempfile::tempdir().unwrap();
    let root = IndexRoot::new(home.path().join("index"));
    let bundle = Bundle::open(data.path()).unwrap();
    let embedder = Arc::new(CharHashEmbedder {
        calls: AtomicUsize::new(0),
    });

    let first = indexer::build(&root, &bundle, embedder.as_ref(), "fixture").unwrap();
    assert!(
        first.vectors > 100 && first.embedded == first.vectors && first.reused == 0,
        "{first:?}"
    );
    assert!(first.chunks >= first.vectors);

    let searcher = Searcher::open(&root, Some(embedder.clone())).unwrap();
    // Chinese keywords reach the law through jieba.
    let hits = searcher
        .search("暂时进境 展览会 关税", 5, &Filter::default(), Mode::Lexical)
        .unwrap();
    assert!(
        hits.iter()
            .any(|h| h.chunk.doc.ends_with("关税法(2024-04-26).md")),
        "{:?}",
        hits.iter().map(|h| &h.chunk.locator).collect::<Vec<_>>()
    );
    // Filters apply inside retrieval: in-force only drops the superseded regulation.
    let in_force = Filter {
        in_force_only: true,
        ..Default::default()
    };
    for mode in [Mode::Lexical, Mode::Dense, Mode::Hybrid] {
        let hits = searcher
            .search("进出口关税条例 纳税义务人", 10, &in_force, mode)
            .unwrap();
        assert!(!hits.is_empty());
        assert!(
            hits.iter().all(|h| h.chunk.status.in_force()),
            "{mode:?} returned a superseded provision"
        );
    }
    let treaties = Filter {
        doc_types: vec![DocType::Treaty],
        ..Default::default()
    };
    let hits = searcher
        .search("advance rulings customs", 5, &treaties, Mode::Hybrid)
        .unwrap();
    assert!(hits.iter().all(|h| h.chunk.doc_type == DocType::Treaty));
    assert!(
        hits.iter().any(|h| h.chunk.locator == "Article 5.3"),
        "advance rulings are CPTPP Article 5.3"
    );
    // One hit per article.
    let all = searcher
        .search("关税", 20, &Filter::default(), Mode::Hybrid)
        .unwrap();
    let mut keys: Vec<_> = all
        .iter()
        .map(|h| (h.chunk.doc.clone(), h.chunk.locator.clone()))
        .collect();
    let n = keys.len();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), n);
    assert!(searcher
        .search("  ", 5, &Filter::default(), Mode::Hybrid)
        .is_err());

    // Unchanged rebuild: nothing is embedded again.
    let calls = embedder.calls.load(Ordering::SeqCst);
    let again = indexer::build(&root, &bundle, embedder.as_ref(), "fixture").unwrap();
    assert_eq!((again.embedded, again.reused), (0, first.vectors));
    assert_eq!(embedder.calls.load(Ordering::SeqCst), calls);

    // One article changed: only it is embedded again.
    let gri = data.path().join("hs/gri.md");
    let text = std::fs::read_to_string(&gri).unwrap().replacen(
        "ease of reference only",
        "ease of reference only (edited)",
        1,
    );
    std::fs::write(&gri, text).unwrap();
    let edited = indexer::build(&root, &bundle, embedder.as_ref(), "fixture").unwrap();
    assert_eq!(edited.embedded, 1, "{edited:?}");

    // A build that dies before publishing leaves the published index in use.
    let current = root.current().unwrap();
    let _abandoned = root.start().unwrap();
    assert_eq!(root.current().unwrap(), current);
    let searcher = Searcher::open(&root, Some(embedder.clone())).unwrap();
    assert!(
        searcher
            .search("关税", 3, &Filter::default(), Mode::Hybrid)
            .unwrap()
            .len()
            == 3
    );
}

#[test]
fn searching_before_any_build_is_a_clear_error() {
    let home = tempfile::tempdir().unwrap();
    let err = Searcher::open(&IndexRoot::new(home.path()), None)
        .err()
        .expect("no index yet");
    assert!(err.to_string().contains("portolan index build"), "{err}");
}
