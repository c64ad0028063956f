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
//!
//! A question put as what an agreement itself provides ("Under the WTO SCM
//! Agreement, which subsidies …", "按WTO《保障措施协定》…") is answered from
//! that agreement alone. China's texts on the same subject say something
//! else as often as not: 保障措施条例 第二十六条 allows a safeguard ten years
//! in all, the Agreement on Safeguards (Article 7) eight, and the Chinese
//! regulation, matching a Chinese question's words best, had taken four of
//! the five places and the answer.

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

/// The agreements of the WTO's annexes by the names questions give them
/// (lower-cased), with the name their provisions' locators start with
/// ("Agreement on Safeguards Article 7"). The Marrakesh file holds them
/// all: a question on the Agreement on Safeguards is not answered from
/// TRIPS's article on terms of protection, close as "how many years" is.
const WTO_AGREEMENTS: &[(&[&str], &str)] = &[
    (
        &[
            "agreement on safeguards",
            "safeguards agreement",
            "保障措施协定",
        ],
        "Agreement on Safeguards",
    ),
    (
        &[
            "anti-dumping agreement",
            "antidumping agreement",
            "反倾销协定",
        ],
        "Anti-Dumping Agreement",
    ),
    (
        &[
            "customs valuation agreement",
            "valuation agreement",
            "海关估价协定",
            "估价协定",
        ],
        "Customs Valuation Agreement",
    ),
    (
        &[
            "scm agreement",
            "agreement on subsidies",
            "补贴与反补贴措施协定",
            "反补贴协定",
        ],
        "SCM Agreement",
    ),
    (
        &[
            "sps agreement",
            "sanitary and phytosanitary",
            "卫生与植物卫生措施协定",
            "sps协定",
        ],
        "SPS Agreement",
    ),
    (
        &[
            "tbt agreement",
            "technical barriers to trade",
            "技术性贸易壁垒协定",
            "tbt协定",
        ],
        "TBT Agreement",
    ),
    (
        &["agreement on rules of origin", "原产地规则协定"],
        "Agreement on Rules of Origin",
    ),
    (
        &["import licensing", "进口许可程序协定"],
        "Import Licensing Agreement",
    ),
    (
        &[
            "preshipment inspection agreement",
            "pre-shipment inspection agreement",
            "装运前检验协定",
        ],
        "Preshipment Inspection Agreement",
    ),
    (
        &["agreement on agriculture", "农业协定"],
        "Agreement on Agriculture",
    ),
    (&["trips", "与贸易有关的知识产权协定"], "TRIPS Agreement"),
    (&["trims", "与贸易有关的投资措施协定"], "TRIMs Agreement"),
    (&["gats", "服务贸易总协定"], "GATS"),
];

/// The WTO agreements `question` names, by the locator prefix of their
/// provisions; empty when it names none (any of them may answer).
pub fn wto_agreements(question: &str) -> Vec<&'static str> {
    let q = question.to_lowercase();
    WTO_AGREEMENTS
        .iter()
        .filter(|(names, _)| names.iter().any(|n| mentions(&q, n)))
        .map(|(_, prefix)| *prefix)
        .collect()
}

/// Whether a passage at `locator` of a WTO text may serve a question
/// naming `agreements` (locator prefixes; none named admits all).
pub fn admits_agreement(agreements: &[&str], jurisdiction: &str, locator: &str) -> bool {
    jurisdiction != "WTO"
        || agreements.is_empty()
        || agreements.iter().any(|a| {
            locator
                .strip_prefix(a)
                .is_some_and(|rest| rest.starts_with(' '))
        })
}

/// The treaty families `question` names (jurisdiction codes), if any.
pub fn named(question: &str) -> Vec<&'static str> {
    families_where(question, mentions)
}

/// The treaty families one of whose names `keep` accepts in `question`
/// (lower-cased for it).
fn families_where(question: &str, keep: impl Fn(&str, &str) -> bool) -> Vec<&'static str> {
    let q = question.to_lowercase();
    NAMES
        .iter()
        .filter(|(_, names)| names.iter().any(|n| keep(&q, n)))
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

/// Treaty families some of whose texts the bundle holds in Dutch (the
/// Revised Kyoto Convention's General Annex, from the Dutch treaty
/// database), not English.
pub const PARTLY_DUTCH: &[&str] = &["WCO"];

/// Words that put a question as what an agreement provides when they come
/// right before its name ("under the", "按", "根据《").
const FRAMING: &[&str] = &[
    "under",
    "according to",
    "pursuant to",
    "in accordance with",
    "as per",
    "按",
    "按照",
    "根据",
    "依据",
    "依照",
];

/// Whether `q` (lower-cased) puts `name`, which it mentions, as the
/// source of what is asked: a framing word, then at most "the" or an
/// opening title mark, then the name.
fn framed_by(q: &str, name: &str) -> bool {
    q.match_indices(name).any(|(i, _)| {
        let before = q[..i].trim_end_matches(['《', ' ']);
        let before = before.strip_suffix(" the").unwrap_or(before).trim_end();
        FRAMING.iter().any(|w| {
            before.strip_suffix(w).is_some_and(|rest| {
                // An English framing word must be a word of its own.
                !w.is_ascii()
                    || !rest
                        .chars()
                        .next_back()
                        .is_some_and(|c| c.is_ascii_alphanumeric())
            })
        })
    })
}

/// The treaty families `question` puts as the source of what it asks.
fn framing(question: &str) -> Vec<&'static str> {
    families_where(question, |q, n| mentions(q, n) && framed_by(q, n))
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
    /// Only the agreements the question asks about as such ("under the
    /// WTO …"): nothing but their texts, China's set aside too.
    Under(Vec<&'static str>),
    /// None: an English question on Chinese law (answered from
    /// [`CHINESE_LAW`]'s texts alone).
    ChineseLaw,
}

/// The treaty texts that may answer `question`.
pub fn scope(question: &str) -> TreatyScope {
    let under = framing(question);
    if !under.is_empty() {
        return TreatyScope::Under(under);
    }
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
    /// Chinese law searches [`CHINESE_LAW`]'s texts only, a question under
    /// an agreement that agreement's (so that five of them remain, where
    /// setting hits aside afterwards would leave fewer).
    pub fn search_filter(&self, policy: &portolan_retrieval::Filter) -> portolan_retrieval::Filter {
        let mut filter = policy.clone();
        let only: &[&str] = match self {
            TreatyScope::ChineseLaw => CHINESE_LAW,
            TreatyScope::Under(named) => named,
            TreatyScope::Any | TreatyScope::Named(_) => return filter,
        };
        filter.jurisdictions = only.iter().map(|j| j.to_string()).collect();
        filter
    }
}

/// Whether a passage may serve a question of `scope`.
pub fn admits(scope: &TreatyScope, doc_type: portolan_corpus::DocType, jurisdiction: &str) -> bool {
    let treaty = doc_type == portolan_corpus::DocType::Treaty;
    match scope {
        TreatyScope::Under(named) => named.contains(&jurisdiction),
        _ if !treaty => true,
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
        assert_eq!(
            scope("Is a CPTPP certificate accepted by Chinese customs?"),
            TreatyScope::Named(vec!["CPTPP"])
        );
        assert_eq!(scope("中国的关税法对暂时进境怎么规定？"), TreatyScope::Any);
        assert_eq!(
            scope("Can customs act against goods in transit?"),
            TreatyScope::Any
        );
    }

    #[test]
    fn a_question_under_an_agreement_is_answered_from_it_alone() {
        let s = scope("Which subsidies are prohibited under the WTO SCM Agreement?");
        assert_eq!(s, TreatyScope::Under(vec!["WTO"]));
        assert!(admits(&s, DocType::Treaty, "WTO"));
        assert!(
            !admits(&s, DocType::Law, "CN"),
            "China's own rules set aside"
        );
        assert!(!admits(&s, DocType::Treaty, "CPTPP"));
        let policy = portolan_retrieval::Filter::policy();
        assert_eq!(s.search_filter(&policy).jurisdictions, ["WTO"]);
        assert_eq!(
            scope("按WTO《保障措施协定》，保障措施最长能实施多少年？"),
            TreatyScope::Under(vec!["WTO"])
        );
        assert_eq!(
            scope("根据《京都公约》总附约，查验应在何时进行？"),
            TreatyScope::Under(vec!["WCO"])
        );
        assert_eq!(
            scope("Under CPTPP, can customs act on its own initiative?"),
            TreatyScope::Under(vec!["CPTPP"])
        );
        // Framing words elsewhere, or inside another word, frame nothing.
        assert_eq!(
            scope("Under Chinese law, is a CPTPP certificate enough?"),
            TreatyScope::Named(vec!["CPTPP"])
        );
        assert_eq!(
            scope("Was it a blunder the WTO made?"),
            TreatyScope::Named(vec!["WTO"])
        );
    }

    #[test]
    fn a_named_wto_agreement_keeps_to_its_own_provisions() {
        let named = wto_agreements("按WTO《保障措施协定》，保障措施最长能实施多少年？");
        assert_eq!(named, ["Agreement on Safeguards"]);
        let locator = "Agreement on Safeguards Article 7";
        assert!(admits_agreement(&named, "WTO", locator));
        assert!(!admits_agreement(
            &named,
            "WTO",
            "TRIPS Agreement Article 33"
        ));
        assert!(
            admits_agreement(&named, "CN", "第二十六条"),
            "other texts stay"
        );
        assert!(admits_agreement(&[], "WTO", "TRIPS Agreement Article 33"));
        assert_eq!(
            wto_agreements("Under the WTO Customs Valuation Agreement, are commissions added?"),
            ["Customs Valuation Agreement"]
        );
        assert!(wto_agreements("Does the WTO allow export duties?").is_empty());
        // "trips" as a word, not inside "strips".
        assert!(wto_agreements("WTO rules on steel strips").is_empty());
    }
}
