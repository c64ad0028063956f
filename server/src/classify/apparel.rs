//! Apparel (chapters 61 and 62): what a description says of how a garment
//! is made and whom it is for, and the headings the notes then rule out.
//!
//! The two chapters mirror each other heading by heading (6103 men's suits
//! and trousers knitted, 6203 the same not knitted), and within each the
//! men's or boys' headings mirror the women's or girls' (6103 and 6104).
//! The words of the goods match all four almost equally, so the evidence
//! splits between them by the accident of which lines use which words: on
//! classify-dev "men's knit shorts made from 50% polyester and 50% cotton"
//! went to 6203, six listings stating `Craft of Weaving: Knit` to chapter
//! 62, and 男式针织短裤 to 6108 (women's underwear). What the description
//! states decides, by the notes:
//!
//! - Chapter 61 "applies only to made up knitted or crocheted articles"
//!   (its Note 1); chapter 62 only to articles "excluding knitted or
//!   crocheted articles (other than those of heading 6212)".
//! - A garment for men or boys is not in a women's or girls' heading, nor
//!   the reverse; and "garments which cannot be identified as either men's
//!   or boys' garments or as women's or girls' garments are to be
//!   classified in the headings covering women's or girls' garments" (Note 9
//!   of both chapters): a unisex garment is not in a men's heading.
//!
//! When the description states neither, or both (a set of a knitted top
//! and woven trousers, "boys' jackets and ladies' pajamas"), nothing is
//! ruled out. "Non-woven" is not "woven", but it is not knitted either:
//! garments of nonwovens are heading 6210, in chapter 62, and listings use
//! the word loosely for anything not knitted (the seven classify-dev
//! listings stating `Craft of Weaving: Non-Woven` are all chapter 62). The
//! marketplace's own value "Tat" for that attribute is its translation of
//! 梭织 (shuttle-woven: 梭 is the tatting shuttle), set beside "Knit" (针织),
//! "Non-Woven" (无纺) and "Other".

use std::sync::LazyLock;

use regex::Regex;

use super::ruled_out::Reason;

/// How the goods' fabric is made, as the description states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fabrication {
    /// Knitted or crocheted (chapter 61).
    Knitted,
    /// Woven (chapter 62).
    Woven,
    /// Nonwoven: not knitted or crocheted (chapter 62, heading 6210).
    Nonwoven,
}

static KNITTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:knit|knits|knitted|knitwear|crochet|crocheted)\b|针织|钩编")
        .expect("a valid pattern")
});

static WOVEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(non[\s-]?)?woven\b|梭织|机织|(无纺)").expect("a valid pattern")
});

impl Fabrication {
    /// What it states and rules out, and by which notes.
    pub fn reason(self) -> Reason {
        match self {
            Fabrication::Knitted => Reason {
                stated: "knitted or crocheted".into(),
                excluded: "chapter 62, except heading 6212".into(),
                notes: &["Chapter 61 Note 1", "Chapter 62 Note 1"],
                terms: &[],
            },
            Fabrication::Woven => Reason {
                stated: "woven (not knitted or crocheted)".into(),
                excluded: "chapter 61".into(),
                notes: &["Chapter 61 Note 1"],
                terms: &[],
            },
            Fabrication::Nonwoven => Reason {
                stated: "nonwoven (not knitted or crocheted)".into(),
                excluded: "chapter 61".into(),
                notes: &["Chapter 61 Note 1"],
                terms: &["6210"],
            },
        }
    }

    /// The fabrication `text` and a listing's `Craft of Weaving` (`craft`)
    /// state: `None` when they state none, or a knitted fabric with another
    /// (a set of a knitted top and woven trousers).
    pub fn stated(text: &str, craft: Option<&str>) -> Option<Self> {
        let knitted = KNITTED.is_match(text);
        let mut woven = craft.is_some_and(|c| c.trim().eq_ignore_ascii_case("tat"));
        let mut nonwoven = false;
        for c in WOVEN.captures_iter(text) {
            // "non-woven" and 无纺 are the pattern's groups; plain "woven" is not.
            if c.get(1).is_some() || c.get(2).is_some() {
                nonwoven = true;
            } else {
                woven = true;
            }
        }
        match (knitted, woven, nonwoven) {
            (true, false, false) => Some(Fabrication::Knitted),
            (false, true, _) => Some(Fabrication::Woven),
            (false, false, true) => Some(Fabrication::Nonwoven),
            _ => None,
        }
    }

    /// Whether the notes rule out `code` (a heading or subheading, digits)
    /// for goods so made. Heading 6212 (brassieres, girdles, corsets)
    /// stays either way: it takes them "whether or not knitted or
    /// crocheted".
    pub fn excludes(self, code: &str) -> bool {
        match self {
            Fabrication::Knitted => code.starts_with("62") && !code.starts_with("6212"),
            Fabrication::Woven | Fabrication::Nonwoven => code.starts_with("61"),
        }
    }
}

/// Whom a garment is for, in the terms of the gendered headings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wearer {
    /// "Men's or boys'" (6101, 6103, 6105, 6107 and their chapter 62 mirrors).
    MenOrBoys,
    /// "Women's or girls'" (6102, 6104, 6106, 6108 and mirrors), which also
    /// take what cannot be identified as either.
    WomenOrGirls,
}

/// Headings for men or boys, and their mirrors for women or girls.
const MENS: &[&str] = &[
    "6101", "6103", "6105", "6107", "6201", "6203", "6205", "6207",
];
const WOMENS: &[&str] = &[
    "6102", "6104", "6106", "6108", "6202", "6204", "6206", "6208",
];

static MEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:men|men's|mens|boy|boys|boy's|boys'|male|gentlemen)\b|男式|男士|男童|男孩|男装|男款")
        .expect("a valid pattern")
});

static WOMEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)\b(?:women|women's|womens|woman|woman's|lady|ladies|girl|girls|girl's|girls'|female)\b",
        r"|女式|女士|女童|女孩|女装|女款"
    ))
    .expect("a valid pattern")
});

static UNISEX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bunisex\b|男女同款|男女通用").expect("a valid pattern"));

impl Wearer {
    /// What it states and rules out, and by which notes.
    pub fn reason(self) -> Reason {
        match self {
            Wearer::MenOrBoys => Reason {
                stated: "for men or boys".into(),
                excluded: format!("the headings for women or girls ({})", WOMENS.join(", ")),
                notes: &[],
                terms: &["6104", "6204"],
            },
            Wearer::WomenOrGirls => Reason {
                stated: "for women or girls, or not identifiable as either".into(),
                excluded: format!("the headings for men or boys ({})", MENS.join(", ")),
                notes: &["Chapter 61 Note 9", "Chapter 62 Note 9"],
                terms: &[],
            },
        }
    }

    /// Whom a listing's `Gender` attribute, else the description, says
    /// the garment is for: unisex is women's or girls' (Note 9); `None`
    /// when it says nothing, or names both (a set for several wearers).
    pub fn stated(attribute: Option<&str>, description: &str) -> Option<Self> {
        let text = attribute
            .filter(|a| !a.trim().is_empty())
            .unwrap_or(description);
        if UNISEX.is_match(text) {
            return Some(Wearer::WomenOrGirls);
        }
        match (MEN.is_match(text), WOMEN.is_match(text)) {
            (true, false) => Some(Wearer::MenOrBoys),
            (false, true) => Some(Wearer::WomenOrGirls),
            _ => None,
        }
    }

    /// Whether `code` (a heading or subheading, digits) is a heading for
    /// the other wearers.
    pub fn excludes(self, code: &str) -> bool {
        let Some(heading) = code.get(..4) else {
            return false;
        };
        match self {
            Wearer::MenOrBoys => WOMENS.contains(&heading),
            Wearer::WomenOrGirls => MENS.contains(&heading),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stated_fabrication_in_either_language() {
        let stated = |text: &str| Fabrication::stated(text, None);
        assert_eq!(stated("men's knit shorts"), Some(Fabrication::Knitted));
        assert_eq!(
            stated("Yoga shorts Nylon Craft of Weaving Knit"),
            Some(Fabrication::Knitted)
        );
        assert_eq!(stated("女式针织开衫"), Some(Fabrication::Knitted));
        assert_eq!(stated("woven cotton trousers"), Some(Fabrication::Woven));
        assert_eq!(stated("男式梭织衬衫"), Some(Fabrication::Woven));
        // Non-woven is not woven, nor knitted; "knitting" the activity is
        // not the goods.
        assert_eq!(
            stated("T-shirt Cotton Non-Woven"),
            Some(Fabrication::Nonwoven)
        );
        assert_eq!(stated("无纺布防护服"), Some(Fabrication::Nonwoven));
        assert_eq!(stated("cotton shorts"), None);
        assert_eq!(stated("knitting needles of steel"), None);
        assert_eq!(stated("knitted top and woven trousers"), None);
        assert_eq!(stated("knit top with non-woven lining"), None);
        // The marketplace's "Tat" is 梭织, woven.
        assert_eq!(
            Fabrication::stated("Women's tank top", Some("Tat")),
            Some(Fabrication::Woven)
        );
        assert_eq!(Fabrication::stated("Tat tattoo sleeve", None), None);
        assert!(Fabrication::Nonwoven.excludes("6109") && !Fabrication::Nonwoven.excludes("6210"));
    }

    #[test]
    fn whom_a_garment_is_for_from_the_attribute_or_the_description() {
        use Wearer::*;
        assert_eq!(Wearer::stated(None, "men's knit shorts"), Some(MenOrBoys));
        assert_eq!(Wearer::stated(None, "男式针织短裤"), Some(MenOrBoys));
        assert_eq!(
            Wearer::stated(None, "女式棉质针织平角内裤"),
            Some(WomenOrGirls)
        );
        assert_eq!(
            Wearer::stated(Some("girls"), "Baby romper"),
            Some(WomenOrGirls)
        );
        // The attribute speaks for the listing: unisex pyjamas printed
        // "Boys Policeman" are for anyone, so women's or girls' (Note 9).
        assert_eq!(
            Wearer::stated(Some("Unisex"), "Kids Pajamas Sets Boys Policeman"),
            Some(WomenOrGirls)
        );
        assert_eq!(Wearer::stated(None, "男女同款卫衣"), Some(WomenOrGirls));
        assert_eq!(
            Wearer::stated(None, "boys outerwear jackets and ladies pajamas"),
            None
        );
        assert_eq!(Wearer::stated(None, "cotton T-shirt"), None);
        assert_eq!(
            Wearer::stated(Some(" "), "Women's blouse"),
            Some(WomenOrGirls)
        );
    }

    #[test]
    fn headings_for_the_other_wearers_are_ruled_out() {
        let (m, w) = (Wearer::MenOrBoys, Wearer::WomenOrGirls);
        assert!(m.excludes("610821") && m.excludes("6204") && !m.excludes("610343"));
        assert!(w.excludes("610343") && w.excludes("620342") && !w.excludes("610821"));
        assert!(!m.excludes("610910") && !w.excludes("621143") && !w.excludes("61"));
    }

    #[test]
    fn the_other_chapter_is_ruled_out_but_not_heading_6212() {
        let (k, w) = (Fabrication::Knitted, Fabrication::Woven);
        assert!(k.excludes("620342") && k.excludes("6204"));
        assert!(!k.excludes("621210") && !k.excludes("610342") && !k.excludes("420222"));
        assert!(w.excludes("610462") && w.excludes("6104"));
        assert!(!w.excludes("620462") && !w.excludes("621210") && !w.excludes("630790"));
    }

    #[test]
    fn reasons_list_the_other_wearers_headings() {
        assert_eq!(
            Wearer::MenOrBoys.reason().excluded,
            "the headings for women or girls (6102, 6104, 6106, 6108, 6202, 6204, 6206, 6208)"
        );
        assert_eq!(
            Wearer::WomenOrGirls.reason().excluded,
            "the headings for men or boys (6101, 6103, 6105, 6107, 6201, 6203, 6205, 6207)"
        );
    }
}
