//! The policy-QA evaluation sets (`qa-dev.jsonl` shape) and how a retrieved
//! citation is matched against a gold one.

use std::path::Path;

/// A gold citation.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
pub struct GoldCitation {
    /// Document path relative to the bundle root.
    pub doc: String,
    /// Locator as printed.
    pub locator: String,
}

/// One question of a QA set.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct QaItem {
    /// Item id.
    pub id: String,
    /// `zh` or `en`.
    #[serde(default)]
    pub lang: String,
    /// The question.
    pub question: String,
    /// Whether the bundle covers it.
    #[serde(default = "yes")]
    pub answerable: bool,
    /// Citations a correct answer rests on.
    #[serde(default)]
    pub gold: Vec<GoldCitation>,
    /// Facts a correct answer states.
    #[serde(default)]
    pub must_include: Vec<String>,
    /// Question type (factoid, procedure, version, cross-lingual, …).
    #[serde(default, rename = "type")]
    pub kind: String,
}

fn yes() -> bool {
    true
}

/// Reads a QA set; a malformed line is an error naming its line.
pub fn load(path: &Path) -> anyhow::Result<Vec<QaItem>> {
    let text = std::fs::read_to_string(path)?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| {
            serde_json::from_str(l)
                .map_err(|e| anyhow::anyhow!("{}:{}: {e}", path.display(), n + 1))
        })
        .collect()
}

/// Whether a retrieved `(doc, locator)` satisfies a gold citation: the same
/// provision, or a sub-division of it (gold `Rule 3`, retrieved `Rule 3(c)`).
pub fn matches(gold: &GoldCitation, doc: &str, locator: &str) -> bool {
    gold.doc == doc
        && (gold.locator == locator
            || locator
                .strip_prefix(gold.locator.as_str())
                .is_some_and(|rest| rest.starts_with('(')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sub_divisions_match_their_provision_but_not_siblings() {
        let g = GoldCitation {
            doc: "hs/gri.md".into(),
            locator: "Rule 3".into(),
        };
        assert!(matches(&g, "hs/gri.md", "Rule 3"));
        assert!(matches(&g, "hs/gri.md", "Rule 3(c)"));
        assert!(!matches(&g, "hs/gri.md", "Rule 30"));
        assert!(!matches(&g, "other.md", "Rule 3"));
        let a = GoldCitation {
            doc: "d".into(),
            locator: "Article 5.1".into(),
        };
        assert!(!matches(&a, "d", "Article 5.10"));
    }
}
