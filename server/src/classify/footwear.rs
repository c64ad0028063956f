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

use super::ruled_out::Reason;

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

static CHINESE_SHOE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"靴|鞋").expect("a valid pattern"));

/// A sole and its material: 橡胶底, PU大底, EVA鞋底, 牛筋底.
static SOLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:[a-z]+|\p{Han}{1,3})(?:大底|鞋底|外底|底)").expect("a valid pattern")
});

/// Materials in a Chinese description. A lone 布 is left out: it is also
/// the first syllable of 布洛克 (brogue).
static CHINESE_MATERIAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)(?P<rp>\bpu\b|\bpvc\b|\btpu\b|\beva\b|橡胶|塑料|人造革|合成革|超纤|硅胶|pu(?:皮|革)?|pvc)",
        r"|(?P<leather>真皮|头层皮|牛皮|羊皮|猪皮|牛反绒|羊反绒)",
        r"|(?P<textile>帆布|网布|网面|布面|飞织|针织|绒面布|织物|毛呢)",
    ))
    .expect("a valid pattern")
});

/// The headings that divide footwear by its upper (6406, parts, does not).
const BY_UPPER: &[&str] = &["6401", "6402", "6403", "6404", "6405"];

impl Upper {
    /// What it states and rules out, and by which terms.
    pub fn reason(self) -> Reason {
        let stated = match self {
            Upper::RubberOrPlastics => "upper of rubber or plastics",
            Upper::Leather => "upper of leather",
            Upper::Textile => "upper of textile materials",
        };
        let others: Vec<&str> = BY_UPPER
            .iter()
            .copied()
            .filter(|h| !self.headings().contains(h))
            .collect();
        let excluded = match others.split_last() {
            Some((last, [])) => format!("heading {last}"),
            Some((last, rest)) => format!("headings {} and {last}", rest.join(", ")),
            None => String::new(),
        };
        Reason {
            stated: stated.into(),
            excluded,
            notes: &[],
            terms: &["6402", "6403", "6404"],
        }
    }

    /// The headings of 6401–6405 whose terms name this upper.
    fn headings(self) -> &'static [&'static str] {
        match self {
            Upper::RubberOrPlastics => &["6401", "6402"],
            Upper::Leather => &["6403"],
            Upper::Textile => &["6404", "6405"],
        }
    }

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
        found.or_else(|| Self::of_chinese_shoe(description))
    }

    /// A Chinese description of a shoe names its upper without a word for
    /// it: 女式PU短靴, 真牛皮系带平底鞋, PVC厚底拖鞋. Once the sole is taken
    /// out (橡胶底, EVA大底), the one material class left is the upper's;
    /// none, or two, decide nothing.
    fn of_chinese_shoe(description: &str) -> Option<Self> {
        if !CHINESE_SHOE.is_match(description) {
            return None;
        }
        let without_sole = SOLE.replace_all(description, " ");
        let mut classes: Vec<Upper> = CHINESE_MATERIAL
            .captures_iter(&without_sole)
            .filter_map(|c| {
                if c.name("rp").is_some() {
                    Some(Upper::RubberOrPlastics)
                } else if c.name("leather").is_some() {
                    Some(Upper::Leather)
                } else if c.name("textile").is_some() {
                    Some(Upper::Textile)
                } else {
                    None
                }
            })
            .collect();
        classes.dedup();
        match classes.as_slice() {
            [one] => Some(*one),
            _ => None,
        }
    }

    /// Whether the terms of headings 6401–6405 rule out `code` (a heading
    /// or subheading, digits) for footwear with this upper.
    pub fn excludes(self, code: &str) -> bool {
        let Some(heading) = code.get(..4) else {
            return false;
        };
        BY_UPPER.contains(&heading) && !self.headings().contains(&heading)
    }
}

/// What kind of shoe the description names, in the terms of the
/// subheadings of 6402–6404: sports footwear or not, covering the ankle or
/// not.
///
/// "Sports footwear" is a defined term (Chapter 64 Subheading Note 1, and
/// 6404.11 "tennis shoes, basketball shoes, gym shoes, training shoes and
/// the like"): a boot, a sandal or a court shoe is not, whatever the
/// listing's other words; on classify-dev three flock boots and sandals
/// went to 6404.11. A boot covers the ankle (6402.91, 6403.51, 6403.91); a
/// sandal, slipper or court shoe does not (6402.99, 6403.59, 6403.99). A
/// description naming both kinds of one question ("running sandals")
/// answers neither; a boot outranks the rest ("high heels boots", "boot
/// slippers" cover the ankle).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ShoeStyle {
    /// Sports footwear in the sense of the subheadings.
    pub sport: Option<bool>,
    /// Covers the ankle.
    pub covers_ankle: Option<bool>,
}

static SPORT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)\b(?:sneakers?|trainers?|running|jogging|basketball|tennis|gym|training|athletic|",
        r"football|soccer|cleats?|spikes|skates?|skating|ski|snowboard|golf|sports? shoes?)\b",
        r"|运动鞋|跑步鞋|篮球鞋|网球鞋|足球鞋|训练鞋",
    ))
    .expect("a valid pattern")
});

static BOOTS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:boots?|booties?|booty)\b|靴").expect("a valid pattern"));

static LOW: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)\b(?:sandals?|slippers?|flip[- ]?flops?|slides|pumps|heels|stilettos?|wedges|",
        r"flats|loafers?|oxfords|brogues|mules?|clogs?|espadrilles?|moccasins?)\b",
        r"|凉鞋|拖鞋|高跟鞋|单鞋|平底鞋",
    ))
    .expect("a valid pattern")
});

/// Sports subheadings and, for 6404.11, the sibling of the same footwear
/// that is not sports footwear.
const SPORTS: &[(&str, Option<&str>)] = &[
    ("640212", None),
    ("640219", None),
    ("640312", None),
    ("640319", None),
    ("640411", Some("640419")),
];

/// Subheadings covering the ankle, each with its sibling that does not.
const ANKLE: &[(&str, &str)] = &[
    ("640291", "640299"),
    ("640351", "640359"),
    ("640391", "640399"),
];

impl ShoeStyle {
    /// What it states and rules out, and by which notes and terms.
    pub fn reason(self) -> Option<Reason> {
        // "640411" is written 6404.11, as the subheading is cited.
        let dotted = |codes: Vec<&str>| -> String {
            codes
                .iter()
                .map(|c| format!("{}.{}", &c[..4], &c[4..]))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut stated = Vec::new();
        let mut excluded = Vec::new();
        match self.sport {
            Some(true) => {
                stated.push("sports footwear");
                excluded.push(dotted(SPORTS.iter().filter_map(|(_, s)| *s).collect()));
            }
            Some(false) => {
                stated.push("not sports footwear");
                excluded.push(dotted(SPORTS.iter().map(|(c, _)| *c).collect()));
            }
            None => {}
        }
        match self.covers_ankle {
            Some(true) => {
                stated.push("covering the ankle");
                excluded.push(dotted(ANKLE.iter().map(|(_, low)| *low).collect()));
            }
            Some(false) => {
                stated.push("not covering the ankle");
                excluded.push(dotted(ANKLE.iter().map(|(c, _)| *c).collect()));
            }
            None => {}
        }
        (!stated.is_empty()).then(|| Reason {
            stated: stated.join(", "),
            excluded: format!("subheadings {}", excluded.join("; ")),
            notes: &["Chapter 64 Subheading Note 1"],
            terms: &["640411", "640291"],
        })
    }

    /// The style `description` names.
    pub fn stated(description: &str) -> Self {
        let boots = BOOTS.is_match(description);
        let low = LOW.is_match(description);
        let sport = SPORT.is_match(description);
        ShoeStyle {
            sport: match (sport, boots || low) {
                (true, false) => Some(true),
                (false, true) => Some(false),
                _ => None,
            },
            covers_ankle: if boots {
                Some(true)
            } else if low {
                Some(false)
            } else {
                None
            },
        }
    }

    /// Whether the subheading terms rule out `code` (digits) for this style.
    pub fn excludes(self, code: &str) -> bool {
        let sports = SPORTS.iter().any(|(c, _)| *c == code);
        let not_sports = SPORTS.iter().any(|(_, s)| *s == Some(code));
        let covering = ANKLE.iter().any(|(c, _)| *c == code);
        let low = ANKLE.iter().any(|(_, l)| *l == code);
        match (self.sport, self.covers_ankle) {
            (Some(false), _) if sports => true,
            (Some(true), _) if not_sports => true,
            (_, Some(true)) if low => true,
            (_, Some(false)) if covering => true,
            _ => false,
        }
    }

    /// The sibling that takes what was found for a ruled-out `code`: the
    /// same footwear, of the other kind.
    pub fn sibling(self, code: &str) -> Option<String> {
        if !self.excludes(code) {
            return None;
        }
        let other = SPORTS
            .iter()
            .find_map(|(c, s)| match self.sport {
                Some(false) if *c == code => *s,
                Some(true) if *s == Some(code) => Some(*c),
                _ => None,
            })
            .or_else(|| {
                ANKLE.iter().find_map(|(c, l)| match self.covers_ankle {
                    Some(true) if *l == code => Some(*c),
                    Some(false) if *c == code => Some(*l),
                    _ => None,
                })
            })?;
        (!self.excludes(other)).then(|| other.to_string())
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
        // A Chinese description names the upper by its material alone,
        // once the sole is set aside.
        assert_eq!(
            Upper::stated(None, "女式PU短靴 橡胶底"),
            Some(RubberOrPlastics)
        );
        assert_eq!(
            Upper::stated(None, "女式真牛皮系带布洛克平底鞋 橡胶底"),
            Some(Leather)
        );
        assert_eq!(
            Upper::stated(None, "女士PVC厚底拖鞋"),
            Some(RubberOrPlastics)
        );
        assert_eq!(Upper::stated(None, "男士帆布鞋"), Some(Textile));
        assert_eq!(Upper::stated(None, "牛皮鞋垫"), Some(Leather));
        assert_eq!(Upper::stated(None, "真皮PU拼接短靴"), None);
        assert_eq!(Upper::stated(None, "女式短靴 橡胶底"), None);
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

    #[test]
    fn the_style_of_shoe_the_description_names() {
        let s = ShoeStyle::stated;
        assert_eq!(s("Women Stretch Long Boots Pointed Toe").sport, Some(false));
        assert_eq!(
            s("Women Stretch Long Boots Pointed Toe").covers_ankle,
            Some(true)
        );
        assert_eq!(
            s("High Heels Boots Women Fur Shoes").covers_ankle,
            Some(true)
        );
        assert_eq!(
            s("Retro Women Fringe Flower Wedges Shoes").covers_ankle,
            Some(false)
        );
        assert_eq!(s("Men's running sneakers").sport, Some(true));
        assert_eq!(s("Men's running sneakers").covers_ankle, None);
        assert_eq!(s("Running sandals").sport, None);
        assert_eq!(s("女式短靴").covers_ankle, Some(true));
        assert_eq!(s("Shoe laces, 120 cm"), ShoeStyle::default());
    }

    #[test]
    fn sports_and_ankle_subheadings_of_the_other_kind_are_ruled_out() {
        let boots = ShoeStyle::stated("ankle boots");
        assert!(boots.excludes("640411") && boots.excludes("640299") && boots.excludes("640219"));
        assert!(
            !boots.excludes("640419") && !boots.excludes("640291") && !boots.excludes("640520")
        );
        assert_eq!(boots.sibling("640411").as_deref(), Some("640419"));
        assert_eq!(boots.sibling("640399").as_deref(), Some("640391"));
        assert_eq!(boots.sibling("640219"), None);
        let sandals = ShoeStyle::stated("platform sandals");
        assert_eq!(sandals.sibling("640291").as_deref(), Some("640299"));
        let trainers = ShoeStyle::stated("basketball shoes");
        assert!(trainers.excludes("640419") && !trainers.excludes("640411"));
        assert_eq!(trainers.sibling("640419").as_deref(), Some("640411"));
    }

    #[test]
    fn reasons_name_the_codes_the_rules_exclude() {
        let excluded = |u: Upper| u.reason().excluded;
        assert_eq!(
            excluded(Upper::RubberOrPlastics),
            "headings 6403, 6404 and 6405"
        );
        assert_eq!(
            excluded(Upper::Leather),
            "headings 6401, 6402, 6404 and 6405"
        );
        assert_eq!(excluded(Upper::Textile), "headings 6401, 6402 and 6403");
        let boots = ShoeStyle::stated("ankle boots")
            .reason()
            .map(|r| r.excluded);
        assert_eq!(
            boots.as_deref(),
            Some("subheadings 6402.12, 6402.19, 6403.12, 6403.19, 6404.11; 6402.99, 6403.59, 6403.99")
        );
        let trainers = ShoeStyle::stated("basketball shoes")
            .reason()
            .map(|r| r.excluded);
        assert_eq!(trainers.as_deref(), Some("subheadings 6404.19"));
        let sandals = ShoeStyle::stated("sandals").reason().map(|r| r.excluded);
        assert_eq!(
            sandals.as_deref(),
            Some("subheadings 6402.12, 6402.19, 6403.12, 6403.19, 6404.11; 6402.91, 6403.51, 6403.91")
        );
    }
}
