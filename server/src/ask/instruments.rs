//! Which international instruments a question names.
//!
//! A question that names an agreement ("Is there a CPTPP de minimis …?",
//! "京都公约对暂准进口怎么规定？") is about that agreement: a provision of a
//! different agreement on the same subject (RCEP's article on temporary
//! admission for a CPTPP question) is a wrong source even when its words
//! match best, and the model then cites it under the named agreement's name.
//! So treaty provisions of agreements the question does not name are set
//! aside. Chinese law, customs documents and the HS rules always stay: a
//! question naming RCEP may be answered by a GACC announcement on RCEP.
//!
//! An English question that names China and no agreement ("Is it still true
//! in China that …", "China's anti-dumping regulation") asks about Chinese
//! law, which the bundle holds in Chinese. Its English words match the
//! English treaty texts best (CPTPP's article on the same subject outranked
//! 关税法 第二十条 for "Which date's tariff rate applies to goods imported into
//! China"), and after them the US additional notes of the HS text, so it
//! is answered from China's own texts and the HS rules alone.

/// Names (lower-cased) of each treaty family, by the jurisdiction code the
/// corpus gives its texts.
const NAMES: &[(&str, &[&str])] = &[
    (
        "CPTPP",
        &["cptpp", "tpp", "全面与进步跨太平洋", "跨太平洋伙伴"],
    ),
    ("RCEP", &["rcep", "区域全面经济伙伴"]),
    (
        "WTO",
        &[
            "wto",
            "gatt",
            "世贸",
            "世界贸易组织",
            "关贸总协定",
            "trade facilitation agreement",
            "贸易便利化协定",
            "sps agreement",
            "tbt agreement",
            "anti-dumping agreement",
            "agreement on safeguards",
            "customs valuation agreement",
        ],
    ),
    (
        "WCO",
        &[
            "wco",
            "kyoto",
            "京都公约",
            "世界海关组织",
            "ata carnet",
            "ata单证册",
            "harmonized system convention",
            "hs convention",
        ],
    ),
    (
        "IMO",
        &[
            "imo",
            "fal convention",
            "国际海事组织",
            "便利国际海上运输",
            "csc",
            "集装箱安全公约",
        ],
    ),
];

/// The treaty families `question` names (jurisdiction codes), if any.
pub fn named(question: &str) -> Vec<&'static str> {
    let q = question.to_lowercase();
    NAMES
        .iter()
        .filter(|(_, names)| names.iter().any(|n| mentions(&q, n)))
        .map(|(code, _)| *code)
        .collect()
}

/// `name` occurs in `q` as a word: ASCII names must not be part of a longer
/// ASCII word ("tpp" in "cptpp" or "support"); Chinese names match anywhere.
fn mentions(q: &str, name: &str) -> bool {
    if !name.is_ascii() {
        return q.contains(name);
    }
    q.match_indices(name).any(|(i, _)| {
        let before = q[..i].chars().next_back();
        let after = q[i + name.len()..].chars().next();
        let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
        !word(before) && !word(after)
    })
}

/// Jurisdictions of the texts an English question on Chinese law is
/// answered from: China's laws and customs records, and the HS rules
/// (GRI, section and chapter notes) China applies.
const CHINESE_LAW: &[&str] = &["CN", "HS"];

/// Which treaty texts may answer a question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TreatyScope {
    /// Any: the question names no agreement and is not about Chinese law alone.
    Any,
    /// Only the texts of the agreements the question names (jurisdiction codes).
    Named(Vec<&'static str>),
    /// None: an English question on Chinese law (answered from
    /// [`CHINESE_LAW`]'s texts alone).
    ChineseLaw,
}

/// The treaty texts that may answer `question`.
pub fn scope(question: &str) -> TreatyScope {
    let named = named(question);
    if !named.is_empty() {
        return TreatyScope::Named(named);
    }
    let q = question.to_lowercase();
    let english = !q.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    if english && ["china", "chinese", "prc"].iter().any(|n| mentions(&q, n)) {
        TreatyScope::ChineseLaw
    } else {
        TreatyScope::Any
    }
}

impl TreatyScope {
    /// `policy` narrowed for the search itself: an English question on
    /// Chinese law searches [`CHINESE_LAW`]'s texts only (so that five of
    /// them remain, where setting hits aside afterwards would leave fewer).
    pub fn search_filter(&self, policy: &portolan_retrieval::Filter) -> portolan_retrieval::Filter {
        let mut filter = policy.clone();
        if *self == TreatyScope::ChineseLaw {
            filter.jurisdictions = CHINESE_LAW.iter().map(|j| j.to_string()).collect();
        }
        filter
    }
}

/// Whether a passage may serve a question of `scope`.
pub fn admits(scope: &TreatyScope, doc_type: portolan_corpus::DocType, jurisdiction: &str) -> bool {
    if doc_type != portolan_corpus::DocType::Treaty {
        return true;
    }
    match scope {
        TreatyScope::Any => true,
        TreatyScope::Named(named) => named.contains(&jurisdiction),
        TreatyScope::ChineseLaw => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use portolan_corpus::DocType;

    #[test]
    fn names_are_found_as_words_in_both_languages() {
        assert_eq!(named("Is there a CPTPP de minimis?"), ["CPTPP"]);
        assert_eq!(named("RCEP和CPTPP的累积规则有何不同？"), ["CPTPP", "RCEP"]);
        assert_eq!(named("京都公约对暂准进口怎么规定？"), ["WCO"]);
        assert_eq!(named("世贸组织的海关估价规则"), ["WTO"]);
        assert!(
            named("We support the new tariff law").is_empty(),
            "tpp inside a word"
        );
        assert!(named("暂时进境的展览品要缴纳关税吗？").is_empty());
    }

    #[test]
    fn only_treaties_of_other_agreements_are_set_aside() {
        let n = scope("CPTPP temporary admission");
        assert!(admits(&n, DocType::Treaty, "CPTPP"));
        assert!(!admits(&n, DocType::Treaty, "RCEP"));
        assert!(admits(&n, DocType::Announcement, "CN"));
        assert!(admits(&n, DocType::Gri, "WCO"));
        assert!(admits(&TreatyScope::Any, DocType::Treaty, "RCEP"));
    }

    #[test]
    fn an_english_question_on_chinese_law_is_answered_without_treaties() {
        let s = scope("Which date's tariff rate applies to goods imported into China now?");
        assert_eq!(s, TreatyScope::ChineseLaw);
        assert!(!admits(&s, DocType::Treaty, "CPTPP"));
        assert!(admits(&s, DocType::Law, "CN"));
        let policy = portolan_retrieval::Filter::policy();
        assert_eq!(s.search_filter(&policy).jurisdictions, ["CN", "HS"]);
        assert_eq!(TreatyScope::Any.search_filter(&policy), policy);
        // Naming an agreement keeps its texts; a Chinese question keeps all.
        assert_eq!(
            scope("Does the WTO valuation agreement bind China?"),
            TreatyScope::Named(vec!["WTO"])
        );
        assert_eq!(scope("中国的关税法对暂时进境怎么规定？"), TreatyScope::Any);
        assert_eq!(
            scope("Can customs act against goods in transit?"),
            TreatyScope::Any
        );
    }
}
