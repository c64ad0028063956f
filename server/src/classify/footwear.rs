//! Footwear by the material of its upper, as the description states it.
//!
//! Headings 6401 to 6405 divide footwear by what its outer sole and upper
//! are made of, not by what it looks like: 6401 and 6402 "with outer soles
//! and uppers of rubber or plastics", 6403 "uppers of leather", 6404
//! "uppers of textile materials", 6405 the rest. A boot, a sandal or a
//! slipper is described in much the same words under each, so the votes
//! split by the words of whichever lines match: on classify-dev a PU-upper
//! platform pump went to 6404 and a flock ankle boot to 6402. A listing
//! often states the upper (`Upper Material: PU`), and with it the headings
//! whose terms name another upper cannot be right.
//!
//! Only what is unambiguous counts. "Leather" alone is not leather in a
//! listing (PU leather, patent leather of either), so leather is read only
//! as genuine, cow, sheep or pig leather; an unknown material rules out
//! nothing. Heading 6406 (parts of footwear) is never ruled out: an
//! insole or an upper sold alone is classified there whatever it is made of.

use std::sync::LazyLock;

use regex::Regex;

/// What a shoe's upper is made of, in the terms of headings 6401–6405.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Upper {
    /// Rubber or plastics (6401, 6402): PU, PVC, EVA, synthetic leather.
    RubberOrPlastics,
    /// Leather (6403).
    Leather,
    /// Textile materials (6404, or 6405 on other soles).
    Textile,
}

static RUBBER_OR_PLASTICS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)^(?:pu|pvc|tpu|tpr|eva|rubber|plastics?|silicone|microfiber|pu leather|",
        r"synthetic(?: leather)?|橡胶|塑料|pu革|pu皮|人造革|合成革)$"
    ))
    .expect("a valid pattern")
});

static LEATHER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)^(?:genuine leather|real leather|full[- ]grain leather|cow ?leather|cowhide|",
        r"cow split|cow suede|sheepskin|sheep leather|pigskin|pig leather|真皮|牛皮|羊皮|猪皮)$"
    ))
    .expect("a valid pattern")
});

static TEXTILE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)^(?:canvas|mesh|air mesh|cloth|fabric|stretch fabric|textile|flock|flocking|",
        r"flannel|velvet|cotton|cotton fabric|denim|knit|knitting|satin|lycra|wool|felt|",
        r"帆布|网布|布|布面|织物|绒面布|针织)$"
    ))
    .expect("a valid pattern")
});

/// "PU upper", "uppers of canvas", "牛皮鞋面", "鞋面为帆布": the material
/// named next to the word for the upper.
static UPPER_IN_TEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)\b(?P<a>[a-z]+(?:[ -][a-z]+)?)\s+uppers?\b",
        r"|\buppers?\s+(?:of|made of|in)\s+(?P<b>[a-z]+(?:[ -][a-z]+)?)",
        r"|(?P<c>\p{Han}{1,3})鞋面|鞋面(?:材质)?(?:为|是|：|:)?(?P<d>\p{Han}{1,3})",
    ))
    .expect("a valid pattern")
});

impl Upper {
    /// The class of a material's name, if it is one of the unambiguous ones.
    fn of_material(name: &str) -> Option<Self> {
        let name = name.trim();
        if RUBBER_OR_PLASTICS.is_match(name) {
            Some(Upper::RubberOrPlastics)
        } else if LEATHER.is_match(name) {
            Some(Upper::Leather)
        } else if TEXTILE.is_match(name) {
            Some(Upper::Textile)
        } else {
            None
        }
    }

    /// The material a phrase before or after the word for the upper names:
    /// its last words ("with canvas" is canvas), or for Chinese any run of
    /// its characters ("式牛皮" is 牛皮), longest first.
    fn named_in(phrase: &str) -> Option<Self> {
        if phrase.is_ascii() {
            let words: Vec<&str> = phrase.split([' ', '-']).collect();
            return (0..words.len()).find_map(|i| Self::of_material(&words[i..].join(" ")));
        }
        let chars: Vec<char> = phrase.chars().collect();
        (1..=chars.len()).rev().find_map(|len| {
            chars
                .windows(len)
                .find_map(|w| Self::of_material(&w.iter().collect::<String>()))
        })
    }

    /// The upper a listing's `Upper Material` attribute or the description
    /// states; `None` when neither states one plainly, or they disagree.
    pub fn stated(attribute: Option<&str>, description: &str) -> Option<Self> {
        let mut found = attribute.and_then(Self::of_material);
        for c in UPPER_IN_TEXT.captures_iter(description) {
            let named = ["a", "b", "c", "d"]
                .iter()
                .find_map(|g| c.name(g))
                .and_then(|m| Self::named_in(m.as_str()));
            match (found, named) {
                (Some(f), Some(n)) if f != n => return None,
                (None, Some(n)) => found = Some(n),
                _ => {}
            }
        }
        found
    }

    /// Whether the terms of headings 6401–6405 rule out `code` (a heading
    /// or subheading, digits) for footwear with this upper.
    pub fn excludes(self, code: &str) -> bool {
        let Some(heading) = code.get(..4) else {
            return false;
        };
        let allowed: &[&str] = match self {
            Upper::RubberOrPlastics => &["6401", "6402"],
            Upper::Leather => &["6403"],
            Upper::Textile => &["6404", "6405"],
        };
        matches!(heading, "6401" | "6402" | "6403" | "6404" | "6405") && !allowed.contains(&heading)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_upper_from_the_attribute_or_the_description() {
        use Upper::*;
        assert_eq!(
            Upper::stated(Some("PU"), "Platform pumps"),
            Some(RubberOrPlastics)
        );
        assert_eq!(
            Upper::stated(Some("Genuine Leather"), "Tap shoes"),
            Some(Leather)
        );
        assert_eq!(Upper::stated(Some("Flock"), "Ankle boots"), Some(Textile));
        assert_eq!(
            Upper::stated(None, "sneakers with canvas uppers"),
            Some(Textile)
        );
        assert_eq!(
            Upper::stated(None, "boots, uppers of cowhide"),
            Some(Leather)
        );
        assert_eq!(
            Upper::stated(None, "PU leather upper sandals"),
            Some(RubberOrPlastics)
        );
        assert_eq!(Upper::stated(None, "女式牛皮鞋面短靴"), Some(Leather));
        assert_eq!(Upper::stated(None, "运动鞋 鞋面为网布"), Some(Textile));
        // Not plain enough to decide: leather of any kind, an unknown
        // material, no upper named, or two that disagree.
        assert_eq!(Upper::stated(Some("Patent Leather"), "High heels"), None);
        assert_eq!(Upper::stated(Some("Leather"), "Soft leather boots"), None);
        assert_eq!(Upper::stated(None, "leather boots with rubber sole"), None);
        assert_eq!(Upper::stated(Some("PU"), "boots with canvas upper"), None);
    }

    #[test]
    fn headings_naming_another_upper_are_ruled_out_but_not_parts() {
        let pu = Upper::RubberOrPlastics;
        assert!(pu.excludes("640411") && pu.excludes("6403") && pu.excludes("640520"));
        assert!(!pu.excludes("640299") && !pu.excludes("6401") && !pu.excludes("640690"));
        assert!(Upper::Leather.excludes("640299") && !Upper::Leather.excludes("640399"));
        assert!(Upper::Textile.excludes("640291") && !Upper::Textile.excludes("640520"));
        assert!(!Upper::Textile.excludes("420212") && !Upper::Textile.excludes("64"));
    }
}
