//! Why a code: the legal texts a classification rests on, quoted verbatim.
//!
//! Under GRI 1 a heading is chosen by its terms and by the section and
//! chapter notes; under GRI 6 a subheading by its terms and the subheading
//! notes, comparing only subheadings at the same level. The rationale
//! therefore cites the heading and subheading texts, the notes that name the
//! heading or subheading (they include or exclude goods from it), the
//! chapter's scope and exclusion notes, and those two rules. Notes are quoted, not
//! paraphrased: a broker must be able to check every word against the source.

use std::collections::HashMap;

use portolan_corpus::{Bundle, Chunk};
use serde::Serialize;

use super::ClassifyError;
use crate::excerpt::excerpt;
use portolan_corpus::nomenclature::code_digits;

/// Where the HS tree comes from (cited as such).
pub(super) const HS: &str = "hs/hs2022.csv";
const NOTES: &str = "hs/section-chapter-notes.md";
const GRI: &str = "hs/gri.md";
/// Notes cited per code, at most.
const MAX_NOTES: usize = 3;
/// Longest quote, in characters.
const QUOTE_CHARS: usize = 320;

/// A cited text.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Citation {
    /// Document path relative to the bundle root.
    pub doc: String,
    /// Locator as printed (`7116`, `Chapter 71 Note 2`, `Rule 1`).
    pub locator: String,
    /// The cited words (cut at a sentence-sized length).
    pub quote: String,
}

/// The rationale of one candidate.
#[derive(Debug, Clone, Serialize)]
pub struct Rationale {
    /// One or two sentences naming the rules and texts applied.
    pub summary: String,
    /// The texts, in the order a broker reads them.
    pub citations: Vec<Citation>,
}

/// The HS texts a rationale cites.
#[derive(Default)]
pub struct Explainer {
    hs: HashMap<String, (String, String)>,
    notes: Vec<Chunk>,
    gri: HashMap<String, String>,
    section_of_chapter: HashMap<String, String>,
}

fn quote(text: &str) -> String {
    excerpt(text, QUOTE_CHARS)
}

/// A note of the notes file, quoted.
fn note_citation(c: &Chunk) -> Citation {
    Citation {
        doc: NOTES.into(),
        locator: c.locator.clone(),
        quote: quote(&c.text),
    }
}

impl Explainer {
    /// An explainer over `hs_tree` (the parsed `hs/hs2022.csv`, which the
    /// classifier has already read) and the notes and GRI of `bundle`
    /// (whichever it has).
    pub fn load(bundle: &Bundle, hs_tree: &[Chunk]) -> Result<Self, ClassifyError> {
        let mut e = Self::default();
        for c in hs_tree {
            let code = code_digits(&c.locator);
            if code.len() == 2 {
                if let Some(section) = c
                    .heading_path
                    .first()
                    .and_then(|s| s.strip_prefix("Section "))
                    .and_then(|s| s.split(':').next())
                {
                    e.section_of_chapter
                        .insert(code.clone(), section.to_string());
                }
            }
            e.hs.insert(code, (c.locator.clone(), c.text.clone()));
        }
        // WCO notes only: the US additional and statistical notes bind US
        // entries, not the HS subheading.
        e.notes = bundle
            .load_document_if_present(NOTES)?
            .into_iter()
            .filter(|c| c.jurisdiction == "HS")
            .collect();
        e.gri = bundle
            .load_document_if_present(GRI)?
            .into_iter()
            .map(|c| (c.locator, c.text))
            .collect();
        Ok(e)
    }

    /// The HS text of `code` (digits), quoted.
    pub fn hs_citation(&self, code: &str) -> Option<Citation> {
        self.hs.get(code).map(|(loc, text)| Citation {
            doc: HS.into(),
            locator: loc.clone(),
            quote: quote(text),
        })
    }

    /// The note at `locator` (`Chapter 61 Note 1`), quoted.
    pub fn note(&self, locator: &str) -> Option<Citation> {
        self.notes
            .iter()
            .find(|c| c.locator == locator)
            .map(note_citation)
    }

    /// General Interpretative Rule `rule` (`Rule 1`), quoted.
    pub fn gri(&self, rule: &str) -> Option<Citation> {
        self.gri.get(rule).map(|text| Citation {
            doc: GRI.into(),
            locator: rule.into(),
            quote: quote(text),
        })
    }

    /// Notes bearing on `code`: those naming its heading (`7116`, `71.16`)
    /// or subheading (`7116.10`), then the chapter's scope and exclusions.
    fn notes_for(&self, code: &str) -> Vec<Citation> {
        let chapter = &code[..2];
        let heading = &code[..4];
        let chapter_num = chapter.trim_start_matches('0');
        let chapter_prefix = format!("Chapter {chapter_num} ");
        let section_prefix = self
            .section_of_chapter
            .get(chapter)
            .map(|s| format!("Section {s} "));
        let mentions = |text: &str| {
            let dotted = format!("{}.{}", &heading[..2], &heading[2..]);
            text.contains(heading)
                || text.contains(&dotted)
                || (code.len() == 6 && text.contains(&format!("{heading}.{}", &code[4..])))
        };
        let in_scope = |c: &&Chunk| {
            c.locator.starts_with(&chapter_prefix)
                || section_prefix
                    .as_deref()
                    .is_some_and(|p| c.locator.starts_with(p))
        };
        let mut picked: Vec<&Chunk> = self
            .notes
            .iter()
            .filter(in_scope)
            .filter(|c| mentions(&c.text))
            .collect();
        // The chapter's scope: what it applies only to (chapter 61's
        // knitted articles, chapter 62's others: the note that decides
        // between two mirrored headings) and what it does not cover.
        for scope in self
            .notes
            .iter()
            .filter(|c| c.locator.starts_with(&chapter_prefix))
            .filter(|c| {
                c.text.contains("This chapter applies only to")
                    || c.text.contains("This chapter does not cover")
            })
        {
            if !picked.iter().any(|c| c.id == scope.id) {
                picked.push(scope);
            }
        }
        picked
            .into_iter()
            .take(MAX_NOTES)
            .map(note_citation)
            .collect()
    }

    /// The rationale for a heading (4 digits) or subheading (6 digits).
    pub fn explain(&self, code: &str) -> Rationale {
        let mut citations = Vec::new();
        let heading = &code[..code.len().min(4)];
        citations.extend(self.gri("Rule 1"));
        citations.extend(self.hs_citation(heading));
        let notes = self.notes_for(code);
        let note_names: Vec<String> = notes.iter().map(|c| c.locator.clone()).collect();
        citations.extend(notes);
        let heading_text = self.hs.get(heading).map_or("", |(_, t)| t.as_str());
        let mut summary = format!(
            "Heading {heading} ({}) by the terms of the heading and the notes (GRI 1)",
            quote(heading_text)
        );
        if !note_names.is_empty() {
            summary.push_str(&format!("; check {}", note_names.join(", ")));
        }
        summary.push('.');
        if code.len() == 6 {
            citations.extend(self.gri("Rule 6"));
            citations.extend(self.hs_citation(code));
            let sub_text = self.hs.get(code).map_or("", |(_, t)| t.as_str());
            summary.push_str(&format!(
                " Subheading {}.{} ({}) among the subheadings of {heading} at the same level (GRI 6).",
                heading,
                &code[4..],
                quote(sub_text)
            ));
        }
        Rationale { summary, citations }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_are_whitespace_normalised_and_cut() {
        assert_eq!(quote("a\n\n b"), "a b");
        let long = "x ".repeat(400);
        let q = quote(&long);
        assert!(q.ends_with('…') && q.chars().count() <= QUOTE_CHARS + 1);
    }
}
