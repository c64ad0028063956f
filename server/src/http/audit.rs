//! The append-only audit trail: one JSON line per API request with the time,
//! the key's id (never the key), the endpoint, the documents the request
//! touched, its status and its latency. Free text (a question, a goods
//! description) is recorded masked ([`crate::http::mask`]) and shortened.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::Path;
use std::sync::Mutex;

use serde::Serialize;

use super::mask::mask;

/// Characters of request text kept in the trail.
const SUMMARY_CHARS: usize = 200;

/// One request, as the trail records it.
#[derive(Debug, Clone, Serialize)]
pub struct AuditEntry {
    /// RFC 3339 UTC.
    pub time: String,
    /// The key's public id (`-` when no valid key was presented).
    pub key_id: String,
    /// Method and path.
    pub endpoint: String,
    /// HTTP status returned.
    pub status: u16,
    /// Documents (chunk ids) the request read or changed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<String>,
    /// The request's text, masked and shortened.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub summary: String,
    /// Milliseconds to the response head.
    pub millis: u64,
}

/// The trail file, opened for appending only.
#[derive(Debug)]
pub struct AuditLog {
    file: Mutex<File>,
}

impl AuditLog {
    /// Opens (or creates) the trail at `path` in append mode.
    pub fn open(path: &Path) -> std::io::Result<Self> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let file = OpenOptions::new().create(true).append(true).open(path)?;
        Ok(Self {
            file: Mutex::new(file),
        })
    }

    /// Appends one entry. A failure to write is logged, not returned: the
    /// response has already been decided.
    pub fn record(&self, entry: &AuditEntry) {
        let mut line = match serde_json::to_vec(entry) {
            Ok(l) => l,
            Err(e) => return tracing::error!(error = %e, "audit entry not serialisable"),
        };
        line.push(b'\n');
        let mut file = self.file.lock().unwrap_or_else(|e| e.into_inner());
        if let Err(e) = file.write_all(&line) {
            tracing::error!(error = %e, "audit trail write failed");
        }
    }
}

/// Request text as the trail keeps it.
pub fn summary(text: &str) -> String {
    let short: String = text.chars().take(SUMMARY_CHARS).collect();
    mask(&short)
}

pub use crate::clock::rfc3339;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_appended_as_json_lines() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.jsonl");
        std::fs::write(&path, "{\"earlier\":true}\n").unwrap();
        let log = AuditLog::open(&path).unwrap();
        log.record(&AuditEntry {
            time: rfc3339(std::time::SystemTime::now()),
            key_id: "abc".into(),
            endpoint: "POST /v1/ask".into(),
            status: 200,
            documents: vec!["doc#1".into()],
            summary: summary("call 13812345678"),
            millis: 5,
        });
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2, "earlier lines are kept");
        let v: serde_json::Value = serde_json::from_str(lines[1]).unwrap();
        assert_eq!(v["key_id"], "abc");
        assert!(!lines[1].contains("13812345678"));
    }
}
