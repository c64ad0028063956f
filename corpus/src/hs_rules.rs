//! The legal texts of the nomenclature: the General Rules for the
//! Interpretation of the HS (`hs/gri.md`) and the section and chapter notes
//! (`hs/section-chapter-notes.md`, US HTS wording).
//!
//! GRI are chunked by rule and sub-rule (`Rule 3(b)`), each sub-rule
//! carrying its rule's opening words, because the opening of Rule 3 ("goods
//! prima facie classifiable under two or more headings") is what makes 3(b)
//! applicable. Notes are chunked by number under their section or chapter:
//! `Section XVI Note 2`, `Chapter 84 Note 6`, `Chapter 84 Subheading Note 1`,
//! `Chapter 1 Additional U.S. Note 1`.

use std::sync::LazyLock;

use regex::Regex;

use crate::chunk::{Chunk, DocType};

static NUMBERED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([0-9]+)\.\s*(.*)$").expect("static regex"));
static LETTERED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:([0-9]+)\.\s*)?\(([a-z])\)\s*(.*)$").expect("static regex"));

/// Chunks the GRI file.
pub fn parse_gri(doc: &str, text: &str) -> Vec<Chunk> {
    // (prefix of the locator, jurisdiction, title)
    let mut part = (
        "Rule",
        "HS",
        "General Rules for the Interpretation of the Harmonized System",
    );
    let mut rule: Option<(String, String)> = None; // (number, opening text)
    let mut items: Vec<(String, String, (&str, &str, &str))> = Vec::new(); // (locator, text, part)
    for line in text.lines() {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        if t.starts_with('#') {
            if t.to_uppercase().contains("ADDITIONAL U.S.") {
                part = (
                    "Additional U.S. Rule",
                    "US",
                    "Additional U.S. Rules of Interpretation",
                );
                rule = None;
            }
            continue;
        }
        let indented = line.starts_with(' ');
        if let Some(c) = LETTERED
            .captures(t)
            .filter(|c| c.get(1).is_some() || indented)
        {
            if let Some(n) = c.get(1) {
                rule = Some((n.as_str().to_string(), String::new()));
            }
            if let Some((n, opening)) = &rule {
                let body = if opening.is_empty() {
                    c[3].to_string()
                } else {
                    format!("{opening}\n({}) {}", &c[2], &c[3])
                };
                items.push((format!("{} {n}({})", part.0, &c[2]), body, part));
            }
            continue;
        }
        if let Some(c) = NUMBERED.captures(t).filter(|_| !indented) {
            let n = c[1].to_string();
            rule = Some((n.clone(), c[2].to_string()));
            items.push((format!("{} {n}", part.0), c[2].to_string(), part));
            continue;
        }
        if let Some((_, body, _)) = items.last_mut() {
            body.push('\n');
            body.push_str(t);
        }
    }
    items
        .into_iter()
        .map(|(loc, body, (_, jur, title))| {
            Chunk::undated(doc, loc, title, vec![], DocType::Gri, jur, body)
        })
        .collect()
}

/// Chunks the section and chapter notes file.
pub fn parse_notes(doc: &str, text: &str) -> Vec<Chunk> {
    let mut scope = String::new(); // "Section XVI" / "Chapter 84"
    let mut scope_title = String::new();
    let mut chapter = String::new();
    let mut kind = "Note"; // "Note", "Subheading Note", "Additional U.S. Note", "Statistical Note"
    let mut notes: Vec<(String, Vec<String>, String, bool)> = Vec::new(); // locator, path, text, US-only
    let mut in_notes = false;
    for line in text.lines() {
        let t = line.trim();
        if let Some(h) = t.strip_prefix('#') {
            let level = 1 + h.chars().take_while(|&c| c == '#').count();
            let name = h.trim_start_matches('#').trim();
            let upper = name.to_uppercase();
            match level {
                1 | 2 if upper.starts_with("SECTION ") || upper.starts_with("CHAPTER ") => {
                    let mut words = name.split_whitespace();
                    let (w, n) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
                    scope = format!("{}{} {n}", &w[..1], w[1..].to_lowercase());
                    chapter = scope.clone();
                    scope_title.clear();
                    in_notes = false;
                }
                // Chapters 98 and 99 (US only) restart their notes in each subchapter.
                2 if upper.starts_with("SUBCHAPTER ") => {
                    let n = name.split_whitespace().nth(1).unwrap_or("");
                    scope = format!("{chapter} Subchapter {n}");
                    scope_title.clear();
                    in_notes = false;
                }
                4 if scope_title.is_empty() => scope_title = name.to_string(),
                3 => {
                    in_notes = upper.contains("NOTE");
                    kind = if upper.contains("SUBHEADING") {
                        "Subheading Note"
                    } else if upper.contains("ADDITIONAL U.S.") {
                        "Additional U.S. Note"
                    } else if upper.contains("U.S. NOTE") {
                        "U.S. Note"
                    } else if upper.contains("STATISTICAL") {
                        "Statistical Note"
                    } else {
                        "Note"
                    };
                }
                _ => {}
            }
            continue;
        }
        if !in_notes || t.is_empty() || scope.is_empty() {
            continue;
        }
        let path = vec![format!("{scope}: {scope_title}")];
        let prefix = format!("{scope} {kind} ");
        // Notes are numbered upwards; a lower number at the margin is a
        // sub-list inside the current note (Chapter 48 Note 5 has "1." and "2.").
        let last_number: Option<u32> = notes
            .last()
            .and_then(|n| n.0.strip_prefix(&prefix))
            .and_then(|n| n.parse().ok());
        let starts_note = |n: &str| {
            n.parse::<u32>()
                .ok()
                .is_some_and(|n| last_number.is_none_or(|l| n > l))
        };
        if let Some(c) = NUMBERED
            .captures(t)
            .filter(|c| !line.starts_with(' ') && starts_note(&c[1]))
        {
            notes.push((
                format!("{scope} {kind} {}", &c[1]),
                path,
                c[2].to_string(),
                kind != "Note" && kind != "Subheading Note",
            ));
        } else if let Some((_, _, body, _)) = notes
            .last_mut()
            .filter(|n| n.0.starts_with(&format!("{scope} {kind}")))
        {
            body.push('\n');
            body.push_str(t);
        } else {
            // An unnumbered single note.
            notes.push((
                format!("{scope} {kind}"),
                path,
                t.to_string(),
                kind != "Note" && kind != "Subheading Note",
            ));
        }
    }
    notes
        .into_iter()
        .map(|(loc, path, body, us)| {
            let jur = if us { "US" } else { "HS" };
            Chunk::undated(
                doc,
                loc,
                "Section and Chapter Notes",
                path,
                DocType::Note,
                jur,
                body,
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gri_sub_rules_carry_their_rule_opening() {
        let text = "1. The table of contents ... provisions:\n2. (a) Any reference to an article...\n   (b) Any reference to a material...\n3. When goods are prima facie classifiable under two or more headings:\n   (a) The most specific description...\n   (c) The heading last in numerical order.\n\n# ADDITIONAL U.S. RULES OF INTERPRETATION\n\n1. In the absence of special language--\n   (a) use...\n";
        let chunks = parse_gri("hs/gri.md", text);
        let locs: Vec<&str> = chunks.iter().map(|c| c.locator.as_str()).collect();
        assert_eq!(
            locs,
            [
                "Rule 1",
                "Rule 2(a)",
                "Rule 2(b)",
                "Rule 3",
                "Rule 3(a)",
                "Rule 3(c)",
                "Additional U.S. Rule 1",
                "Additional U.S. Rule 1(a)"
            ]
        );
        let c3 = &chunks[5];
        assert!(
            c3.text.contains("prima facie") && c3.text.contains("last in numerical order"),
            "{}",
            c3.text
        );
        assert_eq!(chunks[7].jurisdiction, "US");
    }

    #[test]
    fn notes_are_located_by_scope_kind_and_number() {
        let text = "# SECTION XVI\n\n#### MACHINERY\n\n### Notes\n\n1. This section does not cover:\n\n(a) Belts;\n2. Parts of machines...\n\n## CHAPTER 84\n\n#### NUCLEAR REACTORS\n\n### Notes\n\n6. (A) Heading 8480...\n\n### Subheading Notes\n\n1. For subheading 8465.20...\n\n### Additional U.S. Notes\n\n1. US only.\n";
        let chunks = parse_notes("hs/section-chapter-notes.md", text);
        let locs: Vec<&str> = chunks.iter().map(|c| c.locator.as_str()).collect();
        assert_eq!(
            locs,
            [
                "Section XVI Note 1",
                "Section XVI Note 2",
                "Chapter 84 Note 6",
                "Chapter 84 Subheading Note 1",
                "Chapter 84 Additional U.S. Note 1"
            ]
        );
        assert!(chunks[0].text.contains("(a) Belts"));
        let nested = parse_notes("n", "## CHAPTER 48\n\n### Notes\n\n5. For heading 4802:\n1. weighing not more than 80 g\n2. colored\n6. Kraft paper.\n");
        let locs: Vec<&str> = nested.iter().map(|c| c.locator.as_str()).collect();
        assert_eq!(locs, ["Chapter 48 Note 5", "Chapter 48 Note 6"]);
        assert!(nested[0].text.contains("2. colored"));
        assert_eq!(chunks[2].heading_path, ["Chapter 84: NUCLEAR REACTORS"]);
        assert_eq!(chunks[4].jurisdiction, "US");
        assert_eq!(chunks[2].jurisdiction, "HS");
    }
}
