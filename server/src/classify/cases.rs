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
//!
//! The kind of container decides the fifth digit the same way, and a
//! listing names it first ("Men's Shoulder Messenger Bag … Waterproof",
//! "Women Chest Bag … Crossbody"): a handbag, shoulder or messenger bag is
//! 4202.2x, a wallet or card holder 4202.3x, a backpack, waist, chest,
//! cosmetic, toilet, travel or sports bag 4202.9x (the heading's "other"
//! containers), a suitcase or briefcase 4202.1x. Words that name no one
//! kind ("tote", "sling bag", "laptop bag", "satchel") decide nothing.

use std::sync::LazyLock;

use regex::Regex;

use super::ruled_out::{first_named, words, Reason};

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

/// Heading 6305: sacks and bags of a kind used for the packing of goods.
const PACKING_SACKS: &str = "6305";

/// The kind of container within heading 4202, by its subheadings' terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BagKind {
    /// Trunks, suitcases, briefcases and similar containers (4202.1x).
    Luggage,
    /// Handbags, with or without shoulder strap or handle (4202.2x).
    Handbag,
    /// Articles carried in the pocket or the handbag (4202.3x).
    Pocket,
    /// The heading's other containers: rucksacks, toilet, travel and
    /// sports bags (4202.9x).
    Other,
}

/// Words naming each kind; the earliest in the description decides.
static BAG_KINDS: LazyLock<Vec<(BagKind, Regex)>> = LazyLock::new(|| {
    vec![
        (
            BagKind::Luggage,
            words(concat!(
                r"\b(?:suit-?cases?|luggage|trolley cases?|trunks?|brief-?cases?|",
                r"attach[eé] cases?|vanity cases?|school satchels?)\b|行李箱|拉杆箱|公文包",
            )),
        ),
        (
            BagKind::Handbag,
            words(concat!(
                r"\b(?:hand ?bags?|shoulder bags?|cross-?body(?: bags?)?|messenger bags?|",
                r"clutch(?:es| bags?)?|hobo bags?|bucket bags?)\b|手提包|单肩包|斜挎包|手拿包",
            )),
        ),
        (
            BagKind::Pocket,
            words(concat!(
                r"\b(?:wallets?|card holders?|card cases?|coin purses?|key cases?|",
                r"cigarette cases?|passport (?:holders?|covers?))\b|钱包|卡包|钥匙包|护照夹",
            )),
        ),
        (
            BagKind::Other,
            words(concat!(
                r"\b(?:back ?packs?|rucksacks?|waist bags?|fanny packs?|belt bags?|chest bags?|",
                r"cosmetic bags?|make-?up bags?|toiletry bags?|wash bags?|travel bags?|",
                r"duff(?:el|le) bags?|gym bags?|sports? bags?|lunch bags?|cooler bags?|",
                r"pencil (?:cases?|bags?))\b|双肩包|背包|腰包|胸包|化妆包|洗漱包|旅行包|笔袋",
            )),
        ),
    ]
});

impl BagKind {
    /// The kind of container `description` names first, if any.
    pub fn stated(description: &str) -> Option<Self> {
        first_named(&BAG_KINDS, description).map(|(kind, _)| kind)
    }

    /// The fifth digit of this kind's subheadings.
    fn digit(self) -> char {
        match self {
            BagKind::Luggage => '1',
            BagKind::Handbag => '2',
            BagKind::Pocket => '3',
            BagKind::Other => '9',
        }
    }

    /// Whether `code` (digits) is a subheading of heading 4202 for another
    /// kind of container, or a sack or bag for packing goods (6305): a
    /// handbag, wallet, suitcase or backpack is carried, not packed, and
    /// "a shoulder bag made of jute and cotton" had gone to jute sacks
    /// (6305.10) by its material.
    pub fn excludes(self, code: &str) -> bool {
        (code.len() == 6 && code.starts_with("4202") && !code[4..].starts_with(self.digit()))
            || code.starts_with(PACKING_SACKS)
    }

    /// The subheading of this kind with the same outer surface (4202.22 →
    /// 4202.92 for a backpack); for a packing sack, this kind's with an
    /// outer surface of textile materials (6305.10 → 4202.22), which 6305's
    /// sacks all are.
    pub fn sibling(self, code: &str) -> Option<String> {
        if code.len() == 6 && code.starts_with(PACKING_SACKS) {
            return Some(format!("4202{}2", self.digit()));
        }
        self.excludes(code)
            .then(|| format!("4202{}{}", self.digit(), &code[5..]))
    }

    /// What it states and rules out, and by which terms.
    pub fn reason(self) -> Reason {
        let (stated, terms): (&str, &'static [&'static str]) = match self {
            BagKind::Luggage => (
                "a suitcase, briefcase or similar container",
                &["420211", "6305"],
            ),
            BagKind::Handbag => ("a handbag", &["420221", "6305"]),
            BagKind::Pocket => (
                "an article carried in the pocket or handbag",
                &["420231", "6305"],
            ),
            BagKind::Other => (
                "a rucksack, toilet, travel or sports bag",
                &["4202", "420291", "6305"],
            ),
        };
        Reason {
            stated: stated.into(),
            excluded: "the subheadings of 4202 for other kinds of container, and sacks and bags for the packing of goods (6305)".into(),
            notes: &["Rule 1", "Rule 6"],
            terms,
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

    #[test]
    fn the_kind_of_bag_named_first_decides_the_fifth_digit() {
        use BagKind::*;
        assert_eq!(
            BagKind::stated("Casual Men's Shoulder Messenger Bag Nylon Oxford"),
            Some(Handbag)
        );
        assert_eq!(
            BagKind::stated("Men's Chest Bag Slung Crossbody Sports Waist Bag"),
            Some(Other)
        );
        assert_eq!(
            BagKind::stated("Genuine Leather Laptop Backpack"),
            Some(Other)
        );
        assert_eq!(BagKind::stated("牛皮卡包 RFID防盗刷 24卡位"), Some(Pocket));
        assert_eq!(
            BagKind::stated("20 inch hard shell suitcase"),
            Some(Luggage)
        );
        assert_eq!(BagKind::stated("canvas tote, laptop bag"), None);
        assert!(Other.excludes("420222") && !Other.excludes("420292"));
        assert!(!Handbag.excludes("4202") && !Handbag.excludes("392690"));
        assert_eq!(Other.sibling("420222").as_deref(), Some("420292"));
        assert_eq!(Handbag.sibling("420291").as_deref(), Some("420221"));
        assert_eq!(Handbag.sibling("420221"), None);
    }

    #[test]
    fn a_bag_that_is_carried_is_not_a_sack_for_packing_goods() {
        let bag = BagKind::stated("a shoulder bag made of jute and cotton");
        assert!(bag.is_some_and(|b| b.excludes("630510") && b.excludes("6305")));
        assert_eq!(
            BagKind::Handbag.sibling("630510").as_deref(),
            Some("420222")
        );
        assert_eq!(BagKind::Other.sibling("630533").as_deref(), Some("420292"));
        assert!(!BagKind::Other.excludes("630790"));
    }
}
