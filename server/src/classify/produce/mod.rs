//! Meat, nuts and eggs by what the description states of the produce: the
//! bird it comes from, boneless or bone-in, shelled or in shell, fresh or
//! preserved.
//!
//! Chapters 1 to 4 and 8 split headings by facts a broker reads off the
//! description, not by the goods' name: eggs and poultry by the bird (0407.21
//! "of fowls of the species Gallus domesticus", 0407.29 "other than"; 0207
//! by chicken, turkey, duck, goose, guinea fowl; 0105 likewise), meat by
//! the bone (0201.20 "cuts with bone in", 0201.30 "boneless cuts"; a
//! carcass has its bones), nuts by the shell (0802.31 walnuts "in shell",
//! 0802.32 "shelled"; ground-nuts 1202.41 and .42). The sibling texts
//! share every other word, so the votes find the heading and split evenly
//! or wrongly: 新鲜鸡蛋 had gone to 0407.29 at 0.84, 冷冻去骨猪五花肉 to the
//! bone-in hams of 0203.22, 腰果仁 (cashew kernels) tied between in shell
//! and shelled. Eggs are also split by their state (0407.11–.29 "fresh",
//! 0407.90 "preserved or cooked"), as are the chapters' "fresh or chilled"
//! goods against what is preserved: salted duck eggs had gone to the fresh
//! eggs of other birds, 0407.29, once the duck was read. The subheadings
//! the statement contradicts are ruled out (GRI 6) and what was found for
//! them goes to the sibling that fits.
//!
//! The birds, bones and shells of each subheading are read from its HS
//! text, so every heading that divides by them is covered and none is
//! listed here.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use regex::Regex;

use super::ruled_out::{first_named, words, Reason};

/// A bird that eggs, meat or live poultry come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bird {
    /// Domestic fowl, Gallus domesticus (hens, chickens).
    Gallus,
    Turkey,
    Duck,
    Goose,
    GuineaFowl,
    /// Quail, pigeon, ostrich and the other birds no subheading names.
    Other,
}

impl Bird {
    fn name(self) -> &'static str {
        match self {
            Bird::Gallus => "fowls of the species Gallus domesticus (hens, chickens)",
            Bird::Turkey => "turkeys",
            Bird::Duck => "ducks",
            Bird::Goose => "geese",
            Bird::GuineaFowl => "guinea fowls",
            Bird::Other => "birds other than domestic poultry",
        }
    }
}

/// The birds an HS text is for, if it names any.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Birds {
    /// These only.
    Named(Vec<Bird>),
    /// Every bird but Gallus domesticus ("other than fowls of the species
    /// Gallus domesticus").
    AllButGallus,
}

impl Birds {
    fn of_text(text: &str) -> Option<Self> {
        let t = text.to_lowercase();
        // "Of poultry (excluding turkeys)" names no bird of its own.
        if t.contains("excluding turkeys") {
            return None;
        }
        if t.contains("other than fowls of the species gallus") {
            return Some(Birds::AllButGallus);
        }
        let named: Vec<Bird> = [
            ("gallus domesticus", Bird::Gallus),
            ("turkeys", Bird::Turkey),
            ("ducks", Bird::Duck),
            ("geese", Bird::Goose),
            ("guinea fowls", Bird::GuineaFowl),
        ]
        .into_iter()
        .filter(|(w, _)| t.contains(w))
        .map(|(_, b)| b)
        .collect();
        (!named.is_empty()).then_some(Birds::Named(named))
    }

    fn has(&self, bird: Bird) -> bool {
        match self {
            Birds::Named(named) => named.contains(&bird),
            Birds::AllButGallus => bird != Bird::Gallus,
        }
    }
}

/// What the description states of the produce.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Produce {
    /// The bird it comes from.
    bird: Option<Bird>,
    /// Boneless (`true`) or bone-in (`false`).
    boneless: Option<bool>,
    /// Shelled (`true`) or in shell (`false`).
    shelled: Option<bool>,
    /// Preserved or cooked (`true`) or fresh (`false`).
    preserved: Option<bool>,
}

static BIRDS: LazyLock<Vec<(Bird, Regex)>> = LazyLock::new(|| {
    vec![
        (
            Bird::Gallus,
            words(
                r"\b(?:chickens?|hens?|hen's|broilers?|roosters?|poussins?|capons?|pullets?)\b|鸡",
            ),
        ),
        (Bird::Turkey, words(r"\bturkeys?\b|火鸡")),
        (Bird::Duck, words(r"\b(?:ducks?|ducklings?)\b|鸭")),
        (Bird::Goose, words(r"\b(?:goose|geese|goslings?)\b|鹅")),
        (Bird::GuineaFowl, words(r"\bguinea ?fowls?\b|珍珠鸡")),
        (
            Bird::Other,
            words(concat!(
                r"\b(?:quails?|pigeons?|squabs?|ostrich(?:es)?|pheasants?|partridges?|emus?)\b",
                r"|鹌鹑|鸽|鸵鸟|山鸡|野鸡|鹧鸪",
            )),
        ),
    ]
});
/// Names with a bird's word that are not the bird ("hen of the woods" is a
/// mushroom, 鸡尾酒 a cocktail).
static NOT_A_BIRD: LazyLock<Regex> =
    LazyLock::new(|| words(r"\bhen of the woods\b|鸡尾酒|鸡精|鸡冠花|田鸡"));

static BONELESS: LazyLock<Regex> =
    LazyLock::new(|| words(r"\b(?:boneless|bone-less|de-?boned|without bones?)\b|去骨|无骨|剔骨"));
static BONE_IN: LazyLock<Regex> =
    LazyLock::new(|| words(r"\b(?:bone-? ?in|with bones?|on the bone)\b|带骨|连骨"));
static SHELLED: LazyLock<Regex> = LazyLock::new(|| {
    words(concat!(
        r"\b(?:shelled|kernels?|nut ?meats?|without shells?)\b|去壳|果仁|",
        r"(?:核桃|腰果|花生|杏|榛子|开心果|松子|夏威夷果|碧根果|巴西坚果|板栗|栗)仁",
    ))
});
static IN_SHELL: LazyLock<Regex> =
    LazyLock::new(|| words(r"\b(?:in[- ]shell|in the shell|unshelled)\b|带壳|连壳"));

/// Salted, pickled or cooked: the state of goods of 0407.90, 0210 or
/// 2001 rather than of fresh produce. Chinese 熟 alone would also be "ripe"
/// (成熟) and 卤 "halogen" (卤素), so only their food compounds count.
static PRESERVED: LazyLock<Regex> = LazyLock::new(|| {
    words(concat!(
        r"\b(?:salted|pickled|preserved|cooked|boiled|century eggs?)\b",
        r"|咸蛋|咸鸭蛋|咸鸡蛋|腌制|腌渍|盐渍|皮蛋|松花蛋|卤蛋|卤制|熟制|煮熟|茶叶蛋",
    ))
});
static FRESH: LazyLock<Regex> = LazyLock::new(|| words(r"\bfresh\b|新鲜|鲜活|冰鲜"));

/// Parenthesised exclusions of an HS text ("(excluding carcasses and
/// half-carcasses)"), which name what the subheading is not.
static EXCLUDING: LazyLock<Regex> = LazyLock::new(|| words(r"\(excluding [^)]*\)"));

/// An HS text in lower case without what it excludes, which is what its
/// words about birds, bones, shells and state are read from.
fn included(text: &str) -> String {
    EXCLUDING.replace_all(&text.to_lowercase(), "").into_owned()
}

/// Whether an HS text is for boneless meat (`true`), meat with its bones
/// (`false`: cuts with bone in, carcasses), or says nothing of bones.
fn boneless_of_text(text: &str) -> Option<bool> {
    let t = included(text);
    if t.contains("boneless") {
        Some(true)
    } else if t.contains("with bone in") || t.contains("carcasses") {
        Some(false)
    } else {
        None
    }
}

/// Whether an HS text is for shelled goods (`true`), goods in shell
/// (`false`), or either.
fn shelled_of_text(text: &str) -> Option<bool> {
    let t = text.to_lowercase();
    if t.contains("whether or not shelled") || t.contains("in shell or not") {
        None
    } else if t.contains("not in shell") || t.contains("shelled") {
        Some(true)
    } else if t.contains("in shell") && !t.contains("inner shell") {
        Some(false)
    } else {
        None
    }
}

/// Whether an HS text is for preserved or cooked goods (`true`), fresh
/// ones (`false`), or says neither or both ("fresh, preserved or cooked";
/// "not roasted or otherwise cooked" is no cooking).
fn preserved_of_text(text: &str) -> Option<bool> {
    let t = included(text);
    let preserved = (t.contains("preserved") || t.contains("cooked"))
        && !t.contains("uncooked")
        && !t.contains("not roasted or otherwise cooked")
        && !t.contains("not cooked");
    let fresh = t.contains("fresh");
    match (preserved, fresh) {
        (true, false) => Some(true),
        (false, true) => Some(false),
        _ => None,
    }
}

/// Words of an HS text that say what else the subheading is for (fresh or
/// frozen, cuts or carcasses), without those naming birds, bones or shells
/// and without what it excludes.
fn other_words(text: &str) -> HashSet<String> {
    const DIVIDING: &[&str] = &[
        "of",
        "the",
        "and",
        "other",
        "than",
        "species",
        "fowls",
        "fowl",
        "gallus",
        "domesticus",
        "domestic",
        "hens",
        "turkeys",
        "ducks",
        "geese",
        "guinea",
        "boneless",
        "with",
        "bone",
        "in",
        "shell",
        "shelled",
        "fresh",
        "preserved",
        "cooked",
    ];
    included(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !DIVIDING.contains(w))
        .map(str::to_string)
        .collect()
}

impl Produce {
    /// What `description` states of the produce, if anything.
    pub fn stated(description: &str) -> Option<Self> {
        let bird = (!NOT_A_BIRD.is_match(description))
            .then(|| first_named(&BIRDS, description).map(|(b, _)| b))
            .flatten();
        let either = |yes: &Regex, no: &Regex| {
            if yes.is_match(description) {
                Some(true)
            } else if no.is_match(description) {
                Some(false)
            } else {
                None
            }
        };
        let produce = Produce {
            bird,
            boneless: either(&BONELESS, &BONE_IN),
            // "Unshelled" and 带壳 before the "shell" words they contain.
            shelled: either(&IN_SHELL, &SHELLED).map(|in_shell| !in_shell),
            preserved: either(&PRESERVED, &FRESH),
        };
        (produce != Produce::default()).then_some(produce)
    }

    /// Whether `code` (digits), whose HS text is `text`, contradicts what
    /// is stated.
    pub fn excludes(self, code: &str, text: &str) -> bool {
        if code.len() != 6 {
            return false;
        }
        let contradicts = |stated: Option<bool>, of_text: Option<bool>| matches!((stated, of_text), (Some(a), Some(b)) if a != b);
        self.bird
            .zip(Birds::of_text(text))
            .is_some_and(|(bird, birds)| !birds.has(bird))
            || contradicts(self.boneless, boneless_of_text(text))
            || contradicts(self.shelled, shelled_of_text(text))
            || contradicts(self.preserved, preserved_of_text(text))
    }

    /// Where what was found for `code` (ruled out) goes: the subheading of
    /// its heading that fits, the one sharing most of its other words (fresh
    /// or frozen, cuts or whole) first. `None` when none fits.
    pub fn sibling(self, code: &str, hs: &HashMap<String, String>) -> Option<String> {
        let own = hs.get(code)?;
        if !self.excludes(code, own) {
            return None;
        }
        let heading = code.get(..4)?;
        let words = other_words(own);
        let says = |t: &str| {
            self.bird
                .is_some_and(|b| Birds::of_text(t).is_some_and(|n| n.has(b)))
                || self.boneless.is_some() && boneless_of_text(t) == self.boneless
                || self.shelled.is_some() && shelled_of_text(t) == self.shelled
                || self.preserved.is_some() && preserved_of_text(t) == self.preserved
        };
        hs.iter()
            .filter(|(c, t)| c.len() == 6 && c.starts_with(heading) && !self.excludes(c, t))
            .map(|(c, t)| (says(t), other_words(t).intersection(&words).count(), c))
            // What the statement names first, then most words shared, then
            // by code, so the choice does not follow the map's order.
            .max_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)).then(b.2.cmp(a.2)))
            .map(|(_, _, c)| c.clone())
    }

    /// What it states and rules out.
    pub fn reason(self) -> Reason {
        let mut stated = Vec::new();
        let mut excluded = Vec::new();
        if let Some(bird) = self.bird {
            stated.push(format!("of {}", bird.name()));
            excluded.push("the subheadings for other birds");
        }
        match self.boneless {
            Some(true) => {
                stated.push("boneless".into());
                excluded.push("carcasses and cuts with bone in");
            }
            Some(false) => {
                stated.push("with bone in".into());
                excluded.push("boneless cuts");
            }
            None => {}
        }
        match self.shelled {
            Some(true) => {
                stated.push("shelled".into());
                excluded.push("the subheadings for goods in shell");
            }
            Some(false) => {
                stated.push("in shell".into());
                excluded.push("the subheadings for shelled goods");
            }
            None => {}
        }
        match self.preserved {
            Some(true) => {
                stated.push("preserved or cooked".into());
                excluded.push("the subheadings for fresh goods");
            }
            Some(false) => {
                stated.push("fresh".into());
                excluded.push("the subheadings for preserved or cooked goods");
            }
            None => {}
        }
        Reason {
            stated: stated.join(", "),
            excluded: excluded.join("; "),
            notes: &["Rule 6"],
            terms: &[],
        }
    }
}

#[cfg(test)]
mod tests;
