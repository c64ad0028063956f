//! Figures an answer states that no source gives.
//!
//! A time limit, a rate or an amount is what a trader acts on, and what a
//! small model most often gets wrong while the words around it are copied
//! right: on qa-dev it wrote that the WTO deadline for origin assessments
//! is 180 days, where the Agreement on Rules of Origin, given to it as a
//! source, says 150. A sentence like that reads as grounded (its words are
//! the source's) and cites nothing a reader would doubt. So every quantity an answer states (a period, a
//! share, a multiple, an amount, a weight) is looked for in the question
//! and in the passages the sentence cites (in any passage given, when it
//! cites none); a sentence stating one that none of them states is left
//! out of the answer, and a note says so. The sources' own words, quoted at
//! the close of the answer, give the figure.
//!
//! The cited passages, not any passage: a figure copied from another source
//! is that source's rule, not the cited one's. On qa-dev the model wrote
//! "按WTO《保障措施协定》……最长能实施10年[2]": 10 years is China's
//! safeguards regulation ([1]); the Agreement says eight. A sentence so
//! miscited is left out even when its figure happens to be right: the
//! reader is shown sources rather than a claim pinned on the wrong one.
//! What the check cannot see is a figure right for another source in a
//! sentence that cites none: qa-001's "展品……最晚可以在3个月内复运出境"
//! took the three months of the container convention, also given, for
//! exhibits whose limit is 六个月 (关税法 第三十七条).
//!
//! Figures are compared as values in a unit, whatever the script: 六个月,
//! 6个月 and "six months" are the same; a year is twelve months and a week
//! seven days, so "一年" is supported by "12个月". Working days are not
//! days: a broker who counts "15 days" where the law says 十五个工作日 files
//! late. Dates, years (2024年) and ordinals (第三年) are not quantities and
//! are not checked, nor are numbers without a unit (article and heading
//! numbers): those are `attribution`'s and the citations' to answer for.

use std::collections::HashSet;
use std::sync::LazyLock;

use portolan_corpus::numerals::{chinese_numbers_as_digits, english_number};
use regex::Regex;

use super::grounding::{cited_or_all, Checked};

/// What a quantity counts, with the units that convert folded into one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Unit {
    /// Months (a year is twelve).
    Month,
    /// Calendar days (a week is seven).
    Day,
    /// Working days.
    WorkingDay,
    Hour,
    Percent,
    /// Times (倍).
    Multiple,
    /// Yuan (renminbi).
    Yuan,
    /// US dollars.
    Dollar,
    /// Kilograms (a tonne is a thousand).
    Kilogram,
}

/// A quantity: a value (thousandths, so that 2.5% and 0.5 kg compare
/// exactly) in a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Figure {
    milli: u64,
    unit: Unit,
}

/// A written value in thousandths: `1,000` 1000000, `2.5` 2500.
fn milli(value: &str) -> Option<u64> {
    let v: String = value.chars().filter(|c| *c != ',').collect();
    let (whole, frac) = v.split_once('.').unwrap_or((&v, ""));
    let whole: u64 = whole.parse().ok()?;
    let frac: String = frac.chars().chain("000".chars()).take(3).collect();
    whole.checked_mul(1000)?.checked_add(frac.parse().ok()?)
}

static DATE_OR_ORDINAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        // An ordinal in figures: 第1年 is "the first year".
        r"第\s*\d+",
        r"|\d{4}\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?",
        r"|\d{1,2}\s*月\s*\d{1,2}\s*日",
        r"|\d{4}-\d{1,2}-\d{1,2}",
        r"|(?i:\d{1,2}\s+(?:january|february|march|april|may|june|july|august|september|october|november|december)(?:\s+\d{4})?)",
        r"|(?i:(?:january|february|march|april|may|june|july|august|september|october|november|december)\s+\d{1,2}(?:,\s*\d{4})?)",
    ))
    .expect("a valid pattern")
});

/// A number and its unit, in either language: `6个月`, `15个工作日`,
/// `百分之50`, `50万元`, `30 days`, `30-day`, `5 per cent`, `USD 1,000`,
/// `RMB 50`.
static QUANTITY: LazyLock<Regex> = LazyLock::new(|| {
    let number = r"\d[\d,]*(?:\.\d+)?";
    let words = r"(?i:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|five|six|seven|eight|nine))?|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)";
    Regex::new(&format!(
        concat!(
            r"百分之(?P<pct>{n})",
            r"|(?:(?i:usd|us\$)|\$)\s*(?P<usd>{n})",
            r"|(?:\b(?i:rmb|cny)|¥|￥)\s*(?P<rmb>{n})",
            r"|(?P<v>{n}|\b{w}\b)\s*(?:\(\s*{n}\s*\)\s*)?-?\s*(?P<u>",
            r"个月|个工作日|工作日|个小时|小时|个星期|星期|周|天|日|年|倍|万元|亿元|元|万美元|美元|公斤|千克|吨|%|％",
            r"|(?i:working\s+days?|business\s+days?|days?|weeks?|months?|years?|hours?|per\s*cent|percent|kg|kilograms?|tonnes?|yuan|rmb|dollars?)\b",
            r")",
        ),
        n = number,
        w = words,
    ))
    .expect("a valid pattern")
});

/// The quantities `text` states.
fn figures(text: &str) -> HashSet<Figure> {
    let text = chinese_numbers_as_digits(text);
    let text = DATE_OR_ORDINAL.replace_all(&text, " ");
    let mut out = HashSet::new();
    for c in QUANTITY.captures_iter(&text) {
        let (value, unit, scale) = if let Some(p) = c.name("pct") {
            (p.as_str(), Unit::Percent, 1)
        } else if let Some(d) = c.name("usd") {
            (d.as_str(), Unit::Dollar, 1)
        } else if let Some(y) = c.name("rmb") {
            (y.as_str(), Unit::Yuan, 1)
        } else {
            let (Some(v), Some(u)) = (c.name("v"), c.name("u")) else {
                continue;
            };
            let u = u.as_str().to_lowercase();
            let u = u.split_whitespace().collect::<Vec<_>>().join(" ");
            let (unit, scale) = match u.trim_end_matches('s') {
                "个月" | "month" => (Unit::Month, 1),
                "年" | "year" => (Unit::Month, 12),
                "个工作日" | "工作日" | "working day" | "business day" => {
                    (Unit::WorkingDay, 1)
                }
                "天" | "日" | "day" => (Unit::Day, 1),
                "周" | "星期" | "个星期" | "week" => (Unit::Day, 7),
                "小时" | "个小时" | "hour" => (Unit::Hour, 1),
                "%" | "％" | "per cent" | "percent" => (Unit::Percent, 1),
                "倍" => (Unit::Multiple, 1),
                "元" | "yuan" | "rmb" => (Unit::Yuan, 1),
                "万元" => (Unit::Yuan, 10_000),
                "亿元" => (Unit::Yuan, 100_000_000),
                "美元" | "dollar" => (Unit::Dollar, 1),
                "万美元" => (Unit::Dollar, 10_000),
                "公斤" | "千克" | "kg" | "kilogram" => (Unit::Kilogram, 1),
                "吨" | "tonne" => (Unit::Kilogram, 1000),
                _ => continue,
            };
            (v.as_str(), unit, scale)
        };
        let value = match english_number(value) {
            Some(n) => n.checked_mul(1000),
            None => milli(value),
        };
        if let Some(m) = value.and_then(|m| m.checked_mul(scale)) {
            out.insert(Figure { milli: m, unit });
        }
    }
    out
}

/// `checked` without the sentences stating a figure that neither the
/// question (`asked`, with the conversation's earlier questions) nor the
/// passages the sentence cites state (any given passage for a sentence
/// citing none), and how many were left out.
pub(super) fn stated_by_sources(
    checked: Checked,
    asked: &[&str],
    passages: &[&str],
) -> (Checked, Vec<String>) {
    if checked.refused {
        return (checked, Vec::new());
    }
    let asked: HashSet<Figure> = asked.iter().flat_map(|s| figures(s)).collect();
    let in_passage: Vec<HashSet<Figure>> = passages.iter().map(|p| figures(p)).collect();
    let stated = |sentence: &str, cites: &[usize]| {
        let from = cited_or_all(cites, &in_passage);
        figures(sentence)
            .iter()
            .all(|f| asked.contains(f) || from.iter().any(|p| p.contains(f)))
    };
    let (kept, left_out) = checked.keeping(stated);
    let left_out = left_out.into_iter().map(|(sentence, _)| sentence).collect();
    (kept, left_out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ask::grounding::check;
    use crate::ask::grounding::tests::labels;

    fn f(milli: u64, unit: Unit) -> Figure {
        Figure { milli, unit }
    }

    #[test]
    fn figures_are_read_in_either_script_and_unit() {
        let six_months = f(6000, Unit::Month);
        for s in [
            "应当自进境之日起六个月内复运出境",
            "6个月内",
            "within six months",
            "a 6-month period",
        ] {
            assert_eq!(figures(s), HashSet::from([six_months]), "{s}");
        }
        assert_eq!(figures("三年内"), figures("36 months"));
        assert_eq!(figures("两周"), HashSet::from([f(14_000, Unit::Day)]));
        assert_eq!(
            figures("十五个工作日"),
            HashSet::from([f(15_000, Unit::WorkingDay)])
        );
        assert_ne!(figures("十五个工作日"), figures("15 days"));
        assert_eq!(figures("百分之五十"), figures("50%"));
        assert_eq!(
            figures("百分之零点五"),
            HashSet::from([f(500, Unit::Percent)])
        );
        assert_eq!(figures("二点五倍"), figures("2.5倍"));
        assert_eq!(
            figures("2.5 per cent"),
            HashSet::from([f(2500, Unit::Percent)])
        );
        assert_eq!(figures("五十万元"), figures("500,000 yuan"));
        assert_eq!(figures("USD 1,000"), figures("1000美元"));
        assert_eq!(figures("RMB 50 or less"), figures("人民币50元以下"));
        assert_eq!(
            figures("RMB 50 or less"),
            HashSet::from([f(50_000, Unit::Yuan)])
        );
        assert_eq!(
            figures("three (3) years"),
            HashSet::from([f(36_000, Unit::Month)])
        );
    }

    #[test]
    fn dates_ordinals_and_bare_numbers_are_not_quantities() {
        for s in [
            "本法自2024年12月1日起施行",
            "自二〇二四年十二月一日起施行",
            "effective 1 December 2024",
            "from December 1, 2024",
            "第三年起适用",
            "第2年起适用",
            "同一日申报的货物",
            "依照第六十三条的规定",
            "heading 0306 and Article 5.7",
            "统一的税率",
        ] {
            assert!(figures(s).is_empty(), "{s}: {:?}", figures(s));
        }
    }

    #[test]
    fn a_sentence_with_a_figure_no_source_states_is_left_out() {
        let source = "第三十七条 暂时进境的下列货物，可以依法暂不缴纳关税，但应当自进境之日起六个月内复运出境。";
        let c = check(
            "展览品可以暂不缴纳关税[1]。应当自进境之日起6个月内复运出境[1]。最晚可以在展品到达前的3个月内复运出境。",
            &labels(1),
        );
        let (kept, left_out) = stated_by_sources(c, &["展品要先交关税吗？"], &[source]);
        assert_eq!(left_out, ["最晚可以在展品到达前的3个月内复运出境。"]);
        assert_eq!(
            kept.text,
            "展览品可以暂不缴纳关税。[1]应当自进境之日起6个月内复运出境。[1]"
        );
        assert!(kept.unsupported.is_empty());
    }

    #[test]
    fn a_figure_from_the_question_or_any_source_is_kept() {
        let c = check(
            "If you file after 3 months, a fine applies [1]. The refund must be claimed within one year [2].",
            &labels(2),
        );
        let (kept, left_out) = stated_by_sources(
            c.clone(),
            &["What if I file after three months?"],
            &["…", "自缴纳税款之日起一年内"],
        );
        assert_eq!(kept, c);
        assert!(left_out.is_empty());
    }
}
