//! Cells and batteries: rechargeable or not, as the description states it.
//!
//! Heading 8506 is for primary cells and batteries, 8507 for electric
//! accumulators, which are recharged; both then split by chemistry
//! (8506.50 primary lithium, 8507.60 lithium-ion). A listing's words ("18650
//! lithium battery 3.7V") match both, and the votes had picked the primary
//! lithium cell for "18650 rechargeable lithium battery". A battery stated
//! rechargeable (Li-ion, Ni-MH, "with charger", 可充电, 锂离子, or a voltage
//! that is a whole number of lithium-ion cells: 3.7 V is that cell's
//! nominal voltage, so 7.4 V or 11.1 V is a pack of them, where primary
//! lithium cells are 3.0 V or 3.6 V) is not in
//! 8506, and what was found for primary lithium goes to lithium-ion; one
//! stated primary (alkaline, non-rechargeable, 一次性, 碱性, 干电池) is not
//! in 8507. A description saying both decides nothing.

use std::sync::LazyLock;

use regex::Regex;

use super::ruled_out::Reason;

/// Whether a cell or battery is recharged, in the terms of 8506 and 8507.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Battery {
    /// An accumulator (8507).
    Rechargeable,
    /// A primary cell (8506).
    Primary,
}

static RECHARGEABLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)(?:^|[^-\w])(?:rechargeable|li-?ion|lithium[- ]ion|li-?po|lipo|li-polymer|",
        r"ni-?mh|ni-?cd|accumulators?|with charger)\b",
        r"|可充电|充电电池|锂离子|蓄电池|带充电器",
    ))
    .expect("a valid pattern")
});

static PRIMARY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:non-rechargeable|primary|alkaline)\b|一次性|碱性|干电池")
        .expect("a valid pattern")
});

/// 3.7 V and its multiples up to six cells, a pack of lithium-ion cells.
static LITHIUM_ION_VOLTS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:^|[^\d.])(?:3\.7|7\.4|11\.1|14\.8|18\.5|22\.2)\s*v(?:[^a-z]|$)")
        .expect("a valid pattern")
});

impl Battery {
    /// What `description` states.
    pub fn stated(description: &str) -> Option<Self> {
        let primary = PRIMARY.is_match(description);
        // "non-rechargeable" holds "rechargeable": it is read as primary.
        let rechargeable =
            RECHARGEABLE.is_match(description) || LITHIUM_ION_VOLTS.is_match(description);
        match (rechargeable, primary) {
            (true, false) => Some(Battery::Rechargeable),
            (false, true) => Some(Battery::Primary),
            _ => None,
        }
    }

    /// Whether `code` (digits) is in the other heading.
    pub fn excludes(self, code: &str) -> bool {
        match self {
            Battery::Rechargeable => code.starts_with("8506"),
            Battery::Primary => code.starts_with("8507"),
        }
    }

    /// Where what was found for a ruled-out code goes: primary lithium to
    /// lithium-ion, and the reverse. The other chemistries have no
    /// counterpart.
    pub fn sibling(self, code: &str) -> Option<String> {
        match (self, code) {
            (Battery::Rechargeable, "850650") => Some("850760".into()),
            (Battery::Primary, "850760") => Some("850650".into()),
            _ => None,
        }
    }

    /// What it states and rules out, and by which terms.
    pub fn reason(self) -> Reason {
        let (stated, excluded) = match self {
            Battery::Rechargeable => ("rechargeable", "heading 8506 (primary cells and batteries)"),
            Battery::Primary => ("not rechargeable", "heading 8507 (electric accumulators)"),
        };
        Reason {
            stated: stated.into(),
            excluded: excluded.into(),
            notes: &[],
            terms: &["8506", "8507"],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Battery::*;

    #[test]
    fn rechargeable_or_primary_in_either_language() {
        assert_eq!(
            Battery::stated("18650 rechargeable lithium battery 3.7v"),
            Some(Rechargeable)
        );
        assert_eq!(
            Battery::stated("7.2v 2400mah AA NI-MH Battery with charger"),
            Some(Rechargeable)
        );
        assert_eq!(
            Battery::stated("18650锂电池 3.7V 带充电器"),
            Some(Rechargeable)
        );
        assert_eq!(
            Battery::stated("AA alkaline batteries, 24 pack"),
            Some(Primary)
        );
        assert_eq!(
            Battery::stated("CR2032 non-rechargeable lithium coin cell"),
            Some(Primary)
        );
        assert_eq!(Battery::stated("18650 lithium battery"), None);
        assert_eq!(
            Battery::stated("Monitor battery for LI23S020F 11.1V 5200mah"),
            Some(Rechargeable)
        );
        assert_eq!(
            Battery::stated("18650 lithium battery 3.7v19800mAh"),
            Some(Rechargeable)
        );
        assert_eq!(Battery::stated("CR123A lithium battery 3V"), None);
        assert_eq!(Battery::stated("ER14505 lithium battery 3.6V"), None);
        assert_eq!(Battery::stated("13.7V power supply"), None);
    }

    #[test]
    fn the_other_heading_is_ruled_out_and_lithium_moves_across() {
        assert!(Rechargeable.excludes("850650") && !Rechargeable.excludes("850760"));
        assert!(Primary.excludes("850760") && !Primary.excludes("850610"));
        assert_eq!(Rechargeable.sibling("850650").as_deref(), Some("850760"));
        assert_eq!(Rechargeable.sibling("850610"), None);
    }
}
