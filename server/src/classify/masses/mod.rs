//! Goods by the mass the description states, against the subheadings that
//! divide a heading by weight.
//!
//! Some headings split their goods by a mass and nothing else: unmanned
//! aircraft by maximum take-off weight (8806.21 "not more than 250g",
//! .22 "more than 250g but not more than 7kg" …), tea by the content of
//! its immediate packing (0902.10 and .30 "not exceeding 3kg"), chocolate
//! bars by their weight (1806.31/.32 "2kg or less", 1806.20 above),
//! washing machines by dry linen capacity (8450.11–.19 and .20 at 10 kg),
//! weighing machines by their maximum capacity (8423.81/.82/.89). The
//! sibling texts share every word but the figures, so the votes find the
//! heading and leave the split to chance, where a broker reads "249 g" off
//! the description and the subheading follows (GRI 6): "Camera drone,
//! take-off weight 900 g" had gone to 8806.21.
//!
//! A description may state several masses (a washing machine's 8 kg
//! capacity and its 65 kg net weight), and which of them the heading
//! divides by is not always said. So a subheading is ruled out only when
//! none of the masses that can be its measure falls in its range while a
//! sibling's range holds one of them; a figure the description gives as the
//! goods' own weight is not taken for a capacity. Ranges are read from the
//! HS texts themselves, so every heading that divides by mass is covered
//! and none is listed here.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use super::ruled_out::Reason;

/// How many masses of a description are kept; listings rarely state more.
const MAX_STATED: usize = 4;

/// A mass the description states, in grams.
#[derive(Debug, Clone, Copy, PartialEq)]
struct StatedMass {
    grams: f64,
    /// Given as the goods' own weight ("net weight 65 kg", 重量), so not
    /// the capacity of a machine.
    own_weight: bool,
}

/// What an HS text's mass range measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Measure {
    /// What a machine holds or weighs ("dry linen capacity", "maximum
    /// weighing capacity").
    Capacity,
    /// The goods themselves or their packing's content.
    Weight,
}

/// A mass range of an HS text, in grams: above `low` (exclusive) and up to
/// `high` (inclusive). Whether a bound is strict matters only at the
/// boundary figure, which descriptions rarely state.
#[derive(Debug, Clone, Copy, PartialEq)]
struct MassRange {
    low: f64,
    high: f64,
    measure: Measure,
}

impl MassRange {
    fn holds(self, mass: StatedMass) -> bool {
        (self.measure == Measure::Weight || !mass.own_weight)
            && mass.grams > self.low
            && mass.grams <= self.high
    }
}

/// The masses a description states.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StatedMasses {
    found: [Option<StatedMass>; MAX_STATED],
}

/// A bound of an HS range: a figure with its unit, after the words that
/// say which side it bounds ("not more than 250g") or before them ("2kg
/// or less").
static HS_BOUND: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)(not more than|not exceeding|not over|less than|more than|exceeding|over|but not)?\s*",
        r"(\d+(?:\.\d+)?)\s*(kg|g)\b(\s+or (?:less|more))?",
    ))
    .expect("a valid regex")
});

/// Figures that are no mass of the goods: densities and weights per area
/// or per skin.
static NOT_A_MASS_RANGE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)g/m|g/cm|per skin|per m2").expect("a valid regex"));

/// A mass in a description: a number and its unit. Lowercase "g" only, so
/// that a "5G" phone is no five grams; a slash after the unit is checked
/// in code (a "g/m2" is a fabric's weight per area; "200gsm" does not
/// match at all).
static STATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(\d+(?:[.,]\d+)?)\s*",
        r"(kgs?\b|KGS?\b|Kgs?\b|kilograms?\b|g\b|grams?\b|gr\b|千克|公斤|克)",
        r"(\s*/)?",
    ))
    .expect("a valid regex")
});

/// Words before a figure that give it as the goods' own weight.
static OWN_WEIGHT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:net|gross|item|product|unit|machine)?\s*weigh(?:t|s|ing)?\b[^\d]*$|重量[^\d]*$|[净毛]重[^\d]*$")
        .expect("a valid regex")
});

/// A number as written: a comma before exactly three digits groups
/// thousands ("1,500 g"), any other is a decimal comma ("1,5 kg").
fn number(s: &str) -> Option<f64> {
    let s = match s.split_once(',') {
        Some((_, tail)) if tail.len() == 3 => s.replace(',', ""),
        _ => s.replace(',', "."),
    };
    s.parse().ok()
}

/// The mass range an HS text bounds its goods by, if it has exactly one.
fn range_of(text: &str) -> Option<MassRange> {
    if NOT_A_MASS_RANGE.is_match(text) {
        return None;
    }
    let mut low = None;
    let mut high = None;
    for c in HS_BOUND.captures_iter(text) {
        let value = number(&c[2])?;
        let grams = if c[3].eq_ignore_ascii_case("kg") {
            value * 1000.0
        } else {
            value
        };
        let before = c.get(1).map(|m| m.as_str().to_lowercase());
        let after = c.get(4).map(|m| m.as_str().to_lowercase());
        let upper = match (before.as_deref(), after.as_deref()) {
            (_, Some(a)) => a.ends_with("less"),
            (Some("more than" | "exceeding" | "over"), _) => false,
            (Some(_), _) => true,
            // A bare figure bounds nothing this module can read.
            (None, None) => return None,
        };
        // The same bound said twice ("bars weighing more than 2kg or … in
        // containers of a content exceeding 2kg") is one bound; two
        // different ones are a range this module does not read.
        let slot = if upper { &mut high } else { &mut low };
        if slot.replace(grams).is_some_and(|prev| prev != grams) {
            return None;
        }
    }
    if low.is_none() && high.is_none() {
        return None;
    }
    let measure = if text.to_lowercase().contains("capacity") {
        Measure::Capacity
    } else {
        Measure::Weight
    };
    Some(MassRange {
        low: low.unwrap_or(0.0),
        high: high.unwrap_or(f64::INFINITY),
        measure,
    })
}

impl StatedMasses {
    /// The masses `description` states, if any.
    pub fn stated(description: &str) -> Option<Self> {
        let mut found = [None; MAX_STATED];
        let mut n = 0;
        for c in STATED.captures_iter(description) {
            if n == MAX_STATED {
                break;
            }
            // A weight per area or per piece ("180 g/m2", "50 g/pc").
            if c.get(3).is_some() {
                continue;
            }
            let Some(value) = number(&c[1]) else {
                continue;
            };
            let unit = c[2].to_lowercase();
            let grams = if unit.starts_with('k') || unit == "千克" || unit == "公斤" {
                value * 1000.0
            } else {
                value
            };
            // The label of a figure stands in the few words before it.
            let before = &description[..c.get(0).map_or(0, |m| m.start())];
            let start = before.char_indices().rev().nth(23).map_or(0, |(i, _)| i);
            found[n] = Some(StatedMass {
                grams,
                own_weight: OWN_WEIGHT.is_match(&before[start..]),
            });
            n += 1;
        }
        (n > 0).then_some(StatedMasses { found })
    }

    fn masses(&self) -> impl Iterator<Item = StatedMass> + '_ {
        self.found.iter().flatten().copied()
    }

    /// Whether `code` (digits) bounds its goods by a mass none of those
    /// stated can be, while a sibling of its heading bounds them by one of
    /// those stated (`hs`: the HS 2022 texts by code).
    pub fn excludes(self, code: &str, hs: &HashMap<String, String>) -> bool {
        if code.len() != 6 {
            return false;
        }
        let Some(range) = hs.get(code).and_then(|t| range_of(t)) else {
            return false;
        };
        !self.masses().any(|m| range.holds(m)) && self.fitting_siblings(code, hs).next().is_some()
    }

    /// The subheadings of `code`'s heading whose mass range holds one of
    /// the masses stated.
    fn fitting_siblings<'a>(
        &'a self,
        code: &'a str,
        hs: &'a HashMap<String, String>,
    ) -> impl Iterator<Item = (&'a String, &'a String)> + 'a {
        let heading = code.get(..4).unwrap_or(code);
        hs.iter().filter(move |(c, t)| {
            c.len() == 6
                && c.as_str() != code
                && c.starts_with(heading)
                && range_of(t).is_some_and(|r| self.masses().any(|m| r.holds(m)))
        })
    }

    /// Where what was found for `code` (ruled out) goes: the subheading of
    /// its heading whose range holds a stated mass and whose text differs
    /// least from `code`'s but for the figures. `None` when none fits.
    pub fn sibling(self, code: &str, hs: &HashMap<String, String>) -> Option<String> {
        if !self.excludes(code, hs) {
            return None;
        }
        let own = words_but_figures(hs.get(code)?);
        self.fitting_siblings(code, hs)
            .map(|(c, t)| {
                (
                    own.iter()
                        .filter(|w| words_but_figures(t).contains(w))
                        .count(),
                    c,
                )
            })
            // Most words shared, then by code, so the choice does not
            // follow the map's order.
            .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(a.1)))
            .map(|(_, c)| c.clone())
    }

    /// What it states and rules out.
    pub fn reason(self) -> Reason {
        let stated = self
            .masses()
            .map(|m| {
                if m.grams >= 1000.0 {
                    format!("{} kg", m.grams / 1000.0)
                } else {
                    format!("{} g", m.grams)
                }
            })
            .collect::<Vec<_>>()
            .join(", ");
        Reason {
            stated: format!("a mass of {stated}"),
            excluded: "the subheadings whose weight or capacity range holds none of it".into(),
            notes: &["Rule 6"],
            terms: &[],
        }
    }
}

/// The words of an HS text without its figures and units, which are what
/// siblings dividing by mass differ in.
fn words_but_figures(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !w.chars().next().is_some_and(|c| c.is_ascii_digit()))
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests;
