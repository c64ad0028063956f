//! A base and a candidate (without and with an adapter, before and after a
//! change): the same evaluation run twice, compared question by question.
//!
//! Decoding is greedy, so running an evaluation again gives the same
//! answers but for near-ties: the noise that matters is which questions the
//! dev set happens to hold. The comparison therefore pairs the two runs item
//! by item and bootstraps the difference of each metric over items (2,000
//! resamples, seeded): a change whose 95% interval excludes zero is larger
//! than that noise.

use std::collections::HashMap;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::Serialize;

/// Bootstrap resamples.
const RESAMPLES: usize = 2000;

/// One metric, in the base run and in the candidate.
#[derive(Debug, Clone, Serialize)]
pub struct MetricChange {
    /// Evaluation (`qa-dev`, `classify-dev`).
    pub eval: String,
    /// Metric name as the reports print it.
    pub metric: String,
    /// Items it is measured on.
    pub n: usize,
    /// In the base run (without the adapter, before the change).
    pub base: f64,
    /// In the candidate (with the adapter, after the change); the name is
    /// kept for the comparisons already committed.
    pub adapted: f64,
    /// 95% bootstrap interval of `adapted − base`.
    pub ci95: (f64, f64),
    /// Items that got better.
    pub better: usize,
    /// Items that got worse.
    pub worse: usize,
    /// Whether a rise is good (false for wrongful refusals).
    pub higher_is_better: bool,
}

impl MetricChange {
    /// The interval excludes zero on the good side.
    pub fn improved(&self) -> bool {
        if self.higher_is_better {
            self.ci95.0 > 0.0
        } else {
            self.ci95.1 < 0.0
        }
    }

    /// The interval excludes zero on the bad side.
    pub fn worsened(&self) -> bool {
        if self.higher_is_better {
            self.ci95.1 < 0.0
        } else {
            self.ci95.0 > 0.0
        }
    }
}

/// Paired values of one metric: `(base, adapted)` per item.
pub fn change(
    eval: &str,
    metric: &str,
    pairs: &[(f64, f64)],
    higher_is_better: bool,
    seed: u64,
) -> MetricChange {
    let n = pairs.len();
    let mean = |f: &dyn Fn(&(f64, f64)) -> f64| pairs.iter().map(f).sum::<f64>() / n.max(1) as f64;
    let mut rng = StdRng::seed_from_u64(seed);
    let diffs: Vec<f64> = (0..RESAMPLES)
        .map(|_| {
            (0..n)
                .map(|_| {
                    let (b, a) = pairs[rng.random_range(0..n.max(1))];
                    a - b
                })
                .sum::<f64>()
                / n.max(1) as f64
        })
        .collect();
    let ci = if n == 0 {
        (0.0, 0.0)
    } else {
        (
            crate::report::percentile(&diffs, 0.025),
            crate::report::percentile(&diffs, 0.975),
        )
    };
    MetricChange {
        eval: eval.into(),
        metric: metric.into(),
        n,
        base: mean(&|p| p.0),
        adapted: mean(&|p| p.1),
        ci95: ci,
        better: pairs
            .iter()
            .filter(|(b, a)| if higher_is_better { a > b } else { a < b })
            .count(),
        worse: pairs
            .iter()
            .filter(|(b, a)| if higher_is_better { a < b } else { a > b })
            .count(),
        higher_is_better,
    }
}

/// Items of a report by id.
fn items(report: &serde_json::Value) -> HashMap<String, &serde_json::Value> {
    report["items"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|i| Some((i["id"].as_str()?.to_string(), i)))
                .collect()
        })
        .unwrap_or_default()
}

/// The items of two reports by id, and their ids in order; the reports
/// must hold the same items.
type Paired<'a> = (
    HashMap<String, &'a serde_json::Value>,
    HashMap<String, &'a serde_json::Value>,
    Vec<String>,
);

fn paired<'a>(
    eval: &str,
    base: &'a serde_json::Value,
    adapted: &'a serde_json::Value,
) -> Result<Paired<'a>, CompareError> {
    let (b, a) = (items(base), items(adapted));
    if b.len() != a.len() || b.keys().any(|k| !a.contains_key(k)) {
        return Err(CompareError::Mismatch(format!(
            "{eval}: {} items against {}",
            b.len(),
            a.len()
        )));
    }
    let mut ids: Vec<String> = b.keys().cloned().collect();
    ids.sort();
    Ok((b, a, ids))
}

/// Errors of a comparison.
#[derive(Debug, thiserror::Error)]
pub enum CompareError {
    /// The two reports are not of the same evaluation.
    #[error("reports do not match: {0}")]
    Mismatch(String),
}

/// Metrics of two Q&A reports over the same set; `answerable` says, by
/// question id, whether the sources answer it.
pub fn qa(
    eval: &str,
    base: &serde_json::Value,
    adapted: &serde_json::Value,
    answerable: &HashMap<String, bool>,
) -> Result<Vec<MetricChange>, CompareError> {
    let (b, a, ids) = paired(eval, base, adapted)?;
    let num = |v: &serde_json::Value, key: &str| {
        v[key]
            .as_f64()
            .or_else(|| v[key].as_bool().map(|x| x as u8 as f64))
            .unwrap_or(0.0)
    };
    let pairs = |key: &str, want: bool| -> Vec<(f64, f64)> {
        ids.iter()
            .filter(|id| answerable.get(id.as_str()).copied().unwrap_or(true) == want)
            .map(|id| (num(b[id.as_str()], key), num(a[id.as_str()], key)))
            .collect()
    };
    Ok(vec![
        change(eval, "citation recall", &pairs("gold_cited", true), true, 1),
        change(eval, "must_include", &pairs("must_include", true), true, 2),
        change(eval, "wrongful refusal", &pairs("refused", true), false, 3),
        change(
            eval,
            "refusal (unanswerable)",
            &pairs("refused", false),
            true,
            4,
        ),
    ])
}

/// Top-1 accuracy at six digits of two classification reports over the same set.
pub fn classify(
    eval: &str,
    base: &serde_json::Value,
    adapted: &serde_json::Value,
) -> Result<Vec<MetricChange>, CompareError> {
    let (b, a, ids) = paired(eval, base, adapted)?;
    let hs6 = |v: &serde_json::Value| v["top1_hs6"].as_bool().unwrap_or(false) as u8 as f64;
    let pairs: Vec<(f64, f64)> = ids
        .iter()
        .map(|id| (hs6(b[id.as_str()]), hs6(a[id.as_str()])))
        .collect();
    Ok(vec![change(eval, "top-1 HS6", &pairs, true, 5)])
}

/// The Markdown table of changes.
pub fn markdown(title: &str, preface: &str, changes: &[MetricChange]) -> String {
    let mut md = format!(
        "# {title}\n\n{preface}\n\n\
         | eval | metric | n | base | candidate | change | 95% interval | better / worse | verdict |\n\
         |---|---|---:|---:|---:|---:|---|---:|---|\n"
    );
    for c in changes {
        let verdict = if c.improved() {
            "better, beyond noise"
        } else if c.worsened() {
            "worse, beyond noise"
        } else {
            "within noise"
        };
        md.push_str(&format!(
            "| {} | {} | {} | {:.3} | {:.3} | {:+.3} | [{:+.3}, {:+.3}] | {} / {} | {verdict} |\n",
            c.eval,
            c.metric,
            c.n,
            c.base,
            c.adapted,
            c.adapted - c.base,
            c.ci95.0,
            c.ci95.1,
            c.better,
            c.worse
        ));
    }
    md
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_consistent_gain_is_beyond_noise_and_a_coin_toss_is_not() {
        let gain: Vec<(f64, f64)> = (0..100).map(|i| (0.0, (i % 3 != 0) as u8 as f64)).collect();
        let c = change("x", "m", &gain, true, 7);
        assert!(c.improved() && !c.worsened(), "{c:?}");
        assert_eq!((c.better, c.worse), (66, 0));

        // As many items lost as won: the interval straddles zero.
        let toss: Vec<(f64, f64)> = (0..100)
            .map(|i| if i % 2 == 0 { (1.0, 0.0) } else { (0.0, 1.0) })
            .collect();
        let c = change("x", "m", &toss, true, 7);
        assert!(!c.improved() && !c.worsened(), "{c:?}");
        assert!(c.ci95.0 < 0.0 && c.ci95.1 > 0.0);
    }

    #[test]
    fn fewer_wrongful_refusals_count_as_better() {
        let fewer: Vec<(f64, f64)> = (0..60).map(|i| ((i < 30) as u8 as f64, 0.0)).collect();
        let c = change("x", "wrongful refusal", &fewer, false, 7);
        assert!(c.improved(), "{c:?}");
    }

    #[test]
    fn reports_over_different_items_are_refused() {
        let a = serde_json::json!({"items": [{"id": "q1", "gold_cited": true}]});
        let b = serde_json::json!({"items": [{"id": "q2", "gold_cited": true}]});
        assert!(qa("qa-dev", &a, &b, &HashMap::new()).is_err());
        assert!(classify("classify-dev", &a, &b).is_err());
    }
}
