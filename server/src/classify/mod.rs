//! HS classification, first stage: candidate codes from the nomenclatures.
//!
//! A description is searched (BM25) against every tariff line of the
//! knowledge base: HS 2022 nodes, China's 10-digit names (Chinese), US HTS
//! lines with their inherited descriptions, EU CN lines. Each subheading
//! found gets a vote from its best-ranked line, decaying by rank.
//! HS nodes, national lines and labelled products found by meaning vote
//! too (see `evidence`); votes are summed up the hierarchy (subheading →
//! heading → chapter). Only codes present in HS 2022 can be returned: a
//! code is never generated. What the legal notes rule out given what the
//! description states is taken away (`apparel`: knitted garments are never
//! chapter 62, woven never 61, men's never in a women's heading; `fibres`:
//! a 100% polyester pullover is not "of cotton"; `footwear`: a PU upper is
//! never heading 6403 or 6404; `cases`: a genuine-leather handbag is
//! 4202.21, a nylon backpack 4202.92; `materials`: a plastic cup is not steel kitchenware, a silicone
//! watch strap not one of base metal; `watches`: a listing "Watch Case … for
//! NH35 Movement … Dial" sells a case, not a part of one; and goods naming
//! no clock or watch are not of chapter 91; `jewellery`: set with cubic
//! zirconia, it is not imitation jewellery; `books`: an encyclopaedia or a
//! drawing tutorial is not a children's picture book; `forms`: a water
//! filter is not activated carbon, a PMMA sheet not PMMA in primary
//! forms, a silk handbag not silk yarn; `uses`: a bathroom scale is
//! 8423.10 whatever its capacity, a hydraulic relief valve 8481.20, a hair
//! dye shampoo 3305.90; `components`: a charger is 8504.40 and a valve of
//! 8481 whatever machine or vehicle they are for; `articles`: a bicycle
//! saddle is 8714.95, a hair clip 9615.90, insoles 6406.90), and the answer says what
//! was set aside and by which texts
//! (`ruled_out`). A chemical given by a CAS number that a national tariff
//! line names goes where that line places it (`cas`). A motor car or
//! motorcycle goes to the subheading of the drive and cylinder capacity
//! stated ("petrol, 1498 cc" is 8703.22), never to a bus or lorry
//! (`vehicles`). Eggs, poultry, meat and nuts go to the subheading of the
//! bird, bone and shell stated: 新鲜鸡蛋 is 0407.21, 腰果仁 0801.32
//! (`produce`). Drones, tea, chocolate, washing machines and scales go to
//! the subheading whose weight or capacity range holds the mass stated
//! (`masses`).
//!
//! Confidence is a candidate's share of the votes. When the best subheading
//! holds little of it but its heading holds much more, the heading is
//! returned instead (say less, not something wrong). Ranking the short list
//! with the language model and the notes is the next stage.

mod apparel;
mod articles;
mod batteries;
mod books;
pub mod calibration;
mod cas;
mod cases;
mod components;
mod evidence;
pub mod explain;
mod fibres;
mod fishing;
mod footwear;
mod forms;
mod hair;
mod jewellery;
mod kinds;
mod lamps;
pub mod lines;
mod masses;
mod materials;
pub mod neighbours;
mod produce;
mod request;
pub mod rerank;
mod ruled_out;
mod uses;
mod vehicles;
mod watches;

use std::collections::HashMap;
use std::sync::Arc;

use portolan_corpus::nomenclature::code_digits;
use portolan_corpus::{Bundle, DocType, Lang};
use portolan_retrieval::{Filter, Mode, Searcher};

use evidence::{Evidence, Scores, Weights};
pub use explain::{Citation, Explainer, Rationale};
use lines::FoundLines;
pub use lines::{CnLine, NationalLines, UsLine};
use neighbours::LabelledExample;
pub use neighbours::LabelledExamples;
pub use request::ClassifyRequest;
pub use rerank::ModelRanker;
pub use ruled_out::RuledOut;
use ruled_out::Stated;

/// Tariff lines retrieved per description.
const HITS: usize = 120;
/// HS nodes retrieved by meaning per description.
const DENSE_HITS: usize = 60;
/// National tariff lines retrieved by meaning per description.
const LINE_HITS: usize = 40;
/// Labelled neighbours consulted per description.
const NEIGHBOURS: usize = 10;

/// Tariff lines of a trade-named article's codes added when meaning found
/// none of them.
const ARTICLE_LINE_HITS: usize = 5;
/// How far below the nearest line of all (cosine) those lines may be.
const ARTICLE_LINE_MARGIN: f32 = 0.2;

/// Errors of the classification service.
#[derive(Debug, thiserror::Error)]
pub enum ClassifyError {
    /// Searching the nomenclatures failed.
    #[error(transparent)]
    Retrieval(#[from] portolan_retrieval::RetrievalError),
    /// The nomenclature could not be read.
    #[error(transparent)]
    Corpus(#[from] portolan_corpus::CorpusError),
    /// Embedding the labelled examples failed.
    #[error(transparent)]
    Model(#[from] portolan_model::ModelError),
    /// A request that cannot be served.
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// The labelled examples or tariff lines could not be read or embedded
    /// (at start-up, never per request).
    #[error("labelled examples: {0}")]
    Examples(String),
}

/// One candidate code.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Candidate {
    /// Digits only: 6 for a subheading, 4 for a heading.
    pub code: String,
    /// 6 or 4.
    pub level: u8,
    /// Probability of being right (calibrated on the dev set), in [0, 1].
    pub confidence: f32,
    /// Official HS 2022 description.
    pub description: String,
    /// Chinese goods name (of the China line, when it is determined).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description_zh: Option<String>,
    /// The China 10-digit line, with its declaration elements, when it can be determined.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cn: Option<CnLine>,
    /// The US HTS 10-digit line, with its general duty rate, when it can be determined.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub us: Option<UsLine>,
    /// Why this code (with `explain`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rationale: Option<Rationale>,
}

/// The answer: candidates best first; `abstained` when no subheading was
/// likely enough to assert.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Classification {
    /// Best first: a heading when no subheading is likely enough and the
    /// heading is; otherwise subheadings, at their calibrated confidence.
    pub candidates: Vec<Candidate>,
    /// No subheading is likely enough to assert
    /// ([`calibration::SUBHEADING_SURE`]): the first candidate is either the
    /// heading, when that is sure ([`calibration::HEADING_SURE`]), or the
    /// likeliest subheading given as a guess.
    pub abstained: bool,
    /// What the description states that ruled codes out, with the notes
    /// and HS texts that rule them out.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ruled_out: Vec<RuledOut>,
    /// Vote shares before calibration (to fit the calibration curves).
    #[serde(skip)]
    pub raw: RawShares,
}

/// Vote shares of the leading candidates, before calibration.
#[derive(Debug, Clone, Copy, Default)]
pub struct RawShares {
    /// Best subheading.
    pub best: f32,
    /// Runner-up subheading.
    pub second: f32,
    /// The best subheading's heading.
    pub best_heading: f32,
    /// The best other heading.
    pub second_heading: f32,
}

/// How to classify.
#[derive(Debug, Clone)]
pub struct ClassifyOptions {
    /// Candidates to return.
    pub top_k: usize,
    /// Add a rationale with citations to each candidate.
    pub explain: bool,
    /// Leave the labelled examples of this product out of the neighbours
    /// (an evaluation on the examples' own files).
    pub exclude_example: Option<String>,
}

impl Default for ClassifyOptions {
    fn default() -> Self {
        Self {
            top_k: 5,
            explain: false,
            exclude_example: None,
        }
    }
}

/// The classifier: a searcher, the HS 2022 descriptions, the national
/// lines, the legal texts it cites and labelled examples.
pub struct Classifier {
    searcher: Arc<Searcher>,
    hs: HashMap<String, String>,
    lines: NationalLines,
    explainer: Explainer,
    dense: bool,
    examples: LabelledExamples,
    tariff_lines: LabelledExamples,
    ranker: Option<ModelRanker>,
}

impl Classifier {
    /// A classifier over the searcher's index and the HS 2022 file of
    /// `bundle`; `dense` adds candidates by meaning (the searcher then needs
    /// an embedder), and `examples` (vectors from the same embedder) vote
    /// for the codes of similar products.
    pub fn new(
        searcher: impl Into<Arc<Searcher>>,
        bundle: &Bundle,
        dense: bool,
        examples: LabelledExamples,
    ) -> Result<Self, ClassifyError> {
        let hs_tree = bundle.load_document(explain::HS)?;
        let explainer = Explainer::load(bundle, &hs_tree)?;
        let hs = hs_tree
            .into_iter()
            .map(|c| (code_digits(&c.locator), c.text))
            .collect();
        Ok(Self {
            searcher: searcher.into(),
            hs,
            lines: NationalLines::load(bundle)?,
            explainer,
            dense,
            examples,
            tariff_lines: LabelledExamples::empty(),
            ranker: None,
        })
    }

    /// The same classifier with national tariff lines searched by meaning
    /// (see [`LabelledExamples::tariff_lines`]).
    pub fn with_tariff_lines(mut self, lines: LabelledExamples) -> Self {
        self.tariff_lines = lines;
        self
    }

    /// The same classifier with the language model weighing its short list.
    pub fn with_ranker(mut self, ranker: ModelRanker) -> Self {
        self.ranker = Some(ranker);
        self
    }

    /// Up to `top_k` candidates for a description.
    pub fn classify(
        &self,
        req: &ClassifyRequest,
        top_k: usize,
    ) -> Result<Classification, ClassifyError> {
        self.classify_with(
            req,
            &ClassifyOptions {
                top_k,
                ..Default::default()
            },
        )
    }

    /// Classifies with explicit options.
    pub fn classify_with(
        &self,
        req: &ClassifyRequest,
        opts: &ClassifyOptions,
    ) -> Result<Classification, ClassifyError> {
        if req.description.trim().is_empty() {
            return Err(ClassifyError::InvalidRequest("empty description".into()));
        }
        let query = req.search_text();
        let vector = if self.dense {
            Some(self.searcher.embed_query(&query)?)
        } else {
            None
        };
        let stated = Stated::read(req, &query);
        let weights = Weights::default();
        let mut evidence = Evidence::default();
        let tariff_lines = Filter {
            doc_types: vec![
                DocType::Hs,
                DocType::CnTariff,
                DocType::UsTariff,
                DocType::EuTariff,
            ],
            ..Filter::default()
        };
        let by_words = self
            .searcher
            .search(&query, HITS, &tariff_lines, Mode::Lexical)?;
        evidence.add_lines(&by_words, &self.hs);
        let mut found = FoundLines::default();
        if let Some(v) = &vector {
            // HS nodes carry vectors: meaning reaches them where words do not
            // (a listing's marketing words, a Chinese description). Each list
            // votes with its own rank decay.
            let hs_only = Filter {
                doc_types: vec![DocType::Hs],
                ..Filter::default()
            };
            let nodes = self.searcher.search_with_vector(
                &query,
                Some(v),
                DENSE_HITS,
                &hs_only,
                Mode::Dense,
            )?;
            evidence.add_nodes(&nodes, &self.hs, &weights);
            let mut lines = self.tariff_lines.nearest(v, LINE_HITS, None);
            if let Some(named) = stated.article().filter(|a| a.by_trade_name()) {
                self.add_trade_name_lines(named, v, &mut lines);
            }
            tracing::debug!(
                nearest = ?lines
                    .iter()
                    .take(5)
                    .map(|(l, sim)| (l.id.as_str(), l.text.as_str(), *sim))
                    .collect::<Vec<_>>(),
                "national lines by meaning"
            );
            evidence.add_line_meanings(&lines, &self.hs, &weights);
            found.add_by_meaning(&lines);
            let near = self
                .examples
                .nearest(v, NEIGHBOURS, opts.exclude_example.as_deref());
            evidence.add_neighbours(&near, &self.hs, &weights);
        }
        found.add(&by_words);
        tracing::debug!(
            leaders = ?evidence.leaders(),
            best_neighbour = ?evidence.best_neighbour(),
            "evidence by source"
        );
        let mut scores = evidence.scores(&weights);
        let reasons = stated.apply(&mut scores, &self.hs);
        let by_cas = self
            .lines
            .cas()
            .stated(&req.description)
            .map(|named| named.apply(&mut scores));
        if let Some(ranker) = &self.ranker {
            ranker.rerank(&req.description, &mut scores.subheadings)?;
        }
        let chinese = Lang::has_chinese(&req.description);
        let mut result = self.decide(scores, opts.top_k, chinese);
        result.ruled_out = reasons
            .into_iter()
            .map(|r| RuledOut::quoted(r, &self.explainer))
            .chain(by_cas)
            .collect();
        for c in &mut result.candidates {
            if c.level == 6 {
                c.cn = self.lines.cn_line(&c.code, &found.cn);
                c.us = self.lines.us_line(&c.code, &found.us);
                c.description_zh = c.cn.as_ref().map(|l| l.name_zh.clone());
            }
            if opts.explain {
                c.rationale = Some(self.explainer.explain(&c.code));
            }
        }
        Ok(result)
    }

    /// Goods named by a trade name the nomenclature does not use (a zipper
    /// is a "slide fastener") may find no line of the codes the name keeps;
    /// the nearest of those lines then speak for them, so that the name
    /// has subheadings to divide it. Each code kept gets its own (swimwear
    /// knitted or not: what else is stated may rule out one of them).
    fn add_trade_name_lines<'a>(
        &'a self,
        named: articles::NamedArticle,
        v: &[f32],
        lines: &mut Vec<(&'a LabelledExample, f32)>,
    ) {
        // Lines far below the nearest of all say the name was misread ("an
        // Auto Tip Dresser used in robotic welding lines" is no dresser:
        // furniture lines at 0.19 against 0.44); a zipper's slide fasteners
        // are at 0.35 against 0.49.
        let floor = lines
            .first()
            .map_or(f32::MIN, |(_, sim)| sim - ARTICLE_LINE_MARGIN);
        for keep in named.keeps() {
            if !lines.iter().any(|(l, _)| l.hs6.starts_with(keep)) {
                let mut within = self
                    .tariff_lines
                    .nearest_within(v, ARTICLE_LINE_HITS, &[keep]);
                within.retain(|(_, sim)| *sim >= floor);
                tracing::debug!(
                    keep,
                    within = ?within.iter().map(|(l, sim)| (l.id.as_str(), *sim)).collect::<Vec<_>>(),
                    "lines of a trade name's code"
                );
                lines.extend(within);
            }
        }
    }

    /// A heading or subheading with its official description; national
    /// lines and rationale are added later.
    fn candidate(&self, code: &str, confidence: f32) -> Candidate {
        Candidate {
            code: code.to_string(),
            level: code.len() as u8,
            confidence,
            description: self.hs.get(code).cloned().unwrap_or_default(),
            description_zh: None,
            cn: None,
            us: None,
            rationale: None,
        }
    }

    /// Ranks subheadings, turns shares into probabilities, and decides
    /// whether to assert a subheading or fall back to its heading.
    fn decide(&self, scores: Scores, top_k: usize, chinese: bool) -> Classification {
        let subs = &scores.subheadings;
        let curve = if chinese {
            calibration::SUBHEADING.shifted(calibration::CHINESE_SHIFT)
        } else {
            calibration::SUBHEADING
        };
        let share = |i: usize| subs.get(i).map_or(0.0, |(_, s)| *s);
        // Margin over the best other candidate: the runner-up for the first,
        // the first for every other.
        let margin = |i: usize| share(i) - if i == 0 { share(1) } else { share(0) };
        let mut candidates: Vec<Candidate> = subs
            .iter()
            .take(top_k)
            .enumerate()
            .map(|(i, (code, s))| self.candidate(code, curve.probability(*s, margin(i))))
            .collect();
        let mut raw = RawShares {
            best: share(0),
            second: share(1),
            ..Default::default()
        };
        let mut abstained = false;
        if let Some(best) = candidates.first() {
            let h = best.code[..4].to_string();
            let h_share = scores.headings.get(&h).copied().unwrap_or(0.0);
            let other = scores
                .headings
                .iter()
                .filter(|(k, _)| **k != h)
                .map(|(_, v)| *v)
                .fold(0f32, f32::max);
            raw.best_heading = h_share;
            raw.second_heading = other;
            abstained = best.confidence < calibration::SUBHEADING_SURE;
            let h_conf = calibration::HEADING.probability(h_share, h_share - other);
            if abstained && h_conf >= calibration::HEADING_SURE {
                let head = self.candidate(&h, h_conf);
                candidates.insert(0, head);
                candidates.truncate(top_k.max(1));
            }
        }
        Classification {
            candidates,
            abstained,
            ruled_out: Vec::new(),
            raw,
        }
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
        let q = req.search_text();
        assert!(q.contains("Pearl pendant") && q.contains("Jewelry") && q.contains("Pendants"));
        assert!(q.matches("Pearl").count() == 2 && !q.contains("GG") && !q.contains("Mainland"));
    }

    #[test]
    fn what_the_goods_lack_is_not_searched() {
        let text = |d: &str| {
            ClassifyRequest {
                description: d.into(),
                ..Default::default()
            }
            .search_text()
        };
        let cpu = text("AMD Ryzen 7 5700X Processor 65W Socket AM4 No Fan");
        assert!(cpu.contains("Processor") && !cpu.contains("Fan"), "{cpu}");
        let light = text("(No LEGO, Just Light) USB Lights Set for Lego 42181");
        assert!(
            !light.contains("LEGO") && light.contains("Lights Set"),
            "{light}"
        );
        assert!(!text("toy car without batteries").contains("batteries"));
        assert_eq!(
            text("Chanel No. 5 eau de parfum"),
            "Chanel No. 5 eau de parfum"
        );
        assert_eq!(text("无线蓝牙耳机"), "无线蓝牙耳机");
    }
}
