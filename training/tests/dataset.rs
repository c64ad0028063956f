//! The training set built from the real bundle: no dev-set item enters it,
//! answers rest on what they cite, and a seed reproduces it exactly.

use rand::SeedableRng;

use portolan_corpus::Bundle;
use portolan_training::dataset::{self, ChatExample, DevSets};

fn build(seed: u64) -> Vec<ChatExample> {
    let root = portolan_corpus::bundle::reference_root();
    let bundle = Bundle::open(&root).unwrap();
    let dev = DevSets::load(&root.join("eval")).unwrap();
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let mut out = dataset::classify::build(&bundle, &dev, 600, &mut rng).unwrap();
    out.extend(dataset::qa::build(&bundle, &dev, 300, true, &mut rng).unwrap());
    out
}

#[test]
fn no_dev_description_or_question_enters_the_training_set() {
    let examples = build(17);
    assert_eq!(examples.len(), 900);
    let root = portolan_corpus::bundle::reference_root().join("eval");
    let mut dev = Vec::new();
    for set in [
        "classify-dev.jsonl",
        "classify-zh-dev.jsonl",
        "qa-dev.jsonl",
    ] {
        for line in std::fs::read_to_string(root.join(set))
            .unwrap()
            .lines()
            .filter(|l| !l.trim().is_empty())
        {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            for key in ["description", "question"] {
                if let Some(t) = v[key].as_str().filter(|t| t.chars().count() >= 6) {
                    dev.push(t.to_string());
                }
            }
        }
    }
    assert!(dev.len() > 600, "{}", dev.len());
    for e in &examples {
        let text = e.prompt_text();
        for d in &dev {
            assert!(
                !text.contains(d.as_str()),
                "dev item {d:?} in a training prompt"
            );
        }
    }
}

#[test]
fn answers_rest_on_what_they_cite_and_a_seed_reproduces_the_set() {
    let examples = build(17);
    let hs =
        std::fs::read_to_string(portolan_corpus::bundle::reference_root().join("hs/hs2022.csv"))
            .unwrap();
    for e in examples.iter().filter(|e| e.kind == "classify") {
        let answer = &e.messages.last().unwrap().content;
        let code: String = answer.chars().skip(3).take(6).collect();
        assert!(
            hs.contains(&format!(",{code},")),
            "{code} is an HS 2022 subheading"
        );
        assert!(
            e.provenance[0].locator.replace('.', "").starts_with(&code),
            "{:?}",
            e.provenance
        );
    }
    let bundle = Bundle::open(portolan_corpus::bundle::reference_root()).unwrap();
    for e in examples.iter().filter(|e| e.kind == "qa").take(40) {
        let answer = &e.messages.last().unwrap().content;
        let source = &e.provenance[0];
        let chunk = bundle
            .load_document(&source.doc)
            .unwrap()
            .into_iter()
            .find(|c| c.id == source.chunk)
            .unwrap();
        // The quoted words are the provision's own (its first few).
        let flat: String = chunk.text.split_whitespace().collect::<Vec<_>>().join(" ");
        let quoted: String = answer
            .split(['：', '"'])
            .nth(1)
            .unwrap()
            .chars()
            .take(12)
            .collect();
        assert!(
            flat.contains(&quoted),
            "{quoted:?} not in {}",
            source.locator
        );
        // The cited number is the passage holding the provision.
        let n: usize = answer
            .rsplit('[')
            .next()
            .unwrap()
            .trim_end_matches(']')
            .parse()
            .unwrap();
        let prompt = &e.messages[e.messages.len() - 2].content;
        let line = prompt
            .lines()
            .find(|l| l.starts_with(&format!("[{n}] ")))
            .unwrap();
        assert!(line.contains(&source.locator), "{line}");
    }
    assert!(examples.iter().any(|e| e.kind == "qa-refusal"));
    assert_eq!(build(17), examples, "same seed, same set");
    assert_ne!(build(18), examples);
}
