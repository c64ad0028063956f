//! Jewellery set with stones is not imitation jewellery.
//!
//! Heading 7117 takes jewellery of base metal, plastics or glass, and
//! Chapter 71 Note 11 says what it may not incorporate: pearls, precious or
//! semi-precious stones "(natural, synthetic or reconstructed)", or
//! precious metal beyond plating. A stainless-steel bracelet set with
//! cubic zirconia is therefore an article of synthetic stones (7116.20),
//! and a silver ring set with it jewellery of precious metal (7113), never
//! 7117. The votes see "bracelet", "stainless steel", "fashion" and lean
//! to 7117; the stones named settle it. Only stones no seller uses for
//! glass count: cubic zirconia (CZ, zircon) and moissanite are synthetic
//! stones, while a "crystal" or "rhinestone" is glass, and "imitation
//! pearl" says what it is not. Precious metal stated by a hallmark rules
//! 7117 out as well (`materials`).

use std::sync::LazyLock;

use regex::Regex;

use super::ruled_out::{words, Reason};

/// Synthetic stones named as such.
static SYNTHETIC_STONES: LazyLock<Regex> =
    LazyLock::new(|| words(r"\b(?:cz|cubic zirconia|zircons?|zirconia|moissanite)\b|锆石|莫桑石"));

/// Goods stated to be set with synthetic stones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SetWithStones;

impl SetWithStones {
    /// Whether `description` or a material attribute of the listing
    /// (`materials`, "Material": "cubic zirconia") names synthetic stones.
    pub fn stated(description: &str, materials: &[&str]) -> Option<Self> {
        std::iter::once(description)
            .chain(materials.iter().copied())
            .any(|t| SYNTHETIC_STONES.is_match(t))
            .then_some(SetWithStones)
    }

    /// Whether `code` (digits) is imitation jewellery.
    pub fn excludes(self, code: &str) -> bool {
        code.starts_with("7117")
    }

    /// What it states and rules out, and by which texts.
    pub fn reason(self) -> Reason {
        Reason {
            stated: "set with synthetic stones".into(),
            excluded: "imitation jewellery (heading 7117)".into(),
            notes: &["Chapter 71 Note 11"],
            terms: &["7116"],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synthetic_stones_rule_out_imitation_jewellery() {
        let cz = SetWithStones::stated("Full Crystal CZ Stainless Steel Thick Bracelet", &[]);
        assert!(cz.is_some_and(|s| s.excludes("711719") && !s.excludes("711620")));
        assert!(SetWithStones::stated("S925银戒指 镶锆石 女款", &[]).is_some());
        assert!(SetWithStones::stated("Stud Earrings", &["Cubic Zirconia"]).is_some());
        assert_eq!(
            SetWithStones::stated("Rhinestone Crystal Brooch", &[]),
            None
        );
        assert_eq!(SetWithStones::stated("Imitation Pearl Earrings", &[]), None);
        assert_eq!(SetWithStones::stated("Czech glass beads", &["Glass"]), None);
    }
}
