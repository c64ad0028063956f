//! HS classification, first stage: candidate codes from the nomenclatures.
//!
//! A description is searched (BM25) against every tariff line of the
//! knowledge base: HS 2022 nodes, China's 10-digit names (Chinese), US HTS
//! lines with their inherited descriptions, EU CN lines. Each hit votes for
//! the HS subheading its code falls under, with a weight decaying by rank;
//! votes are summed up the hierarchy (subheading → heading → chapter). Only
//! codes present in HS 2022 can be returned: a code is never generated.
//!
//! Confidence is a candidate's share of the votes. When the best subheading
//! holds little of it but its heading holds much more, the heading is
//! returned instead (say less, not something wrong). Ranking the short list
//! with the language model and the notes is the next stage.

use std::collections::HashMap;

use portolan_corpus::{Bundle, DocType};
use portolan_retrieval::{Filter, Mode, Searcher};

/// Tariff lines retrieved per description.
const HITS: usize = 120;
/// HS nodes retrieved by meaning per description.
const DENSE_HITS: usize = 40;
/// Rank damping of a hit's vote: `1 / (RANK_K + rank)`.
const RANK_K: f32 = 10.0;
/// Below this share of the votes, a subheading is not asserted…
const SUBHEADING_SURE: f32 = 0.25;
/// …when its heading holds at least this multiple of its share.
const HEADING_MARGIN: f32 = 2.0;

/// Errors of the classification service.
#[derive(Debug, thiserror::Error)]
pub enum ClassifyError {
    /// Searching the nomenclatures failed.
    #[error(transparent)]
    Retrieval(#[from] portolan_retrieval::RetrievalError),
    /// The nomenclature could not be read.
    #[error(transparent)]
    Corpus(#[from] portolan_corpus::CorpusError),
    /// A request that cannot be served.
    #[error("invalid request: {0}")]
    InvalidRequest(String),
}

/// What to classify.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct ClassifyRequest {
    /// Goods description, Chinese or English, terse or listing-style.
    pub description: String,
    /// Attributes (material, type, …), if any.
    #[serde(default)]
    pub attributes: Option<serde_json::Map<String, serde_json::Value>>,
    /// Marketplace category path (English).
    #[serde(default)]
    pub category_path: Option<String>,
    /// Marketplace category path (Chinese).
    #[serde(default)]
    pub category_path_zh: Option<String>,
}

/// One candidate code.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Candidate {
    /// Digits only: 6 for a subheading, 4 for a heading.
    pub code: String,
    /// 6 or 4.
    pub level: u8,
    /// Share of the retrieval votes, in [0, 1].
    pub confidence: f32,
    /// Official HS 2022 description.
    pub description: String,
}

/// The answer: candidates best first; `abstained` when the first is a heading
/// because no subheading was likely enough.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Classification {
    /// Best first.
    pub candidates: Vec<Candidate>,
    /// The first candidate is a heading, not a subheading.
    pub abstained: bool,
}

/// Attribute names whose values describe the goods (not brand, origin, packaging).
const DESCRIPTIVE_ATTRIBUTES: &[&str] = &[
    "material",
    "item type",
    "type",
    "metals type",
    "main material",
    "product type",
    "fabric type",
    "style",
];

/// The classifier: a lexical searcher and the HS 2022 descriptions.
pub struct Classifier {
    searcher: Searcher,
    hs: HashMap<String, String>,
    dense: bool,
}

impl Classifier {
    /// A classifier over the searcher's index and the HS 2022 file of
    /// `bundle`; `dense` adds candidates by meaning (the searcher then needs an embedder).
    pub fn new(searcher: Searcher, bundle: &Bundle, dense: bool) -> Result<Self, ClassifyError> {
        let hs = bundle
            .load_document("hs/hs2022.csv")?
            .into_iter()
            .map(|c| (c.locator.replace('.', ""), c.text))
            .collect();
        Ok(Self {
            searcher,
            hs,
            dense,
        })
    }

    /// The search text of a request.
    fn query(req: &ClassifyRequest) -> String {
        let mut q = req.description.clone();
        for path in [&req.category_path, &req.category_path_zh]
            .into_iter()
            .flatten()
        {
            q.push(' ');
            q.push_str(&path.replace('>', " "));
        }
        if let Some(attrs) = &req.attributes {
            for (k, v) in attrs {
                if DESCRIPTIVE_ATTRIBUTES.contains(&k.trim().to_lowercase().as_str()) {
                    if let Some(v) = v.as_str() {
                        q.push(' ');
                        q.push_str(v);
                    }
                }
            }
        }
        q
    }

    /// Up to `top_k` candidates for a description.
    pub fn classify(
        &self,
        req: &ClassifyRequest,
        top_k: usize,
    ) -> Result<Classification, ClassifyError> {
        if req.description.trim().is_empty() {
            return Err(ClassifyError::InvalidRequest("empty description".into()));
        }
        let filter = Filter {
            doc_types: vec![
                DocType::Hs,
                DocType::CnTariff,
                DocType::UsTariff,
                DocType::EuTariff,
            ],
            ..Filter::default()
        };
        let query = Self::query(req);
        let mut hits = self.searcher.search(&query, HITS, &filter, Mode::Lexical)?;
        // HS nodes carry vectors: meaning reaches them where words do not
        // (a listing's marketing words, a Chinese description). Each list
        // votes with its own rank decay.
        let lexical_len = hits.len();
        if self.dense {
            let hs_only = Filter {
                doc_types: vec![DocType::Hs],
                ..Filter::default()
            };
            hits.extend(
                self.searcher
                    .search(&query, DENSE_HITS, &hs_only, Mode::Dense)?,
            );
        }
        let mut sub: HashMap<String, f32> = HashMap::new();
        let mut heading: HashMap<String, f32> = HashMap::new();
        for (i, h) in hits.iter().enumerate() {
            let rank = if i < lexical_len { i } else { i - lexical_len };
            let digits: String = h
                .chunk
                .locator
                .chars()
                .filter(char::is_ascii_digit)
                .collect();
            let vote = 1.0 / (RANK_K + rank as f32);
            if digits.len() >= 6 && self.hs.contains_key(&digits[..6]) {
                *sub.entry(digits[..6].to_string()).or_default() += vote;
            }
            if digits.len() >= 4 && self.hs.contains_key(&digits[..4]) {
                *heading.entry(digits[..4].to_string()).or_default() += vote;
            }
        }
        let total: f32 = sub.values().sum::<f32>().max(f32::EPSILON);
        let heading_total: f32 = heading.values().sum::<f32>().max(f32::EPSILON);
        let mut ranked: Vec<(String, f32)> = sub.into_iter().map(|(c, v)| (c, v / total)).collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let describe = |code: &str| self.hs.get(code).cloned().unwrap_or_default();
        let mut candidates: Vec<Candidate> = ranked
            .iter()
            .take(top_k)
            .map(|(code, share)| Candidate {
                code: code.clone(),
                level: 6,
                confidence: *share,
                description: describe(code),
            })
            .collect();
        let mut abstained = false;
        if let Some(best) = candidates.first() {
            let h = &best.code[..4];
            let h_share = heading.get(h).copied().unwrap_or(0.0) / heading_total;
            if best.confidence < SUBHEADING_SURE && h_share >= HEADING_MARGIN * best.confidence {
                let head = Candidate {
                    code: h.to_string(),
                    level: 4,
                    confidence: h_share,
                    description: describe(h),
                };
                candidates.insert(0, head);
                candidates.truncate(top_k.max(1));
                abstained = true;
            }
        }
        Ok(Classification {
            candidates,
            abstained,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_keeps_descriptive_attributes_and_paths_only() {
        let req: ClassifyRequest = serde_json::from_str(
            r#"{"description": "Pearl pendant", "category_path": "Jewelry > Pendants", "attributes": {"Material": "Pearl", "Brand Name": "GG", "Origin": "Mainland China"}}"#,
        )
        .unwrap();
        let q = Classifier::query(&req);
        assert!(q.contains("Pearl pendant") && q.contains("Jewelry") && q.contains("Pendants"));
        assert!(q.matches("Pearl").count() == 2 && !q.contains("GG") && !q.contains("Mainland"));
    }
}
