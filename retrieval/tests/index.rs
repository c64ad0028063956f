//! Building, rebuilding and searching an index of a small bundle copied from
//! the reference data. The embedder here is a deterministic bag-of-characters
//! fixture: these tests are about indexing mechanics (reuse, publication,
//! filters, one hit per article), which do not depend on the model.
//! `real_embedder.rs` checks retrieval quality with EmbeddingGemma.

use portolan_corpus::bundle::reference_root as data_dir;
use std::path::Path;
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
    // A query searched before has its vector at hand, without the embedder.
    assert_eq!(searcher.cached_query_vector("关税 免征"), None);
    let before = embedder.calls.load(Ordering::SeqCst);
    let computed = searcher.embed_query("关税 免征").unwrap();
    assert_eq!(embedder.calls.load(Ordering::SeqCst), before + 1);
    assert_eq!(searcher.cached_query_vector("关税 免征"), Some(computed));
    assert_eq!(embedder.calls.load(Ordering::SeqCst), before + 1);

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

#[test]
fn single_documents_are_added_and_removed_in_place_with_version_status() {
    let data = tempfile::tempdir().unwrap();
    mini_bundle(data.path());
    let tariff_law = "regulations/cn-law/关税法(2024-04-26).md";
    let moved = data
        .path()
        .parent()
        .unwrap()
        .join(format!("portolan-held-{}.md", std::process::id()));
    std::fs::rename(data.path().join(tariff_law), &moved).unwrap();
    let home = tempfile::tempdir().unwrap();
    let root = IndexRoot::new(home.path());
    let bundle = Bundle::open(data.path()).unwrap();
    let embedder = Arc::new(CharHashEmbedder {
        calls: AtomicUsize::new(0),
    });
    indexer::build(&root, &bundle, embedder.as_ref(), "fixture").unwrap();

    let in_force = Filter {
        in_force_only: true,
        ..Default::default()
    };
    let regulation_in_force = |root: &IndexRoot| {
        let s = Searcher::open(root, Some(embedder.clone())).unwrap();
        s.search(
            "进出口关税条例 关税 纳税义务人",
            10,
            &in_force,
            Mode::Lexical,
        )
        .unwrap()
        .iter()
        .any(|h| h.chunk.doc.contains("进出口关税条例"))
    };
    assert!(
        regulation_in_force(&root),
        "alone, the 2017 regulation is in force"
    );

    // Adding the law that replaced it re-indexes the regulation as superseded.
    std::fs::rename(&moved, data.path().join(tariff_law)).unwrap();
    let added = indexer::update_documents(
        &root,
        &bundle,
        embedder.as_ref(),
        "fixture",
        &[tariff_law.to_string()],
    )
    .unwrap();
    assert!(
        added.documents.iter().any(|d| d.contains("进出口关税条例")),
        "{added:?}"
    );
    assert!(added.added > 50 && added.embedded > 50);
    assert!(!regulation_in_force(&root));
    let s = Searcher::open(&root, Some(embedder.clone())).unwrap();
    let hits = s
        .search(
            "关税法 纳税人 扣缴义务人",
            5,
            &Filter::default(),
            Mode::Hybrid,
        )
        .unwrap();
    assert!(hits.iter().any(|h| h.chunk.doc == tariff_law));

    // Removing it again: its chunks and vectors go, the regulation is back in force.
    std::fs::remove_file(data.path().join(tariff_law)).unwrap();
    let removed = indexer::update_documents(
        &root,
        &bundle,
        embedder.as_ref(),
        "fixture",
        &[tariff_law.to_string()],
    )
    .unwrap();
    assert!(removed.removed >= added.added, "{removed:?}");
    assert!(regulation_in_force(&root));
    let s = Searcher::open(&root, Some(embedder.clone())).unwrap();
    for mode in [Mode::Lexical, Mode::Dense, Mode::Hybrid] {
        let hits = s
            .search("关税法 纳税人 扣缴义务人", 10, &Filter::default(), mode)
            .unwrap();
        assert!(
            hits.iter().all(|h| h.chunk.doc != tariff_law),
            "{mode:?} still finds the removed law"
        );
    }
    assert!(indexer::update_documents(
        &root,
        &bundle,
        embedder.as_ref(),
        "fixture",
        &["notes.txt".into()]
    )
    .is_err());
}

#[test]
fn searches_keep_working_while_documents_are_ingested() {
    let data = tempfile::tempdir().unwrap();
    mini_bundle(data.path());
    let home = tempfile::tempdir().unwrap();
    let root = IndexRoot::new(home.path());
    let bundle = Bundle::open(data.path()).unwrap();
    let embedder = Arc::new(CharHashEmbedder {
        calls: AtomicUsize::new(0),
    });
    indexer::build(&root, &bundle, embedder.as_ref(), "fixture").unwrap();
    let searcher = Searcher::open(&root, Some(embedder.clone())).unwrap();
    let done = std::sync::atomic::AtomicBool::new(false);
    let (searched, failed) = std::thread::scope(|s| {
        let reader = s.spawn(|| {
            let (mut ok, mut failed) = (0, 0);
            while !done.load(Ordering::SeqCst) || ok == 0 {
                match searcher.search("关税 纳税人", 5, &Filter::default(), Mode::Hybrid) {
                    Ok(h) if !h.is_empty() => ok += 1,
                    _ => failed += 1,
                }
            }
            (ok, failed)
        });
        let gri = data.path().join("hs/gri.md");
        for i in 0..3 {
            let text = std::fs::read_to_string(&gri).unwrap().replacen(
                "ease of reference",
                &format!("ease of reference {i}"),
                1,
            );
            std::fs::write(&gri, text).unwrap();
            indexer::update_documents(
                &root,
                &bundle,
                embedder.as_ref(),
                "fixture",
                &["hs/gri.md".into()],
            )
            .unwrap();
        }
        done.store(true, Ordering::SeqCst);
        reader.join().unwrap()
    });
    assert!(searched > 0);
    assert_eq!(failed, 0, "{failed} searches failed during ingest");
}

#[test]
fn a_later_piece_is_ranked_by_its_first_piece_not_twice_by_its_words() {
    let data = tempfile::tempdir().unwrap();
    mini_bundle(data.path());
    // A long GACC interpretation split into two pieces; only the second
    // holds the query's words, and only the first is embedded.
    let opening = "海关总署联合商务部发布公告，对自动进口许可管理货物目录进行调整。".repeat(20);
    let later =
        "海运进口货物在境内换装内河驳船后发生的内河运费，单独列明的，不计入完税价格。".repeat(10);
    let record = serde_json::json!({
        "id": "gacc-interp-900",
        "title": "自动进口许可管理解读",
        "content": format!("{opening}\n\n{later}"),
    });
    let gacc = data
        .path()
        .join("regulations/cn-customs/policy-interpretations.jsonl");
    std::fs::create_dir_all(gacc.parent().unwrap()).unwrap();
    std::fs::write(&gacc, format!("{record}\n")).unwrap();
    let home = tempfile::tempdir().unwrap();
    let root = IndexRoot::new(home.path().join("index"));
    let bundle = Bundle::open(data.path()).unwrap();
    let embedder = Arc::new(CharHashEmbedder {
        calls: AtomicUsize::new(0),
    });
    indexer::build(&root, &bundle, embedder.as_ref(), "fixture").unwrap();
    let searcher = Searcher::open(&root, Some(embedder)).unwrap();

    let query = "内河驳船运费";
    let doc = "regulations/cn-customs/policy-interpretations.jsonl";
    let search = |mode| {
        searcher
            .search(query, 60, &Filter::default(), mode)
            .unwrap()
    };
    let lexical = search(Mode::Lexical);
    assert_eq!(lexical[0].chunk.id, format!("{doc}#gacc-interp-900#1"));
    // The dense retriever ranks the record by its opening piece.
    let dense = search(Mode::Dense);
    let first_rank = dense
        .iter()
        .position(|h| h.chunk.locator == "gacc-interp-900")
        .map(|r| r + 1);
    assert_ne!(
        first_rank,
        Some(1),
        "the fixture needs the opening ranked below the top"
    );
    let hybrid = search(Mode::Hybrid);
    let hit = hybrid
        .iter()
        .find(|h| h.chunk.locator == "gacc-interp-900")
        .unwrap();
    // The piece holding the words is the one given, scored once by BM25 and
    // once through its opening: not BM25's first rank twice.
    assert_eq!(hit.chunk.id, format!("{doc}#gacc-interp-900#1"));
    let expected = 1.0 / 61.0 + first_rank.map_or(0.0, |r| 1.0 / (60.0 + r as f32));
    assert!(
        (hit.score - expected).abs() < 1e-6,
        "score {} against {expected} (dense rank of the opening {first_rank:?})",
        hit.score
    );
}
