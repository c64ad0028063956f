//! Metadata filters, applied inside both retrievers (not after fusion, so
//! that a filtered search still returns k results).

use portolan_corpus::{Chunk, DocType, Lang};

/// Which chunks a search may return. Empty lists mean "any".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Allowed document types.
    pub doc_types: Vec<DocType>,
    /// Allowed languages.
    pub langs: Vec<Lang>,
    /// Allowed jurisdictions (`CN`, `WTO`, …).
    pub jurisdictions: Vec<String>,
    /// Only provisions in force (superseded and repealed ones excluded).
    pub in_force_only: bool,
}

/// The per-chunk facts filters look at, kept beside each vector.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ChunkFacets {
    /// Document type.
    pub doc_type: DocType,
    /// Language.
    pub lang: Lang,
    /// Jurisdiction.
    pub jurisdiction: String,
    /// In force.
    pub in_force: bool,
}

impl ChunkFacets {
    /// The facets of a chunk.
    pub fn of(c: &Chunk) -> Self {
        Self {
            doc_type: c.doc_type,
            lang: c.lang,
            jurisdiction: c.jurisdiction.clone(),
            in_force: c.status.in_force(),
        }
    }
}

impl Filter {
    /// Policy texts only (laws, GACC records, treaties, GRI, notes): what a
    /// regulation question is answered from.
    pub fn policy() -> Self {
        Filter {
            doc_types: DocType::ALL
                .into_iter()
                .filter(|t| t.wants_vector())
                .collect(),
            ..Filter::default()
        }
    }

    /// True when nothing is filtered.
    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }

    /// Whether a chunk with these facets passes.
    pub fn accepts(&self, f: &ChunkFacets) -> bool {
        (self.doc_types.is_empty() || self.doc_types.contains(&f.doc_type))
            && (self.langs.is_empty() || self.langs.contains(&f.lang))
            && (self.jurisdictions.is_empty()
                || self
                    .jurisdictions
                    .iter()
                    .any(|j| j.eq_ignore_ascii_case(&f.jurisdiction)))
            && (!self.in_force_only || f.in_force)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_filter_accepts_everything_and_each_clause_restricts() {
        let law = ChunkFacets {
            doc_type: DocType::Law,
            lang: Lang::Zh,
            jurisdiction: "CN".into(),
            in_force: false,
        };
        assert!(Filter::default().accepts(&law));
        assert!(!Filter {
            in_force_only: true,
            ..Default::default()
        }
        .accepts(&law));
        assert!(!Filter {
            doc_types: vec![DocType::Treaty],
            ..Default::default()
        }
        .accepts(&law));
        assert!(Filter {
            jurisdictions: vec!["cn".into()],
            langs: vec![Lang::Zh],
            ..Default::default()
        }
        .accepts(&law));
    }
}
