//! Votes for codes: tariff lines found by words, HS nodes and national
//! lines found by meaning, and labelled neighbours.
//!
//! Four kinds of evidence point at an HS subheading, each turned into a
//! distribution over codes before they are mixed:
//! - a tariff line found by BM25 (HS, China, US or EU) votes for the
//!   subheading its code falls under, with a weight decaying by rank — the
//!   subheading's best-ranked line only: how many national lines split a
//!   subheading is the national tariff's business, not evidence that the
//!   goods belong there (see [`Evidence::add_lines`]);
//! - an HS node found by meaning votes with a softmax of its similarity, so a
//!   clearly closer node outweighs a crowd of near-ties;
//! - a national tariff line found by meaning (a US line read with the
//!   indented descriptions above it, a China line by its Chinese name, an
//!   EU line)
//!   votes for its subheading the same way;
//! - a labelled neighbour votes for its own subheading, the same way.
//!
//! Lines or nodes that stop at a heading vote for the heading only. Headings
//! collect the votes of their subheadings, and a subheading inherits part of
//! its heading's score: when the evidence agrees on the heading but splits
//! over its subheadings, the subheadings of that heading still come first.
//! Only codes present in HS 2022 take part.

use std::collections::{HashMap, HashSet};

use portolan_corpus::nomenclature::code_digits;
use portolan_corpus::DocType;
use portolan_retrieval::SearchHit;

use super::lines::us_line_code;
use super::neighbours::LabelledExample;

/// Rank damping of a tariff line's vote: `1 / (RANK_K + rank)`.
const RANK_K: f32 = 10.0;

/// How the kinds of evidence are weighed.
#[derive(Debug, Clone, Copy)]
pub struct Weights {
    /// Tariff lines found by words.
    pub lines: f32,
    /// HS nodes found by meaning.
    pub nodes: f32,
    /// National tariff lines found by meaning.
    pub line_meanings: f32,
    /// Softmax temperature over tariff-line similarities.
    pub line_tau: f32,
    /// Labelled neighbours, when the best one is close (scaled down to
    /// nothing as it gets unrelated, between `neighbour_floor` and `neighbour_close`).
    pub neighbours: f32,
    /// Softmax temperature over HS node similarities.
    pub node_tau: f32,
    /// Softmax temperature over neighbour similarities.
    pub neighbour_tau: f32,
    /// Best-neighbour similarity below which neighbours do not count.
    pub neighbour_floor: f32,
    /// Best-neighbour similarity from which they count fully.
    pub neighbour_close: f32,
    /// Share of its heading's score a subheading inherits.
    pub heading_share: f32,
}

impl Default for Weights {
    /// Chosen on `classify-dev.jsonl` (neighbours left out per item): the
    /// HS nodes by meaning count half again as much as the tariff lines by
    /// words (alone: HS6 top-1 0.13 and 0.17; together with the neighbours
    /// 0.29), with sharp softmaxes. National lines by meaning, alone the
    /// strongest single source (top-5 0.50), count as much as the lines by
    /// words; weighing them from 0.5 to 1.5, or the others by half again
    /// more or less, moves top-1 by about a point on classify-dev and two
    /// on classify-zh-dev, within the sets' noise.
    fn default() -> Self {
        Self {
            lines: 1.0,
            nodes: 1.5,
            line_meanings: 1.0,
            line_tau: 0.03,
            neighbours: 1.0,
            node_tau: 0.03,
            neighbour_tau: 0.05,
            neighbour_floor: 0.3,
            neighbour_close: 0.8,
            heading_share: 0.0,
        }
    }
}

/// Shares of the votes, in [0, 1].
#[derive(Debug, Default)]
pub struct Scores {
    /// Subheadings, best first.
    pub subheadings: Vec<(String, f32)>,
    /// Headings (four digits).
    pub headings: HashMap<String, f32>,
}

impl Scores {
    /// The share of each subheading for which `to` names another moved to
    /// that one (added to its own, if it has any): what the evidence found
    /// was the goods, and what it is made of decides the subheading.
    pub fn move_shares(&mut self, to: impl Fn(&str) -> Option<String>) {
        let mut moved: HashMap<String, f32> = HashMap::new();
        self.subheadings.retain(|(code, share)| match to(code) {
            Some(target) => {
                *moved.entry(target).or_default() += share;
                false
            }
            None => true,
        });
        for (code, share) in &mut self.subheadings {
            if let Some(extra) = moved.remove(code.as_str()) {
                *share += extra;
            }
        }
        self.subheadings.extend(moved);
        self.subheadings
            .sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    }

    /// The same shares with the codes `excluded` rules out taken away and
    /// the rest scaled up to the totals they had: what the evidence says
    /// once those codes are known to be wrong.
    pub fn rule_out(&mut self, excluded: impl Fn(&str) -> bool) {
        let sub_sum = |s: &[(String, f32)]| s.iter().map(|(_, v)| v).sum::<f32>();
        let before = (
            sub_sum(&self.subheadings),
            self.headings.values().sum::<f32>(),
        );
        self.subheadings.retain(|(code, _)| !excluded(code));
        self.headings.retain(|code, _| !excluded(code));
        let after = (
            sub_sum(&self.subheadings),
            self.headings.values().sum::<f32>(),
        );
        if after.0 > 0.0 {
            for (_, v) in &mut self.subheadings {
                *v *= before.0 / after.0;
            }
        }
        if after.1 > 0.0 {
            for v in self.headings.values_mut() {
                *v *= before.1 / after.1;
            }
        }
    }
}

#[derive(Default)]
struct Tally {
    sub: HashMap<String, f32>,
    head: HashMap<String, f32>,
}

impl Tally {
    fn add(&mut self, code: &str, vote: f32, hs: &HashMap<String, String>) {
        if code.len() >= 6 && hs.contains_key(&code[..6]) {
            *self.sub.entry(code[..6].to_string()).or_default() += vote;
        }
        if code.len() >= 4 && hs.contains_key(&code[..4]) {
            *self.head.entry(code[..4].to_string()).or_default() += vote;
        }
    }

    /// Votes of codes found by similarity, best first: a softmax at
    /// temperature `tau`, so a clearly closer code outweighs a crowd of
    /// near-ties. Returns the best similarity.
    fn add_softmax(
        &mut self,
        scored: impl IntoIterator<Item = (String, f32)>,
        tau: f32,
        hs: &HashMap<String, String>,
    ) -> Option<f32> {
        let mut best = None;
        for (code, sim) in scored {
            let top = *best.get_or_insert(sim);
            self.add(&code, ((sim - top) / tau).exp(), hs);
        }
        best
    }

    fn shares(&self) -> (HashMap<String, f32>, HashMap<String, f32>) {
        let norm = |m: &HashMap<String, f32>| {
            let total = m.values().sum::<f32>();
            if total <= 0.0 {
                return HashMap::new();
            }
            m.iter().map(|(k, v)| (k.clone(), v / total)).collect()
        };
        (norm(&self.sub), norm(&self.head))
    }
}

/// The evidence gathered for one description.
#[derive(Default)]
pub struct Evidence {
    lines: Tally,
    nodes: Tally,
    line_meanings: Tally,
    neighbours: Tally,
    best_neighbour: Option<f32>,
}

impl Evidence {
    /// Tariff lines found by words, best first. A subheading votes once,
    /// with its best-ranked line: subheadings differ tenfold in how many
    /// national lines split them (6401's waterproof footwear has a China
    /// line for each sole and height), and rank damping is flat enough that
    /// twenty middling lines outvoted the one line naming the goods
    /// ("PET塑料扑克牌 防水" went to waterproof footwear, 18650锂电池 to the
    /// cars whose China lines say 充电). Counted once, HS2 top-1 rose from
    /// 0.696 to 0.715 and HS6 from 0.390 to 0.397 on classify-dev.
    pub fn add_lines(&mut self, hits: &[SearchHit], hs: &HashMap<String, String>) {
        let mut voted = HashSet::new();
        let placed = hits.iter().filter_map(|h| {
            let code = code_digits(&h.chunk.locator);
            if h.chunk.doc_type == DocType::UsTariff {
                // A US special provision votes for the subheading it names;
                // one naming none (returned goods, quotas) is no evidence.
                us_line_code(&code, &h.chunk.text)
            } else {
                Some(code)
            }
        });
        for (rank, code) in placed.enumerate() {
            if voted.insert(code.get(..6).unwrap_or(&code).to_string()) {
                self.lines.add(&code, 1.0 / (RANK_K + rank as f32), hs);
            }
        }
    }

    /// HS nodes found by meaning, best first, with their similarity as score.
    pub fn add_nodes(&mut self, hits: &[SearchHit], hs: &HashMap<String, String>, w: &Weights) {
        let scored = hits
            .iter()
            .map(|h| (code_digits(&h.chunk.locator), h.score));
        self.nodes.add_softmax(scored, w.node_tau, hs);
    }

    /// National tariff lines found by meaning, best first, with their
    /// cosine similarity.
    pub fn add_line_meanings(
        &mut self,
        near: &[(&LabelledExample, f32)],
        hs: &HashMap<String, String>,
        w: &Weights,
    ) {
        let scored = near.iter().map(|(l, sim)| (l.hs6.clone(), *sim));
        self.line_meanings.add_softmax(scored, w.line_tau, hs);
    }

    /// Labelled neighbours, best first, with their cosine similarity.
    pub fn add_neighbours(
        &mut self,
        near: &[(&LabelledExample, f32)],
        hs: &HashMap<String, String>,
        w: &Weights,
    ) {
        let scored = near.iter().map(|(ex, sim)| (ex.hs6.clone(), *sim));
        self.best_neighbour = self.neighbours.add_softmax(scored, w.neighbour_tau, hs);
    }

    /// The three best subheadings of each source, with their shares: what
    /// `PORTOLAN_LOG=portolan_server::classify=debug` prints, to see which
    /// source sent a description where.
    pub fn leaders(&self) -> Vec<(&'static str, Vec<(String, f32)>)> {
        let top = |t: &Tally| {
            let (sub, _) = t.shares();
            let mut v: Vec<(String, f32)> = sub.into_iter().collect();
            v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            v.truncate(3);
            v
        };
        vec![
            ("lines by words", top(&self.lines)),
            ("HS nodes by meaning", top(&self.nodes)),
            ("national lines by meaning", top(&self.line_meanings)),
            ("labelled neighbours", top(&self.neighbours)),
        ]
    }

    /// The closest labelled neighbour's similarity, if any was found.
    pub fn best_neighbour(&self) -> Option<f32> {
        self.best_neighbour
    }

    /// The mixed shares.
    pub fn scores(&self, w: &Weights) -> Scores {
        let nb = self.best_neighbour.map_or(0.0, |best| {
            w.neighbours
                * ((best - w.neighbour_floor) / (w.neighbour_close - w.neighbour_floor))
                    .clamp(0.0, 1.0)
        });
        let parts = [
            (self.lines.shares(), w.lines),
            (self.nodes.shares(), w.nodes),
            (self.line_meanings.shares(), w.line_meanings),
            (self.neighbours.shares(), nb),
        ];
        let total: f32 = parts
            .iter()
            .filter(|((s, _), _)| !s.is_empty())
            .map(|(_, w)| w)
            .sum::<f32>()
            .max(f32::EPSILON);
        let mut sub: HashMap<String, f32> = HashMap::new();
        let mut head: HashMap<String, f32> = HashMap::new();
        for ((s, h), weight) in &parts {
            for (k, v) in s {
                *sub.entry(k.clone()).or_default() += weight / total * v;
            }
            for (k, v) in h {
                *head.entry(k.clone()).or_default() += weight / total * v;
            }
        }
        let mut subheadings: Vec<(String, f32)> = sub
            .into_iter()
            .map(|(code, v)| {
                let inherited = head.get(&code[..4]).copied().unwrap_or(0.0);
                (
                    code,
                    (1.0 - w.heading_share) * v + w.heading_share * inherited,
                )
            })
            .collect();
        // Renormalise so the subheading scores stay shares.
        let sum: f32 = subheadings
            .iter()
            .map(|(_, v)| v)
            .sum::<f32>()
            .max(f32::EPSILON);
        if w.heading_share > 0.0 {
            for (_, v) in &mut subheadings {
                *v /= sum;
            }
        }
        subheadings.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        Scores {
            subheadings,
            headings: head,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use portolan_corpus::{Chunk, DocType};

    fn hs() -> HashMap<String, String> {
        ["7116", "711610", "711620", "7117", "711719", "711790"]
            .iter()
            .map(|c| (c.to_string(), String::new()))
            .collect()
    }

    fn hit(locator: &str, score: f32) -> SearchHit {
        SearchHit {
            chunk: Chunk::undated(
                "hs/x.csv",
                locator.into(),
                "t",
                vec![],
                DocType::Hs,
                "HS",
                "x".into(),
            ),
            score,
            lexical_rank: None,
            dense_rank: None,
        }
    }

    fn weights() -> Weights {
        Weights {
            lines: 1.0,
            nodes: 1.0,
            line_meanings: 1.0,
            line_tau: 0.05,
            neighbours: 1.0,
            node_tau: 0.05,
            neighbour_tau: 0.05,
            neighbour_floor: 0.3,
            neighbour_close: 0.8,
            heading_share: 0.0,
        }
    }

    #[test]
    fn only_nomenclature_codes_get_votes_and_shares_sum_to_one() {
        let mut e = Evidence::default();
        e.add_lines(
            &[
                hit("7117.19.90.00", 1.0),
                hit("9999.99", 1.0),
                hit("7116.10", 1.0),
            ],
            &hs(),
        );
        let s = e.scores(&weights());
        let codes: Vec<&str> = s.subheadings.iter().map(|(c, _)| c.as_str()).collect();
        assert_eq!(
            codes,
            ["711719", "711610"],
            "rank order, unknown code dropped"
        );
        let total: f32 = s.subheadings.iter().map(|(_, v)| v).sum();
        assert!((total - 1.0).abs() < 1e-5);
    }

    #[test]
    fn a_subheading_votes_once_however_many_of_its_lines_are_found() {
        let mut e = Evidence::default();
        // One line naming the goods first, then a crowd of lines of another
        // subheading that its national tariff splits finely.
        let mut hits = vec![hit("7116.10.00.00", 1.0)];
        hits.extend((0..20).map(|i| hit(&format!("7117.19.{i:02}.00"), 1.0)));
        e.add_lines(&hits, &hs());
        let s = e.scores(&weights());
        assert_eq!(s.subheadings[0].0, "711610", "{:?}", s.subheadings);
        let share = |c: &str| s.subheadings.iter().find(|(x, _)| x == c).map(|(_, v)| *v);
        // Its one vote is the second-ranked line's: 1/11 against 1/10.
        let ratio = share("711719").unwrap() / share("711610").unwrap();
        assert!((ratio - 10.0 / 11.0).abs() < 1e-4, "{ratio}");
    }

    #[test]
    fn a_us_special_provision_votes_for_the_subheading_it_names() {
        let us = |locator: &str, text: &str| SearchHit {
            chunk: Chunk::undated(
                "hs/us-hts-2025.csv",
                locator.into(),
                "t",
                vec![],
                DocType::UsTariff,
                "HTS",
                text.into(),
            ),
            score: 1.0,
            lexical_rank: None,
            dense_rank: None,
        };
        let mut e = Evidence::default();
        // Returned goods name no subheading: no vote, and no rank taken.
        let hits = [
            us("9801.00.10", "Products of the United States when returned"),
            us(
                "9902.12.09",
                "Smartphone cases of hard plastics (provided for in subheading 7116.10.00)",
            ),
            us("7117.19.90.00", "Other"),
        ];
        e.add_lines(&hits, &hs());
        let s = e.scores(&weights());
        let share = |c: &str| s.subheadings.iter().find(|(x, _)| x == c).map(|(_, v)| *v);
        let ratio = share("711719").unwrap() / share("711610").unwrap();
        assert_eq!(s.subheadings.len(), 2, "{:?}", s.subheadings);
        assert!((ratio - 10.0 / 11.0).abs() < 1e-4, "{ratio}");
    }

    #[test]
    fn a_clearly_closer_node_outweighs_near_ties() {
        let mut e = Evidence::default();
        e.add_nodes(
            &[
                hit("7116.10", 0.70),
                hit("7117.19", 0.60),
                hit("7117.90", 0.60),
            ],
            &hs(),
            &weights(),
        );
        let s = e.scores(&weights());
        assert_eq!(s.subheadings[0].0, "711610");
        assert!(s.subheadings[0].1 > 0.7, "{:?}", s.subheadings);
    }

    #[test]
    fn national_lines_by_meaning_vote_for_their_subheading() {
        let line = |hs6: &str| LabelledExample {
            doc: String::new(),
            id: hs6.into(),
            group: hs6.into(),
            text: String::new(),
            hs6: hs6.into(),
        };
        let (a, b, c) = (line("711719"), line("711610"), line("711790"));
        let mut e = Evidence::default();
        e.add_line_meanings(&[(&a, 0.80), (&b, 0.60), (&c, 0.79)], &hs(), &weights());
        let s = e.scores(&weights());
        assert_eq!(s.subheadings[0].0, "711719");
        assert!(
            s.headings["7117"] > 0.95,
            "two close lines of one heading carry it: {:?}",
            s.headings
        );
    }

    #[test]
    fn unrelated_neighbours_do_not_count() {
        let ex = LabelledExample {
            doc: String::new(),
            id: "a".into(),
            group: "a".into(),
            text: String::new(),
            hs6: "711719".into(),
        };
        let mut far = Evidence::default();
        far.add_lines(&[hit("7116.10", 1.0)], &hs());
        far.add_neighbours(&[(&ex, 0.2)], &hs(), &weights());
        assert_eq!(far.scores(&weights()).subheadings.len(), 2);
        assert_eq!(far.scores(&weights()).subheadings[0].0, "711610");
        let mut close = Evidence::default();
        close.add_lines(&[hit("7116.10", 1.0)], &hs());
        close.add_neighbours(&[(&ex, 0.95)], &hs(), &weights());
        let s = close.scores(&weights());
        assert!(
            (s.subheadings[0].1 - 0.5).abs() < 1e-5,
            "{:?}",
            s.subheadings
        );
    }

    #[test]
    fn a_moved_share_joins_its_target() {
        let mut s = Scores {
            subheadings: vec![
                ("620442".into(), 0.4),
                ("711719".into(), 0.35),
                ("620443".into(), 0.1),
            ],
            headings: HashMap::new(),
        };
        s.move_shares(|code| (code == "620442").then(|| "620443".to_string()));
        assert_eq!(s.subheadings[0].0, "620443");
        assert!(
            (s.subheadings[0].1 - 0.5).abs() < 1e-6,
            "{:?}",
            s.subheadings
        );
        assert_eq!(s.subheadings.len(), 2);
    }

    #[test]
    fn codes_ruled_out_leave_their_share_to_the_rest() {
        let mut s = Scores {
            subheadings: vec![
                ("711620".into(), 0.5),
                ("711719".into(), 0.3),
                ("711790".into(), 0.1),
            ],
            headings: [("7116".to_string(), 0.6), ("7117".to_string(), 0.4)].into(),
        };
        s.rule_out(|code| code.starts_with("7116"));
        assert_eq!(s.subheadings.len(), 2);
        assert_eq!(s.subheadings[0].0, "711719");
        assert!(
            (s.subheadings[0].1 - 0.675).abs() < 1e-5,
            "{:?}",
            s.subheadings
        );
        assert!((s.headings["7117"] - 1.0).abs() < 1e-5 && !s.headings.contains_key("7116"));
    }
}
