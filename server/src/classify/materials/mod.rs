//! The material the goods are made of, as the description states it, against
//! the headings and subheadings defined by a material.
//!
//! Much of the nomenclature is divided by material before use: tableware is
//! 3924 of plastics, 4419 of wood, 6911 of porcelain, 7013 of glass, 7323 of
//! iron or steel, 7615 of aluminium; chapter 82 covers only tools whose
//! working part is of base metal (its Note 1); imitation jewellery is
//! 7117.1x of base metal and 7117.90 of anything else; watch straps are
//! 9113.20 of base metal and 9113.90 otherwise; a watch is 9101 only with
//! a case of precious metal (Chapter 91 Note 2). A listing's words find the
//! kind of goods, and the votes then pick a material by accident: a plastic
//! sippy cup as stainless-steel kitchenware (7323.93), a silicone watch
//! strap as one of base metal (9113.20), resin charms as base-metal
//! jewellery. When the goods are stated to be of one material (a listing's
//! `Material` attribute, "made of polyethylene", 塑料, 不锈钢), the codes of
//! the other materials are set aside by the terms of the headings (GRI 1)
//! and subheadings (GRI 6), and what was found for a subheading of the
//! wrong material moves to its sibling of the stated one (to the one found
//! most, when the material has several).
//!
//! The goods' material is taken only when everything stated names the same
//! one: "stainless steel blade, wooden handle" states two, and which gives
//! the essential character (GRI 3(b)) is not for a word list to say. Plain
//! "metal" and colours ("gold", "silver") state nothing, but a listing's
//! "Metal" is named by its `Metals Type` ("Zinc Alloy"), and a hallmark
//! ("925 sterling silver", "18K gold", AU750; not "gold plated") states
//! silver or gold, which takes jewellery to 7113.11 or 7113.19 and out of
//! imitation jewellery (7117). A tool named
//! after what it works ("wood drill bit", "glass cutter") would state the
//! wrong material, so in English descriptions only adjectives of the goods
//! themselves count ("wooden", "plastic", "stainless steel"), never the bare
//! nouns "wood" or "paper". Footwear (its upper, `footwear`), bags and
//! cases (their outer surface, `cases`) and the textile chapters' fibres
//! (`fibres`) have their own rules; plastics and rubber do not rule out
//! the textile chapters, whose coated fabrics (5903, 5906) are "PVC" or
//! "rubber" to a seller.

mod stated;

use super::ruled_out::Reason;

pub use stated::stated;

/// A material the nomenclature divides goods by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Material {
    /// Plastics (chapter 39), silicone and resins included.
    Plastics,
    /// Rubber (chapter 40).
    Rubber,
    /// Wood (chapter 44; bamboo too, by its Note 6).
    Wood,
    /// Paper and paperboard (chapters 47 and 48).
    Paper,
    /// Textile materials (chapters 50 to 63).
    Textile,
    /// Leather (chapter 41, headings 4203 and 4205).
    Leather,
    /// Ceramics (chapter 69).
    Ceramic,
    /// Glass (chapter 70).
    Glass,
    /// Iron or steel (chapters 72 and 73).
    Steel,
    /// Copper and its alloys, brass and bronze (chapter 74).
    Copper,
    /// Aluminium (chapter 76).
    Aluminium,
    /// Zinc (chapter 79).
    Zinc,
    /// A base metal not named ("alloy"; chapters 82 and 83).
    BaseMetal,
    /// Precious metal or stones (chapter 71 but 7117): what a heading
    /// requires; goods are stated to be of silver or of gold.
    Precious,
    /// Silver (7106, 7113.11, 7114.11), read only from a hallmark ("925
    /// sterling silver", 足银), never from "silver", a colour as often.
    Silver,
    /// Gold or platinum, the precious metals other than silver (7113.19,
    /// 7114.19), read only from a hallmark ("18K gold", AU750, PT950, 足金).
    Gold,
}

use Material::*;

impl Material {
    fn name(self) -> &'static str {
        match self {
            Plastics => "plastics",
            Rubber => "rubber",
            Wood => "wood",
            Paper => "paper",
            Textile => "textile materials",
            Leather => "leather",
            Ceramic => "ceramics",
            Glass => "glass",
            Steel => "iron or steel",
            Copper => "copper",
            Aluminium => "aluminium",
            Zinc => "zinc",
            BaseMetal => "base metal",
            Precious => "precious metal",
            Silver => "silver",
            Gold => "precious metal other than silver",
        }
    }

    fn is_base_metal(self) -> bool {
        matches!(self, Steel | Copper | Aluminium | Zinc | BaseMetal)
    }

    fn is_precious(self) -> bool {
        matches!(self, Precious | Silver | Gold)
    }

    /// Whether goods of this material can fall where `other` is required.
    fn fits(self, other: Material) -> bool {
        self == other
            || (self.is_base_metal() && other == BaseMetal)
            || (self == BaseMetal && other.is_base_metal())
            || (self.is_precious() && other == Precious)
            // Sellers call silicone and TPR "rubber" and the reverse.
            || matches!((self, other), (Plastics, Rubber) | (Rubber, Plastics))
    }
}

/// The material a chapter or heading of `code` (digits) is defined by.
fn chapter_material(code: &str) -> Option<Material> {
    let chapter = code.get(..2)?;
    let heading = code.get(..4).unwrap_or(chapter);
    Some(match chapter {
        "39" => Plastics,
        "40" => Rubber,
        "41" => Leather,
        "42" if heading == "4203" || heading == "4205" => Leather,
        "44" => Wood,
        "47" | "48" => Paper,
        "50" | "51" | "52" | "53" | "54" | "55" | "56" | "57" | "58" | "59" | "60" | "61"
        | "62" | "63" => Textile,
        "69" => Ceramic,
        "70" => Glass,
        // Articles of pearls or stones (7116) are defined by the stones,
        // whatever metal sets them: jewellery set with synthetic stones
        // (cubic zirconia) is not imitation jewellery (Chapter 71 Note 11).
        "71" if heading != "7117" && heading != "7116" => Precious,
        // Only watches with a case wholly of precious metal (or clad with
        // it) are 9101; a steel or plastic one is 9102 (Chapter 91 Note 2).
        "91" if heading == "9101" => Precious,
        "72" | "73" => Steel,
        "74" => Copper,
        "76" => Aluminium,
        "79" => Zinc,
        "82" | "83" => BaseMetal,
        _ => return None,
    })
}

/// Subheadings of one kind of goods divided by material: each row's
/// subheading takes the goods of its materials, and `other` the rest.
struct Split {
    rows: &'static [(&'static str, &'static [Material])],
    other: &'static str,
}

/// The subheadings of headings outside the material chapters that name a
/// material, with the residual subheading of each group.
const SPLITS: &[Split] = &[
    Split {
        rows: &[("670210", &[Plastics])],
        other: "670290",
    },
    Split {
        rows: &[("711711", &[BaseMetal]), ("711719", &[BaseMetal])],
        other: "711790",
    },
    Split {
        rows: &[("900311", &[Plastics])],
        other: "900319",
    },
    Split {
        rows: &[("711311", &[Silver]), ("711319", &[Gold])],
        other: "711320",
    },
    Split {
        rows: &[("711411", &[Silver]), ("711419", &[Gold])],
        other: "711420",
    },
    Split {
        rows: &[("911110", &[Precious]), ("911120", &[BaseMetal])],
        other: "911180",
    },
    Split {
        rows: &[("911310", &[Precious]), ("911320", &[BaseMetal])],
        other: "911390",
    },
    Split {
        rows: &[
            ("940310", &[BaseMetal]),
            ("940320", &[BaseMetal]),
            ("940330", &[Wood]),
            ("940340", &[Wood]),
            ("940350", &[Wood]),
            ("940360", &[Wood]),
            ("940370", &[Plastics]),
            ("940382", &[Wood]),
        ],
        other: "940389",
    },
    Split {
        rows: &[("940391", &[Wood])],
        other: "940399",
    },
    // Seats are divided by their frame, swivel and convertible seats and
    // seat parts by wood or not; bamboo and rattan seats (9401.52/.53)
    // stand apart and are left to the votes.
    Split {
        rows: &[("940131", &[Wood])],
        other: "940139",
    },
    Split {
        rows: &[("940141", &[Wood])],
        other: "940149",
    },
    Split {
        rows: &[
            ("940161", &[Wood]),
            ("940169", &[Wood]),
            ("940171", &[BaseMetal]),
            ("940179", &[BaseMetal]),
        ],
        other: "940180",
    },
    Split {
        rows: &[("940191", &[Wood])],
        other: "940199",
    },
    // Prefabricated buildings of wood or not; the modular units of steel
    // (9406.20) are a kind of their own, not every steel building.
    Split {
        rows: &[("940610", &[Wood])],
        other: "940690",
    },
    Split {
        rows: &[("854610", &[Glass]), ("854620", &[Ceramic])],
        other: "854690",
    },
    Split {
        rows: &[("854710", &[Ceramic]), ("854720", &[Plastics])],
        other: "854790",
    },
    // A zipper's chain scoops of base metal; a coil or moulded teeth of
    // plastics are the other slide fasteners.
    Split {
        rows: &[("960711", &[BaseMetal])],
        other: "960719",
    },
    Split {
        rows: &[("940591", &[Glass]), ("940592", &[Plastics])],
        other: "940599",
    },
    Split {
        rows: &[("960621", &[Plastics]), ("960622", &[BaseMetal])],
        other: "960629",
    },
    Split {
        rows: &[("961511", &[Plastics, Rubber])],
        other: "961519",
    },
    Split {
        rows: &[("650691", &[Plastics, Rubber])],
        other: "650699",
    },
];

impl Split {
    fn of(code: &str) -> Option<&'static Split> {
        SPLITS
            .iter()
            .find(|s| s.other == code || s.rows.iter().any(|(c, _)| *c == code))
    }

    /// Whether goods of `goods` fall in `code`, one of this split's.
    fn admits(&self, goods: Material, code: &str) -> bool {
        let named = |m: &&[Material]| m.iter().any(|r| goods.fits(*r));
        match self.rows.iter().find(|(c, _)| *c == code) {
            Some((_, materials)) => named(materials),
            None => !self.rows.iter().any(|(_, m)| named(m)),
        }
    }

    /// The subheadings of the split for goods of `goods`.
    fn homes(&self, goods: Material) -> impl Iterator<Item = &'static str> + '_ {
        self.rows
            .iter()
            .map(|(c, _)| *c)
            .chain(std::iter::once(self.other))
            .filter(move |c| self.admits(goods, c))
    }
}

impl Material {
    /// Whether `code` (digits) is for goods of another material.
    pub fn excludes(self, code: &str) -> bool {
        // Rules of their own decide footwear and bags.
        if code.starts_with("64") || code.starts_with("4202") {
            return false;
        }
        if self.not_imitation(code) {
            return true;
        }
        if Split::of(code).is_some_and(|split| !split.admits(self, code)) {
            return true;
        }
        match chapter_material(code) {
            // Coated fabrics are textiles however plastic they look.
            Some(Textile) if matches!(self, Plastics | Rubber) => false,
            Some(required) => !self.fits(required),
            None => false,
        }
    }

    /// The subheading of the same goods in this material, for a ruled-out
    /// subheading of a split (9113.20 → 9113.90 for a silicone strap).
    /// Where the material has several (base-metal jewellery is 7117.11
    /// cuff links or 7117.19 the rest), the one the evidence found most
    /// (`share`) takes it; none when the evidence found none of them.
    pub fn sibling(self, code: &str, share: impl Fn(&str) -> f32) -> Option<String> {
        // 9101 and 9102 mirror each other subheading by subheading.
        if code.len() == 6 && code.starts_with("9101") && self.excludes(code) {
            return Some(format!("9102{}", &code[4..]));
        }
        let split = Split::of(code)?;
        if split.admits(self, code) {
            return None;
        }
        let homes: Vec<&str> = split.homes(self).filter(|c| !self.excludes(c)).collect();
        match homes[..] {
            [home] => Some(home.to_string()),
            _ => homes
                .into_iter()
                .map(|c| (c, share(c)))
                .filter(|(_, s)| *s > 0.0)
                .max_by(|a, b| a.1.total_cmp(&b.1))
                .map(|(c, _)| c.to_string()),
        }
    }

    /// Whether `code` is imitation jewellery (7117) and the goods are of
    /// precious metal: jewellery of precious metal is 7113, whatever its
    /// other materials.
    fn not_imitation(self, code: &str) -> bool {
        self.is_precious() && code.starts_with("7117")
    }

    /// What it states and rules out, and by which texts.
    pub fn reason(self) -> Reason {
        Reason {
            stated: format!("made of {}", self.name()),
            excluded: format!(
                "the headings and subheadings for goods of materials other than {}",
                self.name()
            ),
            notes: &["Rule 1", "Rule 6"],
            terms: &[],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chapters_of_other_materials_are_ruled_out() {
        assert!(Plastics.excludes("732393"));
        assert!(Plastics.excludes("4421"));
        assert!(Plastics.excludes("8215"));
        assert!(!Plastics.excludes("392410"));
        assert!(!Plastics.excludes("950300"));
        assert!(!Plastics.excludes("590310"), "coated fabrics stay");
        assert!(Textile.excludes("392690"));
        assert!(Steel.excludes("711319") && !Steel.excludes("711719"));
        assert!(!Steel.excludes("711620"), "set with stones");
        assert!(!Steel.excludes("820551") && Steel.excludes("761510"));
        assert!(!Zinc.excludes("830890") && !BaseMetal.excludes("730890"));
        assert!(!Plastics.excludes("640299") && !Textile.excludes("420222"));
    }

    /// No evidence for any subheading.
    fn none(_: &str) -> f32 {
        0.0
    }

    #[test]
    fn a_split_keeps_the_subheading_of_the_material_and_moves_to_it() {
        assert!(Plastics.excludes("911320") && !Plastics.excludes("911390"));
        assert_eq!(Plastics.sibling("911320", none).as_deref(), Some("911390"));
        assert!(Steel.excludes("911390") && !Steel.excludes("911320"));
        assert_eq!(Steel.sibling("911390", none).as_deref(), Some("911320"));
        assert_eq!(Plastics.sibling("711719", none).as_deref(), Some("711790"));
        assert_eq!(Plastics.sibling("940320", none).as_deref(), Some("940370"));
        // Wood has four furniture subheadings: the one found most takes it.
        assert_eq!(Wood.sibling("940320", none), None);
        let found = |c: &str| if c == "940360" { 0.1 } else { 0.0 };
        assert_eq!(Wood.sibling("940320", found).as_deref(), Some("940360"));
        let found = |c: &str| if c == "711711" { 0.1 } else { 0.02 };
        assert_eq!(Zinc.sibling("711790", found).as_deref(), Some("711711"));
        assert!(Wood.excludes("940370") && !Wood.excludes("940360"));
        assert_eq!(Plastics.sibling("392410", none), None);
        // A zipper by its scoops, an insulator by its material, a seat by
        // its frame.
        assert_eq!(Plastics.sibling("960711", none).as_deref(), Some("960719"));
        assert_eq!(Copper.sibling("960719", none).as_deref(), Some("960711"));
        assert_eq!(Ceramic.sibling("854610", none).as_deref(), Some("854620"));
        assert!(!Plastics.excludes("854690") && Plastics.excludes("854790"));
        assert_eq!(Plastics.sibling("940171", none).as_deref(), Some("940180"));
        assert!(Steel.excludes("940161") && !Steel.excludes("940179"));
        assert_eq!(Wood.sibling("940690", none).as_deref(), Some("940610"));
        // A steel building need not be a modular unit.
        assert!(!Steel.excludes("940690") && !Steel.excludes("940620"));
    }

    #[test]
    fn silver_and_gold_keep_to_their_jewellery_subheadings() {
        assert!(Silver.excludes("711719") && Gold.excludes("711790"));
        assert_eq!(Silver.sibling("711719", none), None);
        assert!(!Silver.excludes("711311") && !Silver.excludes("711620"));
        assert!(Gold.excludes("711311") && !Gold.excludes("711319"));
        assert_eq!(Gold.sibling("711311", none).as_deref(), Some("711319"));
        assert!(Steel.excludes("711320") && Gold.excludes("711320"));
    }

    #[test]
    fn a_watch_case_not_of_precious_metal_is_not_9101() {
        assert!(Steel.excludes("910121") && !Steel.excludes("910221"));
        assert_eq!(Steel.sibling("910121", none).as_deref(), Some("910221"));
        assert_eq!(Plastics.sibling("910111", none).as_deref(), Some("910211"));
        assert_eq!(Steel.sibling("910221", none), None);
    }
}
