//! Wigs, hairpieces and extensions (heading 6704) by what their hair is.
//!
//! Heading 6704 divides by material before kind: 6704.11 complete wigs and
//! 6704.19 other articles "of synthetic textile materials", 6704.20 "of
//! human hair", 6704.90 "of other materials". Listings of both kinds share
//! every other word (lace front, body wave, 13x4, cosplay), and a terse
//! one (cos假发 合成纤维 耐高温) had gone to human hair. A stated synthetic
//! fibre (synthetic, heat-resistant fibre, Kanekalon, 合成纤维, 高温丝)
//! rules out 6704.20 and 6704.90, and what was found for them moves to the
//! wigs of synthetic materials (6704.11), or to their other articles
//! (6704.19) when the goods are named as extensions, ponytails, bangs or
//! a hairpiece; stated human hair (Remy, virgin hair, 真人发) rules out the
//! synthetic and other subheadings, and what was found for them moves to
//! 6704.20. A listing that names both states neither.

use std::sync::LazyLock;

use regex::Regex;

use super::ruled_out::{words, Reason};

/// What the hair of a wig or hairpiece is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HairKind {
    /// Synthetic textile materials (6704.11, 6704.19), with whether the
    /// goods are a complete wig.
    Synthetic { complete_wig: bool },
    /// Human hair (6704.20).
    Human,
}

static SYNTHETIC: LazyLock<Regex> = LazyLock::new(|| {
    words(concat!(
        r"\bsynthetic\b|\bheat[- ]resistant\b|\bkanekalon\b|\btoyokalon\b|",
        r"\bhigh[- ]temperature fib(?:re|er)\b|合成纤维|化纤|高温丝|耐高温",
    ))
});

static HUMAN: LazyLock<Regex> =
    LazyLock::new(|| words(r"\bhuman hair\b|\bremy\b|\bvirgin hair\b|真人发|真发|人发"));

static WIG: LazyLock<Regex> = LazyLock::new(|| words(r"\bwigs?\b|假发|头套"));

static NOT_A_WIG: LazyLock<Regex> = LazyLock::new(|| {
    words(concat!(
        r"\b(?:extensions?|ponytails?|bangs|fringe|hair ?pieces?|toppers?|buns?|",
        r"braids?|bundles?|wefts?|clip[- ]ins?)\b|发片|接发|刘海|马尾|发髻|发包",
    ))
});

impl HairKind {
    /// What `description` states the hair of a wig or hairpiece to be.
    pub fn stated(description: &str) -> Option<Self> {
        match (SYNTHETIC.is_match(description), HUMAN.is_match(description)) {
            (true, false) => Some(HairKind::Synthetic {
                complete_wig: WIG.is_match(description) && !NOT_A_WIG.is_match(description),
            }),
            (false, true) => Some(HairKind::Human),
            _ => None,
        }
    }

    /// Whether `code` (digits) is a subheading of 6704 for another material.
    pub fn excludes(self, code: &str) -> bool {
        match self {
            HairKind::Synthetic { .. } => matches!(code, "670420" | "670490"),
            HairKind::Human => matches!(code, "670411" | "670419" | "670490"),
        }
    }

    /// The subheading of this material, for a ruled-out one.
    pub fn sibling(self, code: &str) -> Option<String> {
        if !self.excludes(code) {
            return None;
        }
        let to = match self {
            HairKind::Synthetic { complete_wig: true } => "670411",
            HairKind::Synthetic {
                complete_wig: false,
            } => "670419",
            HairKind::Human => "670420",
        };
        Some(to.to_string())
    }

    /// What it states and rules out, and by which terms.
    pub fn reason(self) -> Reason {
        let (stated, excluded): (&str, &str) = match self {
            HairKind::Synthetic { .. } => (
                "hair of synthetic textile materials",
                "wigs and hairpieces of human hair or of other materials (6704.20, 6704.90)",
            ),
            HairKind::Human => (
                "human hair",
                "wigs and hairpieces of synthetic textile or other materials (6704.11, 6704.19, 6704.90)",
            ),
        };
        Reason {
            stated: stated.into(),
            excluded: excluded.into(),
            notes: &["Rule 6"],
            terms: &["670411", "670420"],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use HairKind::*;

    #[test]
    fn the_hair_stated() {
        assert_eq!(
            HairKind::stated("cos假发 合成纤维 耐高温 45cm 送发网"),
            Some(Synthetic { complete_wig: true })
        );
        assert_eq!(
            HairKind::stated("Cosplay Wig 45cm Heat Resistant Synthetic Hair"),
            Some(Synthetic { complete_wig: true })
        );
        assert_eq!(
            HairKind::stated("Synthetic Clip In Bangs, heat resistant fiber"),
            Some(Synthetic {
                complete_wig: false
            })
        );
        assert_eq!(
            HairKind::stated("13x4 Lace Front Wig 100% Remy Human Hair"),
            Some(Human)
        );
        assert_eq!(HairKind::stated("秘鲁真人发发帘 直发 双纬"), Some(Human));
        assert_eq!(
            HairKind::stated("Human hair blend wig with synthetic fibre"),
            None
        );
        assert_eq!(HairKind::stated("Lace front wig, body wave, 24 inch"), None);
    }

    #[test]
    fn the_other_materials_are_ruled_out_and_moved() {
        let wig = Synthetic { complete_wig: true };
        assert!(wig.excludes("670420") && !wig.excludes("670411"));
        assert_eq!(wig.sibling("670420").as_deref(), Some("670411"));
        let bangs = Synthetic {
            complete_wig: false,
        };
        assert_eq!(bangs.sibling("670490").as_deref(), Some("670419"));
        assert_eq!(Human.sibling("670411").as_deref(), Some("670420"));
        assert!(!Human.excludes("670300") && !wig.excludes("670300"));
    }
}
