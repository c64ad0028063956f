//! Bags and cases (heading 4202) by the material of their outer surface, as
//! the description states it.
//!
//! Heading 4202 divides each kind of container by its outer surface, in
//! the same three steps: trunks and suitcases (4202.1x), handbags
//! (4202.2x), articles carried in the pocket or handbag (4202.3x), and the
//! rest (4202.9x) are each "with outer surface of leather or of composition
//! leather" (…1), "of sheeting of plastics or of textile materials" (…2,
//! for 4202.12 "of plastics or of textile materials"), or of other
//! materials (…9). The kind of bag is what the words of a listing find;
//! the material decides the last digit, and the votes had picked it by
//! accident (a genuine-leather shoulder bag as 4202.22, a polyester one as
//! 4202.21). A stated leather rules out …2 and …9; a stated textile or
//! plastic sheeting (PU, PVC, nylon, polyester, canvas, faux leather) rules
//! out …1, and what was found for it moves to …2 of the same kind. Rigid
//! plastics (ABS, polycarbonate) are not sheeting and decide nothing.

use std::sync::LazyLock;

use regex::Regex;

use super::ruled_out::Reason;

/// The outer surface of a bag or case, in the terms of heading 4202.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outer {
    /// Leather or composition leather (subheadings ending in 1).
    Leather,
    /// Sheeting of plastics or textile materials (ending in 2).
    PlasticsOrTextile,
}

/// A kind of leather named: hide, not "leather" alone (PU as often as not).
pub(super) static GENUINE_LEATHER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)\b(?:genuine|real|full[- ]grain|top[- ]grain|split|cow|calf|sheep|lamb|goat)\s*(?:leather|skin)\b",
        r"|\b(?:cowhide|calfskin|sheepskin|lambskin|goatskin)\b|真皮|牛皮|羊皮|头层皮",
    ))
    .expect("a valid pattern")
});

static PLAIN_LEATHER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bleather\b|皮革").expect("a valid pattern"));

static PLASTICS_OR_TEXTILE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)\b(?:pu|pvc|tpu|nylon|polyester|canvas|oxford|cotton|denim|felt|jute|linen|",
        r"faux leather|vegan leather|synthetic leather|pu leather|artificial leather|microfiber)\b",
        r"|帆布|尼龙|涤纶|牛津布|人造革|合成革|pu皮|棉布|黄麻|亚麻",
    ))
    .expect("a valid pattern")
});

impl Outer {
    /// What it states and rules out, and by which terms.
    pub fn reason(self) -> Reason {
        let (stated, excluded, terms): (&str, &str, &'static [&'static str]) = match self {
            Outer::Leather => (
                "outer surface of leather",
                "the subheadings of 4202 for other outer surfaces (ending in 2 or 9)",
                &["420221"],
            ),
            Outer::PlasticsOrTextile => (
                "outer surface of plastic sheeting or textile",
                "the subheadings of 4202 for leather (ending in 1)",
                &["420222"],
            ),
        };
        Reason {
            stated: stated.into(),
            excluded: excluded.into(),
            notes: &[],
            terms,
        }
    }

    /// The outer surface a listing's material attributes and the
    /// description state: `None` when they state neither, or both ("nylon
    /// with leather straps": which is the outer surface is not said).
    pub fn stated(description: &str, materials: &[&str]) -> Option<Self> {
        let texts = || std::iter::once(description).chain(materials.iter().copied());
        let plastics = texts().any(|t| PLASTICS_OR_TEXTILE.is_match(t));
        // A kind of leather states leather ("faux cowhide" does not);
        // plain "leather" is PU as often as hide in a listing, so it only
        // keeps plastics from being taken as the outer surface ("nylon
        // with leather straps"), unless it is "PU leather", "faux
        // leather" and the like, which are plastics.
        let preceded_by = |t: &str, start: usize, words: &[&str]| {
            let before = t[..start].to_lowercase();
            let last = before.split_whitespace().next_back().unwrap_or("");
            words.contains(&last)
        };
        let leather = texts().any(|t| {
            GENUINE_LEATHER
                .find_iter(t)
                .any(|m| !preceded_by(t, m.start(), &["faux"]))
        });
        let plain_leather = texts().any(|t| {
            PLAIN_LEATHER.find_iter(t).any(|m| {
                !preceded_by(
                    t,
                    m.start(),
                    &["pu", "faux", "vegan", "synthetic", "artificial"],
                )
            })
        });
        match (leather, plastics) {
            (true, false) => Some(Outer::Leather),
            (false, true) if !plain_leather => Some(Outer::PlasticsOrTextile),
            _ => None,
        }
    }

    /// Whether subheading `code` (digits) of heading 4202 names another
    /// outer surface.
    pub fn excludes(self, code: &str) -> bool {
        if code.len() != 6 || !code.starts_with("4202") {
            return false;
        }
        match (self, &code[5..]) {
            (Outer::Leather, last) => last != "1",
            (Outer::PlasticsOrTextile, last) => last == "1",
        }
    }

    /// The subheading of the same kind of container with this outer
    /// surface (4202.21 → 4202.22); `None` where the kind has none, or for
    /// leather, whose …2 and …9 may be right for what the evidence found
    /// (a rigid case), and so are not moved.
    pub fn sibling(self, code: &str) -> Option<String> {
        match self {
            Outer::PlasticsOrTextile if self.excludes(code) => Some(format!("{}2", &code[..5])),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_outer_surface_from_the_attributes_or_the_description() {
        use Outer::*;
        assert_eq!(
            Outer::stated("Women Shoulder Bag", &["Genuine Leather"]),
            Some(Leather)
        );
        assert_eq!(
            Outer::stated("Laptop Backpack", &["Cowhide"]),
            Some(Leather)
        );
        assert_eq!(Outer::stated("牛皮卡包 RFID防盗刷", &[]), Some(Leather));
        assert_eq!(
            Outer::stated("Crossbody bag", &["POLYESTER"]),
            Some(PlasticsOrTextile)
        );
        assert_eq!(
            Outer::stated("Messenger bag, splash-proof nylon oxford", &[]),
            Some(PlasticsOrTextile)
        );
        assert_eq!(
            Outer::stated("Tote", &["Faux Leather"]),
            Some(PlasticsOrTextile)
        );
        assert_eq!(
            Outer::stated("PU leather wallet", &[]),
            Some(PlasticsOrTextile)
        );
        assert_eq!(
            Outer::stated(
                "a woman's handbag made of nylon woven fabric with leather straps",
                &[]
            ),
            None
        );
        assert_eq!(Outer::stated("Hard case", &["ABS"]), None);
        assert_eq!(Outer::stated("Leather wallet", &[]), None);
    }

    #[test]
    fn the_other_surfaces_of_the_same_kind_are_ruled_out() {
        let (l, p) = (Outer::Leather, Outer::PlasticsOrTextile);
        assert!(l.excludes("420222") && l.excludes("420229") && !l.excludes("420221"));
        assert!(p.excludes("420221") && p.excludes("420291") && !p.excludes("420222"));
        assert!(!p.excludes("420299") && !p.excludes("4202") && !l.excludes("392690"));
        assert_eq!(p.sibling("420221").as_deref(), Some("420222"));
        assert_eq!(p.sibling("420222"), None);
        assert_eq!(l.sibling("420222"), None);
    }
}
