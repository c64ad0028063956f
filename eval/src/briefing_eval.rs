//! Briefing evaluation: a sample of briefings across topics, months and
//! both languages, generated with the model's narrative, and every figure
//! they publish checked again against their own facts table. Reports how
//! many figures trace to the table (the target is all), what the number
//! check had to drop on the way (how often the model misstates a figure),
//! and how long a briefing takes.

use portolan_corpus::trade::Month;
use portolan_server::briefing::facts::FactsTable;
use portolan_server::briefing::narrative::sentences;
use portolan_server::briefing::numbers::{figure_count, untraced, Window};
use portolan_server::briefing::{BriefLang, BriefRequest, BriefScope, Briefer, Topic};
use serde::Serialize;

/// Topics sampled: each bilateral series of the bundle and China across partners.
pub const TOPICS: [&str; 4] = ["china-us", "china-japan", "china-korea", "china"];

/// One briefing's outcome.
#[derive(Debug, Clone, Serialize)]
pub struct BriefingSample {
    /// Topic.
    pub topic: String,
    /// Month.
    pub period: Month,
    /// Language.
    pub lang: BriefLang,
    /// Seconds to write it.
    pub seconds: f64,
    /// Figures in the published narrative.
    pub narrative_figures: usize,
    /// Of those, not found in the facts table (re-checked here).
    pub narrative_untraced: Vec<String>,
    /// Figures in the headline and bullets.
    pub findings_figures: usize,
    /// Of those, not found in the facts table.
    pub findings_untraced: Vec<String>,
    /// Sentences the model wrote.
    pub sentences_written: usize,
    /// Sentences the number check dropped.
    pub sentences_dropped: usize,
    /// Figures the model stated that the check caught.
    pub caught: Vec<String>,
    /// Whether the narrative was written twice.
    pub regenerated: bool,
    /// The narrative as published.
    pub narrative: String,
}

/// The report.
#[derive(Debug, Clone, Serialize)]
pub struct BriefingReport {
    /// Model narrating.
    pub model: String,
    /// Briefings.
    pub n: usize,
    /// Figures in published narratives, and the share traced to the table.
    pub narrative_figures: usize,
    /// Share of published narrative figures found in the facts table.
    pub narrative_traceable: f64,
    /// Figures in headlines and bullets.
    pub findings_figures: usize,
    /// Share of those found in the facts table.
    pub findings_traceable: f64,
    /// Sentences the model wrote, all briefings.
    pub sentences_written: usize,
    /// Share of them the number check dropped.
    pub drop_rate: f64,
    /// Briefings whose narrative was regenerated.
    pub regenerated: usize,
    /// Briefings whose whole narrative was dropped.
    pub empty_narratives: usize,
    /// Seconds per briefing: p50, p95, max.
    pub seconds_p50: f64,
    /// 95th percentile.
    pub seconds_p95: f64,
    /// Slowest.
    pub seconds_max: f64,
    /// Share of briefings written within 10 s.
    pub within_10s: f64,
    /// Every briefing.
    pub samples: Vec<BriefingSample>,
}

/// The months sampled: spread over 2003–2019 (every series has two years
/// of history by 2003, as the anomaly check needs) by a fixed stride, so
/// the sample is the same on every run.
pub fn plan(n: usize) -> Vec<(String, Month, BriefLang)> {
    let first = Month::new(2003, 1).unwrap_or_else(|| unreachable!("a valid month"));
    (0..n)
        .map(|i| {
            let topic = TOPICS[i % TOPICS.len()].to_string();
            let lang = if (i / TOPICS.len()).is_multiple_of(2) {
                BriefLang::En
            } else {
                BriefLang::Zh
            };
            // 204 months; 89 is coprime with it, so the stride visits them all.
            let period = first.plus(((i * 89) % 204) as i32);
            (topic, period, lang)
        })
        .collect()
}

/// Writes the planned briefings and checks them.
pub fn evaluate(
    briefer: &Briefer,
    model: &str,
    n: usize,
    progress: &mut dyn FnMut(usize),
) -> Result<BriefingReport, portolan_server::briefing::BriefError> {
    let mut samples = Vec::new();
    for (i, (topic, period, lang)) in plan(n).into_iter().enumerate() {
        progress(i);
        let b = briefer.brief(&BriefRequest {
            topic: topic.clone(),
            period: Some(period),
            lang,
            scope: BriefScope::default(),
            narrate: true,
        })?;
        let partners = matches!(
            Topic::resolve(&topic, &briefer.store())?,
            Topic::Partners { .. }
        );
        let window = Window {
            years: period.year() - 3..=period.year(),
            partners,
        };
        let table = FactsTable::from(b.facts.clone());
        let check = |texts: &[String]| -> (usize, Vec<String>) {
            let figures = texts.iter().map(|t| figure_count(t)).sum();
            let bad = texts
                .iter()
                .flat_map(|t| untraced(t, &table, &window))
                .collect();
            (figures, bad)
        };
        let (narrative_figures, narrative_untraced) = check(&sentences(&b.narrative));
        let mut findings = vec![b.headline.clone()];
        findings.extend(b.bullets.iter().cloned());
        let (findings_figures, findings_untraced) = check(&findings);
        samples.push(BriefingSample {
            topic,
            period,
            lang,
            seconds: b.seconds,
            narrative_figures,
            narrative_untraced,
            findings_figures,
            findings_untraced,
            sentences_written: b.number_check.sentences,
            sentences_dropped: b.number_check.dropped.len(),
            caught: b.number_check.untraced.clone(),
            regenerated: b.number_check.regenerated,
            narrative: b.narrative.clone(),
        });
    }
    let sum = |f: &dyn Fn(&BriefingSample) -> usize| samples.iter().map(f).sum::<usize>();
    let share = |good: usize, all: usize| {
        if all == 0 {
            1.0
        } else {
            good as f64 / all as f64
        }
    };
    let nf = sum(&|s| s.narrative_figures);
    let nu = sum(&|s| s.narrative_untraced.len());
    let ff = sum(&|s| s.findings_figures);
    let fu = sum(&|s| s.findings_untraced.len());
    let written = sum(&|s| s.sentences_written);
    let dropped = sum(&|s| s.sentences_dropped);
    let seconds: Vec<f64> = samples.iter().map(|s| s.seconds).collect();
    Ok(BriefingReport {
        model: model.to_string(),
        n: samples.len(),
        narrative_figures: nf,
        narrative_traceable: share(nf.saturating_sub(nu), nf),
        findings_figures: ff,
        findings_traceable: share(ff.saturating_sub(fu), ff),
        sentences_written: written,
        drop_rate: share(dropped, written),
        regenerated: samples.iter().filter(|s| s.regenerated).count(),
        empty_narratives: samples
            .iter()
            .filter(|s| s.narrative.trim().is_empty())
            .count(),
        seconds_p50: crate::report::percentile(&seconds, 0.5),
        seconds_p95: crate::report::percentile(&seconds, 0.95),
        seconds_max: seconds.iter().copied().fold(0.0, f64::max),
        within_10s: share(
            seconds.iter().filter(|s| **s <= 10.0).count(),
            seconds.len(),
        ),
        samples,
    })
}

/// The report for people.
pub fn markdown(r: &BriefingReport) -> String {
    let mut md = format!(
        "# Briefings: {} generated, numbers checked\n\n\
         Model `{}`; topics {}; months spread over 2003–2019; English and Chinese.\n\
         Command: `portolan eval briefings --n {}`.\n\n\
         | measure | value |\n|---|---|\n\
         | figures in published narratives traced to the facts table | {}/{} ({:.1}%) |\n\
         | figures in headlines and bullets traced to the facts table | {}/{} ({:.1}%) |\n\
         | sentences the model wrote | {} |\n\
         | sentences dropped by the number check | {:.1}% |\n\
         | narratives regenerated once | {} |\n\
         | narratives dropped whole | {} |\n\
         | seconds per briefing p50 / p95 / max | {:.1} / {:.1} / {:.1} |\n\
         | briefings within 10 s | {:.0}% |\n\n",
        r.n,
        r.model,
        TOPICS.join(", "),
        r.n,
        (r.narrative_traceable * r.narrative_figures as f64).round(),
        r.narrative_figures,
        r.narrative_traceable * 100.0,
        (r.findings_traceable * r.findings_figures as f64).round(),
        r.findings_figures,
        r.findings_traceable * 100.0,
        r.sentences_written,
        r.drop_rate * 100.0,
        r.regenerated,
        r.empty_narratives,
        r.seconds_p50,
        r.seconds_p95,
        r.seconds_max,
        r.within_10s * 100.0
    );
    md.push_str(
        "Figures the number check caught (the model stated them; they were not published):\n\n",
    );
    for s in r.samples.iter().filter(|s| !s.caught.is_empty()).take(12) {
        md.push_str(&format!(
            "- {} {} {:?}: {}\n",
            s.topic,
            s.period,
            s.lang,
            s.caught.join(", ")
        ));
    }
    md.push_str("\nSample narratives as published:\n\n");
    for s in r.samples.iter().filter(|s| !s.narrative.is_empty()).take(6) {
        md.push_str(&format!(
            "- **{} {} {:?}** — {}\n",
            s.topic, s.period, s.lang, s.narrative
        ));
    }
    md
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plan_covers_topics_languages_and_distinct_months() {
        let plan = plan(50);
        assert_eq!(plan.len(), 50);
        for t in TOPICS {
            assert!(plan.iter().filter(|(topic, ..)| topic == t).count() >= 12);
        }
        assert!(
            plan.iter().any(|(_, _, l)| *l == BriefLang::Zh)
                && plan.iter().any(|(_, _, l)| *l == BriefLang::En)
        );
        let mut months: Vec<Month> = plan.iter().map(|(_, m, _)| *m).collect();
        months.sort();
        months.dedup();
        assert_eq!(months.len(), 50);
        assert!(months.iter().all(|m| (2003..=2019).contains(&m.year())));
    }
}
