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

/// What one item of a listing's material attribute says.
enum AttributeWord {
    /// Nothing (an empty item of a list).
    Blank,
    /// A word the list below does not know: the material is not certain.
    Unknown,
    /// "Metal": some metal, which the listing's `Metals Type` may name.
    Metal,
    /// A material.
    Names(Material),
}

/// A listing attribute's word for a material (the whole value, or one item
/// of a list such as "PP, ABS").
fn attribute_word(word: &str) -> AttributeWord {
    let w = word.trim().to_lowercase();
    let m = match w.as_str() {
        "" => return AttributeWord::Blank,
        "metal" | "metals" | "金属" => return AttributeWord::Metal,
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

/// Hallmarks of precious metal: a fineness ("925", "18K", "AU750") with
/// its metal, or the Chinese terms for fine silver and gold.
static HALLMARKS: LazyLock<[(Material, Regex); 2]> = LazyLock::new(|| {
    let hallmark = |p: &str| Regex::new(&format!("(?i){p}")).expect("a valid pattern");
    [
        (
            Silver,
            hallmark(r"\b(?:s?925\s*(?:sterling\s*)?|sterling\s*)silver\b|纯银|足银|925银"),
        ),
        (
            Gold,
            hallmark(concat!(
                r"\b(?:9|10|14|18|22|24)\s*k(?:t|arat)?\s*(?:(?:solid|real|pure|yellow|white|rose)\s*)*gold\b",
                r"|\bau\s?(?:375|585|750|916|999)\b|\bpt\s?(?:900|950|999)\b",
                r"|足金|纯金|千足金|18k金|铂金",
            )),
        ),
    ]
});

/// What turns a hallmark into a finish or a colour: "18K gold plated",
/// 镀18K金 and 纯金色 are not of gold.
static FINISH_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*-?\s*(?:plated|plating|filled|tone|colou?r|overlay|vermeil|镀|包|色)")
        .expect("a valid pattern")
});
static FINISH_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:镀|包)\s*$").expect("a valid pattern"));

static WATCH_GLASS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:sapphire|mineral|crystal)\s*$").expect("a valid pattern")
});

/// The items of a listing attribute's list ("PP, ABS", "Resin + Magnet").
fn items(value: &str) -> impl Iterator<Item = &str> {
    value.split([',', '+', '/', '&', ';', '，', '、'])
}

/// The base metal a listing's `Metals Type` names ("Zinc Alloy"), when all
/// its items name one; its "Silver" or "Gold" is as often a colour.
fn metals_type(value: &str) -> Option<Material> {
    let mut named = items(value).filter_map(|w| match attribute_word(w) {
        AttributeWord::Blank => None,
        AttributeWord::Names(m) if m.is_base_metal() => Some(Some(m)),
        _ => Some(None),
    });
    let first = named.next()??;
    named.all(|m| m == Some(first)).then_some(first)
}

/// The goods' material, as a description, its material attributes and the
/// listing's `Metals Type` state it: `None` unless all they state names
/// one material.
pub fn stated(description: &str, materials: &[&str], metals: Option<&str>) -> Option<Material> {
    let mut found: Vec<Material> = Vec::new();
    let mut some_metal = false;
    for value in materials {
        for word in items(value) {
            match attribute_word(word) {
                AttributeWord::Blank => {}
                AttributeWord::Metal => some_metal = true,
                AttributeWord::Names(m) => found.push(m),
                AttributeWord::Unknown => return None,
            }
        }
    }
    // "Metal" with a `Metals Type` of "Zinc Alloy" is zinc alloy; plain
    // "metal" alone states nothing, but it does deny resin or glass.
    if some_metal {
        found.extend(metals.and_then(metals_type));
    }
    for (metal, hallmark) in HALLMARKS.iter() {
        if hallmark.find_iter(description).any(|h| {
            !FINISH_AFTER.is_match(&description[h.end()..])
                && !FINISH_BEFORE.is_match(&description[..h.start()])
        }) {
            found.push(*metal);
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
    let metal = goods.is_base_metal() || goods.is_precious();
    (found
        .iter()
        .all(|m| *m == goods || (*m == BaseMetal && goods.is_base_metal()))
        && (metal || !some_metal))
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
        if self.not_imitation(code) {
            return None;
        }
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
    fn the_material_from_the_attributes_or_the_description() {
        assert_eq!(
            stated("Sippy cup 500ml", &["Plastic"], None),
            Some(Plastics)
        );
        assert_eq!(stated("Pendant", &["PP, ABS"], None), Some(Plastics));
        assert_eq!(
            stated("23mm Silicone Watch Strap", &[], None),
            Some(Plastics)
        );
        assert_eq!(
            stated("儿童PC塑料水杯 500ml 防漏", &[], None),
            Some(Plastics)
        );
        assert_eq!(stated("瑞士军刀用黄铜铆钉螺帽", &[], None), Some(Copper));
        assert_eq!(stated("Earrings", &["Zinc Alloy"], None), Some(Zinc));
        assert_eq!(stated("Zinc alloy ring", &["Alloy"], None), Some(Zinc));
        assert_eq!(
            stated("a cast iron decorative doorstop", &[], None),
            Some(Steel)
        );
    }

    #[test]
    fn metals_type_names_the_metal_of_a_metal_listing() {
        let metal = |d, m| stated(d, &["Metal"], Some(m));
        assert_eq!(metal("Enamel Brooch", "Zinc Alloy"), Some(Zinc));
        assert_eq!(metal("Charms", "Copper,Brass"), Some(Copper));
        assert_eq!(metal("Brooch", "Silver"), None, "a colour as often");
        assert_eq!(metal("Resin Charms", "Zinc Alloy"), None);
        assert_eq!(
            stated("Resin Charms", &["Resin"], Some("Zinc Alloy")),
            Some(Plastics)
        );
        assert_eq!(
            stated("Ring", &["Metal,Stainless Steel"], None),
            Some(Steel)
        );
    }

    #[test]
    fn a_hallmark_states_precious_metal_a_plating_does_not() {
        assert_eq!(
            stated("925 Sterling Silver Pendant", &["Metal"], Some("Silver")),
            Some(Silver)
        );
        assert_eq!(
            stated("Real 18K Gold Earrings AU750", &[], None),
            Some(Gold)
        );
        assert_eq!(stated("S925 Silver Rings", &[], None), Some(Silver));
        assert_eq!(stated("18K金耳夹 AU750 女款", &[], None), Some(Gold));
        assert_eq!(
            stated("S925 Silver Ring, 18K Gold Plated", &[], None),
            Some(Silver)
        );
        assert_eq!(
            stated("Stainless Steel 18K Gold Plated Chain", &[], None),
            Some(Steel)
        );
        assert_eq!(stated("镀18K金项链", &[], None), None);
        assert_eq!(stated("纯金色耳环", &[], None), None);
        assert_eq!(stated("Gold Silver Color Earrings", &[], None), None);
        assert!(Silver.excludes("711719") && Gold.excludes("711790"));
        assert_eq!(Silver.sibling("711719", none), None);
        assert!(!Silver.excludes("711311") && !Silver.excludes("711620"));
        assert!(Gold.excludes("711311") && !Gold.excludes("711319"));
        assert_eq!(Gold.sibling("711311", none).as_deref(), Some("711319"));
        assert!(Steel.excludes("711320") && Gold.excludes("711320"));
    }

    #[test]
    fn two_materials_or_an_unknown_word_state_nothing() {
        assert_eq!(
            stated("Knife, stainless steel blade, wooden handle", &[], None),
            None
        );
        assert_eq!(stated("Fridge magnet", &["Resin + Magnet"], None), None);
        assert_eq!(stated("Gold Color Alloy Acrylic Beads", &[], None), None);
        assert_eq!(stated("Ring", &["Metal"], None), None);
        assert_eq!(stated("Wood drill bit set, 12 pcs", &[], None), None);
        assert_eq!(stated("Paper clips, 100 pcs", &[], None), None);
        assert_eq!(stated("Watch Case Sapphire Glass 40mm", &[], None), None);
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
    }

    #[test]
    fn a_watch_case_not_of_precious_metal_is_not_9101() {
        assert!(Steel.excludes("910121") && !Steel.excludes("910221"));
        assert_eq!(Steel.sibling("910121", none).as_deref(), Some("910221"));
        assert_eq!(Plastics.sibling("910111", none).as_deref(), Some("910211"));
        assert_eq!(Steel.sibling("910221", none), None);
    }
}
