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

/// Whether a passage may serve a question naming `named` (empty: any).
pub fn admits(named: &[&str], doc_type: portolan_corpus::DocType, jurisdiction: &str) -> bool {
    named.is_empty()
        || doc_type != portolan_corpus::DocType::Treaty
        || named.contains(&jurisdiction)
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
        let n = named("CPTPP temporary admission");
        assert!(admits(&n, DocType::Treaty, "CPTPP"));
        assert!(!admits(&n, DocType::Treaty, "RCEP"));
        assert!(admits(&n, DocType::Announcement, "CN"));
        assert!(admits(&n, DocType::Gri, "WCO"));
        assert!(admits(&[], DocType::Treaty, "RCEP"));
    }
}
