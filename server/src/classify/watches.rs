//! Watch parts (headings 9108 to 9114) by the component the description
//! names first.
//!
//! Chapter 91 gives each component of a watch its own place: movements
//! complete and assembled in 9108 (9108.20 with automatic winding),
//! movement sets and incomplete movements in 9110, cases in 9111 (by
//! material; 9111.90 for the parts of a case: bezels, backs, chapter
//! rings), straps and bracelets in 9113, dials in 9114.30 and the other
//! parts (crowns, hands, stems) in 9114.90. A listing for one component
//! names the others it fits ("Watch Case Sapphire For SUB Seiko NH35
//! Movement … Dial … Bezel"), so its words match every one of these
//! subheadings, and the votes had put three watch cases in 9111.90 (parts
//! of cases) and a dial with luminous hands in 9114.90. Such a listing
//! names what it sells first and what it fits after: the first component
//! named is the goods, and the watch-part subheadings for the others are
//! ruled out by their terms (GRI 1 and 6). A listing that names a watch
//! before any component ("automatic wrist watch, steel case") sells the
//! watch: the part headings are ruled out instead (`WholeWatch`); complete
//! watches (9101, 9102) are never touched by either rule.
//!
//! Chapter 91 itself is for timepieces and their parts: "bracelets" with
//! no watch in sight are jewellery, but the words of 9113 ("watch
//! bracelets") drew the votes of fashion bracelets, and once their metal
//! was known the shares of three 9113 subheadings met in one. Goods whose
//! description, category and attributes name no clock, watch, timer or
//! movement (nor a bezel, dial or case back) are not of chapter 91
//! (`NoTimepiece`). It reads words: a watch part listed with none of them
//! (a bare "crown and stem, 2.5 mm") would lose chapter 91; every
//! chapter-91 item of the dev sets names one.
//!
//! A smartwatch is not a watch of 9101 or 9102 but a transmission
//! apparatus (8517.62), and what is made for one is not a watch or clock
//! case, movement or part (chapter 91): "TPU Screen Protector case
//! for samsung watch" had gone to watch cases (9111.80) at 0.89. Straps
//! (9113, "watch straps, watch bands and watch bracelets") stay in play.
//! A description that names a smartwatch as the goods, and nothing made
//! for one, is of 8517.62 alone: every other code is ruled out and what
//! was found for it moves there ("SK7 Ultra Smart Watch Bluetooth Call …
//! Fitness Sport Tracker", its own label left out, had drawn track suits
//! and plastic articles) (`Smartwatch`).

use std::sync::LazyLock;

use regex::Regex;

use super::ruled_out::{first_named, names_goods, words, Reason};

/// A watch component, in the terms of headings 9108 to 9114.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WatchPart {
    /// A complete movement (9108–9110); `automatic` when stated to wind
    /// itself, which is 9108.20.
    Movement { automatic: bool },
    /// A watch case (9111.10, .20, .80).
    Case,
    /// A part of a case: bezel, back, chapter ring (9111.90).
    CasePart,
    /// A strap, band or bracelet (9113).
    Strap,
    /// A dial (9114.30).
    Dial,
    /// A crown, hands or stem (9114.90).
    OtherPart,
}

/// Component words, each with the part it names; the earliest in the
/// description decides. Longer names come first so that "case back" is a
/// part of a case, not a case.
static COMPONENTS: LazyLock<Vec<(WatchPart, Regex)>> = LazyLock::new(|| {
    vec![
        (
            WatchPart::CasePart,
            words(
                r"\b(?:case ?backs?|back ?covers?|chapter rings?|bezels?(?: inserts?)?)\b|后盖|表圈",
            ),
        ),
        (
            WatchPart::Movement { automatic: false },
            words(r"\bmovements?\b|机芯"),
        ),
        (WatchPart::Case, words(r"\bcases?\b|表壳")),
        (
            WatchPart::Strap,
            words(r"\b(?:straps?|watch ?bands?|bracelets?)\b|表带|表链"),
        ),
        (WatchPart::Dial, words(r"\bdials?\b|表盘|字面")),
        (
            WatchPart::OtherPart,
            words(r"\b(?:crowns?|hands|needles|stems?)\b|表冠|指针|表把"),
        ),
    ]
});

/// A watch named as such ("wrist watch", 手表), which is the goods unless a
/// component follows it ("watch case", 手表表带).
static WATCH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:wrist ?)?watch(?:es)?\b|手表|腕表").expect("a valid pattern")
});

/// Words after "watch" that make it a component's name, not the goods'.
const COMPONENT_AFTER_WATCH: &[&str] = &[
    "case", "band", "strap", "bracelet", "dial", "crown", "hand", "needle", "stem", "movement",
    "bezel", "back", "chapter", "glass", "crystal", "part", "repair", "tool", "face", "表",
];

/// The first watch `text` names as such, not as the first word of a
/// component's name ("watch case", 手表表带).
fn watch_named(text: &str) -> Option<regex::Match<'_>> {
    WATCH.find_iter(text).find(|w| {
        let after = text[w.end()..].trim_start().to_lowercase();
        !COMPONENT_AFTER_WATCH.iter().any(|c| after.starts_with(c))
    })
}

static AUTOMATIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:automatic|self[- ]winding)\b|自动").expect("a valid pattern")
});

/// Headings of watch parts and movements this rule decides between.
const PART_HEADINGS: &[&str] = &["9108", "9110", "9111", "9113", "9114"];

impl WatchPart {
    /// The component `description` names first, if it names one before
    /// any watch (a listing for a watch "with a steel case" sells a watch).
    pub fn stated(description: &str) -> Option<Self> {
        let (part, at) = first_named(&COMPONENTS, description)?;
        if watch_named(description).is_some_and(|w| w.end() <= at) {
            return None;
        }
        Some(match part {
            WatchPart::Movement { .. } => WatchPart::Movement {
                automatic: AUTOMATIC.is_match(description),
            },
            other => other,
        })
    }

    /// Whether `code` (a heading or subheading, digits) is a watch-part
    /// code for another component.
    pub fn excludes(self, code: &str) -> bool {
        let heading = code.get(..4).unwrap_or(code);
        if !PART_HEADINGS.contains(&heading) {
            return false;
        }
        let sub = (code.len() == 6).then_some(code);
        match self {
            WatchPart::Movement { automatic } => match heading {
                "9108" => automatic && sub.is_some_and(|c| c != "910820"),
                "9110" => false,
                _ => true,
            },
            WatchPart::Case => heading != "9111" || sub == Some("911190"),
            WatchPart::CasePart => heading != "9111" || sub.is_some_and(|c| c != "911190"),
            WatchPart::Strap => heading != "9113",
            WatchPart::Dial => heading != "9114" || sub.is_some_and(|c| c != "911430"),
            WatchPart::OtherPart => heading != "9114" || sub.is_some_and(|c| c != "911490"),
        }
    }

    /// Where what was found for a ruled-out subheading of the same heading
    /// goes: other parts to dials for a dial, dials to other parts for a
    /// crown or hands, 9108's others to automatic winding.
    pub fn sibling(self, code: &str) -> Option<String> {
        let to = match (self, code) {
            (WatchPart::Dial, "911440" | "911490") => "911430",
            (WatchPart::OtherPart, "911430" | "911440") => "911490",
            (WatchPart::Movement { automatic: true }, "910890") => "910820",
            _ => return None,
        };
        Some(to.into())
    }

    /// What it states and rules out, and by which texts.
    pub fn reason(self) -> Reason {
        let (stated, terms): (&str, &'static [&'static str]) = match self {
            WatchPart::Movement { automatic: true } => {
                ("a watch movement with automatic winding", &["910820"])
            }
            WatchPart::Movement { automatic: false } => ("a watch movement", &["9108", "9110"]),
            WatchPart::Case => ("a watch case", &["9111"]),
            WatchPart::CasePart => ("a part of a watch case", &["911190"]),
            WatchPart::Strap => ("a watch strap, band or bracelet", &["9113"]),
            WatchPart::Dial => ("a dial", &["911430"]),
            WatchPart::OtherPart => ("a crown, hands or stem", &["911490"]),
        };
        Reason {
            stated: stated.into(),
            excluded: "the watch-part subheadings (9108–9114) of other components".into(),
            notes: &["Rule 1", "Rule 6"],
            terms,
        }
    }
}

/// Words naming a timepiece, or a part only a timepiece has; 表 (watch,
/// but also meter and surface) and "time" keep the rule silent more often
/// than needed, never the reverse.
static TIMEPIECE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)watch|clock|timer|\btime\b|chrono|horolog|movement|escapement|",
        r"\bbezels?\b|\bdials?\b|\bcase ?backs?\b|表|钟|计时|机芯",
    ))
    .expect("a valid pattern")
});

/// Goods named without any timepiece: not of chapter 91.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoTimepiece;

impl NoTimepiece {
    /// Whether `text` (a description with its category and attributes)
    /// names no timepiece.
    pub fn stated(text: &str) -> Option<Self> {
        (!TIMEPIECE.is_match(text)).then_some(NoTimepiece)
    }

    /// Whether `code` (digits) is of chapter 91.
    pub fn excludes(self, code: &str) -> bool {
        code.starts_with("91")
    }

    /// What it states and rules out, and by which texts.
    pub fn reason(self) -> Reason {
        Reason {
            stated: "no clock, watch or part of one".into(),
            excluded: "chapter 91 (clocks and watches and parts thereof)".into(),
            notes: &["Rule 1"],
            terms: &["91", "9113"],
        }
    }
}

/// A watch named as the goods before any component ("Wrist watch quartz
/// stainless steel case", 手表 石英 钢壳): the case, strap or dial named
/// after it are the watch's own, and the goods are a complete watch (9101,
/// 9102), not a part of one. Its words had matched the case lines of
/// 9111.20 best and sent such a listing there at 0.73.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WholeWatch;

impl WholeWatch {
    /// Reads the description: a watch it names as the goods, before any
    /// component.
    pub fn stated(description: &str) -> Option<Self> {
        if !names_goods(&WATCH, description) {
            return None;
        }
        let watch = watch_named(description)?;
        let component_first =
            first_named(&COMPONENTS, description).is_some_and(|(_, at)| at < watch.start());
        (!component_first).then_some(WholeWatch)
    }

    /// Whether `code` (digits) is of a heading of watch parts or
    /// movements.
    pub fn excludes(self, code: &str) -> bool {
        PART_HEADINGS.contains(&code.get(..4).unwrap_or(code))
    }

    /// What it states and rules out, and by which texts.
    pub fn reason(self) -> Reason {
        Reason {
            stated: "a watch, named before its components".into(),
            excluded: "the headings of watch movements, cases, straps and other parts (9108, 9110, 9111, 9113, 9114): the components named are the watch's own".into(),
            notes: &["Rule 1"],
            terms: &["9102", "9111"],
        }
    }
}

/// Names of smartwatches and fitness bands, by kind or by brand line.
static SMARTWATCH: LazyLock<Regex> = LazyLock::new(|| {
    words(concat!(
        r"\bsmart ?watch(?:es)?\b|\bapple watch\b|\biwatch\b|\bgalaxy watch\b|\bsamsung watch\b|",
        r"\bhuawei watch\b|\bfitbit\b|\bamazfit\b|\bsmart ?bands?\b|\bfitness trackers?\b|智能手表|智能手环",
    ))
});

/// What is made for a smartwatch rather than being one: its strap, case,
/// screen film, sticker, charger, stand.
static SMARTWATCH_ACCESSORY: LazyLock<Regex> = LazyLock::new(|| {
    words(concat!(
        r"\b(?:straps?|watch ?bands?|wristbands?|bracelets?|cases?|covers?|bumpers?|protectors?|",
        r"films?|tempered glass|skins?|stickers?|decals?|chargers?|charging|cables?|docks?|",
        r"stands?|holders?|replacement|",
        r"parts?|boxe?s?|packaging)\b|表带|腕带|表壳|保护壳|保护膜|钢化膜|充电器|充电线|支架",
    ))
});

/// A smartwatch named: the goods themselves, or goods made for one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Smartwatch {
    /// The description names a smartwatch or fitness band as the goods,
    /// with nothing made for one: a smartwatch receives and transmits data
    /// over a wireless network and is 8517.62 (not a watch of 9102: the
    /// time it shows is the least of what it does).
    Itself,
    /// A smartwatch is named in the description or its category, as the
    /// goods or what they are made for.
    ForOne,
}

impl Smartwatch {
    /// Reads the description and the `query` (description and category).
    pub fn stated(description: &str, query: &str) -> Option<Self> {
        if names_goods(&SMARTWATCH, description) && !SMARTWATCH_ACCESSORY.is_match(description) {
            Some(Smartwatch::Itself)
        } else {
            SMARTWATCH.is_match(query).then_some(Smartwatch::ForOne)
        }
    }

    /// Whether `code` (digits) is ruled out: for anything named with a
    /// smartwatch, chapter 91 but its straps (9113: watches, clocks, their
    /// movements, cases and parts); for a smartwatch itself, every code but
    /// 8517.62.
    pub fn excludes(self, code: &str) -> bool {
        match self {
            Smartwatch::Itself => !SMARTWATCH_CODE.starts_with(code),
            Smartwatch::ForOne => code.starts_with("91") && !code.starts_with("9113"),
        }
    }

    /// Where what was found for a ruled-out subheading goes: a smartwatch
    /// itself is 8517.62.
    pub fn sibling(self, code: &str) -> Option<String> {
        (self == Smartwatch::Itself && code.len() == 6 && self.excludes(code))
            .then(|| SMARTWATCH_CODE.to_string())
    }

    /// What it states and rules out, and by which texts.
    pub fn reason(self) -> Reason {
        match self {
            Smartwatch::Itself => Reason {
                stated: "a smartwatch".into(),
                excluded: "every code but 8517.62: a smartwatch is an apparatus for the reception and transmission of data, not a watch of chapter 91".into(),
                notes: &["Rule 1"],
                terms: &["851762", "9102"],
            },
            Smartwatch::ForOne => Reason {
                stated: "a smartwatch, or an article for one".into(),
                excluded: "chapter 91 but its straps (9113): watches, clocks and their movements, cases and parts; a smartwatch is a transmission apparatus (8517.62)".into(),
                notes: &["Rule 1"],
                terms: &["851762", "9111"],
            },
        }
    }
}

/// The subheading of smartwatches.
const SMARTWATCH_CODE: &str = "851762";

#[cfg(test)]
mod tests {
    use super::*;
    use WatchPart::*;

    #[test]
    fn a_watch_named_before_its_components_is_a_whole_watch() {
        for whole in [
            "Wrist watch quartz stainless steel case",
            "Automatic wrist watch, steel case, leather strap",
            "手表 石英 不锈钢表壳",
        ] {
            let w = WholeWatch::stated(whole);
            assert_eq!(w, Some(WholeWatch), "{whole}");
            assert!(w.is_some_and(|w| w.excludes("911120") && w.excludes("9113")));
            assert!(w.is_some_and(|w| !w.excludes("910211") && !w.excludes("9102")));
        }
        for part in [
            "Watch case sapphire for NH35 movement",
            "Watch band 20mm leather",
            "Stainless steel case for wrist watch",
            "Strap for watch, nylon",
            "手表表带 硅胶",
        ] {
            assert_eq!(WholeWatch::stated(part), None, "{part}");
        }
    }

    #[test]
    fn a_smartwatch_and_what_is_made_for_one_are_not_watches_or_watch_parts() {
        let s = |d: &str| Smartwatch::stated(d, d);
        let case = s("TPU Screen Protector case for samsung watch active 2");
        assert_eq!(case, Some(Smartwatch::ForOne));
        assert!(case.is_some_and(|s| s.excludes("911180") && !s.excludes("911390")));
        assert!(case.is_some_and(|s| !s.excludes("392690") && s.sibling("911180").is_none()));
        assert_eq!(
            s("Smart Watch Band 22mm silicone"),
            Some(Smartwatch::ForOne)
        );
        assert_eq!(s("智能手表表带 硅胶"), Some(Smartwatch::ForOne));
        assert_eq!(
            s("Smart watch skin sticker, matte"),
            Some(Smartwatch::ForOne)
        );
        assert_eq!(s("Automatic wrist watch, steel case"), None);
        // In the category alone: a strap listed under "Smart Watches".
        assert_eq!(
            Smartwatch::stated("Nylon strap 20mm", "Nylon strap 20mm Smart Watches"),
            Some(Smartwatch::ForOne)
        );
    }

    #[test]
    fn a_smartwatch_itself_is_a_transmission_apparatus() {
        let s = |d: &str| Smartwatch::stated(d, d);
        let watch =
            s("New SK7 Ultra Smart Watch Bluetooth Call Men GPS NFC AMOLED Fitness Sport Tracker");
        assert_eq!(watch, Some(Smartwatch::Itself));
        assert_eq!(s("智能手表 蓝牙通话 1.53寸"), Some(Smartwatch::Itself));
        let w = Smartwatch::Itself;
        assert!(w.excludes("910211") && w.excludes("621139") && w.excludes("8518"));
        assert!(!w.excludes("851762") && !w.excludes("8517"));
        assert_eq!(w.sibling("910211").as_deref(), Some("851762"));
        assert_eq!(w.sibling("851762"), None);
    }

    #[test]
    fn goods_naming_no_timepiece_are_not_of_chapter_91() {
        let none = NoTimepiece::stated("Pink shells conch bracelets Pearl Bracelet Jewelry");
        assert!(none.is_some_and(|n| n.excludes("911320") && !n.excludes("711719")));
        assert_eq!(NoTimepiece::stated("Milanese Watch Bracelets 20mm"), None);
        assert_eq!(NoTimepiece::stated("精工NH72A自动机械机芯 镂空"), None);
        assert_eq!(NoTimepiece::stated("Smartwatch band, silicone"), None);
        assert_eq!(NoTimepiece::stated("Kitchen timer, magnetic"), None);
        assert_eq!(NoTimepiece::stated("Ceramic bezel insert 38 mm"), None);
    }

    #[test]
    fn the_first_component_named_is_the_goods() {
        assert_eq!(
            WatchPart::stated(
                "Diver Case 40mm Watch Case Sapphire For Seiko NH35 Movement Dial Bezel"
            ),
            Some(Case)
        );
        assert_eq!(
            WatchPart::stated(
                "NH35 Dial 30.5mm Watch Dial Luminous Needles for NH35 Automatic Movement"
            ),
            Some(Dial)
        );
        assert_eq!(
            WatchPart::stated("Replace Chapter Ring Fits SKX009 Watch Cases Inner Ring"),
            Some(CasePart)
        );
        assert_eq!(
            WatchPart::stated("Replacement steel Watch Crown Repair Parts For watch Movement"),
            Some(OtherPart)
        );
        assert_eq!(
            WatchPart::stated("Japan NH72 Skeleton Mechanical Movement For Seiko Mods Automatic"),
            Some(Movement { automatic: true })
        );
        assert_eq!(
            WatchPart::stated("精工NH72A自动机械机芯 镂空"),
            Some(Movement { automatic: true })
        );
        assert_eq!(
            WatchPart::stated("40mm不锈钢潜水表壳 蓝宝石镜面"),
            Some(Case)
        );
        assert_eq!(
            WatchPart::stated("Silicone Watch Strap for Luminox"),
            Some(Strap)
        );
        assert_eq!(WatchPart::stated("stainless steel wrist watch"), None);
        // A watch named before its parts is the goods.
        assert_eq!(
            WatchPart::stated(
                "Men's automatic wrist watch, stainless steel case, sapphire crystal"
            ),
            None
        );
        assert_eq!(WatchPart::stated("男士自动机械手表 不锈钢表壳"), None);
        assert_eq!(
            WatchPart::stated("Replacement steel Watch Crown Repair Parts For watch Movement"),
            Some(OtherPart)
        );
        assert_eq!(WatchPart::stated("手表表带 硅胶 22mm"), Some(Strap));
    }

    #[test]
    fn the_subheadings_of_other_components_are_ruled_out() {
        assert!(Case.excludes("911190") && !Case.excludes("911120") && Case.excludes("911430"));
        assert!(Case.excludes("9114") && !Case.excludes("9111"));
        assert!(!Case.excludes("910221"), "complete watches stay");
        assert!(Dial.excludes("911490") && !Dial.excludes("911430") && !Dial.excludes("9114"));
        assert_eq!(Dial.sibling("911490").as_deref(), Some("911430"));
        let automatic = Movement { automatic: true };
        assert!(automatic.excludes("910890") && !automatic.excludes("910820"));
        assert!(automatic.excludes("911430") && !automatic.excludes("911011"));
        assert_eq!(automatic.sibling("910890").as_deref(), Some("910820"));
        assert!(!Movement { automatic: false }.excludes("910811"));
        assert!(Strap.excludes("911190") && !Strap.excludes("911390"));
    }
}
