//! What a figure is about, so the number check can tell "imports fell
//! 13.0%" from "the balance fell 13.0%" when 13.0% is the imports' change.
//!
//! Each fact's label names its subject (exports, imports, balance, total
//! trade, an exchange rate, a share), its window (on the month, on the
//! year, year to date, 12 or 3 months) and, in a multi-partner briefing,
//! its partner. A sentence may state a fact's figure only if it names one
//! of the fact's subjects, one of its windows (when the fact has one) and,
//! where partners are told apart, its partner. Synonyms cover how analysts
//! write in both languages; anything outside them is dropped rather than
//! guessed at.

/// Which aspect of a fact a word group names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Aspect {
    /// What is measured.
    Subject,
    /// Over which period it is compared or summed.
    Window,
    /// Which partner.
    Partner,
}

/// Word groups: (aspect, group name, words in lower case).
const GROUPS: &[(Aspect, &str, &[&str])] = &[
    (
        Aspect::Subject,
        "export",
        &["export", "出口", "shipments to", "sales to"],
    ),
    (
        Aspect::Subject,
        "import",
        &["import", "进口", "purchases from"],
    ),
    (
        Aspect::Subject,
        "balance",
        &["balance", "deficit", "surplus", "差额", "逆差", "顺差"],
    ),
    (
        Aspect::Subject,
        "total",
        &[
            "total trade",
            "two-way",
            "bilateral trade",
            "进出口总额",
            "贸易总额",
            "总额",
        ],
    ),
    (
        Aspect::Subject,
        "fx",
        &[
            "cny",
            "usd",
            "eur",
            "jpy",
            "krw",
            "yuan",
            "renminbi",
            "dollar",
            "euro",
            "yen",
            "won",
            "exchange rate",
            "汇率",
            "人民币",
            "美元",
            "欧元",
            "日元",
            "韩元",
        ],
    ),
    (Aspect::Subject, "share", &["share", "占比", "份额", "比重"]),
    (
        Aspect::Window,
        "month",
        &[
            "month-on-month",
            "month on month",
            "on the month",
            "in the month",
            "previous month",
            "prior month",
            "a month earlier",
            "month before",
            "last month",
            "m/m",
            "环比",
            "上月",
            "上个月",
        ],
    ),
    (
        Aspect::Window,
        "year",
        &[
            "year-on-year",
            "year on year",
            "on the year",
            "year earlier",
            "last year",
            "previous year",
            "prior year",
            "same month",
            "同比",
            "上年",
            "去年",
        ],
    ),
    (
        Aspect::Window,
        "ytd",
        &[
            "year to date",
            "year-to-date",
            "so far",
            "since january",
            "first half",
            "first six months",
            "累计",
            "年初",
            "上半年",
        ],
    ),
    (
        Aspect::Window,
        "12m",
        &[
            "12 months",
            "twelve months",
            "12-month",
            "twelve-month",
            "12个月",
            "十二个月",
        ],
    ),
    (
        Aspect::Window,
        "3m",
        &[
            "3 months",
            "three months",
            "3-month",
            "three-month",
            "3个月",
            "三个月",
        ],
    ),
    (
        Aspect::Partner,
        "usa",
        &["u.s.", "united states", "america", "美国", "美方"],
    ),
    (Aspect::Partner, "japan", &["japan", "日本", "日方"]),
    (Aspect::Partner, "korea", &["korea", "韩国", "韩方"]),
];

/// The groups `text` names, as `(aspect, group)`.
pub fn groups(text: &str) -> Vec<(Aspect, &'static str)> {
    let lower = format!(" {} ", text.to_lowercase());
    GROUPS
        .iter()
        .filter(|(_, name, words)| {
            words.iter().any(|w| lower.contains(w)) || (*name == "usa" && names_us(text))
        })
        .map(|(aspect, name, _)| (*aspect, *name))
        .collect()
}

/// "US" as a word of its own, in capitals ("the US:", "US-China"), which a
/// lower-case search cannot tell from "us" or "bonus".
fn names_us(text: &str) -> bool {
    text.match_indices("US").any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + 2..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// A fact label's groups, its parenthetical remarks left out (the balance
/// is "exports minus imports" but is not about exports).
pub fn label_groups(label: &str) -> Vec<(Aspect, &'static str)> {
    let mut plain = String::new();
    let mut depth = 0usize;
    for c in label.chars() {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' => depth = depth.saturating_sub(1),
            _ if depth == 0 => plain.push(c),
            _ => {}
        }
    }
    groups(&plain)
}

/// Whether a sentence naming `sentence` groups may state a fact labelled
/// with `fact` groups; partners are compared only when `partners` is set.
pub fn compatible(fact: &[(Aspect, &str)], sentence: &[(Aspect, &str)], partners: bool) -> bool {
    [Aspect::Subject, Aspect::Window, Aspect::Partner]
        .into_iter()
        .filter(|a| partners || *a != Aspect::Partner)
        .all(|aspect| {
            let wanted: Vec<&str> = fact
                .iter()
                .filter(|(a, _)| *a == aspect)
                .map(|(_, g)| *g)
                .collect();
            wanted.is_empty()
                || sentence
                    .iter()
                    .any(|(a, g)| *a == aspect && wanted.contains(g))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(label: &str, sentence: &str) -> bool {
        compatible(&label_groups(label), &groups(sentence), false)
    }

    #[test]
    fn a_figure_must_be_stated_of_its_own_subject_and_window() {
        assert!(ok(
            "US imports from China year-on-year change",
            "Imports from China fell 13.0% on the year."
        ));
        assert!(!ok(
            "US imports from China year-on-year change",
            "The balance fell 13.0% on the year."
        ));
        assert!(!ok(
            "US exports to China month-on-month change",
            "US exports rose 1.1% year on year."
        ));
        assert!(ok(
            "US trade balance with China (exports minus imports), June 2019",
            "The deficit was USD 29.6 billion."
        ));
        assert!(!ok(
            "Total trade over the last 12 months, change on the year",
            "The balance fell 6.9% on the year."
        ));
        assert!(ok("美国自中国进口 同比", "美国自中国进口同比下降13.0%。"));
        // Partners are told apart only where a briefing covers several.
        let japan = label_groups("China's exports to Japan, June 2019");
        assert!(!compatible(
            &japan,
            &groups("China's exports to the US were 12.8 billion."),
            true
        ));
        assert!(compatible(
            &japan,
            &groups("China's exports to Japan were 12.8 billion."),
            true
        ));
        assert!(compatible(
            &japan,
            &groups("China's exports to the US were 12.8 billion."),
            false
        ));
    }
}
