//! National tariff lines under an HS subheading: China's 10-digit codes with
//! their Chinese names and declaration elements (申报要素), and the US HTS
//! 10-digit lines with their general duty rate.
//!
//! An HS subheading is international; what a broker declares is a national
//! line. When a subheading has one national line, that line is certain. When
//! it has several, the one the description's words found (a retrieved line
//! of that subheading) is taken; when none was found the line is left open
//! rather than guessed.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::LazyLock;

use portolan_corpus::nomenclature::code_digits;
use portolan_corpus::{Bundle, Chunk, DocType};
use regex::Regex;
use serde::Serialize;

use super::cas::CasNumbers;
use super::neighbours::LabelledExample;
use super::ClassifyError;

pub(super) const CN_NAMES: &str = "hs/cn-hs10-names.csv";
const CN_ELEMENTS: &str = "hs/cn-declaration-elements.csv";
pub(super) const US_HTS: &str = "hs/us-hts-2025.csv";

/// A line of the US special provisions that places its goods in the
/// nomenclature ("… (provided for in subheading 6307.90.98)", "(provided for
/// in 2921.42.90)", "classifiable in subheading 6110.12").
static PLACES_GOODS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:provided (?:for )?in|classifiable in)\b").expect("a valid pattern")
});

/// A tariff code with its subheading written out (`6307.90`, `6307.90.98`).
static DOTTED_CODE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\d{4})\.(\d{2})").expect("a valid pattern"));

/// The code a US HTS line's goods are classified in, from the line's code
/// (digits only) and text.
///
/// Chapters 1–97 are the nomenclature: the line's own code.
/// Chapters 98 and 99 are special provisions over goods classified
/// elsewhere: heading 9902's temporary duty reductions describe about 1,600
/// products in the words of goods ("Back-shell style smartphone cases of
/// hard plastics … (provided for in subheading 3926.90.99)"), and the
/// trade-remedy lines of 9903 name theirs the same way. Such a line belongs
/// to the one subheading it names; a line naming several, or none (returned
/// goods, quota conditions), belongs to none.
pub(super) fn us_line_code(code: &str, text: &str) -> Option<String> {
    if !(code.starts_with("98") || code.starts_with("99")) {
        return Some(code.to_string());
    }
    if !PLACES_GOODS.is_match(text) {
        return None;
    }
    // Codes of chapters 98 and 99 named in the text are other provisions
    // ("except for products described in headings 9903.01.02 …").
    let named: BTreeSet<String> = DOTTED_CODE
        .captures_iter(text)
        .map(|c| format!("{}{}", &c[1], &c[2]))
        .filter(|c| !(c.starts_with("98") || c.starts_with("99")))
        .collect();
    match named.len() {
        1 => named.into_iter().next(),
        _ => None,
    }
}

/// A China 10-digit line.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CnLine {
    /// Ten digits.
    pub code: String,
    /// Its Chinese goods name(s).
    pub name_zh: String,
    /// Declaration elements required for it (optional ones marked 选填).
    pub declaration_elements: Vec<String>,
    /// Citation: `(doc, locator)`.
    pub source: (String, String),
}

/// A US HTS 10-digit line.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct UsLine {
    /// Ten digits.
    pub code: String,
    /// Description with the indented descriptions above it.
    pub description: String,
    /// General (column 1) rate of duty, inherited from the line above when
    /// a statistical suffix has none of its own.
    pub general_rate: Option<String>,
    /// Citation: `(doc, locator)`.
    pub source: (String, String),
}

/// The national lines of the bundle.
#[derive(Default)]
pub struct NationalLines {
    cn: BTreeMap<String, String>,
    elements: HashMap<String, Vec<String>>,
    us: BTreeMap<String, (String, String, Option<String>)>,
    cas: CasNumbers,
}

impl NationalLines {
    /// Reads whichever of the national files the bundle has.
    pub fn load(bundle: &Bundle) -> Result<Self, ClassifyError> {
        let mut lines = Self::default();
        for c in bundle.load_document_if_present(CN_NAMES)? {
            lines.cas.add_cn_line(CN_NAMES, &c);
            lines.cn.insert(code_digits(&c.locator), c.text);
        }
        for c in bundle.load_document_if_present(CN_ELEMENTS)? {
            let els = c
                .text
                .trim_start_matches("申报要素：")
                .split('；')
                .map(str::to_string)
                .collect();
            lines.elements.insert(code_digits(&c.locator), els);
        }
        // The file lists lines in order, parents first: a statistical suffix
        // without a rate takes the rate of the longest prefix that has one.
        let mut rates: HashMap<String, String> = HashMap::new();
        for c in bundle.load_document_if_present(US_HTS)? {
            let code = code_digits(&c.locator);
            let rate = c
                .text
                .lines()
                .skip(1)
                .find_map(|l| l.strip_prefix("General: "))
                .map(str::to_string);
            if let Some(r) = &rate {
                rates.insert(code.clone(), r.clone());
            }
            lines.cas.add_us_line(US_HTS, &c);
            if code.len() != 10 {
                continue;
            }
            let inherited =
                rate.or_else(|| (4..10).rev().find_map(|n| rates.get(&code[..n]).cloned()));
            let description = us_description(&c);
            lines
                .us
                .insert(code, (c.locator.clone(), description, inherited));
        }
        tracing::debug!(
            numbers = lines.cas.len(),
            "CAS numbers placed by the national lines"
        );
        Ok(lines)
    }

    /// The CAS numbers the lines name, with their subheadings.
    pub fn cas(&self) -> &CasNumbers {
        &self.cas
    }

    /// The China line of `hs6`: the only one, else the one `found` ranks
    /// first among those under it.
    pub fn cn_line(&self, hs6: &str, found: &[String]) -> Option<CnLine> {
        let code = pick(&under(&self.cn, hs6), found)?;
        let elements = (4..=code.len())
            .rev()
            .find_map(|n| self.elements.get(&code[..n]))
            .cloned()
            .unwrap_or_default();
        Some(CnLine {
            name_zh: self.cn.get(&code).cloned().unwrap_or_default(),
            declaration_elements: elements,
            source: (CN_NAMES.into(), code.clone()),
            code,
        })
    }

    /// The US line of `hs6`, chosen the same way.
    pub fn us_line(&self, hs6: &str, found: &[String]) -> Option<UsLine> {
        let code = pick(&under(&self.us, hs6), found)?;
        let (locator, description, general_rate) = self.us.get(&code)?.clone();
        Some(UsLine {
            code,
            description,
            general_rate,
            source: (US_HTS.into(), locator),
        })
    }

    /// How many China and US lines sit under `hs6`.
    pub fn counts(&self, hs6: &str) -> (usize, usize) {
        (under(&self.cn, hs6).len(), under(&self.us, hs6).len())
    }
}

/// A US HTS line's description read with the indented descriptions above
/// it ("Sweaters, pullovers… > Of cotton: > Other"). Its own text starts
/// with the description; units and duty rates follow on lines of their own
/// and are left out.
pub(super) fn us_description(c: &Chunk) -> String {
    let own = c.text.lines().next().unwrap_or_default();
    let mut path: Vec<&str> = c.heading_path.iter().map(String::as_str).collect();
    path.push(own);
    path.join(" > ")
}

/// The codes of `lines` under `prefix`.
fn under<'a, V>(lines: &'a BTreeMap<String, V>, prefix: &str) -> Vec<&'a String> {
    lines
        .range(prefix.to_string()..)
        .take_while(|(k, _)| k.starts_with(prefix))
        .map(|(k, _)| k)
        .collect()
}

/// The only line, else the first of `found` (best first) that is a line here.
fn pick(under: &[&String], found: &[String]) -> Option<String> {
    match under {
        [] => None,
        [only] => Some((*only).clone()),
        _ => found.iter().find(|f| under.contains(f)).cloned(),
    }
}

/// Full codes of the national lines among retrieval hits, by system: lines
/// found by meaning first (best first), then lines found by words. Which
/// comes first matters when several lines under the chosen subheading were
/// found: on classify-dev the line closest by meaning is the gold ten-digit
/// code more often (0.44 against 0.40 with words first).
#[derive(Debug, Default)]
pub struct FoundLines {
    /// China 10-digit codes.
    pub cn: Vec<String>,
    /// US HTS 10-digit codes.
    pub us: Vec<String>,
}

impl FoundLines {
    /// Collects the national lines among `hits` (in rank order).
    pub fn add(&mut self, hits: &[portolan_retrieval::SearchHit]) {
        for h in hits {
            let code = code_digits(&h.chunk.locator);
            match h.chunk.doc_type {
                DocType::CnTariff if !self.cn.contains(&code) => self.cn.push(code),
                DocType::UsTariff if code.len() == 10 && !self.us.contains(&code) => {
                    self.us.push(code)
                }
                _ => {}
            }
        }
    }

    /// Collects the national lines among tariff lines found by meaning
    /// (best first), after those found by words.
    pub fn add_by_meaning(&mut self, near: &[(&LabelledExample, f32)]) {
        for (line, _) in near {
            let code = code_digits(&line.id);
            let list = match line.doc.as_str() {
                CN_NAMES => &mut self.cn,
                US_HTS if code.len() == 10 => &mut self.us,
                _ => continue,
            };
            if !list.contains(&code) {
                list.push(code);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_special_provision_belongs_to_the_one_subheading_it_names() {
        let phone_cases = "Back-shell style smartphone cases of hard plastics, each incorporating \
             flexible rubber over command buttons (provided for in subheading 3926.90.99).";
        assert_eq!(
            us_line_code("99021209", phone_cases).as_deref(),
            Some("392690")
        );
        // "in HTS subheading", or the code alone after "provided for in".
        assert_eq!(
            us_line_code(
                "99021108",
                "Peroxide (CAS No. 78-63-7) (provided for in HTS subheading 2909.60.50)."
            )
            .as_deref(),
            Some("290960")
        );
        assert_eq!(
            us_line_code(
                "99021222",
                "Benzenesulfonic acid (CAS No. 101-11-1) (provided for in 2921.42.90)"
            )
            .as_deref(),
            Some("292142")
        );
        // Several statistical lines of one subheading are one subheading.
        assert_eq!(
            us_line_code("99030815", "In original loaves (provided for in subheading 0406.40.44, 0406.40.54, or 0406.40.70)")
                .as_deref(),
            Some("040640")
        );
        // Other provisions it refers to are not where its goods are.
        assert_eq!(
            us_line_code("99030101", "Except for products described in headings 9903.01.02 and 9903.01.03, goods provided for in subheading 7208.10.15")
                .as_deref(),
            Some("720810")
        );
    }

    #[test]
    fn a_special_provision_naming_several_subheadings_or_none_belongs_to_none() {
        assert_eq!(
            us_line_code(
                "99010050",
                "Ethyl alcohol (provided for in subheadings 2207.10.60 and 2207.20) or any mixture"
            ),
            None
        );
        assert_eq!(
            us_line_code(
                "98010010",
                "Products of the United States when returned after having been exported"
            ),
            None
        );
        assert_eq!(
            us_line_code(
                "99120510",
                "Subject to the quantitative limits specified in U.S. note 3"
            ),
            None
        );
    }

    #[test]
    fn a_line_of_the_nomenclature_keeps_its_own_code() {
        assert_eq!(
            us_line_code("6110202010", "Men's or boys'").as_deref(),
            Some("6110202010")
        );
        assert_eq!(
            us_line_code("6110", "Sweaters, pullovers").as_deref(),
            Some("6110")
        );
    }

    #[test]
    fn lines_by_meaning_are_collected_per_system_before_lines_by_words() {
        let line = |doc: &str, id: &str| LabelledExample {
            doc: doc.into(),
            id: id.into(),
            group: id.into(),
            text: String::new(),
            hs6: code_digits(id)[..6].to_string(),
        };
        let us = line(US_HTS, "6110.20.20.10");
        let us8 = line(US_HTS, "6110.20.10");
        let cn = line(CN_NAMES, "6110200000");
        let example = line("eval/classify-dev.jsonl", "6110.20.20.20");
        let mut found = FoundLines::default();
        found.add_by_meaning(&[
            (&us, 0.9),
            (&us8, 0.8),
            (&cn, 0.7),
            (&example, 0.6),
            (&us, 0.5),
        ]);
        assert_eq!(found.us, ["6110202010"], "ten-digit US lines only, once");
        assert_eq!(found.cn, ["6110200000"]);
    }

    #[test]
    fn a_single_line_is_certain_and_several_need_a_found_one() {
        let a = "7116101000".to_string();
        let b = "7116102500".to_string();
        assert_eq!(pick(&[&a], &[]), Some(a.clone()));
        assert_eq!(pick(&[&a, &b], &[]), None, "not guessed");
        assert_eq!(
            pick(&[&a, &b], &["9999999999".into(), b.clone(), a.clone()]),
            Some(b.clone())
        );
        assert_eq!(pick(&[], std::slice::from_ref(&a)), None);
    }
}
