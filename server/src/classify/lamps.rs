//! Luminaires (heading 9405) by the kind of fitting a description names.
//!
//! HS 2022 divides electric luminaires by kind: chandeliers and ceiling or
//! wall fittings (9405.1x), table, desk, bedside or floor-standing lamps
//! (9405.2x), lighting strings of a kind used for Christmas trees
//! (9405.3x), the others (9405.4x), and within each by the light source:
//! designed for use solely with LEDs (.x1) or not (.x9). Parts are
//! 9405.91–.99. A listing's words ("Bedroom Living Room … Reading … Wall
//! Light") meet several kinds, and the votes had put an LED wall lamp in
//! the parts of 9405.99. A broker reads the name: a wall lamp or sconce,
//! a desk lamp, string lights. The named kind rules out the other kinds
//! and the parts (GRI 1 and 6), and where LEDs are named, the non-LED
//! subheading of its kind; what was found for those moves to the kind's
//! subheading of the same light source.
//!
//! Lighting strings "of all kinds" are of 9405, not of chapter 95
//! (Chapter 95 Note 1(u)): LED rose string lights sold for Christmas or a
//! wedding are not festive articles.
//!
//! A listing for a part (a lampshade, a bulb, a holder for a wall lamp)
//! names the fitting it fits and decides nothing here.

use std::sync::LazyLock;

use regex::Regex;

use super::ruled_out::{first_named, names_goods, words, Reason};

/// The kind of fitting, by the subheading pairs of 9405.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fitting {
    /// Chandeliers, ceiling and wall fittings (9405.11/.19).
    CeilingOrWall,
    /// Table, desk, bedside and floor lamps (9405.21/.29).
    TableOrFloor,
    /// Lighting strings (9405.31/.39).
    LightingString,
}

/// A luminaire of a named kind; `led` when LEDs are named as its source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Luminaire {
    fitting: Fitting,
    led: bool,
}

static FITTINGS: LazyLock<Vec<(Fitting, Regex)>> = LazyLock::new(|| {
    vec![
        (
            Fitting::CeilingOrWall,
            words(concat!(
                r"\b(?:wall (?:lamps?|lights?|sconces?)|sconces?|chandeliers?|",
                r"ceiling (?:lamps?|lights?)|pendant (?:lamps?|lights?))\b|壁灯|吊灯|吸顶灯",
            )),
        ),
        (
            Fitting::TableOrFloor,
            words(
                r"\b(?:table|desk|bedside|floor|reading) lamps?\b|\bfloor lights?\b|台灯|落地灯|床头灯",
            ),
        ),
        (
            Fitting::LightingString,
            words(r"\b(?:string|fairy) lights?\b|\blight(?:ing)? strings?\b|灯串|彩灯串"),
        ),
    ]
});

/// A part or accessory of a lamp, sold as such.
static PART: LazyLock<Regex> = LazyLock::new(|| {
    words(concat!(
        r"\b(?:lamp ?shades?|shades?|bulbs?|holders?|sockets?|bases?|brackets?|canopy|",
        r"replacement|drivers?|covers?|parts?|hooks?|clips?)\b|灯罩|灯泡|灯座|灯头|支架|配件",
    ))
});

/// LEDs named as the light source: the word in any case, or the capitals
/// run into Chinese (铁艺LED枝形吊灯, where no word boundary falls).
static LED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i:\bleds?\b)|LED").expect("a valid pattern"));

impl Luminaire {
    /// The fitting `description` names first, unless it sells a part.
    pub fn stated(description: &str) -> Option<Self> {
        if PART.is_match(description) {
            return None;
        }
        let (fitting, _) = first_named(&FITTINGS, description)?;
        let (_, words) = FITTINGS.iter().find(|(f, _)| *f == fitting)?;
        names_goods(words, description).then(|| Luminaire {
            fitting,
            led: LED.is_match(description),
        })
    }

    /// The kind's pair of subheadings: solely LED, other.
    fn pair(self) -> (&'static str, &'static str) {
        match self.fitting {
            Fitting::CeilingOrWall => ("940511", "940519"),
            Fitting::TableOrFloor => ("940521", "940529"),
            Fitting::LightingString => ("940531", "940539"),
        }
    }

    /// Whether `code` (digits) is ruled out: the other kinds and the parts
    /// of 9405, the kind's non-LED subheading when LEDs are named, and for
    /// a lighting string chapter 95.
    pub fn excludes(self, code: &str) -> bool {
        let (led, other) = self.pair();
        if code.len() == 6 && code.starts_with("9405") {
            code != led && (code != other || self.led)
        } else {
            self.fitting == Fitting::LightingString && code.starts_with("95")
        }
    }

    /// Where what was found for a ruled-out subheading goes: the kind's
    /// subheading of the light source named, or of the ruled-out code's
    /// own (an LED subheading to the LED one); nowhere from a part whose
    /// source nothing states.
    pub fn sibling(self, code: &str) -> Option<String> {
        if code.len() != 6 || !self.excludes(code) {
            return None;
        }
        let (led, other) = self.pair();
        let led_code = matches!(
            code,
            "940511" | "940521" | "940531" | "940541" | "940542" | "940561"
        );
        let non_led_code = matches!(code, "940519" | "940529" | "940539" | "940549" | "940569");
        let to = if self.led || led_code {
            led
        } else if non_led_code {
            other
        } else {
            return None;
        };
        Some(to.to_string())
    }

    /// What it states and rules out, and by which texts.
    pub fn reason(self) -> Reason {
        match (self.fitting, self.led) {
            (Fitting::CeilingOrWall, true) => Reason::new(
                "an LED ceiling or wall fitting",
                "the other luminaires of 9405, their parts, and fittings not solely for LEDs (9405.19)",
                &["Rule 6"],
                &["940511", "940519"],
            ),
            (Fitting::CeilingOrWall, false) => Reason::new(
                "a ceiling or wall fitting",
                "the other luminaires of 9405 and their parts",
                &["Rule 6"],
                &["940511", "940519"],
            ),
            (Fitting::TableOrFloor, true) => Reason::new(
                "an LED table, desk or floor lamp",
                "the other luminaires of 9405, their parts, and lamps not solely for LEDs (9405.29)",
                &["Rule 6"],
                &["940521", "940529"],
            ),
            (Fitting::TableOrFloor, false) => Reason::new(
                "a table, desk or floor lamp",
                "the other luminaires of 9405 and their parts",
                &["Rule 6"],
                &["940521", "940529"],
            ),
            (Fitting::LightingString, led) => Reason::new(
                if led {
                    "LED lighting strings"
                } else {
                    "lighting strings"
                },
                "festive and other articles of chapter 95, the other luminaires of 9405 and their parts",
                &["Chapter 95 Note 1", "Rule 6"],
                &["940531", "940539"],
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_named_fitting_and_its_light_source_decide_the_subheading() {
        let wall = Luminaire::stated(
            "Simple LED Wall Lamp 8W Bedroom Living Room Rotation Adjustable Wall Light Reading Sconce",
        );
        assert_eq!(
            wall,
            Some(Luminaire {
                fitting: Fitting::CeilingOrWall,
                led: true
            })
        );
        let wall = wall.unwrap();
        assert!(wall.excludes("940599") && wall.excludes("940521") && wall.excludes("940519"));
        assert!(!wall.excludes("940511") && !wall.excludes("853950"));
        assert_eq!(wall.sibling("940599").as_deref(), Some("940511"));
        assert_eq!(wall.sibling("940521").as_deref(), Some("940511"));

        let desk = Luminaire::stated("Metal desk lamp, E27, adjustable arm").unwrap();
        assert_eq!(desk.fitting, Fitting::TableOrFloor);
        assert!(!desk.excludes("940529") && !desk.excludes("940521"));
        assert_eq!(desk.sibling("940549").as_deref(), Some("940529"));
        assert_eq!(desk.sibling("940542").as_deref(), Some("940521"));
        assert_eq!(
            desk.sibling("940599"),
            None,
            "a part's source is not stated"
        );

        assert_eq!(
            Luminaire::stated("铁艺LED枝形吊灯 餐厅用 E14").map(|l| l.fitting),
            Some(Fitting::CeilingOrWall)
        );
    }

    #[test]
    fn lighting_strings_are_luminaires_not_festive_articles() {
        let string = Luminaire::stated(
            "1.5m Led Simulation Rose String Lights USB/ Battery Powered Christmas Wreath",
        )
        .unwrap();
        assert_eq!(string.fitting, Fitting::LightingString);
        assert!(string.excludes("950510") && string.excludes("940542"));
        assert!(!string.excludes("940531") && !string.excludes("670210"));
        assert_eq!(string.sibling("950510").as_deref(), Some("940531"));
        let zh = Luminaire::stated("圣诞树彩灯串 10米 插电").unwrap();
        assert!(!zh.excludes("940539") && zh.excludes("950510"));
        assert_eq!(zh.sibling("950510"), None, "its light source is not stated");
        assert!(Luminaire::stated("Desk lamp for kids").is_some());
    }

    #[test]
    fn a_part_or_what_a_lamp_is_for_states_no_fitting() {
        assert_eq!(Luminaire::stated("Fabric lamp shade for table lamp"), None);
        assert_eq!(
            Luminaire::stated("Replaceable Bulb Wall Lamp Dimmable Plug-in Wall Sconce"),
            None
        );
        assert_eq!(Luminaire::stated("Remote control for string lights"), None);
        assert_eq!(Luminaire::stated("Lamp post, cast iron"), None);
        assert_eq!(Luminaire::stated("壁灯灯罩 玻璃"), None);
    }
}
