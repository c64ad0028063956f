//! The goods' material as a description and its listing attributes state
//! it: a `Material` attribute's words, the adjectives of the description
//! ("silicone", 不锈钢), a listing's `Metals Type` naming its "Metal", and
//! hallmarks of precious metal. Everything stated must name one material,
//! or nothing is stated (the reasons are in the parent module's doc).

use std::sync::LazyLock;

use regex::Regex;

use super::super::cases::GENUINE_LEATHER;
use super::super::ruled_out::words;
use super::Material::{self, *};

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
        "rubber" | "natural rubber" | "latex" | "nitrile" | "nbr" | "橡胶" | "丁腈" => {
            Some(Rubber)
        }
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
        // Nitrile (NBR) is a synthetic rubber (4002.59); a "nitrile
        // compound" is a chemical of 2926.
        (
            Rubber,
            words(concat!(
                r"\b(?:rubber|latex|nitrile (?:rubber|gloves?|coated|coating|foam|seals?|o-rings?|",
                r"gaskets?|hoses?))\b|橡胶|丁腈(?:橡胶|手套)",
            )),
        ),
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
    [
        (
            Silver,
            words(r"\b(?:s?925\s*(?:sterling\s*)?|sterling\s*)silver\b|纯银|足银|925银"),
        ),
        (
            Gold,
            words(concat!(
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
    agreed(items(value).filter_map(|w| match attribute_word(w) {
        AttributeWord::Blank => None,
        AttributeWord::Names(m) if m.is_base_metal() => Some(Some(m)),
        _ => Some(None),
    }))
}

/// The material every item of an attribute names, when they all name the
/// same one (an item naming none, `None`, spoils it).
fn agreed(mut named: impl Iterator<Item = Option<Material>>) -> Option<Material> {
    let first = named.next()??;
    named.all(|m| m == Some(first)).then_some(first)
}

/// Finenesses a listing's `Metal Stamp` gives, item by item ("925,Sterling",
/// "S925", "18K", "AU750", "PT950").
static STAMPS: LazyLock<[(Material, Regex); 2]> = LazyLock::new(|| {
    [
        (
            Silver,
            words(r"^(?:s?925|sterling|925 sterling|sterling silver)$"),
        ),
        (
            Gold,
            words(
                r"^(?:(?:9|10|14|18|22|24)\s*k(?:t|arat)?|au\s?(?:375|585|750|916|999)|pt\s?(?:900|950|999))$",
            ),
        ),
    ]
});

/// A plating anywhere in the description: a stamp may then be the plating's.
static PLATED: LazyLock<Regex> =
    LazyLock::new(|| words(r"\b(?:plated|plating|filled|vermeil)\b|镀"));

/// The precious metal a listing's `Metal Stamp` names: the fineness stamped
/// on the piece is a hallmark by definition, when every item names the same
/// metal ("None" and blanks name nothing), the description names no
/// plating, and the `Metals Type` names no base metal.
fn stamped(value: &str, description: &str, metals: Option<&str>) -> Option<Material> {
    if PLATED.is_match(description) || metals.and_then(metals_type).is_some() {
        return None;
    }
    agreed(
        items(value)
            .map(str::trim)
            .filter(|w| {
                !w.is_empty() && !["none", "no", "null", "not"].contains(&w.to_lowercase().as_str())
            })
            .map(|w| {
                STAMPS
                    .iter()
                    .find(|(_, re)| re.is_match(w))
                    .map(|(m, _)| *m)
            }),
    )
}

/// The goods' material, as a description, its material attributes and the
/// listing's `Metals Type` state it: `None` unless all they state names
/// one material.
pub fn stated(
    description: &str,
    materials: &[&str],
    metals: Option<&str>,
    stamp: Option<&str>,
) -> Option<Material> {
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
    found.extend(stamp.and_then(|s| stamped(s, description, metals)));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_material_from_the_attributes_or_the_description() {
        assert_eq!(
            stated("Sippy cup 500ml", &["Plastic"], None, None),
            Some(Plastics)
        );
        assert_eq!(stated("Pendant", &["PP, ABS"], None, None), Some(Plastics));
        assert_eq!(
            stated("23mm Silicone Watch Strap", &[], None, None),
            Some(Plastics)
        );
        assert_eq!(
            stated("儿童PC塑料水杯 500ml 防漏", &[], None, None),
            Some(Plastics)
        );
        assert_eq!(
            stated("瑞士军刀用黄铜铆钉螺帽", &[], None, None),
            Some(Copper)
        );
        assert_eq!(stated("Earrings", &["Zinc Alloy"], None, None), Some(Zinc));
        assert_eq!(
            stated("Zinc alloy ring", &["Alloy"], None, None),
            Some(Zinc)
        );
        assert_eq!(
            stated("a cast iron decorative doorstop", &[], None, None),
            Some(Steel)
        );
    }

    #[test]
    fn nitrile_goods_are_of_rubber_a_nitrile_compound_is_not() {
        assert_eq!(
            stated("Nitrile gloves disposable, powder free", &[], None, None),
            Some(Rubber)
        );
        assert_eq!(stated("丁腈手套 一次性", &[], None, None), Some(Rubber));
        assert_eq!(
            stated("adiponitrile, a nitrile compound", &[], None, None),
            None
        );
    }

    #[test]
    fn metals_type_names_the_metal_of_a_metal_listing() {
        let metal = |d, m| stated(d, &["Metal"], Some(m), None);
        assert_eq!(metal("Enamel Brooch", "Zinc Alloy"), Some(Zinc));
        assert_eq!(metal("Charms", "Copper,Brass"), Some(Copper));
        assert_eq!(metal("Brooch", "Silver"), None, "a colour as often");
        assert_eq!(metal("Resin Charms", "Zinc Alloy"), None);
        assert_eq!(
            stated("Resin Charms", &["Resin"], Some("Zinc Alloy"), None),
            Some(Plastics)
        );
        assert_eq!(
            stated("Ring", &["Metal,Stainless Steel"], None, None),
            Some(Steel)
        );
    }

    #[test]
    fn a_hallmark_states_precious_metal_a_plating_does_not() {
        assert_eq!(
            stated(
                "925 Sterling Silver Pendant",
                &["Metal"],
                Some("Silver"),
                None
            ),
            Some(Silver)
        );
        assert_eq!(
            stated("Real 18K Gold Earrings AU750", &[], None, None),
            Some(Gold)
        );
        assert_eq!(stated("S925 Silver Rings", &[], None, None), Some(Silver));
        assert_eq!(stated("18K金耳夹 AU750 女款", &[], None, None), Some(Gold));
        assert_eq!(
            stated("S925 Silver Ring, 18K Gold Plated", &[], None, None),
            Some(Silver)
        );
        assert_eq!(
            stated("Stainless Steel 18K Gold Plated Chain", &[], None, None),
            Some(Steel)
        );
        assert_eq!(stated("镀18K金项链", &[], None, None), None);
        assert_eq!(stated("纯金色耳环", &[], None, None), None);
        assert_eq!(stated("Gold Silver Color Earrings", &[], None, None), None);
    }

    #[test]
    fn a_metal_stamp_is_a_hallmark() {
        let stamp = |d, t, s| stated(d, &[], t, Some(s));
        assert_eq!(
            stamp("Moissanite Stud Earrings", Some("Silver"), "925,Sterling"),
            Some(Silver)
        );
        assert_eq!(
            stamp("Earrings", Some("Gold,Yellow Gold"), "18K"),
            Some(Gold)
        );
        assert_eq!(stamp("Ring", None, "S925"), Some(Silver));
        assert_eq!(stamp("Ring", None, "None"), None);
        assert_eq!(stamp("Ring", None, "925,18K"), None, "two metals");
        assert_eq!(stamp("18K Gold Plated Ring", None, "18K"), None);
        assert_eq!(stamp("Ring", Some("Zinc Alloy"), "925"), None);
        assert_eq!(stamp("Ring", None, "Brand"), None);
    }

    #[test]
    fn two_materials_or_an_unknown_word_state_nothing() {
        assert_eq!(
            stated(
                "Knife, stainless steel blade, wooden handle",
                &[],
                None,
                None
            ),
            None
        );
        assert_eq!(
            stated("Fridge magnet", &["Resin + Magnet"], None, None),
            None
        );
        assert_eq!(
            stated("Gold Color Alloy Acrylic Beads", &[], None, None),
            None
        );
        assert_eq!(stated("Ring", &["Metal"], None, None), None);
        assert_eq!(stated("Wood drill bit set, 12 pcs", &[], None, None), None);
        assert_eq!(stated("Paper clips, 100 pcs", &[], None, None), None);
        assert_eq!(
            stated("Watch Case Sapphire Glass 40mm", &[], None, None),
            None
        );
    }
}
