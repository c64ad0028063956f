//! The number check: every figure a narrative states must be a fact of the
//! table, after unit and format normalisation (`38.7 billion`, `387.3亿`
//! and `38,733 million` are all USD 38,733.0 million; `12%` may round
//! `11.8%`). Where the sentence says which way a figure went ("fell",
//! "下降"), the fact's sign must agree. Dates and month counts are allowed
//! when they name the briefing's own window.
//!
//! Rounding is judged by the precision the narrative wrote: `39 billion`
//! may be 38.7 billion, `40 billion` may not.

use std::sync::LazyLock;

use regex::Regex;

use super::facts::{Fact, FactUnit, FactsTable};
use super::subjects::{self, Aspect};

/// How a stated figure is to be read.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Percent,
    Points,
    /// A money amount with a scale word (`billion`, `亿`).
    Scaled(f64),
    Plain,
}

/// A figure as the text states it.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// The figure as written.
    pub text: String,
    value: f64,
    /// Half a unit of the last digit written.
    tolerance: f64,
    kind: Kind,
    /// +1 / −1 when the words before it say up or down.
    direction: Option<i8>,
    /// An integer 1–12 followed by 月 / month(s): a period, not a figure.
    month_count: bool,
    /// Stated as an amount of change ("rose by $2.6 billion", "减少138.1亿"),
    /// so it must be a change in the table, not a level.
    as_change: bool,
}

/// Words that make the amount after them a change: "by", and the Chinese
/// verbs of change without 为/至 (which introduce a level).
const CHANGE_VERBS: &[&str] = &[
    "by",
    "增加了",
    "增加",
    "减少了",
    "减少",
    "增长了",
    "增长",
    "下降了",
    "下降",
    "扩大了",
    "扩大",
    "收窄了",
    "收窄",
    "缩小了",
    "缩小",
    "变动",
];

static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?P<pre>百分之)?(?P<sign>[-−+])?",
        r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)",
        r"\s*(?P<unit>percentage points?|个百分点|百分点|pp\b|%|％|percent|per cent|",
        r"trillion|billion|bn\b|million|mn\b|thousand|万亿|亿|万|千)?",
        r"(?P<after>\s*(?:-|个)?\s*(?:月|months?\b))?"
    ))
    .unwrap_or_else(|e| panic!("number pattern: {e}"))
});

/// `2019-06`, `2019年6月`, `2019/06`: dates, checked as dates.
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<year>(?:19|20)\d{2})\s*(?:[-/.]\s*\d{1,2}\b|年\s*\d{1,2}\s*月|年)")
        .unwrap_or_else(|e| panic!("date pattern: {e}"))
});

/// Fact ids the model may echo (`[F3]`, `(F3)`).
static FACT_REF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[\[(（]?F\d+[\])）]?").unwrap_or_else(|e| panic!("ref pattern: {e}"))
});

const DOWN: &[&str] = &[
    "fell", "fall", "down", "declin", "drop", "decreas", "shrank", "narrow", "lower", "contract",
    "slump", "下降", "下滑", "减少", "回落", "收窄", "降低", "萎缩", "跌",
];
const UP: &[&str] = &[
    "rose", "rise", "up ", "increas", "grew", "grow", "widen", "higher", "climb", "jump", "上升",
    "增长", "增加", "扩大", "上涨", "攀升", "提高",
];

/// What the narrative may mention besides the facts, and how strictly
/// figures are tied to their subjects.
#[derive(Debug, Clone)]
pub struct Window {
    /// Years a bare `2019` may name.
    pub years: std::ops::RangeInclusive<i32>,
    /// Figures must be stated of their own partner (briefings across
    /// several partners).
    pub partners: bool,
}

/// The figures of `text` that no fact supports, as written.
pub fn untraced(text: &str, facts: &FactsTable, window: &Window) -> Vec<String> {
    let text = FACT_REF.replace_all(text, " ");
    let mut bad = Vec::new();
    let mut rest = String::with_capacity(text.len());
    let mut last = 0;
    for date in DATE.captures_iter(&text) {
        let whole = date.get(0).map_or(0..0, |m| m.range());
        let year: i32 = date["year"].parse().unwrap_or(0);
        if !window.years.contains(&year) {
            bad.push(date[0].to_string());
        }
        rest.push_str(&text[last..whole.start]);
        rest.push(' ');
        last = whole.end;
    }
    rest.push_str(&text[last..]);
    let named = subjects::groups(&text);
    for m in mentions(&rest) {
        if !supported(&m, facts.facts(), window, &named) {
            bad.push(m.text);
        }
    }
    bad
}

/// How many figures (dates included) `text` states.
pub fn figure_count(text: &str) -> usize {
    let text = FACT_REF.replace_all(text, " ");
    let dates = DATE.find_iter(&text).count();
    let rest = DATE.replace_all(&text, " ");
    dates + mentions(&rest).len()
}

/// Every figure in `text`.
fn mentions(text: &str) -> Vec<Mention> {
    NUMBER
        .captures_iter(text)
        .filter_map(|c| {
            let whole = c.get(0)?;
            let num = c.name("num")?.as_str();
            let plain = num.replace(',', "");
            let mut value: f64 = plain.parse().ok()?;
            let decimals = plain.split_once('.').map_or(0, |(_, f)| f.len());
            let tolerance = 0.5 * 10f64.powi(-(decimals as i32)) + 1e-9;
            let sign = c.name("sign").map(|s| s.as_str());
            if matches!(sign, Some("-" | "−")) {
                value = -value;
            }
            let unit = c.name("unit").map(|u| u.as_str().to_lowercase());
            let kind = match unit.as_deref() {
                _ if c.name("pre").is_some() => Kind::Percent,
                Some("%" | "％" | "percent" | "per cent") => Kind::Percent,
                Some(u) if u.starts_with("percentage") || u.contains("百分点") || u == "pp" => {
                    Kind::Points
                }
                Some("trillion" | "万亿") => Kind::Scaled(1e12),
                Some("billion" | "bn") => Kind::Scaled(1e9),
                Some("亿") => Kind::Scaled(1e8),
                Some("million" | "mn") => Kind::Scaled(1e6),
                Some("万") => Kind::Scaled(1e4),
                Some("thousand" | "千") => Kind::Scaled(1e3),
                _ => Kind::Plain,
            };
            let month_count = c.name("after").is_some()
                && kind == Kind::Plain
                && decimals == 0
                && (1.0..=12.0).contains(&value);
            // Words after the previous figure only: in "下降13.0%，占比64.4%"
            // the fall is the 13.0%'s, not the share's.
            let before = &text[..whole.start()];
            let before = before
                .rfind(|c: char| c.is_ascii_digit() || c == '%' || c == '％')
                .map_or(before, |i| &before[i + 1..]);
            let lead: String = before
                .chars()
                .rev()
                .take(24)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            let lead = lead.to_lowercase();
            // The direction word nearest before the figure governs it.
            let last = |words: &[&str]| words.iter().filter_map(|w| lead.rfind(w)).max();
            let direction = match (last(DOWN), last(UP)) {
                (Some(d), Some(u)) => Some(if d > u { -1 } else { 1 }),
                (Some(_), None) => Some(-1),
                (None, Some(_)) => Some(1),
                (None, None) => None,
            };
            let bare = lead
                .trim_end()
                .trim_end_matches(['$', '¥', '€'])
                .trim_end_matches("usd")
                .trim_end_matches("jpy")
                .trim_end_matches("美元")
                .trim_end();
            let as_change = matches!(kind, Kind::Scaled(_) | Kind::Plain)
                && CHANGE_VERBS.iter().any(|v| bare.ends_with(v));
            Some(Mention {
                text: whole.as_str().trim().to_string(),
                value,
                tolerance,
                kind,
                direction,
                month_count,
                as_change,
            })
        })
        .collect()
}

fn supported(m: &Mention, facts: &[Fact], window: &Window, named: &[(Aspect, &str)]) -> bool {
    if m.month_count {
        return true;
    }
    if m.kind == Kind::Plain && m.value.fract() == 0.0 && window.years.contains(&(m.value as i32)) {
        return true;
    }
    facts.iter().any(|f| {
        let groups = subjects::label_groups(&f.label);
        // A change of an amount is a fact compared over a window; a level
        // (the month's balance) stated as "fell by" is misstated.
        let is_change = groups.iter().any(|(a, _)| *a == Aspect::Window);
        matches(m, f)
            && (!m.as_change || is_change)
            && subjects::compatible(&groups, named, window.partners)
    })
}

fn matches(m: &Mention, fact: &Fact) -> bool {
    let close =
        |stated: f64, actual: f64, tolerance: f64| (stated.abs() - actual.abs()).abs() <= tolerance;
    let agrees = |actual: f64| {
        let stated_negative = m.value < 0.0;
        // Direction words qualify changes; "fell to $39 billion" states a level.
        let is_change =
            matches!(m.kind, Kind::Percent | Kind::Points) && fact.unit != FactUnit::Share;
        let direction_ok = match m.direction {
            Some(1) if is_change => actual >= 0.0,
            Some(_) if is_change => actual <= 0.0,
            _ => true,
        };
        direction_ok && (!stated_negative || actual <= 0.0)
    };
    let ok = match (&m.kind, &fact.unit) {
        (Kind::Percent, FactUnit::Percent | FactUnit::Share) | (Kind::Points, FactUnit::Points) => {
            close(m.value, fact.value, m.tolerance)
        }
        (Kind::Scaled(scale), FactUnit::Money { scale: unit, .. }) => {
            close(m.value * scale, fact.value * unit, m.tolerance * scale)
        }
        (Kind::Plain, FactUnit::Money { .. } | FactUnit::Rate { .. }) => {
            close(m.value, fact.value, m.tolerance)
        }
        _ => false,
    };
    ok && agrees(fact.value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> FactsTable {
        let mut t = FactsTable::default();
        let usd = FactUnit::Money {
            currency: "USD".into(),
            scale: 1e6,
        };
        t.add(
            "US imports from China, June 2019",
            38733.0,
            usd.clone(),
            vec![],
        );
        t.add(
            "US trade balance with China (exports minus imports)",
            -29564.5,
            usd,
            vec![],
        );
        t.add(
            "US imports from China year-on-year change",
            -12.34,
            FactUnit::Percent,
            vec![],
        );
        t.add(
            "US exports to China year-on-year change",
            5.0,
            FactUnit::Percent,
            vec![],
        );
        t.add(
            "Share of the US in China's exports, change on the year",
            3.2,
            FactUnit::Points,
            vec![],
        );
        t.add(
            "CNY/USD monthly average rate",
            6.8708,
            FactUnit::Rate {
                base: "CNY".into(),
                quote: "USD".into(),
            },
            vec![],
        );
        t
    }

    fn window() -> Window {
        Window {
            years: 2017..=2019,
            partners: false,
        }
    }

    fn bad(text: &str) -> Vec<String> {
        untraced(text, &table(), &window())
    }

    #[test]
    fn restated_and_rounded_facts_pass() {
        for ok in [
            "US imports from China were USD 38,733.0 million in June 2019.",
            "Imports came to 38.7 billion dollars, down 12.3% year on year.",
            "Imports fell 12% on the year to about $39 billion.",
            "美国自中国进口387.3亿美元，同比下降12.3%。",
            "The deficit was USD -29,564.5 million [F2].",
            "逆差为295.6亿美元，人民币兑美元为6.8708。",
            "Exports rose 5.0% year on year while the US share rose 3.2 percentage points on the year.",
            "2019年6月，出口同比增长5%，过去12个月进口持续下降。",
            "Over the 3-month window and in 2018 the yuan was 6.87 per dollar.",
            "进口同比下降12.3%，美国份额上升3.2个百分点。",
        ] {
            assert_eq!(bad(ok), Vec::<String>::new(), "{ok}");
        }
    }

    #[test]
    fn invented_or_misdirected_figures_are_caught() {
        let cases = [
            ("Imports came to 40 billion dollars.", "40 billion"),
            ("Imports fell 13.5% on the year.", "13.5%"),
            ("The balance fell 12.3% year on year.", "12.3%"),
            ("Imports fell 12.3% on the month.", "12.3%"),
            ("Imports rose 12.3% from a year earlier.", "12.3%"),
            ("Exports fell 5.0% on the year.", "5.0%"),
            ("进口同比增长12.3%。", "12.3%"),
            ("The share rose 3.2%.", "3.2%"),
            ("Trade totalled 68,297.5 million.", "68,297.5 million"),
            ("The yuan was at 7.1 per dollar.", "7.1"),
            ("In 2015 imports were lower.", "2015"),
            ("Exports were up -5% on the year.", "-5%"),
            ("The deficit fell by USD 29.6 billion.", "29.6 billion"),
            ("贸易差额减少295.6亿美元。", "295.6亿"),
            ("出口同比下降5.0%。", "5.0%"),
        ];
        for (text, figure) in cases {
            assert_eq!(bad(text), vec![figure.to_string()], "{text}");
        }
    }
}
