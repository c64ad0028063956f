//! Textile goods by the fibre that predominates, as the description states
//! it.
//!
//! Most subheadings of chapters 61 to 63 split a garment or made-up article
//! by its fibre: 6110.20 jerseys "of cotton", 6110.30 "of man-made fibres",
//! 6110.90 "of textile materials (other than wool or fine animal hair,
//! cotton or man-made fibres)". The words of the goods match the siblings
//! alike, so the votes pick one by accident: on classify-dev "a men's knit
//! pullover made from 100% polyester" went to 6110.20, of cotton. A
//! composition or a single stated material decides, by Section XI:
//!
//! - a mixture "is to be regarded as consisting wholly of" the textile
//!   material that predominates by weight (Subheading Note 2(A), applying
//!   Note 2 of the Section to chapters 56 to 63);
//! - the chapter is chosen first (Note 2(B)(b)), chapters 54 and 55
//!   together (2(B)(c)): polyester and viscose count as one man-made fibre
//!   against cotton, and then the larger of the two decides;
//! - when none predominates, the one whose chapter comes last in numerical
//!   order wins (Note 2(A)): 50% cotton and 50% polyester is polyester.
//!
//! A subheading naming another fibre ("of cotton"), or a residual one that
//! excludes this fibre ("other than cotton"), is then ruled out; residual
//! subheadings worded without "other than" and everything outside chapters
//! 50 to 63 are left alone. A description naming several fibres without
//! their shares states no predominant one and rules out nothing.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use super::ruled_out::Reason;

/// A textile material, in the classes the subheadings name, in the order of
/// their chapters (silk 50, wool 51, cotton 52, other vegetable 53,
/// man-made 54 and 55).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Fibre {
    Silk,
    /// Wool or fine animal hair (cashmere, alpaca, mohair…).
    Wool,
    Cotton,
    /// Flax, linen, ramie, jute, hemp.
    Vegetable,
    /// Polyester, polyamide (nylon), acrylic, elastane (spandex), polypropylene.
    Synthetic,
    /// Viscose (rayon), modal, lyocell, acetate, cupro.
    Artificial,
}

impl Fibre {
    /// Synthetic and artificial fibres are one chapter against the others
    /// (Section XI Note 2(B)(c)).
    fn chapter(self) -> u8 {
        match self {
            Fibre::Silk => 50,
            Fibre::Wool => 51,
            Fibre::Cotton => 52,
            Fibre::Vegetable => 53,
            Fibre::Synthetic | Fibre::Artificial => 54,
        }
    }
}

/// Fibre names in goods descriptions, English and Chinese.
static NAMES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        // Words that contain a fibre's name without naming the goods'
        // fibre: 洗涤 (washing) holds 涤, bed linen is a kind of goods.
        r"(?i)(?P<none>洗涤|\b(?:bed|table|toilet|kitchen) linen\b)",
        r"|(?P<silk>\b(?:mulberry )?silk\b|真丝|桑蚕丝|蚕丝)",
        r"|(?P<wool>\b(?:merino )?wool\b|\bcashmere\b|\balpaca\b|\bmohair\b|\bangora\b|\bcamel hair\b|羊毛|羊绒|山羊绒|驼毛|马海毛)",
        r"|(?P<cotton>\bcotton\b|棉)",
        r"|(?P<vegetable>\bflax\b|\blinen\b|\bramie\b|\bjute\b|\bhemp\b|亚麻|苎麻|黄麻)",
        r"|(?P<synthetic>\bpolyester\b|\bpolyamide\b|\bnylon\b|\bacrylic\b|\belastane\b|\bspandex\b|\blycra\b|\bpolypropylene\b|\bpolyurethane fibres?\b|涤纶|涤|锦纶|尼龙|腈纶|氨纶|丙纶)",
        r"|(?P<artificial>\bviscose\b|\brayon\b|\bmodal\b|\blyocell\b|\btencel\b|\bacetate\b|\bcupro\b|粘胶|黏胶|人造丝|莫代尔|天丝|醋酸)",
    ))
    .expect("a valid pattern")
});

static PERCENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d{1,3}(?:\.\d+)?)\s*[%％]").expect("a valid pattern"));

/// A fibre name at `start..end` of the text.
struct Named {
    fibre: Fibre,
    start: usize,
    end: usize,
}

fn names(text: &str) -> Vec<Named> {
    NAMES
        .captures_iter(text)
        .filter_map(|c| {
            let m = c.get(0)?;
            let fibre = [
                ("silk", Fibre::Silk),
                ("wool", Fibre::Wool),
                ("cotton", Fibre::Cotton),
                ("vegetable", Fibre::Vegetable),
                ("synthetic", Fibre::Synthetic),
                ("artificial", Fibre::Artificial),
            ]
            .into_iter()
            .find(|(g, _)| c.name(g).is_some())?
            .1;
            Some(Named {
                fibre,
                start: m.start(),
                end: m.end(),
            })
        })
        .collect()
}

/// The fibre that predominates among `(fibre, share)`, by Section XI Note 2.
fn predominant(shares: &[(Fibre, f32)]) -> Option<Fibre> {
    let total = |keep: &dyn Fn(Fibre) -> bool| -> f32 {
        shares
            .iter()
            .filter(|(f, _)| keep(*f))
            .map(|(_, s)| s)
            .sum()
    };
    let by_chapter = |chapter: u8| total(&|f| f.chapter() == chapter);
    let mut chapters: Vec<u8> = shares.iter().map(|(f, _)| f.chapter()).collect();
    chapters.sort_unstable();
    chapters.dedup();
    // Ties go to the chapter last in numerical order.
    let chapter = chapters
        .into_iter()
        .max_by(|a, b| by_chapter(*a).total_cmp(&by_chapter(*b)).then(a.cmp(b)))?;
    let of = |f: Fibre| total(&|g| g == f);
    if chapter == 54 {
        // Within man-made, the larger; a tie goes to the artificial
        // fibres, whose headings (5408, 5516) come after the synthetic ones.
        let (s, a) = (of(Fibre::Synthetic), of(Fibre::Artificial));
        return Some(if a >= s && a > 0.0 {
            Fibre::Artificial
        } else {
            Fibre::Synthetic
        });
    }
    shares
        .iter()
        .map(|(f, _)| *f)
        .find(|f| f.chapter() == chapter)
}

impl Fibre {
    /// What it states and rules out, and by which notes.
    pub fn reason(self) -> Reason {
        let name = match self {
            Fibre::Silk => "silk",
            Fibre::Wool => "wool or fine animal hair",
            Fibre::Cotton => "cotton",
            Fibre::Vegetable => "flax or other vegetable fibres",
            Fibre::Synthetic => "synthetic fibres",
            Fibre::Artificial => "artificial fibres",
        };
        Reason {
            stated: format!("predominantly of {name}"),
            excluded: "the subheadings of chapters 50 to 63 for other fibres".into(),
            notes: &["Section XI Note 2", "Section XI Subheading Note 2"],
            terms: &[],
        }
    }

    /// The fibre `description` and `materials` (a listing's material
    /// attributes) say predominates: from a composition with shares
    /// ("54% cotton, 36% polyester", 涤50%棉50%) when the description has
    /// one, else from the fibres named when they are all of one class
    /// (`Material: POLYESTER,Spandex` is synthetic).
    pub fn stated(description: &str, materials: &[&str]) -> Option<Self> {
        let named = names(description);
        let percents: Vec<(usize, usize, f32)> = PERCENT
            .captures_iter(description)
            .filter_map(|p| {
                let whole = p.get(0)?;
                Some((whole.start(), whole.end(), p.get(1)?.as_str().parse().ok()?))
            })
            .collect();
        // The name a share belongs to is next to it, with nothing but
        // spaces between: after it ("54% cotton, 36% polyester") or before
        // it ("棉95%氨纶5%", "cotton 60% linen 40%"). A text keeps to one
        // order, read from its first share: "54% cotton 36% polyester"
        // would otherwise give 36% to cotton.
        let adjacent = |a: usize, b: usize| description[a..b].trim().is_empty();
        let after = |end: usize| {
            named
                .iter()
                .filter(|n| n.start >= end)
                .min_by_key(|n| n.start)
                .filter(|n| adjacent(end, n.start))
        };
        let before = |start: usize| {
            named
                .iter()
                .filter(|n| n.end <= start)
                .max_by_key(|n| n.end)
                .filter(|n| adjacent(n.end, start))
        };
        let number_first = percents
            .first()
            .is_some_and(|&(start, end, _)| after(end).is_some() && before(start).is_none());
        let mut shares = Vec::new();
        for &(start, end, share) in &percents {
            let n = if number_first {
                after(end).or_else(|| before(start))
            } else {
                before(start).or_else(|| after(end))
            };
            if let Some(n) = n {
                shares.push((n.fibre, share));
            }
        }
        if !shares.is_empty() {
            return predominant(&shares);
        }
        let mut classes: Vec<Fibre> = named
            .iter()
            .map(|n| n.fibre)
            .chain(materials.iter().flat_map(|m| names(m)).map(|n| n.fibre))
            .collect();
        classes.sort_unstable();
        classes.dedup();
        match classes.as_slice() {
            [one] => Some(*one),
            _ => None,
        }
    }

    /// Whether subheading `code`, whose HS text is `text`, is ruled out for
    /// goods of this fibre: it names other fibres only, or it is residual
    /// "(other than …)" this fibre.
    pub fn excludes(self, code: &str, text: &str) -> bool {
        let in_section_xi = code
            .get(..2)
            .and_then(|c| c.parse::<u8>().ok())
            .is_some_and(|c| (50..=63).contains(&c));
        if !in_section_xi || code.len() != 6 {
            return false;
        }
        let lower = text.to_lowercase();
        let terms = Terms::read(&lower);
        match terms.residual {
            Some((start, end)) => self.named_in(&lower[start..end]),
            None => !terms.named.is_empty() && !terms.named.iter().any(|p| self.named_in(p)),
        }
    }

    /// The subheading that takes what `code` (ruled out) was found for:
    /// its sibling for the same goods (same heading, same HS text once the
    /// fibres are taken out of it: "Dresses; women's or girls'") that this
    /// fibre is not ruled out of, one naming the fibre before a residual
    /// one. 6204.41 dresses of wool, for an acetate dress, is 6204.44 of
    /// artificial fibres: the evidence found the dress, the composition
    /// says which. `None` when no sibling fits.
    pub fn sibling(self, code: &str, hs: &HashMap<String, String>) -> Option<String> {
        let goods = |text: &str| Terms::goods(&text.to_lowercase());
        let kind = goods(hs.get(code)?);
        let heading = code.get(..4)?;
        let mut fits: Vec<(&String, bool)> = hs
            .iter()
            .filter(|(c, t)| {
                c.len() == 6
                    && c.starts_with(heading)
                    && c.as_str() != code
                    && goods(t) == kind
                    && !self.excludes(c, t)
            })
            .map(|(c, t)| {
                let lower = t.to_lowercase();
                let named = Terms::read(&lower).named.iter().any(|p| self.named_in(p));
                (c, named)
            })
            .collect();
        // Named first, then by code, so the choice does not follow the
        // map's order.
        fits.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        fits.first().map(|(c, _)| (*c).clone())
    }

    /// Whether `phrase` (from the HS text, lower case) names this fibre's
    /// class.
    fn named_in(self, phrase: &str) -> bool {
        FIBRE_CLASSES
            .iter()
            .filter(|(_, classes)| classes.contains(&self))
            .any(|(w, _)| phrase.contains(w))
    }
}

/// How an HS text (lower case) names fibres.
struct Terms<'a> {
    /// The byte span of "(other than wool or fine animal hair, cotton or
    /// man-made fibres)": the fibres a residual subheading is not for.
    residual: Option<(usize, usize)>,
    /// "of cotton", "of fibres from kashmir (cashmere) goats": the fibres
    /// it is for.
    named: Vec<&'a str>,
}

fn names_a_fibre(phrase: &str) -> bool {
    FIBRE_CLASSES.iter().any(|(w, _)| phrase.contains(w))
}

impl<'a> Terms<'a> {
    fn read(lower: &'a str) -> Self {
        // "(other than wool …, cotton or man-made fibres)" runs to its
        // parenthesis; an unbracketed "other than of cotton or man-made
        // fibres" to its comma. "(other than impregnated, coated …)" is
        // not about fibres, and neither is "other than those of heading
        // 60.01".
        let residual = lower.match_indices("other than").find_map(|(i, _)| {
            let bracketed = lower[..i].trim_end().ends_with('(');
            let rest = &lower[i..];
            let len = if bracketed {
                rest.find(')')
            } else {
                rest.find([',', ';'])
            }
            .unwrap_or(rest.len());
            names_a_fibre(&rest[..len]).then_some((i, i + len))
        });
        let named = lower
            .match_indices("of ")
            .filter(|(i, _)| !residual.is_some_and(|(s, e)| (s..e).contains(i)))
            .map(|(i, _)| {
                let rest = &lower[i + 3..];
                rest.split([',', ';']).next().unwrap_or(rest)
            })
            .filter(|phrase| names_a_fibre(phrase))
            .collect();
        Terms { residual, named }
    }

    /// The text with its fibres taken out: what goods it is for.
    fn goods(lower: &str) -> String {
        let terms = Terms::read(lower);
        let text = match terms.residual {
            Some((s, e)) => format!("{}{}", &lower[..s], &lower[e..]),
            None => lower.to_string(),
        };
        text.split([',', ';'])
            .map(|p| p.trim().trim_matches(['(', ')']).trim())
            .filter(|p| {
                !p.is_empty()
                    && !(p.starts_with("of ")
                        && (names_a_fibre(p) || p.contains("textile materials")))
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// How the HS texts name the fibre classes.
const FIBRE_CLASSES: &[(&str, &[Fibre])] = &[
    ("silk", &[Fibre::Silk]),
    ("wool", &[Fibre::Wool]),
    ("fine animal hair", &[Fibre::Wool]),
    ("kashmir", &[Fibre::Wool]),
    ("cotton", &[Fibre::Cotton]),
    ("flax", &[Fibre::Vegetable]),
    ("vegetable", &[Fibre::Vegetable]),
    ("synthetic", &[Fibre::Synthetic]),
    ("artificial", &[Fibre::Artificial]),
    ("man-made", &[Fibre::Synthetic, Fibre::Artificial]),
];

#[cfg(test)]
mod tests {
    use super::*;
    use Fibre::*;

    #[test]
    fn the_predominant_fibre_of_a_composition_by_section_xi() {
        let stated = |d: &str| Fibre::stated(d, &[]);
        assert_eq!(
            stated("men's knit pullover made from 100% polyester"),
            Some(Synthetic)
        );
        assert_eq!(
            stated("swim bottom made of 54% cotton, 36% polyester, and 10% spandex"),
            Some(Cotton)
        );
        // Man-made fibres together outweigh cotton, then the larger of them.
        assert_eq!(
            stated("40% cotton, 35% polyester, 25% viscose"),
            Some(Synthetic)
        );
        // No fibre predominates: the chapter last in order (55 after 52).
        assert_eq!(
            stated("men's knit shorts made from 50% polyester and 50% cotton"),
            Some(Synthetic)
        );
        assert_eq!(stated("男式针织短裤 涤50%棉50%"), Some(Synthetic));
        assert_eq!(stated("女式棉质针织平角内裤，棉95%氨纶5%"), Some(Cotton));
        assert_eq!(stated("男式打底衫，100%羊毛"), Some(Wool));
        assert_eq!(stated("shirt, cotton 60% linen 40%"), Some(Cotton));
        assert_eq!(stated("54% cotton 36% polyester 10% spandex"), Some(Cotton));
        assert_eq!(stated("30% cotton 70% polyester"), Some(Synthetic));
    }

    #[test]
    fn a_single_fibre_named_or_listed_counts_but_several_do_not() {
        assert_eq!(Fibre::stated("Graphic T-shirt", &["Cotton"]), Some(Cotton));
        assert_eq!(
            Fibre::stated("Tank top", &["POLYESTER,Spandex"]),
            Some(Synthetic)
        );
        assert_eq!(Fibre::stated("Evening dress", &["Wool"]), Some(Wool));
        assert_eq!(
            Fibre::stated("a sweater of cotton, nylon and metallic yarn", &[]),
            None
        );
        assert_eq!(Fibre::stated("Cotton dress", &["POLYESTER"]), None);
        assert_eq!(Fibre::stated("Leather belt", &["Metal"]), None);
        assert_eq!(Fibre::stated("cotton bed linen set", &[]), Some(Cotton));
        assert_eq!(Fibre::stated("纯棉T恤 可机洗涤", &[]), Some(Cotton));
    }

    #[test]
    fn what_a_ruled_out_subheading_was_found_for_goes_to_its_sibling_of_the_fibre() {
        let hs: HashMap<String, String> = [
            ("620441", "Dresses; women's or girls', of wool or fine animal hair"),
            ("620442", "Dresses; women's or girls', of cotton"),
            ("620443", "Dresses; women's or girls', of synthetic fibres"),
            ("620444", "Dresses; women's or girls', of artificial fibres"),
            ("620449", "Dresses; women's or girls', of textile materials (other than wool or fine animal hair, cotton, synthetic or artificial fibres)"),
            ("620453", "Skirts and divided skirts; women's or girls', of synthetic fibres"),
        ]
        .into_iter()
        .map(|(c, t)| (c.to_string(), t.to_string()))
        .collect();
        assert_eq!(Artificial.sibling("620441", &hs).as_deref(), Some("620444"));
        assert_eq!(Synthetic.sibling("620442", &hs).as_deref(), Some("620443"));
        assert_eq!(Silk.sibling("620442", &hs).as_deref(), Some("620449"));
        assert_eq!(Synthetic.sibling("999999", &hs), None);
        // The sibling is for the same goods: women's swimwear stays women's,
        // and coated gloves are other goods than gloves of a fibre.
        let hs: HashMap<String, String> = [
            ("611231", "Swimwear; men's or boys', of synthetic fibres, knitted or crocheted"),
            ("611239", "Swimwear; men's or boys', of textile materials (other than synthetic fibres), knitted or crocheted"),
            ("611241", "Swimwear; women's or girls', of synthetic fibres, knitted or crocheted"),
            ("611249", "Swimwear; women's or girls', of textile materials (other than synthetic fibres), knitted or crocheted"),
            ("611610", "Gloves, mittens and mitts; knitted or crocheted, impregnated, coated, covered or laminated with plastics or rubber"),
            ("611692", "Gloves, mittens and mitts; of cotton, knitted or crocheted, (other than impregnated, coated, covered or laminated with plastics or rubber)"),
            ("611693", "Gloves, mittens and mitts; of synthetic fibres, knitted or crocheted, (other than impregnated, coated, covered or laminated with plastics or rubber)"),
            ("611699", "Gloves, mittens and mitts; of textile materials (other than wool or fine animal hair, cotton or synthetic fibres), knitted or crocheted, (other than impregnated, coated, covered or laminated with plastics or rubber)"),
        ]
        .into_iter()
        .map(|(c, t)| (c.to_string(), t.to_string()))
        .collect();
        assert_eq!(Cotton.sibling("611241", &hs).as_deref(), Some("611249"));
        assert_eq!(Synthetic.sibling("611692", &hs).as_deref(), Some("611693"));
        assert_eq!(Silk.sibling("611692", &hs).as_deref(), Some("611699"));
    }

    #[test]
    fn siblings_naming_another_fibre_are_ruled_out() {
        let jerseys_cotton = "Jerseys, pullovers, cardigans, waistcoats and similar articles; of cotton, knitted or crocheted";
        let jerseys_mmf = "Jerseys, pullovers, cardigans, waistcoats and similar articles; of man-made fibres, knitted or crocheted";
        let jerseys_other = "Jerseys, pullovers, cardigans, waistcoats and similar articles; of textile materials (other than wool or fine animal hair, cotton or man-made fibres), knitted or crocheted";
        assert!(Synthetic.excludes("611020", jerseys_cotton));
        assert!(!Synthetic.excludes("611030", jerseys_mmf));
        assert!(Synthetic.excludes("611090", jerseys_other));
        assert!(Cotton.excludes("611030", jerseys_mmf));
        assert!(!Silk.excludes("611090", jerseys_other));
        let tees_other = "T-shirts, singlets and other vests; of textile materials (other than cotton), knitted or crocheted";
        assert!(Cotton.excludes("610990", tees_other) && !Synthetic.excludes("610990", tees_other));
        let cashmere = "Jerseys, pullovers, cardigans, waistcoats and similar articles; knitted or crocheted, of fibres from kashmir (cashmere) goats";
        assert!(!Wool.excludes("611012", cashmere) && Cotton.excludes("611012", cashmere));
        // Outside Section XI, and subheadings naming no fibre, stay.
        assert!(!Cotton.excludes(
            "420222",
            "Handbags; with outer surface of plastic sheeting or of textile materials"
        ));
        assert!(!Cotton.excludes("611220", "Ski suits; knitted or crocheted"));
        let narrow = "fabrics; knitted or crocheted fabrics, other than those of heading 60.01 and 60.02, of a width not exceeding 30 cm, of cotton";
        assert!(!Cotton.excludes("600320", narrow) && Synthetic.excludes("600320", narrow));
        let coated = "Gloves, mittens and mitts; of synthetic fibres, knitted or crocheted, (other than impregnated, coated, covered or laminated with plastics or rubber)";
        assert!(!Synthetic.excludes("611693", coated) && Cotton.excludes("611693", coated));
        let wadding = "wadding; other articles thereof, other than of cotton or man-made fibres";
        assert!(Cotton.excludes("560129", wadding) && !Wool.excludes("560129", wadding));
        assert!(!Cotton.excludes("6110", jerseys_mmf));
    }
}
