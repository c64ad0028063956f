//! Chemicals named by their CAS Registry Number, placed by the tariff lines
//! that name the same number.
//!
//! A ruling or a listing for a chemical often gives its CAS number
//! ("Fluralaner (CAS No. 864731-61-3)", 氟雷拉纳 CAS 864731-61-3). The words of
//! a systematic name meet many headings of chapter 29 (an isoxazole, an
//! amide, a fluorinated compound), and the votes had put fluralaner among
//! the polymers of 3904. But the tariff schedules of the bundle name a
//! thousand chemicals by their numbers: the US temporary duty suspensions
//! of heading 9902 say in which subheading each is "provided for"
//! ("(CAS No. 864731-61-3) (provided in subheading 2934.99.16)"), and
//! China's 10-digit names carry CAS号 in brackets. A number is one
//! substance, so the subheading those lines give is the substance's
//! (GRI 1: the terms of the headings, as the national schedules apply
//! them): every other code is ruled out.
//!
//! A number is read only when its check digit is right (a catalogue
//! number or a date is not a CAS number), and only the numbers the
//! schedules name decide anything; the answer cites the line that names it.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use portolan_corpus::nomenclature::code_digits;
use portolan_corpus::Chunk;
use regex::Regex;

use super::evidence::Scores;
use super::explain::Citation;
use super::lines::us_line_code;
use super::RuledOut;

/// A CAS Registry Number: two to seven digits, two digits, a check digit.
static CAS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\d{2,7})-(\d{2})-(\d)\b").expect("a valid pattern"));

/// Whether the last digit of `cas` (`NNNNNNN-NN-R`) is its check digit: the
/// other digits, weighted 1, 2, 3… from the right, sum to it modulo 10.
pub fn check_digit_holds(cas: &str) -> bool {
    let digits: Vec<u32> = cas.chars().filter_map(|c| c.to_digit(10)).collect();
    let Some((&check, body)) = digits.split_last() else {
        return false;
    };
    let sum: u32 = body
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| (i as u32 + 1) * d)
        .sum();
    sum % 10 == check
}

/// The CAS numbers in `text` whose check digit holds.
pub fn numbers_in(text: &str) -> Vec<String> {
    CAS.find_iter(text)
        .map(|m| m.as_str().to_string())
        .filter(|n| check_digit_holds(n))
        .collect()
}

/// Where a number was found: the HS subheading and the line naming it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Placement {
    hs6: String,
    doc: String,
    locator: String,
    /// The line's own words (its first line: not the duty columns).
    quote: String,
}

/// The CAS numbers the national tariff lines name, with the subheadings
/// they place them in.
#[derive(Default)]
pub struct CasNumbers {
    by_number: BTreeMap<String, BTreeSet<Placement>>,
}

impl CasNumbers {
    /// Reads the numbers a US HTS line names: a line of heading 9902 places
    /// them in the subheading it says they are provided for in, any other
    /// line in its own.
    pub fn add_us_line(&mut self, doc: &str, line: &Chunk) {
        let code = code_digits(&line.locator);
        if let Some(placed) = us_line_code(&code, &line.text) {
            self.add(doc, line, &placed);
        }
    }

    /// Reads the numbers a China 10-digit name gives (CAS号).
    pub fn add_cn_line(&mut self, doc: &str, line: &Chunk) {
        self.add(doc, line, &code_digits(&line.locator));
    }

    fn add(&mut self, doc: &str, line: &Chunk, code: &str) {
        if code.len() < 6 || !code.starts_with(|c: char| c.is_ascii_digit()) {
            return;
        }
        for n in numbers_in(&line.text) {
            self.by_number.entry(n).or_default().insert(Placement {
                hs6: code[..6].to_string(),
                doc: doc.to_string(),
                locator: line.locator.clone(),
                quote: line.text.lines().next().unwrap_or_default().to_string(),
            });
        }
    }

    /// Numbers known.
    pub fn len(&self) -> usize {
        self.by_number.len()
    }

    /// Whether no number is known.
    pub fn is_empty(&self) -> bool {
        self.by_number.is_empty()
    }

    /// What the CAS numbers of `description` state, if the schedules name
    /// any of them.
    pub fn stated(&self, description: &str) -> Option<NamedChemicals> {
        let mut placements = BTreeSet::new();
        let mut numbers = Vec::new();
        for n in numbers_in(description) {
            if let Some(p) = self.by_number.get(&n) {
                placements.extend(p.iter().cloned());
                numbers.push(n);
            }
        }
        (!placements.is_empty()).then_some(NamedChemicals {
            numbers,
            placements,
        })
    }
}

/// Chemicals a description names by CAS numbers the schedules place.
#[derive(Debug, Clone)]
pub struct NamedChemicals {
    numbers: Vec<String>,
    placements: BTreeSet<Placement>,
}

impl NamedChemicals {
    /// The subheadings the numbers are placed in.
    pub fn subheadings(&self) -> BTreeSet<&str> {
        self.placements.iter().map(|p| p.hs6.as_str()).collect()
    }

    /// Keeps `scores` to the subheadings the numbers are placed in: what
    /// was found for the others goes to the likeliest of them (the first
    /// when none was found). Returns what it stated and ruled out, with the
    /// lines it rests on.
    pub fn apply(&self, scores: &mut Scores) -> RuledOut {
        let keep = self.subheadings();
        let target = scores
            .subheadings
            .iter()
            .find(|(c, _)| keep.contains(c.as_str()))
            .map(|(c, _)| c.clone())
            .or_else(|| keep.first().map(|c| c.to_string()))
            .unwrap_or_default();
        let related = |code: &str| {
            keep.iter()
                .any(|k| k.starts_with(code) || code.starts_with(k))
        };
        scores.move_shares(|code| (code.len() == 6 && !related(code)).then(|| target.clone()));
        scores.headings.retain(|h, _| related(h));
        let heading = target.get(..4).unwrap_or_default().to_string();
        let in_heading: f32 = scores
            .subheadings
            .iter()
            .filter(|(c, _)| c.starts_with(&heading))
            .map(|(_, s)| s)
            .sum();
        scores.headings.insert(heading, in_heading);
        let codes: Vec<String> = keep.iter().map(|c| dotted(c)).collect();
        RuledOut {
            stated: format!("CAS {}", self.numbers.join(", ")),
            excluded: format!(
                "every code but {}: the tariff lines cited name the same registry number",
                codes.join(", ")
            ),
            citations: self
                .placements
                .iter()
                .map(|p| Citation {
                    doc: p.doc.clone(),
                    locator: p.locator.clone(),
                    quote: p.quote.clone(),
                })
                .collect(),
        }
    }
}

/// `293499` as `2934.99`.
fn dotted(hs6: &str) -> String {
    match (hs6.get(..4), hs6.get(4..)) {
        (Some(h), Some(s)) => format!("{h}.{s}"),
        _ => hs6.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use portolan_corpus::DocType;

    fn line(locator: &str, text: &str) -> Chunk {
        Chunk::undated(
            "hs/us-hts-2025.csv",
            locator.to_string(),
            "HTS",
            Vec::new(),
            DocType::UsTariff,
            "US",
            text.to_string(),
        )
    }

    #[test]
    fn a_registry_number_is_read_only_with_its_check_digit() {
        assert!(check_digit_holds("864731-61-3"));
        assert!(check_digit_holds("7803-57-8"));
        assert!(check_digit_holds("86-73-7"));
        assert!(!check_digit_holds("864731-61-4"));
        assert_eq!(
            numbers_in("Fluralaner (CAS No. 864731-61-3), lot 2024-05-1"),
            ["864731-61-3"]
        );
    }

    #[test]
    fn the_subheading_a_schedule_line_places_a_number_in_decides() {
        let mut cas = CasNumbers::default();
        cas.add_us_line(
            "hs/us-hts-2025.csv",
            &line(
                "9902.07.33",
                "Fluralaner (CAS No. 864731-61-3) (provided in subheading 2934.99.16)\nGeneral: Free",
            ),
        );
        cas.add_us_line(
            "hs/us-hts-2025.csv",
            &line("9902.01.99", "Something (CAS No. 86-73-7)"),
        );
        assert_eq!(cas.len(), 1, "a 9902 line placing nothing is not read");
        let named = cas.stated("氟雷拉纳原料粉末 CAS 864731-61-3 散装");
        let named = named.expect("a number the schedule names");
        assert_eq!(
            named.subheadings().into_iter().collect::<Vec<_>>(),
            ["293499"]
        );
        assert!(cas
            .stated("hydrazine hydrate (CAS no. 7803-57-8)")
            .is_none());

        let mut scores = Scores {
            subheadings: vec![("390469".into(), 0.5), ("293499".into(), 0.2)],
            headings: [("3904".into(), 0.5), ("2934".into(), 0.2)].into(),
        };
        let why = named.apply(&mut scores);
        assert_eq!(scores.subheadings, [("293499".to_string(), 0.7)]);
        assert!(!scores.headings.contains_key("3904"));
        assert_eq!(why.citations[0].locator, "9902.07.33");
        assert!(why.citations[0]
            .quote
            .starts_with("Fluralaner (CAS No. 864731-61-3)"));
        assert!(why.excluded.contains("2934.99"));
    }
}
