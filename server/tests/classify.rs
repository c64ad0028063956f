//! The classifier's retrieval stage on an index of the real nomenclature
//! files (lexical candidates only: dense candidates need the full index).

use portolan_corpus::bundle::reference_root as data_dir;

use portolan_corpus::Bundle;
use portolan_model::{EmbedKind, Embedder};
use portolan_retrieval::{indexer, IndexRoot, Searcher};
use portolan_server::classify::{Classifier, ClassifyRequest};

/// Every text gets the same unit vector: these tests do not use dense search.
struct ConstantEmbedder;

impl Embedder for ConstantEmbedder {
    fn dimension(&self) -> usize {
        4
    }
    fn embed(&self, texts: &[&str], _: EmbedKind) -> portolan_model::Result<Vec<Vec<f32>>> {
        Ok(texts.iter().map(|_| vec![0.5; 4]).collect())
    }
}

#[test]
fn candidates_are_real_codes_ranked_with_shares() {
    let data = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(data.path().join("hs")).unwrap();
    for f in [
        "hs2022.csv",
        "hs2022-sections.csv",
        "cn-hs10-names.csv",
        "us-hts-2025.csv",
        "eu-cn-2023.csv",
    ] {
        std::fs::copy(
            data_dir().join("hs").join(f),
            data.path().join("hs").join(f),
        )
        .unwrap();
    }
    let home = tempfile::tempdir().unwrap();
    let root = IndexRoot::new(home.path());
    let bundle = Bundle::open(data.path()).unwrap();
    indexer::build(&root, &bundle, &ConstantEmbedder, "constant").unwrap();
    let classifier = Classifier::new(Searcher::open(&root, None).unwrap(), &bundle, false).unwrap();
    let hs6: std::collections::HashSet<String> = bundle
        .load_document("hs/hs2022.csv")
        .unwrap()
        .into_iter()
        .map(|c| c.locator.replace('.', ""))
        .collect();

    let ask = |d: &str| {
        classifier
            .classify(
                &ClassifyRequest {
                    description: d.into(),
                    ..Default::default()
                },
                5,
            )
            .unwrap()
    };
    let shrimp = ask("frozen shrimps and prawns, in shell");
    assert!(
        shrimp
            .candidates
            .iter()
            .any(|c| c.code == "030617" || c.code == "030616" || c.code == "0306"),
        "{shrimp:?}"
    );
    let zh = ask("冻虾仁");
    assert!(
        zh.candidates.iter().any(|c| c.code.starts_with("0306")),
        "{zh:?}"
    );
    for result in [
        &shrimp,
        &zh,
        &ask("laptop computer, portable, weighing under 10 kg"),
    ] {
        assert!(!result.candidates.is_empty() && result.candidates.len() <= 5);
        for c in &result.candidates {
            assert!(hs6.contains(&c.code), "{} is not an HS 2022 code", c.code);
            assert!((0.0..=1.0).contains(&c.confidence));
            assert_eq!(c.code.len(), c.level as usize);
        }
        let sixes: Vec<f32> = result
            .candidates
            .iter()
            .filter(|c| c.level == 6)
            .map(|c| c.confidence)
            .collect();
        assert!(
            sixes.windows(2).all(|w| w[0] >= w[1]),
            "not best first: {sixes:?}"
        );
    }
    assert!(
        classifier.classify(&ClassifyRequest::default(), 5).is_err(),
        "empty description"
    );
}
