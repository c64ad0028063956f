//! Retrieval evaluation: recall@5, recall@10 and MRR of the gold citations of
//! a QA set, for BM25 only, vectors only and hybrid, overall and by language
//! and question type, with search latency.

use std::collections::BTreeMap;
use std::time::Instant;

use portolan_retrieval::{Filter, Mode, Searcher};
use serde::Serialize;

use crate::qa_set::{matches, QaItem};

/// Figures for one slice of the set under one mode.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Figures {
    /// Answerable questions in the slice.
    pub questions: usize,
    /// Mean share of gold citations in the top 5.
    pub recall_at_5: f64,
    /// Mean share of gold citations in the top 10.
    pub recall_at_10: f64,
    /// Mean reciprocal rank of the first gold citation (0 when absent from the top 10).
    pub mrr: f64,
}

/// Per-question outcome, kept for the report so misses can be read.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    /// Item id.
    pub id: String,
    /// Language.
    pub lang: String,
    /// Question type.
    pub kind: String,
    /// Share of gold in the top 5.
    pub recall_at_5: f64,
    /// Share of gold in the top 10.
    pub recall_at_10: f64,
    /// Reciprocal rank of the first gold hit.
    pub rr: f64,
    /// The top 5 retrieved `(doc, locator)`.
    pub top5: Vec<(String, String)>,
}

/// Latency of hybrid search, query embedding included.
#[derive(Debug, Clone, Serialize)]
pub struct Latency {
    /// Median, milliseconds.
    pub p50_ms: f64,
    /// 95th percentile, milliseconds.
    pub p95_ms: f64,
}

/// Everything the report holds.
#[derive(Debug, Clone, Serialize)]
pub struct RetrievalReport {
    /// The set evaluated.
    pub set: String,
    /// Figures per mode, then per slice (`all`, `lang=zh`, `type=factoid`, …).
    pub figures: BTreeMap<String, BTreeMap<String, Figures>>,
    /// Hybrid latency.
    pub latency: Latency,
    /// Hybrid outcome per question.
    pub hybrid_outcomes: Vec<Outcome>,
}

fn mode_name(m: Mode) -> &'static str {
    match m {
        Mode::Hybrid => "hybrid",
        Mode::Lexical => "bm25",
        Mode::Dense => "dense",
    }
}

/// Runs the evaluation over the answerable items of `items`.
pub fn evaluate(
    searcher: &Searcher,
    items: &[QaItem],
    set: &str,
) -> anyhow::Result<RetrievalReport> {
    let answerable: Vec<&QaItem> = items
        .iter()
        .filter(|i| i.answerable && !i.gold.is_empty())
        .collect();
    let mut figures = BTreeMap::new();
    let mut hybrid_outcomes = Vec::new();
    let mut latencies = Vec::new();
    // Hybrid first: the searcher caches query vectors, so a later pass over
    // the same questions would time the search without its embedding.
    for mode in [Mode::Hybrid, Mode::Lexical, Mode::Dense] {
        let mut slices: BTreeMap<String, Vec<Outcome>> = BTreeMap::new();
        for item in &answerable {
            let t = Instant::now();
            let hits = searcher.search(&item.question, 10, &Filter::policy(), mode)?;
            if mode == Mode::Hybrid {
                latencies.push(t.elapsed().as_secs_f64() * 1000.0);
            }
            let found = |k: usize| {
                let top = &hits[..hits.len().min(k)];
                item.gold
                    .iter()
                    .filter(|g| {
                        top.iter()
                            .any(|h| matches(g, &h.chunk.doc, &h.chunk.locator))
                    })
                    .count() as f64
                    / item.gold.len() as f64
            };
            let first = hits.iter().position(|h| {
                item.gold
                    .iter()
                    .any(|g| matches(g, &h.chunk.doc, &h.chunk.locator))
            });
            let outcome = Outcome {
                id: item.id.clone(),
                lang: item.lang.clone(),
                kind: item.kind.clone(),
                recall_at_5: found(5),
                recall_at_10: found(10),
                rr: first.map_or(0.0, |r| 1.0 / (r as f64 + 1.0)),
                top5: hits
                    .iter()
                    .take(5)
                    .map(|h| (h.chunk.doc.clone(), h.chunk.locator.clone()))
                    .collect(),
            };
            for slice in [
                "all".to_string(),
                format!("lang={}", item.lang),
                format!("type={}", item.kind),
            ] {
                slices.entry(slice).or_default().push(outcome.clone());
            }
            if mode == Mode::Hybrid {
                hybrid_outcomes.push(outcome);
            }
        }
        let per_slice = slices
            .into_iter()
            .map(|(name, outs)| {
                let n = outs.len() as f64;
                let mean = |f: fn(&Outcome) -> f64| outs.iter().map(f).sum::<f64>() / n;
                let fig = Figures {
                    questions: outs.len(),
                    recall_at_5: mean(|o| o.recall_at_5),
                    recall_at_10: mean(|o| o.recall_at_10),
                    mrr: mean(|o| o.rr),
                };
                (name, fig)
            })
            .collect();
        figures.insert(mode_name(mode).to_string(), per_slice);
    }
    Ok(RetrievalReport {
        set: set.to_string(),
        figures,
        latency: Latency {
            p50_ms: crate::report::percentile(&latencies, 0.5),
            p95_ms: crate::report::percentile(&latencies, 0.95),
        },
        hybrid_outcomes,
    })
}

/// The Markdown view of a report.
pub fn markdown(r: &RetrievalReport, build: Option<&serde_json::Value>) -> String {
    let mut md = format!("# Retrieval evaluation: {}\n\nAnswerable questions only, searched over policy texts (laws, GACC records, treaties, GRI, notes: `Filter::policy()`, as the Q&A service searches); tariff lines are not candidates. A hit counts when it names the gold document and the gold locator (or a sub-division of it). One hit per article.\n\n", r.set);
    let slices: Vec<String> = r
        .figures
        .get("hybrid")
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    md.push_str("| slice | n | BM25 R@5 | dense R@5 | hybrid R@5 | hybrid R@10 | hybrid MRR |\n|---|---:|---:|---:|---:|---:|---:|\n");
    let mut ordered = vec!["all".to_string()];
    ordered.extend(slices.into_iter().filter(|s| s != "all"));
    for s in ordered {
        let get = |m: &str| {
            r.figures
                .get(m)
                .and_then(|x| x.get(&s))
                .cloned()
                .unwrap_or_default()
        };
        let (b, d, h) = (get("bm25"), get("dense"), get("hybrid"));
        md.push_str(&format!(
            "| {s} | {} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} |\n",
            h.questions, b.recall_at_5, d.recall_at_5, h.recall_at_5, h.recall_at_10, h.mrr
        ));
    }
    md.push_str(&format!(
        "\nHybrid search latency (query embedding included): p50 {:.1} ms, p95 {:.1} ms.\n",
        r.latency.p50_ms, r.latency.p95_ms
    ));
    if let Some(b) = build {
        md.push_str(&format!(
            "\nIndex build: {}\n",
            serde_json::to_string(b).unwrap_or_default()
        ));
    }
    md.push_str("\n## Hybrid misses (gold not in top 5)\n\n");
    for o in r.hybrid_outcomes.iter().filter(|o| o.recall_at_5 < 1.0) {
        let top: Vec<String> = o
            .top5
            .iter()
            .map(|(d, l)| format!("{} {l}", d.rsplit('/').next().unwrap_or(d)))
            .collect();
        md.push_str(&format!(
            "- {} ({}, {}): R@5 {:.2}; got {}\n",
            o.id,
            o.lang,
            o.kind,
            o.recall_at_5,
            top.join("; ")
        ));
    }
    md
}
