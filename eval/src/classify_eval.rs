//! Classification evaluation: top-1 accuracy at 2, 4 and 6 digits, top-5 at
//! 6 digits, by source and language; expected calibration error of the first
//! candidate's confidence; abstain rate; latency.

use std::collections::BTreeMap;
use std::time::Instant;

use portolan_corpus::nomenclature::code_digits;
use portolan_server::classify::{calibration, Classifier, ClassifyOptions, ClassifyRequest};
use serde::Serialize;

/// One labelled item (`classify-dev.jsonl` shape).
#[derive(Debug, Clone, serde::Deserialize)]
pub struct ClassifyItem {
    /// Item id.
    pub id: String,
    /// `ecommerce-listing` or `customs-ruling`.
    #[serde(default)]
    pub source: String,
    /// `zh` for Chinese descriptions (absent means English).
    #[serde(default)]
    pub lang: Option<String>,
    /// Gold tariff codes (first 6 digits = HS).
    pub gold: Vec<String>,
    /// The item this one translates, if any (the same product).
    #[serde(default)]
    pub based_on: Option<String>,
    /// The request fields.
    #[serde(flatten)]
    pub request: ClassifyRequest,
}

/// Accuracy figures of a slice.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Accuracy {
    /// Items.
    pub n: usize,
    /// First candidate right at the chapter.
    pub top1_hs2: f64,
    /// First candidate right at the heading.
    pub top1_hs4: f64,
    /// First candidate right at the subheading.
    pub top1_hs6: f64,
    /// Gold subheading among the first five candidates.
    pub top5_hs6: f64,
    /// Share of items answered with a heading.
    pub abstain_rate: f64,
    /// Of the items whose first candidate is the gold subheading, the share
    /// given a US 10-digit line (it is left open when it cannot be determined).
    pub us_line_given: f64,
    /// Of those given one, the share whose US line is the gold code.
    pub us_line_right: f64,
}

/// The report.
#[derive(Debug, Clone, Serialize)]
pub struct ClassifyReport {
    /// Set name.
    pub set: String,
    /// The second stage: `votes only`, or the model (and adapter) weighing the short list.
    pub ranking: String,
    /// Per slice (`all`, `source=…`, `lang=…`).
    pub slices: BTreeMap<String, Accuracy>,
    /// Expected calibration error (10 bins) of the first candidate's confidence.
    pub ece: f64,
    /// The bins of that error: how often the first candidate is right at
    /// each level of confidence.
    pub reliability: Vec<ConfidenceBin>,
    /// Latency per item, milliseconds.
    pub latency_p50_ms: f64,
    /// 95th percentile.
    pub latency_p95_ms: f64,
    /// Every item: gold, first candidate, its confidence, right or not.
    pub items: Vec<ItemResult>,
}

/// Items whose first candidate's confidence falls in `[low, high)`.
#[derive(Debug, Clone, Serialize)]
pub struct ConfidenceBin {
    /// Lower bound.
    pub low: f64,
    /// Upper bound (the last bin includes 1.0).
    pub high: f64,
    /// Items in the bin.
    pub n: usize,
    /// Their mean confidence.
    pub confidence: f64,
    /// The share whose first candidate is right at its level.
    pub right: f64,
}

/// One item's result.
#[derive(Debug, Clone, Serialize)]
pub struct ItemResult {
    /// Item id.
    pub id: String,
    /// Gold code (digits).
    pub gold: String,
    /// First candidate's code.
    pub code: String,
    /// Its confidence.
    pub confidence: f32,
    /// Right at its own level.
    pub right: bool,
    /// The first candidate is the gold subheading (what top-1 HS6 counts).
    pub top1_hs6: bool,
    /// Every candidate given, best first, with its confidence: where the
    /// gold code ranked when it was not first.
    pub candidates: Vec<(String, f32)>,
}

/// Observations for fitting the calibration curves: `(share, margin, right)`
/// of the best subheading and of its heading.
#[derive(Debug, Default)]
pub struct CalibrationSamples {
    /// Best subheading: right at six digits.
    pub subheading: Vec<(f32, f32, bool)>,
    /// Its heading, where the classifier abstained (its best subheading
    /// below `calibration::SUBHEADING_SURE`): right at four digits.
    pub heading: Vec<(f32, f32, bool)>,
}

struct Outcome {
    slices: Vec<String>,
    hs2: bool,
    hs4: bool,
    hs6: bool,
    top5: bool,
    abstained: bool,
    confidence: f64,
    correct_at_level: bool,
    /// With the first candidate the gold subheading: its US line, if
    /// given, is the gold code.
    us_line: Option<Option<bool>>,
}

/// Classifies every item and scores the results.
pub fn evaluate(
    classifier: &Classifier,
    items: &[ClassifyItem],
    set: &str,
    ranking: &str,
    progress: &mut dyn FnMut(usize),
) -> anyhow::Result<(ClassifyReport, CalibrationSamples)> {
    let mut samples = CalibrationSamples::default();
    let mut results = Vec::with_capacity(items.len());
    let mut outcomes = Vec::with_capacity(items.len());
    let mut latencies = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        progress(i);
        let gold = item
            .gold
            .first()
            .map(|g| code_digits(g))
            .unwrap_or_default();
        let t = Instant::now();
        // Leave-one-out: the item, and any translation of it, is left out
        // of the labelled neighbours, so the figure predicts unseen products.
        let opts = ClassifyOptions {
            top_k: 5,
            exclude_example: Some(item.based_on.clone().unwrap_or_else(|| item.id.clone())),
            ..Default::default()
        };
        let result = classifier.classify_with(&item.request, &opts)?;
        latencies.push(t.elapsed().as_secs_f64() * 1000.0);
        let first = result.candidates.first();
        let prefix_ok =
            |code: &str, n: usize| code.len() >= n && gold.len() >= n && code[..n] == gold[..n];
        let code = first.map(|c| c.code.as_str()).unwrap_or("");
        if let Some(best) = result.candidates.iter().find(|c| c.level == 6) {
            let raw = result.raw;
            samples
                .subheading
                .push((raw.best, raw.best - raw.second, prefix_ok(&best.code, 6)));
            // The heading curve is consulted only when the classifier is
            // unsure of every subheading, so it is fitted on those items alone.
            if result.abstained {
                samples.heading.push((
                    raw.best_heading,
                    raw.best_heading - raw.second_heading,
                    prefix_ok(&best.code, 4),
                ));
            }
        }
        results.push(ItemResult {
            id: item.id.clone(),
            gold: gold.clone(),
            code: code.to_string(),
            confidence: first.map_or(0.0, |c| c.confidence),
            right: first.is_some_and(|c| prefix_ok(&c.code, c.level as usize)),
            top1_hs6: prefix_ok(code, 6),
            candidates: result
                .candidates
                .iter()
                .map(|c| (c.code.clone(), c.confidence))
                .collect(),
        });
        let lang = item.lang.clone().unwrap_or_else(|| "en".into());
        outcomes.push(Outcome {
            slices: vec![
                "all".into(),
                format!("source={}", item.source),
                format!("lang={lang}"),
            ],
            hs2: prefix_ok(code, 2),
            hs4: prefix_ok(code, 4),
            hs6: prefix_ok(code, 6),
            top5: result
                .candidates
                .iter()
                .take(5)
                .any(|c| c.level == 6 && prefix_ok(&c.code, 6)),
            abstained: result.abstained,
            confidence: first.map_or(0.0, |c| c.confidence as f64),
            correct_at_level: first.is_some_and(|c| prefix_ok(&c.code, c.level as usize)),
            us_line: first
                .filter(|c| c.level == 6 && prefix_ok(&c.code, 6))
                .map(|c| c.us.as_ref().map(|l| l.code == gold)),
        });
    }
    let mut slices: BTreeMap<String, Vec<&Outcome>> = BTreeMap::new();
    for o in &outcomes {
        for s in &o.slices {
            slices.entry(s.clone()).or_default().push(o);
        }
    }
    // Share of the outcomes passing `given` that also pass `hit`.
    let share = |os: &[&Outcome], given: fn(&Outcome) -> bool, hit: fn(&Outcome) -> bool| {
        let pool = os.iter().filter(|o| given(o));
        let n = pool.clone().count();
        pool.filter(|o| hit(o)).count() as f64 / n.max(1) as f64
    };
    let rate = |os: &[&Outcome], hit: fn(&Outcome) -> bool| share(os, |_| true, hit);
    let slices = slices
        .into_iter()
        .map(|(name, os)| {
            let acc = Accuracy {
                n: os.len(),
                top1_hs2: rate(&os, |o| o.hs2),
                top1_hs4: rate(&os, |o| o.hs4),
                top1_hs6: rate(&os, |o| o.hs6),
                top5_hs6: rate(&os, |o| o.top5),
                abstain_rate: rate(&os, |o| o.abstained),
                us_line_given: share(
                    &os,
                    |o| o.us_line.is_some(),
                    |o| matches!(o.us_line, Some(Some(_))),
                ),
                us_line_right: share(
                    &os,
                    |o| matches!(o.us_line, Some(Some(_))),
                    |o| o.us_line == Some(Some(true)),
                ),
            };
            (name, acc)
        })
        .collect();
    // ECE: |accuracy − mean confidence| per confidence decile, weighted by size.
    let mut ece = 0.0;
    let mut reliability = Vec::new();
    for b in 0..10 {
        let (lo, hi) = (b as f64 / 10.0, (b + 1) as f64 / 10.0);
        let bin: Vec<&Outcome> = outcomes
            .iter()
            .filter(|o| {
                o.confidence >= lo && (o.confidence < hi || (b == 9 && o.confidence <= 1.0))
            })
            .collect();
        if bin.is_empty() {
            continue;
        }
        let acc = bin.iter().filter(|o| o.correct_at_level).count() as f64 / bin.len() as f64;
        let conf = bin.iter().map(|o| o.confidence).sum::<f64>() / bin.len() as f64;
        ece += bin.len() as f64 / outcomes.len() as f64 * (acc - conf).abs();
        reliability.push(ConfidenceBin {
            low: lo,
            high: hi,
            n: bin.len(),
            confidence: conf,
            right: acc,
        });
    }
    Ok((
        ClassifyReport {
            set: set.to_string(),
            ranking: ranking.to_string(),
            slices,
            ece,
            reliability,
            latency_p50_ms: crate::report::percentile(&latencies, 0.5),
            latency_p95_ms: crate::report::percentile(&latencies, 0.95),
            items: results,
        },
        samples,
    ))
}

/// The Markdown view.
pub fn markdown(r: &ClassifyReport) -> String {
    let mut md = format!(
        "# Classification evaluation: {}\n\nEvidence: BM25 over HS, China, US and EU tariff lines; HS 2022 nodes by meaning (embedded with their path); \
         US HTS lines (with the indented descriptions above them), China's lines (by their Chinese names) and EU CN lines by meaning; the nearest labelled examples, each item and its translations left out of its own neighbours (leave-one-out). \
         Codes ruled out by what the description states are taken away, and what was found for a ruled-out subheading moves to the sibling the statement names (the rules of `server/src/classify/ruled_out.rs`: knitted or woven apparel and its wearer; the predominant fibre; a shoe's upper and style; a bag's kind and outer surface, and not a packing sack; a battery rechargeable or primary; the goods' material, metal and hallmarks; watch parts and chapter 91, a watch named before its components not a part of one, and a smartwatch 8517.62; stones set in jewellery; the kind of book; shaped articles and textile forms against materials in bulk; a named use; a name that is the term of a code; a wig's hair; the fishing tackle named first; a luminaire's fitting and light source; goods of a heading of their own whatever they are for, such as chargers, valves and gears; an article a subheading names, such as a bicycle saddle or a hair clip, and everyday goods by their trade names, such as a laptop or solar panels, with the nearest tariff lines of the codes a trade name keeps added when meaning found none; a motor car's or motorcycle's drive and cylinder capacity; the bird, bone, shell and state (fresh or preserved) of produce; a stated mass against the weight or capacity ranges of the heading the goods are in); a chemical given by a CAS number a tariff line of the bundle names is kept to that line's subheading; a US special provision (chapter 99) found by words votes for the subheading it names. \
         Second stage: {}. Confidence is calibrated (logistic curves fitted on classify-dev). \
         Abstain: no subheading likely enough to assert (below {}); the first candidate is then its heading when that is at least {} likely, otherwise the likeliest subheading as a guess. Top-1 uses the first candidate, a heading counting as wrong at six digits.\n\n\
         US line: with the first candidate the gold subheading, the share given a US 10-digit line, and of those the share that is the gold code.\n\n\
         | slice | n | top-1 HS2 | top-1 HS4 | top-1 HS6 | top-5 HS6 | abstain | US line given | US line right |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n",
        r.set,
        r.ranking,
        calibration::SUBHEADING_SURE,
        calibration::HEADING_SURE
    );
    for (name, a) in &r.slices {
        md.push_str(&format!(
            "| {name} | {} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} |\n",
            a.n,
            a.top1_hs2,
            a.top1_hs4,
            a.top1_hs6,
            a.top5_hs6,
            a.abstain_rate,
            a.us_line_given,
            a.us_line_right
        ));
    }
    md.push_str(&format!(
        "\nExpected calibration error (first candidate, 10 bins): {:.3}. Latency per item: p50 {:.1} ms, p95 {:.1} ms.\n",
        r.ece, r.latency_p50_ms, r.latency_p95_ms
    ));
    md.push_str(
        "\nHow often the first candidate is right at each confidence:\n\n\
         | confidence | n | mean confidence | right |\n|---|---:|---:|---:|\n",
    );
    for b in &r.reliability {
        md.push_str(&format!(
            "| {:.1}–{:.1} | {} | {:.3} | {:.3} |\n",
            b.low, b.high, b.n, b.confidence, b.right
        ));
    }
    md
}
