//! Subheadings divided by the use the description names.
//!
//! Some headings split by what the goods serve rather than by what they
//! are, and a description naming the use settles the split that the votes
//! leave to chance:
//! - weighing machines (8423): personal scales (bathroom, body-weight, baby)
//!   and household scales (kitchen) are 8423.10, whatever their capacity;
//!   8423.81 to 8423.89 are "other than personal" scales. "A metal personal
//!   weighing scale … capacity up to 260 lb" and 机械式体重秤 had gone to
//!   8423.81/.82 by their capacity.
//! - valves (8481): 8481.10, .30, .40 and .80 are "for pipes, boiler shells,
//!   tanks, vats or the like", and 8481.20 is for oleohydraulic or pneumatic
//!   transmissions. A hydraulic relief valve (液压系统用溢流阀) is a valve of a
//!   hydraulic transmission (8481.20), not a relief valve for a boiler
//!   (8481.40). Parts of valves (8481.90) are not touched.
//! - hair preparations (3305): a preparation that colours hair is 3305.90
//!   ("other"), even sold as a "hair dye shampoo" (染发洗发水): the
//!   colouring, not the washing, is what it is for; 3305.10 is shampoos.
//!
//! Each rules out the other subheadings of its heading (GRI 6) and moves
//! what was found for them to the one named.

use std::sync::LazyLock;

use regex::Regex;

use super::ruled_out::{names_goods, words, Reason};

/// A use that decides a subheading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Use {
    /// A personal or household scale (8423.10).
    PersonalScale,
    /// A valve of a hydraulic or pneumatic transmission (8481.20).
    FluidPowerValve,
    /// A preparation colouring the hair (3305.90).
    HairColouring,
}

static PERSONAL_SCALE: LazyLock<Regex> = LazyLock::new(|| {
    words(concat!(
        r"\b(?:personal|bathroom|body|body ?weight|baby|infant|kitchen|household|food)",
        r"(?: weighing)? scales?\b|体重秤|人体秤|婴儿秤|厨房秤|家用秤",
    ))
});

static FLUID_POWER_VALVE: LazyLock<Regex> = LazyLock::new(|| {
    words(concat!(
        r"\b(?:hydraulic|pneumatic|oleohydraulic)\b[^,;.]{0,30}\bvalves?\b",
        r"|(?:液压|气动)[^，；。]{0,10}阀",
    ))
});

static HAIR_COLOURING: LazyLock<Regex> =
    LazyLock::new(|| words(r"\bhair (?:dyes?|colou?r(?:ants?|ing)?|tints?)\b|染发|彩染|焗油染"));

impl Use {
    /// The use `description` names, if one of these.
    pub fn stated(description: &str) -> Option<Self> {
        if names_goods(&PERSONAL_SCALE, description) {
            Some(Use::PersonalScale)
        } else if names_goods(&FLUID_POWER_VALVE, description) {
            Some(Use::FluidPowerValve)
        } else if HAIR_COLOURING.is_match(description) {
            Some(Use::HairColouring)
        } else {
            None
        }
    }

    /// The subheading the use names, and the ones it rules out.
    fn subheadings(self) -> (&'static str, &'static [&'static str]) {
        match self {
            Use::PersonalScale => (
                "842310",
                &["842320", "842330", "842381", "842382", "842389"],
            ),
            Use::FluidPowerValve => ("848120", &["848110", "848130", "848140", "848180"]),
            Use::HairColouring => ("330590", &["330510", "330520", "330530"]),
        }
    }

    /// Whether `code` (digits) is a subheading of the same heading for
    /// another use.
    pub fn excludes(self, code: &str) -> bool {
        self.subheadings().1.contains(&code)
    }

    /// The named subheading, for a ruled-out one.
    pub fn sibling(self, code: &str) -> Option<String> {
        self.excludes(code)
            .then(|| self.subheadings().0.to_string())
    }

    /// What it states and rules out, and by which terms.
    pub fn reason(self) -> Reason {
        let (stated, excluded, terms): (&str, &str, &'static [&'static str]) = match self {
            Use::PersonalScale => (
                "a personal or household scale",
                "the weighing machines other than personal scales (8423.20 to 8423.89)",
                &["842310", "842381"],
            ),
            Use::FluidPowerValve => (
                "a valve of a hydraulic or pneumatic transmission",
                "the valves for pipes, boiler shells, tanks, vats or the like (8481.10, .30, .40, .80)",
                &["848120", "848140"],
            ),
            Use::HairColouring => (
                "a preparation colouring the hair",
                "shampoos, permanent waving and hair lacquers (3305.10 to 3305.30)",
                &["330510", "330590"],
            ),
        };
        Reason {
            stated: stated.into(),
            excluded: excluded.into(),
            notes: &["Rule 6"],
            terms,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Use::*;

    #[test]
    fn the_use_named() {
        assert_eq!(
            Use::stated("a metal personal weighing scale that is not digital"),
            Some(PersonalScale)
        );
        assert_eq!(
            Use::stated("机械式体重秤，金属，最大称量120kg"),
            Some(PersonalScale)
        );
        assert_eq!(
            Use::stated("Digital Kitchen Scale 5kg"),
            Some(PersonalScale)
        );
        assert_eq!(
            Use::stated("hydraulic relief valves"),
            Some(FluidPowerValve)
        );
        assert_eq!(Use::stated("液压系统用溢流阀"), Some(FluidPowerValve));
        assert_eq!(
            Use::stated("Pneumatic solenoid valve 24V"),
            Some(FluidPowerValve)
        );
        assert_eq!(Use::stated("Crane scale 300kg"), None);
        assert_eq!(Use::stated("safety relief valve for steam boilers"), None);
        assert_eq!(Use::stated("hydraulic hose, 10 m; ball valve"), None);
        assert_eq!(Use::stated("a spacer ring used in a pneumatic valve"), None);
        assert_eq!(Use::stated("Batteries for bathroom scales, 2 pcs"), None);
        assert_eq!(Use::stated("气动阀密封圈 10个"), None);
        assert_eq!(Use::stated("液压溢流阀 20MPa"), Some(FluidPowerValve));
        assert_eq!(
            Use::stated("500ml Black Hair Dye Shampoo, covers grey"),
            Some(HairColouring)
        );
        assert_eq!(Use::stated("染发洗发水 500ml 黑色"), Some(HairColouring));
        assert_eq!(Use::stated("Anti-dandruff shampoo 400ml"), None);
    }

    #[test]
    fn the_other_uses_are_ruled_out_and_moved() {
        assert!(PersonalScale.excludes("842381") && !PersonalScale.excludes("842390"));
        assert_eq!(PersonalScale.sibling("842382").as_deref(), Some("842310"));
        assert!(FluidPowerValve.excludes("848140") && !FluidPowerValve.excludes("848190"));
        assert_eq!(FluidPowerValve.sibling("848180").as_deref(), Some("848120"));
        assert_eq!(FluidPowerValve.sibling("848120"), None);
        assert_eq!(HairColouring.sibling("330510").as_deref(), Some("330590"));
    }
}
