//! GACC records (`regulations/cn-customs/*.jsonl`): announcements and
//! normative documents, and policy interpretations (政策解读). A record is
//! cited by its `id` (`gacc-0042`, `gacc-interp-152`); long contents are
//! split into pieces that keep that locator.

use std::path::Path;

use serde::Deserialize;

use crate::chunk::{Chunk, DocType, Lang, Status};
use crate::split;
use crate::{CorpusError, Result};

const MAX_CHARS: usize = 700;

#[derive(Deserialize)]
struct Record {
    id: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    content: String,
    #[serde(default)]
    number: String,
    #[serde(default)]
    issuer: String,
    #[serde(default)]
    issue_date: String,
    #[serde(default)]
    effective_date: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    document_type: String,
}

fn date(s: &str) -> Option<String> {
    let s = s.trim();
    (s.len() >= 10 && s.as_bytes()[4] == b'-').then(|| s[..10].to_string())
}

/// Chunks a JSON-lines file of GACC records; `interpretations` selects the record kind.
pub fn parse(doc: &str, path: &Path, text: &str, interpretations: bool) -> Result<Vec<Chunk>> {
    let mut chunks = Vec::new();
    for (n, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let r: Record = serde_json::from_str(line)
            .map_err(|e| CorpusError::malformed(path, format!("line {}: {e}", n + 1)))?;
        let title = if r.title.trim().is_empty() {
            r.number.clone()
        } else {
            r.title.clone()
        };
        // 失效 (expired) and 废止 (repealed) records stay searchable but are not in force.
        let status = if r.status.contains("失效") || r.status.contains("废止") {
            Status::Repealed
        } else {
            Status::InForce
        };
        let heading_path: Vec<String> = [
            r.number.as_str(),
            r.issuer.as_str(),
            r.document_type.as_str(),
        ]
        .iter()
        .filter(|s| !s.trim().is_empty())
        .map(|s| s.to_string())
        .collect();
        let body = if r.content.trim().is_empty() {
            title.clone()
        } else {
            r.content.clone()
        };
        for (part, piece) in split::by_paragraphs(&body, MAX_CHARS)
            .into_iter()
            .enumerate()
        {
            chunks.push(Chunk {
                id: Chunk::make_id(doc, &r.id, part),
                doc: doc.to_string(),
                locator: r.id.clone(),
                title: title.clone(),
                heading_path: heading_path.clone(),
                lang: Lang::Zh,
                doc_type: if interpretations {
                    DocType::Interpretation
                } else {
                    DocType::Announcement
                },
                jurisdiction: "CN".into(),
                version_date: date(&r.issue_date),
                effective_date: date(&r.effective_date),
                status: status.clone(),
                text: piece,
            });
        }
    }
    Ok(chunks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_become_chunks_located_by_id() {
        let text = r#"{"id": "gacc-0001", "document_type": "海关规范性文件", "number": "公告〔2024〕1号", "issuer": "海关总署", "issue_date": "2024-01-02", "effective_date": "2024-02-01", "status": "失效", "title": "", "content": "内容。"}"#;
        let chunks = parse(
            "regulations/cn-customs/announcements.jsonl",
            Path::new("a"),
            text,
            false,
        )
        .unwrap();
        assert_eq!(chunks.len(), 1);
        let c = &chunks[0];
        assert_eq!(c.locator, "gacc-0001");
        assert_eq!(
            c.title, "公告〔2024〕1号",
            "an empty title falls back to the number"
        );
        assert_eq!(c.status, Status::Repealed);
        assert_eq!(c.effective_date.as_deref(), Some("2024-02-01"));
    }

    #[test]
    fn malformed_line_is_reported_with_its_number() {
        let err = parse("d", Path::new("a.jsonl"), "{\"id\":\"x\"}\n{broken", true).unwrap_err();
        assert!(err.to_string().contains("line 2"), "{err}");
    }
}
