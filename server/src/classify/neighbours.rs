//! Nearest labelled examples: products already classified vote for their codes.
//!
//! Descriptions of real goods rarely use the nomenclature's words ("Keshi
//! pearl pendant" vs "articles of natural or cultured pearls"), so the
//! tariff lines alone leave the right code off the short list for about half
//! the items. Products classified before bridge that gap: a listing's nearest
//! labelled neighbours, compared by meaning, usually share its subheading.
//!
//! Examples come from JSON-lines files in the evaluation-set shape (`id`,
//! `description`, optional `attributes`, `category_path`, `category_path_zh`,
//! `gold` codes). Their vectors are cached beside the index, keyed by the
//! embedder and the text, so a restart embeds nothing new. An evaluation on
//! the same files must exclude each item from its own neighbours, and from
//! its translations: an item `based_on` another is the same product
//! ([`LabelledExamples::nearest`] takes the group to leave out).

use std::path::{Path, PathBuf};

use portolan_corpus::nomenclature::code_digits;
use portolan_model::{EmbedKind, Embedder};
use portolan_retrieval::embed_cache::{self, EmbedCache};
use portolan_retrieval::vector::dot;

use super::{ClassifyError, ClassifyRequest};

/// Examples embedded per call (the cache is written after each).
const EMBED_BATCH: usize = 64;

/// One classified product.
#[derive(Debug, Clone)]
pub struct LabelledExample {
    /// Its id in the source file.
    pub id: String,
    /// The product it describes: its `based_on` id, else its own id.
    pub group: String,
    /// The text compared (as [`ClassifyRequest::search_text`] builds it).
    pub text: String,
    /// Its HS subheading (first six digits of its code).
    pub hs6: String,
}

#[derive(serde::Deserialize)]
struct ExampleLine {
    id: String,
    #[serde(default)]
    based_on: Option<String>,
    #[serde(default)]
    gold: Vec<String>,
    #[serde(flatten)]
    request: ClassifyRequest,
}

/// Labelled products and their vectors.
pub struct LabelledExamples {
    examples: Vec<LabelledExample>,
    vectors: Vec<Vec<f32>>,
}

impl LabelledExamples {
    /// No examples.
    pub fn empty() -> Self {
        Self {
            examples: Vec::new(),
            vectors: Vec::new(),
        }
    }

    /// Reads the example files and embeds what the cache at `cache_path`
    /// does not hold yet. `embedder_id` names the embedder's numerics.
    pub fn load(
        files: &[PathBuf],
        embedder: &dyn Embedder,
        embedder_id: &str,
        cache_path: &Path,
    ) -> Result<Self, ClassifyError> {
        let mut examples = Vec::new();
        for file in files {
            examples.extend(read_examples(file)?);
        }
        let mut cache = EmbedCache::open(cache_path, embedder.dimension())?;
        let keys: Vec<_> = examples
            .iter()
            .map(|e| embed_cache::key(embedder_id, &e.text))
            .collect();
        let missing: Vec<usize> = (0..examples.len())
            .filter(|&i| cache.get(&keys[i]).is_none())
            .collect();
        if !missing.is_empty() {
            tracing::info!(
                examples = missing.len(),
                "embedding labelled examples (once; cached)"
            );
        }
        for batch in missing.chunks(EMBED_BATCH) {
            let texts: Vec<&str> = batch.iter().map(|&i| examples[i].text.as_str()).collect();
            let vecs = embedder.embed(&texts, EmbedKind::Query)?;
            cache.put(batch.iter().map(|&i| keys[i]).zip(vecs).collect())?;
        }
        let vectors = keys
            .iter()
            .map(|k| cache.get(k).cloned().unwrap_or_default())
            .collect();
        Ok(Self { examples, vectors })
    }

    /// Examples held.
    pub fn len(&self) -> usize {
        self.examples.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.examples.is_empty()
    }

    /// The `k` examples most similar to `query` (cosine; vectors are unit
    /// length), best first, leaving out the examples of group `exclude`.
    pub fn nearest(
        &self,
        query: &[f32],
        k: usize,
        exclude: Option<&str>,
    ) -> Vec<(&LabelledExample, f32)> {
        let mut scored: Vec<(usize, f32)> = self
            .vectors
            .iter()
            .enumerate()
            .filter(|(i, v)| {
                v.len() == query.len() && Some(self.examples[*i].group.as_str()) != exclude
            })
            .map(|(i, v)| (i, dot(v, query)))
            .collect();
        scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        scored
            .into_iter()
            .take(k)
            .map(|(i, s)| (&self.examples[i], s))
            .collect()
    }
}

fn read_examples(file: &Path) -> Result<Vec<LabelledExample>, ClassifyError> {
    let text = std::fs::read_to_string(file).map_err(|e| {
        ClassifyError::InvalidRequest(format!("reading examples {}: {e}", file.display()))
    })?;
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let ex: ExampleLine = serde_json::from_str(line).map_err(|e| {
            ClassifyError::InvalidRequest(format!("{}:{}: {e}", file.display(), n + 1))
        })?;
        let digits: String = ex.gold.first().map(|g| code_digits(g)).unwrap_or_default();
        if digits.len() < 6 {
            continue;
        }
        out.push(LabelledExample {
            group: ex.based_on.unwrap_or_else(|| ex.id.clone()),
            id: ex.id,
            text: ex.request.search_text(),
            hs6: digits[..6].to_string(),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn examples() -> LabelledExamples {
        let ex = |id: &str, hs6: &str| LabelledExample {
            id: id.into(),
            group: id.trim_start_matches("zh-").into(),
            text: id.into(),
            hs6: hs6.into(),
        };
        LabelledExamples {
            examples: vec![
                ex("a", "711610"),
                ex("b", "030617"),
                ex("c", "711719"),
                ex("zh-a", "711610"),
            ],
            vectors: vec![
                vec![1.0, 0.0],
                vec![0.0, 1.0],
                vec![0.8, 0.6],
                vec![0.99, 0.1],
            ],
        }
    }

    #[test]
    fn nearest_ranks_by_cosine_and_leaves_out_the_excluded_item() {
        let ex = examples();
        let got: Vec<&str> = ex
            .nearest(&[1.0, 0.0], 2, None)
            .iter()
            .map(|(e, _)| e.id.as_str())
            .collect();
        assert_eq!(got, ["a", "zh-a"]);
        let loo: Vec<&str> = ex
            .nearest(&[1.0, 0.0], 2, Some("a"))
            .iter()
            .map(|(e, _)| e.id.as_str())
            .collect();
        assert_eq!(
            loo,
            ["c", "b"],
            "an item is never its own neighbour, nor is its translation"
        );
    }

    #[test]
    fn reads_the_eval_shape_and_skips_items_without_a_subheading() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("ex.jsonl");
        std::fs::write(
            &f,
            r#"{"id":"x1","description":"Pearl pendant","category_path":"Jewelry > Pendants","gold":["7116102500"]}
{"id":"zh-x1","based_on":"x1","description":"珍珠吊坠","gold":["7116102500"]}
{"id":"x2","description":"no code","gold":["71"]}
"#,
        )
        .unwrap();
        let got = read_examples(&f).unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].hs6, "711610");
        assert_eq!((got[0].group.as_str(), got[1].group.as_str()), ("x1", "x1"));
        assert!(got[0].text.contains("Pendants"));
        std::fs::write(&f, "{not json}\n").unwrap();
        assert!(
            read_examples(&f).is_err(),
            "a malformed line is an error, not skipped"
        );
    }
}
