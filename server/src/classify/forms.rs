//! Goods named as a shaped article are not their material in bulk.
//!
//! The nomenclature puts materials in primary or unwrought forms apart from
//! what is made of them: plastics "in primary forms" (3901–3914) are, by
//! Chapter 39 Note 6, only liquids, pastes, powders, granules, flakes,
//! blocks and lumps; unwrought copper, nickel, aluminium, lead, zinc and
//! tin (7401–7403, 7501–7502, 7601, 7801, 7901, 8001) have not yet been
//! worked; activated carbon (3802) is the carbon, not the filter holding it
//! (8421). A description naming a material and an article of it ("zinc
//! alloy hose nozzle", "PMMA sheet coated with fluoropolymer", "activated
//! carbon water filter", 活性炭滤芯) drew votes to the material's own
//! heading ("Mobile phone case, silicone" the silicones of 3910). When the
//! goods are named as a sheet, film, tube, hose, nozzle, filter, cartridge,
//! case, cover or housing and no bulk form (pellets, granules, powder, resin,
//! ingots, 颗粒, 粉末) is named, those headings are ruled out.
//!
//! Textiles are the same: chapters 50 to 55 hold fibres, yarns and woven
//! fabrics, chapter 60 knitted fabrics, and the articles made of them are
//! elsewhere (bags 4202, garments 61–62, made-up articles 63). "An
//! unfinished handbag made of 100% silk" had gone to silk yarn (5005) and
//! 黄麻棉混纺单肩包 to jute yarn (5307). Goods that name no fibre, yarn or
//! fabric form (yarn, thread, filament, fibre, tow, staple, waste, fabric,
//! cloth, gauze, "by the metre"; 纱, 线, 丝, 纤维, 布, 面料, 织物, 绸, 缎)
//! are not of those chapters (`NoTextileForm`).
//!
//! Both rules read words, so both have limits: a shape noun anywhere in the
//! description counts ("film" of "film grade" is why a bulk form silences
//! `Shaped`), and a terse description of yarn or fabric naming no form
//! (a bare "100% polyester, 150 g/m²") would lose chapters 50 to 55 to
//! `NoTextileForm`. No dev item falls in either gap.

use std::sync::LazyLock;

use regex::Regex;

use super::ruled_out::{words, Reason};

/// Shapes and articles a material in bulk is not.
static SHAPED: LazyLock<Regex> = LazyLock::new(|| {
    words(concat!(
        r"\b(?:sheets?|films?|plates?|foils?|strips?|tubes?|tubing|pipes?|hoses?|nozzles?|",
        r"filters?|cartridges?|cases?|covers?|housings?)\b|板材|薄膜|管材|软管|喷嘴|滤芯|滤网",
        r"|手机壳|保护壳|保护套|外壳",
    ))
});

/// Bulk forms: with one named, the goods may be the material itself.
static BULK: LazyLock<Regex> = LazyLock::new(|| {
    words(concat!(
        r"\b(?:pellets?|granules?|granulated|powders?|flakes?|resins?|lumps?|ingots?|",
        r"billets?|cathodes?|in bulk|grades?|liquids?|emulsions?|dispersions?|solutions?)\b",
        r"|粒子|颗粒|粉末|树脂|锭|原料",
    ))
});

/// Headings of materials in primary forms or unwrought.
const BULK_HEADINGS: &[(&str, &str)] = &[
    ("3802", "3802"),
    ("3901", "3914"),
    ("7401", "7403"),
    ("7501", "7502"),
    ("7601", "7601"),
    ("7801", "7801"),
    ("7901", "7901"),
    ("8001", "8001"),
];

/// Goods named as a shaped article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shaped;

impl Shaped {
    /// Whether `description` names the goods as a shaped article, and no
    /// bulk form.
    pub fn stated(description: &str) -> Option<Self> {
        (SHAPED.is_match(description) && !BULK.is_match(description)).then_some(Shaped)
    }

    /// Whether `code` (digits) is of a material in primary or unwrought
    /// form.
    pub fn excludes(self, code: &str) -> bool {
        let Some(heading) = code.get(..4) else {
            return false;
        };
        BULK_HEADINGS
            .iter()
            .any(|(first, last)| (*first..=*last).contains(&heading))
    }

    /// What it states and rules out, and by which texts.
    pub fn reason(self) -> Reason {
        Reason {
            stated: "a shaped article (sheet, film, tube, hose, nozzle, filter, cartridge)".into(),
            excluded: "materials in primary forms or unwrought (3802, 3901–3914, unwrought copper, nickel, aluminium, lead, zinc, tin)".into(),
            notes: &["Chapter 39 Note 6", "Rule 1"],
            terms: &[],
        }
    }
}

/// Words naming textile fibres, yarns or fabrics as such.
static TEXTILE_FORM: LazyLock<Regex> = LazyLock::new(|| {
    words(concat!(
        r"\b(?:yarns?|threads?|filaments?|rovings?|slivers?|tops|fib(?:re|er)s?|tows?|staple|",
        r"waste|noils|linters|cocoons|carded|combed|scoured|greasy|fabrics?|cloth|gauze|",
        r"velvet|chenille|terry|denim|twill|satin|chiffon|organza|poplin|canvas|",
        r"by the (?:yard|met(?:er|re)))\b",
        r"|纱|线|丝|纤维|棉花|布|面料|织物|绸|缎|绒|呢|料子",
    ))
});

/// Goods naming no fibre, yarn or fabric.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoTextileForm;

impl NoTextileForm {
    /// Whether `description` names no textile fibre, yarn or fabric.
    pub fn stated(description: &str) -> Option<Self> {
        (!TEXTILE_FORM.is_match(description)).then_some(NoTextileForm)
    }

    /// Whether `code` (digits) is of chapters 50 to 55 or 60.
    pub fn excludes(self, code: &str) -> bool {
        matches!(
            code.get(..2),
            Some("50" | "51" | "52" | "53" | "54" | "55" | "60")
        )
    }

    /// What it states and rules out, and by which texts.
    pub fn reason(self) -> Reason {
        Reason {
            stated: "no textile fibre, yarn or fabric".into(),
            excluded: "textile fibres, yarns and fabrics (chapters 50 to 55 and 60)".into(),
            notes: &["Rule 1"],
            terms: &[],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shaped_article_is_not_its_material_in_bulk() {
        let nozzle = Shaped::stated("a chrome-plated, zinc alloy, pistol grip style hose nozzle");
        assert!(nozzle.is_some_and(|s| s.excludes("790120") && !s.excludes("848180")));
        let sheet = Shaped::stated("acrylic sheet of PMMA coated on both sides");
        assert!(sheet.is_some_and(|s| s.excludes("390610") && !s.excludes("392051")));
        assert!(Shaped::stated("滤水壶替换滤芯 活性炭 2个装").is_some_and(|s| s.excludes("380210")));
        assert!(!Shaped.excludes("760612") && !Shaped.excludes("3915"));
        assert!(Shaped::stated("Mobile phone case, silicone").is_some_and(|s| s.excludes("391000")));
        assert!(Shaped::stated("手机壳 硅胶").is_some_and(|s| s.excludes("391000")));
        assert_eq!(Shaped::stated("ABS resin in pellet form, film grade"), None);
        assert_eq!(Shaped::stated("polyethylene powder for films"), None);
        assert_eq!(
            Shaped::stated("maleic anhydride modified propylene copolymer"),
            None
        );
    }

    #[test]
    fn goods_naming_no_yarn_or_fabric_are_not_of_the_textile_material_chapters() {
        let bag = NoTextileForm::stated("an unfinished handbag made of 100% silk");
        assert!(bag.is_some_and(|n| n.excludes("500500") && !n.excludes("420222")));
        assert!(NoTextileForm::stated("黄麻棉混纺单肩包").is_some_and(|n| n.excludes("530710")));
        assert_eq!(NoTextileForm::stated("100% cotton yarn, 20s/1"), None);
        assert_eq!(NoTextileForm::stated("涤纶梭织面料 150cm"), None);
        assert_eq!(NoTextileForm::stated("Cotton waste, comber noils"), None);
        assert_eq!(NoTextileForm::stated("Polyester velvet by the metre"), None);
        assert!(!NoTextileForm.excludes("630790") && !NoTextileForm.excludes("5601"));
    }
}
