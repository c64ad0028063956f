//! What the data side of a briefing produces before the model narrates:
//! the facts table, the headline and bullets written from it by template,
//! the chart's series and the data rows cited. Shared by the two kinds of
//! topic (`bilateral`, `partners`).

use std::collections::BTreeMap;

use portolan_corpus::trade::{Month, Observation, Provenance, SeriesKey, TradeStore};
use serde::Serialize;

use super::analytics::{self, Series};
use super::facts::{FactUnit, FactsTable};

/// A briefing's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BriefLang {
    /// 中文
    Zh,
    /// English
    En,
}

impl BriefLang {
    /// Chinese?
    pub fn zh(self) -> bool {
        self == BriefLang::Zh
    }

    /// Picks the text for this language.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        if self.zh() {
            zh
        } else {
            en
        }
    }

    /// The month as this language writes it.
    pub fn month(self, m: Month) -> String {
        if self.zh() {
            m.chinese()
        } else {
            m.english()
        }
    }
}

/// A cited source of a briefing: a data row or a policy passage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BriefCitation {
    /// `data` or `policy`.
    pub kind: &'static str,
    /// Document path relative to the bundle root (or the user file).
    pub doc: String,
    /// Line of a data file, article or announcement of a policy text.
    pub locator: String,
    /// For policy passages: the beginning of the text.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub quote: String,
}

impl BriefCitation {
    /// A data row.
    pub fn data(p: &Provenance, what: &str) -> Self {
        Self {
            kind: "data",
            doc: p.doc.clone(),
            locator: format!("line {} ({what})", p.line),
            quote: String::new(),
        }
    }
}

/// One line of the chart.
#[derive(Debug, Clone)]
pub struct ChartLine {
    /// Legend text.
    pub name: String,
    /// Values by month.
    pub values: Series,
}

/// The data side of a briefing.
#[derive(Debug, Clone, Default)]
pub struct Draft {
    /// What the figures are (which side reports, conversions).
    pub notes: Vec<String>,
    /// The computed facts.
    pub facts: FactsTable,
    /// One line, numbers from the facts.
    pub headline: String,
    /// 3–6 findings, numbers from the facts.
    pub bullets: Vec<String>,
    /// Chart lines and their unit label.
    pub chart: Vec<ChartLine>,
    /// The chart's y-axis unit.
    pub chart_unit: String,
    /// Data rows behind the facts.
    pub citations: Vec<BriefCitation>,
    /// First month the chart shows (years before it are not the window).
    pub window_start: Option<Month>,
}

impl Draft {
    /// An empty draft whose figures print in `lang`'s style.
    pub fn new(lang: BriefLang) -> Self {
        Self {
            facts: FactsTable::new(lang.zh()),
            ..Self::default()
        }
    }
}

/// Months the chart shows, ending at the period.
pub const CHART_MONTHS: i32 = 36;

/// A series as display values (`value × unit scale ÷ display scale`), with
/// each month's observation for provenance.
pub struct Valued<'a> {
    /// Values in the display unit.
    pub values: Series,
    /// The observations, by month.
    pub rows: &'a BTreeMap<Month, Observation>,
}

/// The series of `key`, rescaled to `display_scale`.
pub fn valued<'a>(
    store: &'a TradeStore,
    key: &SeriesKey,
    display_scale: f64,
) -> Option<Valued<'a>> {
    let rows = store.series(key)?;
    let values = rows
        .iter()
        .map(|(m, o)| (*m, o.amount() / display_scale))
        .collect();
    Some(Valued { values, rows })
}

/// Provenance of the rows a change at `period` against `lag` rests on.
pub fn rows_of(
    rows: &BTreeMap<Month, Observation>,
    period: Month,
    lags: &[i32],
) -> Vec<Provenance> {
    lags.iter()
        .filter_map(|lag| rows.get(&period.plus(-lag)).map(|o| o.source.clone()))
        .collect()
}

/// Facts on exchange rates at `period`: for each currency its units per
/// USD (the euro as CNY per EUR, the cross China's traders quote), the
/// level and its change over a month and a year. Returns bullet text for
/// the first currency's yearly move.
pub fn fx_facts(
    store: &TradeStore,
    currencies: &[String],
    period: Month,
    lang: BriefLang,
    draft: &mut Draft,
) -> Option<String> {
    let fx = store.fx();
    let mut bullet = None;
    for currency in currencies {
        let (base, quote) = if currency == "EUR" {
            ("CNY", "EUR")
        } else {
            (currency.as_str(), "USD")
        };
        if base == quote || base == "USD" {
            continue;
        }
        let rate_at = |m: Month| -> Option<(f64, Vec<Provenance>)> {
            let b = fx.per_usd(base, m)?;
            if quote == "USD" {
                return Some((b.per_usd, vec![b.source.clone()]));
            }
            let q = fx.per_usd(quote, m)?;
            Some((
                b.per_usd / q.per_usd,
                vec![b.source.clone(), q.source.clone()],
            ))
        };
        let Some((now, mut sources)) = rate_at(period) else {
            continue;
        };
        let unit = FactUnit::Rate {
            base: base.into(),
            quote: quote.into(),
        };
        let name = format!("{base}/{quote}");
        let level = draft.facts.add(
            format!("{name} {}", lang.pick("月均汇率", "monthly average rate")),
            now,
            unit,
            sources.clone(),
        );
        let mut yoy_text = None;
        for (lag, label) in [
            (1, lang.pick("环比", "change on the month")),
            (12, lang.pick("同比", "change on the year")),
        ] {
            if let Some((before, s)) = rate_at(period.plus(-lag)) {
                let pct = (now - before) / before * 100.0;
                sources.extend(s.clone());
                let shown = draft
                    .facts
                    .add(format!("{name} {label}"), pct, FactUnit::Percent, s);
                if lag == 12 {
                    yoy_text = Some(shown);
                }
            }
        }
        for s in &sources {
            let c = BriefCitation::data(s, &name);
            if !draft.citations.contains(&c) {
                draft.citations.push(c);
            }
        }
        if bullet.is_none() {
            bullet = Some(match (lang, yoy_text) {
                (BriefLang::Zh, Some(y)) => {
                    format!("汇率：{name} 月均 {level}，同比 {y}（{base} 数值上升即{base}贬值）。")
                }
                (BriefLang::En, Some(y)) => {
                    format!("FX: {name} averaged {level}, {y} on the year (a higher {base} figure means a weaker {base}).")
                }
                (BriefLang::Zh, None) => format!("汇率：{name} 月均 {level}。"),
                (BriefLang::En, None) => format!("FX: {name} averaged {level}."),
            });
        }
    }
    bullet
}

/// Facts and a bullet on unusual months of `series` in the two years to
/// `period` (year-on-year growth ≥ 2.5 standard deviations from its usual).
pub fn anomaly_facts(
    name: &str,
    series: &Series,
    period: Month,
    lang: BriefLang,
    draft: &mut Draft,
) -> Option<String> {
    let flagged = analytics::anomalies(series, period, 24, 2.5);
    let first = flagged.first()?;
    let label = format!(
        "{name}, {} {}",
        lang.month(first.period),
        lang.pick(
            "同比增速（异常：偏离前三年常态）",
            "year-on-year growth (unusual against the previous 3 years)"
        )
    );
    let shown = draft
        .facts
        .add(label, first.growth, FactUnit::Percent, vec![]);
    Some(match lang {
        BriefLang::Zh => format!("异常：{name}在{}同比 {shown}，明显偏离此前三年的增速。", lang.month(first.period)),
        BriefLang::En => format!(
            "Unusual: {name} in {} changed {shown} on the year, far outside the previous three years' range.",
            lang.month(first.period)
        ),
    })
}

/// A mover's change on the year as a fact (`unit`: the amounts' unit);
/// returns its printed form.
pub fn mover_fact(
    d: &mut Draft,
    mover: &analytics::Mover,
    unit: &FactUnit,
    lang: BriefLang,
) -> String {
    d.facts.add(
        format!(
            "{} {}",
            mover.name,
            lang.pick("同比变动额", "change on the year")
        ),
        mover.change.absolute(),
        unit.clone(),
        vec![],
    )
}
