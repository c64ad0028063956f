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
//!
//! The national tariff lines are read the same way, as examples of the
//! subheading they sit under ([`LabelledExamples::tariff_lines`]): a line
//! is a product description someone already classified, in the words of
//! goods ("Women's or girls' sweaters of cotton") or in Chinese.

use std::path::{Path, PathBuf};

use portolan_corpus::nomenclature::code_digits;
use portolan_corpus::Bundle;
use portolan_model::{EmbedKind, Embedder};
use portolan_retrieval::embed_cache::{self, EmbedCache};
use portolan_retrieval::vector::compact::CompactVectors;

use super::lines::{us_description, CN_NAMES, US_HTS};

/// The EU Combined Nomenclature: eight-digit lines whose descriptions stand
/// on their own ("Live cattle of a weight <= 80 kg (excl. pure-bred for
/// breeding)").
const EU_CN: &str = "hs/eu-cn-2023.csv";
use super::{ClassifyError, ClassifyRequest};

/// One classified product.
#[derive(Debug, Clone)]
pub struct LabelledExample {
    /// The file it comes from (for a tariff line, the tariff's document).
    pub doc: String,
    /// Its id in the source file (for a tariff line, its code as printed).
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
    /// One per example, in the same order.
    vectors: CompactVectors,
}

impl LabelledExamples {
    /// No examples.
    pub fn empty() -> Self {
        Self {
            examples: Vec::new(),
            vectors: CompactVectors::new(0),
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
        Self::embedded(
            examples,
            "examples",
            EmbedKind::Query,
            embedder,
            embedder_id,
            cache_path,
        )
    }

    /// The national tariff lines below the subheadings as examples of their
    /// subheading: US HTS lines of eight and ten digits, read with the
    /// indented descriptions above them ("Sweaters, pullovers… > Of cotton >
    /// Women's or girls'"), China's ten-digit lines by their Chinese names
    /// and the EU's eight-digit lines. They speak the words of goods more than the HS texts do, and
    /// the Chinese names give Chinese descriptions a nomenclature in their
    /// own language.
    pub fn tariff_lines(
        bundle: &Bundle,
        embedder: &dyn Embedder,
        embedder_id: &str,
        cache_path: &Path,
    ) -> Result<Self, ClassifyError> {
        Self::embedded(
            tariff_line_examples(bundle)?,
            "tariff lines",
            EmbedKind::Document,
            embedder,
            embedder_id,
            cache_path,
        )
    }

    /// Embeds, as `kind`, what the cache at `cache_path` does not hold yet,
    /// showing progress as `what` (the tariff lines take an hour or more
    /// on a first start).
    fn embedded(
        examples: Vec<LabelledExample>,
        what: &str,
        kind: EmbedKind,
        embedder: &dyn Embedder,
        embedder_id: &str,
        cache_path: &Path,
    ) -> Result<Self, ClassifyError> {
        let mut cache = EmbedCache::open(cache_path, embedder.dimension())?;
        // Query-side texts keep the plain key (caches written before tariff
        // lines were embedded stay valid); documents are told apart.
        let id = match kind {
            EmbedKind::Query => embedder_id.to_string(),
            EmbedKind::Document => format!("{embedder_id}|document"),
        };
        let keyed: Vec<_> = examples
            .iter()
            .map(|e| (embed_cache::key(&id, &e.text), e.text.as_str()))
            .collect();
        let embedded = cache.fill(&keyed, embedder, kind, Some(what))?;
        if embedded > 0 {
            tracing::info!(embedded, what, cache = %cache_path.display(), "labelled examples embedded (cached)");
        }
        let mut vectors = CompactVectors::new(embedder.dimension());
        for (e, (k, _)) in examples.iter().zip(&keyed) {
            cache
                .get(k)
                .and_then(|v| vectors.push(v))
                .ok_or_else(|| ClassifyError::Examples(format!("no vector for {}", e.id)))?;
        }
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
        self.vectors
            .top_k(query, k, |i| {
                Some(self.examples[i].group.as_str()) != exclude
            })
            .into_iter()
            .map(|(i, s)| (&self.examples[i], s))
            .collect()
    }

    /// The `k` examples most similar to `query` among those whose code
    /// starts with one of `prefixes` (digits), best first.
    pub fn nearest_within(
        &self,
        query: &[f32],
        k: usize,
        prefixes: &[&str],
    ) -> Vec<(&LabelledExample, f32)> {
        self.vectors
            .top_k(query, k, |i| {
                prefixes.iter().any(|p| self.examples[i].hs6.starts_with(p))
            })
            .into_iter()
            .map(|(i, s)| (&self.examples[i], s))
            .collect()
    }
}

/// The eight- and ten-digit lines of the US, China and EU tariffs, as examples
/// of their subheadings (see [`LabelledExamples::tariff_lines`]).
fn tariff_line_examples(bundle: &Bundle) -> Result<Vec<LabelledExample>, ClassifyError> {
    let mut examples = Vec::new();
    for doc in [US_HTS, CN_NAMES, EU_CN] {
        let chunks = bundle.load_document_if_present(doc)?;
        let codes: Vec<String> = chunks.iter().map(|c| code_digits(&c.locator)).collect();
        for (i, c) in chunks.into_iter().enumerate() {
            let code = &codes[i];
            // An eight-digit line split into ten-digit ones is read in each of
            // them (it heads their path), so it is left out.
            let split = codes
                .get(i + 1)
                .is_some_and(|next| next.len() > code.len() && next.starts_with(code.as_str()));
            if code.len() < 8 || split {
                continue;
            }
            // The special provisions of chapters 98–99 are not compared by
            // meaning. Most name no subheading (returned goods, quotas); the
            // temporary reductions of 9902 do, but each describes one product
            // at length, and by meaning a shaker cup came nearest the
            // "stainless steel bowls designed for … stand food mixers" of
            // 8509.90, ABS pellets an ion-exchange resin in beads: read by
            // meaning they moved 5 classify-dev items right and 5 wrong.
            // Found by words (`Evidence::add_lines`) they vote for the
            // subheading they name.
            if doc == US_HTS && (code.starts_with("98") || code.starts_with("99")) {
                continue;
            }
            let text = if doc == US_HTS {
                us_description(&c)
            } else {
                c.text.lines().next().unwrap_or_default().to_string()
            };
            examples.push(LabelledExample {
                doc: doc.to_string(),
                id: c.locator.clone(),
                group: c.locator,
                text,
                hs6: code[..6].to_string(),
            });
        }
    }
    Ok(examples)
}

fn read_examples(file: &Path) -> Result<Vec<LabelledExample>, ClassifyError> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| ClassifyError::Examples(format!("reading {}: {e}", file.display())))?;
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let ex: ExampleLine = serde_json::from_str(line)
            .map_err(|e| ClassifyError::Examples(format!("{}:{}: {e}", file.display(), n + 1)))?;
        let digits: String = ex.gold.first().map(|g| code_digits(g)).unwrap_or_default();
        if digits.len() < 6 {
            continue;
        }
        out.push(LabelledExample {
            doc: file.display().to_string(),
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
            doc: String::new(),
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
            vectors: {
                let mut m = CompactVectors::new(2);
                for v in [[1.0, 0.0], [0.0, 1.0], [0.8, 0.6], [0.99, 0.1]] {
                    m.push(&v).unwrap();
                }
                m
            },
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
    fn nearest_within_keeps_to_the_codes_given_however_far_they_are() {
        let ex = examples();
        let within = |prefixes: &[&str]| -> Vec<String> {
            ex.nearest_within(&[1.0, 0.0], 3, prefixes)
                .iter()
                .map(|(e, _)| e.id.clone())
                .collect()
        };
        assert_eq!(
            within(&["0306"]),
            ["b"],
            "the farthest line, alone in its code"
        );
        assert_eq!(within(&["7117", "0306"]), ["c", "b"]);
        assert!(within(&["8471"]).is_empty());
    }

    #[test]
    fn tariff_lines_read_with_their_parents_chinese_names_and_eu_texts() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("hs")).unwrap();
        std::fs::write(
            dir.path().join(US_HTS),
            "HTS Number,Indent,Description,Unit of Quantity,General Rate of Duty,Special Rate of Duty,Column 2 Rate of Duty\n\
             6110,0,\"Sweaters, pullovers:\",,,,\n\
             6110.20,1,Of cotton:,,,,\n\
             6110.20.20,2,Other,,16.5%,,\n\
             ,3,Sweaters:,,,,\n\
             6110.20.20.10,4,Men's or boys',doz.,,,\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join(CN_NAMES),
            "hs10,ciq,name_zh\n6110200000,999,棉制针织套头衫\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join(EU_CN),
            "code;description;unit_id\n61102010;\"Lightweight fine-knit roll, polo or turtleneck jumpers and pullovers, of cotton\";p/st\n",
        )
        .unwrap();
        let bundle = Bundle::open(dir.path()).unwrap();
        let got = tariff_line_examples(&bundle).unwrap();
        let texts: Vec<(&str, &str)> = got
            .iter()
            .map(|e| (e.hs6.as_str(), e.text.as_str()))
            .collect();
        assert_eq!(
            texts,
            [
                (
                    "611020",
                    "Sweaters, pullovers: > Of cotton: > Other > Sweaters: > Men's or boys'"
                ),
                ("611020", "棉制针织套头衫"),
                (
                    "611020",
                    "Lightweight fine-knit roll, polo or turtleneck jumpers and pullovers, of cotton"
                ),
            ],
            "headings and subheadings are left to the HS nodes, a split line to its parts; rates stay out"
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
