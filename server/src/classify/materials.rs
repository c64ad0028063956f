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
//! wrong material moves to its sibling of the stated one.
//!
//! The goods' material is taken only when everything stated names the same
//! one: "stainless steel blade, wooden handle" states two, and which gives
//! the essential character (GRI 3(b)) is not for a word list to say. Plain
//! "metal" and colours ("gold", "silver") state nothing. A tool named
//! after what it works ("wood drill bit", "glass cutter") would state the
//! wrong material, so in English descriptions only adjectives of the goods
//! themselves count ("wooden", "plastic", "stainless steel"), never the bare
//! nouns "wood" or "paper". Footwear (its upper, `footwear`), bags and
//! cases (their outer surface, `cases`) and the textile chapters' fibres
//! (`fibres`) have their own rules; plastics and rubber do not rule out
//! the textile chapters, whose coated fabrics (5903, 5906) are "PVC" or
//! "rubber" to a seller.

use std::sync::LazyLock;

use regex::Regex;

use super::cases::GENUINE_LEATHER;
use super::ruled_out::{words, Reason};

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
    /// Precious metal or stones (chapter 71 but 7117); never read from a
    /// listing, whose "gold" and "silver" are colours as often as metals.
    Precious,
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
        }
    }

    fn is_base_metal(self) -> bool {
        matches!(self, Steel | Copper | Aluminium | Zinc | BaseMetal)
    }

    /// Whether goods of this material can fall where `other` is required.
    fn fits(self, other: Material) -> bool {
        self == other
            || (self.is_base_metal() && other == BaseMetal)
            || (self == BaseMetal && other.is_base_metal())
            // Sellers call silicone and TPR "rubber" and the reverse.
            || matches!((self, other), (Plastics, Rubber) | (Rubber, Plastics))
    }
}

/// What one item of a listing's material attribute says.
enum AttributeWord {
    /// Nothing (an empty item of a list).
    Blank,
    /// A word the list below does not know: the material is not certain.
    Unknown,
    /// A material.
    Names(Material),
}

/// A listing attribute's word for a material (the whole value, or one item
/// of a list such as "PP, ABS").
fn attribute_word(word: &str) -> AttributeWord {
    let w = word.trim().to_lowercase();
    let m = match w.as_str() {
        "" => return AttributeWord::Blank,
        "plastic" | "plastics" | "pvc" | "pe" | "pp" | "abs" | "pc" | "pet" | "acrylic"
        | "pmma" | "silicone" | "silica gel" | "resin" | "polyresin" | "tpu" | "tpr" | "ptfe"
        | "eva" | "peva" | "polyethylene" | "polypropylene" | "polycarbonate" | "polystyrene"
        | "nylon plastic" | "塑料" | "亚克力" | "硅胶" | "树脂" => Some(Plastics),
        "rubber" | "natural rubber" | "latex" | "橡胶" => Some(Rubber),
        "wood" | "wooden" | "solid wood" | "bamboo" | "mdf" | "plywood" | "pine" | "beech"
        | "walnut" | "oak" | "木" | "实木" | "竹" => Some(Wood),
        "paper" | "kraft paper" | "cardboard" | "paperboard" | "纸" => Some(Paper),
        "cotton" | "polyester" | "wool" | "silk" | "linen" | "spandex" | "viscose" | "rayon"
        | "microfiber" | "fabric" | "棉" | "涤纶" | "羊毛" | "真丝" => Some(Textile),
        "genuine leather" | "cowhide" | "cow leather" | "sheepskin" | "真皮" | "牛皮" => {
            Some(Leather)
        }
        "ceramic" | "ceramics" | "porcelain" | "stoneware" | "陶瓷" => Some(Ceramic),
        "glass" | "玻璃" => Some(Glass),
        "stainless steel" | "steel" | "iron" | "cast iron" | "carbon steel" | "不锈钢" | "钢"
        | "铁" => Some(Steel),
        "copper" | "brass" | "bronze" | "铜" | "黄铜" => Some(Copper),
        "aluminum" | "aluminium" | "aluminum alloy" | "aluminium alloy" | "铝" | "铝合金" => {
            Some(Aluminium)
        }
        "zinc alloy" | "zinc" | "锌合金" => Some(Zinc),
        "alloy" | "合金" => Some(BaseMetal),
        _ => None,
    };
    m.map_or(AttributeWord::Unknown, AttributeWord::Names)
}

/// Words of a description stating the goods' material. Only what describes
/// the goods themselves: adjectives and compounds, never what a tool works.
static DESCRIPTION_WORDS: LazyLock<Vec<(Material, Regex)>> = LazyLock::new(|| {
    vec![
        (
            Plastics,
            words(concat!(
                r"\b(?:plastics?|acrylic|pvc|abs|silicone|resin|polypropylene|polyethylene|",
                r"polycarbonate|polystyrene|tpu|pmma|ptfe)\b|塑料|塑胶|亚克力|硅胶|树脂",
            )),
        ),
        (Rubber, words(r"\b(?:rubber|latex)\b|橡胶")),
        (
            Wood,
            words(r"\b(?:wooden|solid wood|bamboo)\b|实木|木制|木质|竹制"),
        ),
        (
            Textile,
            words(r"\b(?:cotton|polyester|wool|woolen|linen|silk)\b|纯棉|涤纶|羊毛|真丝|亚麻"),
        ),
        (
            Ceramic,
            words(r"\b(?:ceramics?|porcelain|stoneware)\b|陶瓷|瓷器"),
        ),
        (Glass, words(r"\bglass\b|玻璃")),
        (
            Steel,
            words(
                r"\b(?:stainless steel|carbon steel|steel|cast iron)\b|不锈钢|碳钢|铸铁|钢制|铁制",
            ),
        ),
        (Copper, words(r"\b(?:copper|brass|bronze)\b|黄铜|紫铜|铜制")),
        (
            Aluminium,
            words(r"\b(?:alumin(?:i)?um)(?: alloy)?\b|铝合金|铝制"),
        ),
        (Zinc, words(r"\bzinc alloy\b|锌合金")),
        // A listing's "alloy" is a base metal (zinc, most often); with a
        // metal named, it is that metal.
        (BaseMetal, words(r"\balloy\b|合金")),
    ]
});

static WATCH_GLASS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:sapphire|mineral|crystal)\s*$").expect("a valid pattern")
});

/// The goods' material, as a description and its material attributes state
/// it: `None` unless all they state names one material.
pub fn stated(description: &str, materials: &[&str]) -> Option<Material> {
    let mut found: Vec<Material> = Vec::new();
    for value in materials {
        for word in value.split([',', '+', '/', '&', ';', '，', '、']) {
            match attribute_word(word) {
                AttributeWord::Blank => {}
                AttributeWord::Names(m) => found.push(m),
                AttributeWord::Unknown => return None,
            }
        }
    }
    found.extend(
        DESCRIPTION_WORDS
            .iter()
            .filter(|(m, re)| match m {
                // The sapphire or mineral glass of a watch is not the
                // watch's material.
                Glass => re
                    .find_iter(description)
                    .any(|g| !WATCH_GLASS.is_match(&description[..g.start()])),
                _ => re.is_match(description),
            })
            .map(|(m, _)| *m),
    );
    if GENUINE_LEATHER.is_match(description) {
        found.push(Leather);
    }
    let first = *found.first()?;
    // "Alloy" and a named metal agree; the metal is the one to keep.
    let goods = found
        .iter()
        .copied()
        .find(|m| *m != BaseMetal)
        .unwrap_or(first);
    found
        .iter()
        .all(|m| *m == goods || (*m == BaseMetal && goods.is_base_metal()))
        .then_some(goods)
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
        "71" if heading != "7117" => Precious,
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

    /// The one subheading of the split for goods of `goods`, if one.
    fn home(&self, goods: Material) -> Option<&'static str> {
        let mut homes = self
            .rows
            .iter()
            .map(|(c, _)| *c)
            .chain(std::iter::once(self.other))
            .filter(|c| self.admits(goods, c));
        let home = homes.next()?;
        homes.next().is_none().then_some(home)
    }
}

impl Material {
    /// Whether `code` (digits) is for goods of another material.
    pub fn excludes(self, code: &str) -> bool {
        // Rules of their own decide footwear and bags.
        if code.starts_with("64") || code.starts_with("4202") {
            return false;
        }
        if let Some(split) = Split::of(code) {
            return !split.admits(self, code);
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
    pub fn sibling(self, code: &str) -> Option<String> {
        // 9101 and 9102 mirror each other subheading by subheading.
        if code.len() == 6 && code.starts_with("9101") && self.excludes(code) {
            return Some(format!("9102{}", &code[4..]));
        }
        let split = Split::of(code)?;
        if split.admits(self, code) {
            return None;
        }
        split.home(self).map(str::to_string)
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
    fn the_material_from_the_attributes_or_the_description() {
        assert_eq!(stated("Sippy cup 500ml", &["Plastic"]), Some(Plastics));
        assert_eq!(stated("Pendant", &["PP, ABS"]), Some(Plastics));
        assert_eq!(stated("23mm Silicone Watch Strap", &[]), Some(Plastics));
        assert_eq!(stated("儿童PC塑料水杯 500ml 防漏", &[]), Some(Plastics));
        assert_eq!(stated("瑞士军刀用黄铜铆钉螺帽", &[]), Some(Copper));
        assert_eq!(stated("Earrings", &["Zinc Alloy"]), Some(Zinc));
        assert_eq!(stated("Zinc alloy ring", &["Alloy"]), Some(Zinc));
        assert_eq!(stated("a cast iron decorative doorstop", &[]), Some(Steel));
    }

    #[test]
    fn two_materials_or_an_unknown_word_state_nothing() {
        assert_eq!(
            stated("Knife, stainless steel blade, wooden handle", &[]),
            None
        );
        assert_eq!(stated("Fridge magnet", &["Resin + Magnet"]), None);
        assert_eq!(stated("Gold Color Alloy Acrylic Beads", &[]), None);
        assert_eq!(stated("Ring", &["Metal"]), None);
        assert_eq!(stated("Wood drill bit set, 12 pcs", &[]), None);
        assert_eq!(stated("Paper clips, 100 pcs", &[]), None);
        assert_eq!(stated("Watch Case Sapphire Glass 40mm", &[]), None);
    }

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
        assert!(!Steel.excludes("820551") && Steel.excludes("761510"));
        assert!(!Zinc.excludes("830890") && !BaseMetal.excludes("730890"));
        assert!(!Plastics.excludes("640299") && !Textile.excludes("420222"));
    }

    #[test]
    fn a_split_keeps_the_subheading_of_the_material_and_moves_to_it() {
        assert!(Plastics.excludes("911320") && !Plastics.excludes("911390"));
        assert_eq!(Plastics.sibling("911320").as_deref(), Some("911390"));
        assert!(Steel.excludes("911390") && !Steel.excludes("911320"));
        assert_eq!(Steel.sibling("911390").as_deref(), Some("911320"));
        assert_eq!(Plastics.sibling("711719").as_deref(), Some("711790"));
        assert_eq!(Plastics.sibling("940320").as_deref(), Some("940370"));
        // Wood has four furniture subheadings: nothing is moved.
        assert_eq!(Wood.sibling("940320"), None);
        assert!(Wood.excludes("940370") && !Wood.excludes("940360"));
        assert_eq!(Plastics.sibling("392410"), None);
    }

    #[test]
    fn a_watch_case_not_of_precious_metal_is_not_9101() {
        assert!(Steel.excludes("910121") && !Steel.excludes("910221"));
        assert_eq!(Steel.sibling("910121").as_deref(), Some("910221"));
        assert_eq!(Plastics.sibling("910111").as_deref(), Some("910211"));
        assert_eq!(Steel.sibling("910221"), None);
    }
}
