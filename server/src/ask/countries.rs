//! Which foreign country's rules a question asks about, and whether its
//! sources speak of that country.
//!
//! The bundle holds China's law, GACC's records and international
//! agreements; it does not hold what another country requires. A question
//! on that ("美国FDA要求进口食品的预先通知要在到港前多少小时提交？",
//! "日本对从中国进口的冷冻鳗鱼要求提供哪些检验检疫证书？") still finds
//! provisions close in meaning: China's own rules on the same subject. The
//! relevance gate lets it through, and the model answers with China's rule
//! as if it were Japan's. So when a question names foreign countries as the
//! ones whose rules it asks about, and none of its sources speaks of any of
//! them, the service refuses and says which country the sources do not
//! cover. Sources that do speak of the country (a GACC protocol on Japanese
//! goods) let the question through.
//!
//! A country named as where the goods come from or pass through
//! ("现在还能从日本进口水产品吗？", 在新加坡转船, "imports from Viet Nam") is
//! a fact of the case that China's rules answer, not the jurisdiction asked
//! about. Neither check applies to a question naming an agreement: its
//! parties are written "a Party" in its text, so their names are absent from
//! sources that answer it.

use portolan_corpus::countries::Country;
use portolan_retrieval::lexical::word_spans;

/// Common English names the customs table does not use, by country code.
/// Matched with their case: "us" is a pronoun.
const ABBREVIATIONS: &[(&str, &[&str])] = &[
    ("502", &["US", "U.S.", "USA"]),
    ("303", &["UK", "U.K."]),
    ("EU", &["EU"]),
    ("ASEAN", &["ASEAN"]),
];

/// Unions whose own rules a question may ask about as it would a
/// country's (the EU's VAT scheme, an ASEAN protocol), which the customs
/// table does not list: code, Chinese name, English name.
const UNIONS: &[(&str, &str, &str)] = &[
    ("EU", "欧盟", "European Union"),
    ("ASEAN", "东盟", "Association of Southeast Asian Nations"),
];

/// Words just before a country's Chinese name that make it where the goods
/// come from, pass through or go to, or what China's measure is aimed at
/// (对美国加征的关税): China's rules answer those.
const ZH_BEFORE: &[&str] = &[
    "从",
    "自",
    "由",
    "经",
    "原产于",
    "原产地为",
    "原产地是",
    "对",
    "向",
    "到",
    "至",
    "往",
];
/// Words just after it that do the same (日本产, 越南出发, 新加坡转船).
const ZH_AFTER: &[&str] = &[
    "产", "原产", "生产", "制造", "出发", "启运", "起运", "转船", "转运", "中转", "过境",
];
/// The same in English (lower-case), before the name…
const EN_BEFORE: &[&str] = &[
    "from",
    "to",
    "against",
    "originating in",
    "made in",
    "produced in",
    "grown in",
    "via",
    "through",
    "transshipped in",
    "transhipped in",
];
/// …and after it.
const EN_AFTER: &[&str] = &["-origin", " origin", "-made"];

/// A country with the English names a question or source may call it by.
#[derive(Debug, Clone)]
pub struct NamedCountry {
    /// The country.
    pub country: Country,
    /// Each English name with whether it must match with its case (see
    /// [`english_names`]), derived once rather than for every question.
    english: Vec<(String, bool)>,
}

impl NamedCountry {
    fn new(country: Country) -> Self {
        let english = english_names(&country).collect();
        Self { country, english }
    }

    /// Whether any of `texts` names this country, in Chinese or English.
    pub fn spoken_of(&self, texts: &[&str]) -> bool {
        texts.iter().any(|t| {
            let lower = t.to_ascii_lowercase();
            t.contains(&self.country.name_zh)
                || self
                    .english
                    .iter()
                    .any(|(name, cased)| !en_mentions(t, &lower, name, *cased).is_empty())
        })
    }
}

/// The countries of the bundle's table, as questions and sources name them.
#[derive(Debug, Clone, Default)]
pub struct CountryNames {
    countries: Vec<NamedCountry>,
}

impl CountryNames {
    /// Names of `countries` (see `portolan_corpus::countries`), and of the
    /// EU and ASEAN.
    pub fn new(mut countries: Vec<Country>) -> Self {
        countries.extend(UNIONS.iter().map(|&(code, zh, en)| Country {
            code: code.into(),
            name_zh: zh.into(),
            name_en: Some(en.into()),
        }));
        Self {
            countries: countries.into_iter().map(NamedCountry::new).collect(),
        }
    }

    /// The countries `question` names other than as where its goods come
    /// from or pass through.
    pub fn asked_about(&self, question: &str) -> Vec<&NamedCountry> {
        let spans = word_spans(question);
        let lower = question.to_ascii_lowercase();
        self.countries
            .iter()
            .filter(|c| {
                let zh = zh_mentions(question, &spans, &c.country.name_zh)
                    .into_iter()
                    .any(|(s, e)| !zh_fact_of_case(question, s, e));
                let en = c.english.iter().any(|(name, cased)| {
                    en_mentions(question, &lower, name, *cased)
                        .into_iter()
                        .any(|(s, e)| !en_fact_of_case(&lower, s, e))
                });
                zh || en
            })
            .collect()
    }
}

/// Each English name with whether it must match with its case: the
/// table's name (and, when it has several words, written as one: "Vietnam")
/// and the abbreviations.
fn english_names(c: &Country) -> impl Iterator<Item = (String, bool)> + '_ {
    let table = c.name_en.iter().flat_map(|n| {
        let joined = n.replace(' ', "");
        let mut names = vec![(n.clone(), false)];
        if joined != *n {
            names.push((joined, false));
        }
        names
    });
    let abbreviations = ABBREVIATIONS
        .iter()
        .filter(|(code, _)| *code == c.code)
        .flat_map(|(_, names)| names.iter().map(|n| (n.to_string(), true)));
    table.chain(abbreviations)
}

/// Byte spans where `name` occurs in `text` starting and ending on word
/// boundaries of the segmentation `spans`.
fn zh_mentions(text: &str, spans: &[(usize, usize)], name: &str) -> Vec<(usize, usize)> {
    if name.is_empty() {
        return Vec::new();
    }
    text.match_indices(name)
        .map(|(s, m)| (s, s + m.len()))
        .filter(|&(s, e)| spans.iter().any(|&(a, _)| a == s) && spans.iter().any(|&(_, b)| b == e))
        .collect()
}

fn zh_fact_of_case(text: &str, start: usize, end: usize) -> bool {
    let before = &text[..start];
    let after = &text[end..];
    ZH_BEFORE.iter().any(|w| before.ends_with(w)) || ZH_AFTER.iter().any(|w| after.starts_with(w))
}

/// Byte spans where the English `name` occurs in `text` as a word: with its
/// case when `cased`, else in any case but capitalised (the country Turkey,
/// not turkey meat; Chad, not a chad).
fn en_mentions(text: &str, lower: &str, name: &str, cased: bool) -> Vec<(usize, usize)> {
    let haystack = if cased { text } else { lower };
    let needle = if cased {
        name.to_string()
    } else {
        name.to_ascii_lowercase()
    };
    if needle.is_empty() {
        return Vec::new();
    }
    let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    haystack
        .match_indices(&needle)
        .map(|(s, m)| (s, s + m.len()))
        .filter(|&(s, e)| {
            !word(text[..s].chars().next_back())
                && !word(text[e..].chars().next())
                && text[s..].starts_with(|c: char| c.is_uppercase())
        })
        .collect()
}

fn en_fact_of_case(lower: &str, start: usize, end: usize) -> bool {
    let before = lower[..start].trim_end();
    let before = before.strip_suffix(" the").unwrap_or(before);
    let after = &lower[end..];
    EN_BEFORE.iter().any(|w| {
        before.ends_with(w)
            && !before[..before.len() - w.len()].ends_with(|c: char| c.is_ascii_alphanumeric())
    }) || EN_AFTER.iter().any(|w| after.starts_with(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn country(code: &str, zh: &str, en: &str) -> Country {
        Country {
            code: code.into(),
            name_zh: zh.into(),
            name_en: Some(en.into()),
        }
    }

    fn names() -> CountryNames {
        CountryNames::new(vec![
            country("502", "美国", "United States"),
            country("116", "日本", "Japan"),
            country("141", "越南", "Viet Nam"),
            country("132", "新加坡", "Singapore"),
            country("528", "加纳", "Ghana"),
            country("304", "土耳其", "Turkey"),
        ])
    }

    fn asked(q: &str) -> Vec<String> {
        names()
            .asked_about(q)
            .into_iter()
            .map(|c| c.country.name_zh.clone())
            .collect()
    }

    #[test]
    fn a_country_whose_rules_are_asked_about_is_found_in_both_languages() {
        assert_eq!(
            asked("美国FDA要求进口食品的预先通知要在到港前多少小时提交？"),
            ["美国"]
        );
        assert_eq!(
            asked("日本对从中国进口的冷冻鳗鱼要求提供哪些检验检疫证书？"),
            ["日本"]
        );
        assert_eq!(
            asked("What certificates does Japan require for frozen eel?"),
            ["日本"]
        );
        assert_eq!(
            asked("What does the US FDA require for prior notice?"),
            ["美国"]
        );
        assert_eq!(
            asked("Import rules of Vietnam for used machinery"),
            ["越南"]
        );
        assert_eq!(
            asked("中国-东盟自贸区升级议定书对累积规则做了哪些修改？"),
            ["东盟"]
        );
        assert_eq!(asked("How does the EU IOSS collect VAT?"), ["欧盟"]);
        assert!(asked("从欧盟进口的猪肉要交反倾销税吗？").is_empty());
    }

    #[test]
    fn where_goods_come_from_or_pass_through_is_a_fact_of_the_case() {
        assert!(asked("现在还能从日本进口水产品吗？").is_empty());
        assert!(asked("RCEP项下的货从越南出发，在新加坡转船后到中国").is_empty());
        assert!(asked("Can goods from Japan still be imported into China?").is_empty());
        assert!(asked("Is Viet Nam-origin rice subject to a quota?").is_empty());
        assert!(asked("对美国加征的关税可以申请排除吗？").is_empty());
        assert!(asked("Do export controls apply to shipments to Japan?").is_empty());
        assert_eq!(
            asked("在美国清关需要哪些单证？"),
            ["美国"],
            "in the US: its rules"
        );
    }

    #[test]
    fn names_inside_other_words_are_not_countries() {
        assert!(
            asked("补税会不会增加纳税人的负担？").is_empty(),
            "加纳 across two words"
        );
        assert!(asked("What is the duty on frozen turkey cuts?").is_empty());
        assert!(
            asked("Can us importers defer payment?").is_empty(),
            "us is a pronoun"
        );
    }

    #[test]
    fn sources_speak_of_a_country_in_either_language() {
        let japan = NamedCountry::new(country("116", "日本", "Japan"));
        assert!(japan.spoken_of(&["关于进口日本水产品检验检疫要求的公告"]));
        assert!(japan.spoken_of(&["Imports from Japan are suspended"]));
        assert!(!japan.spoken_of(&["进口野生水产品应随附官方证书"]));
    }
}
