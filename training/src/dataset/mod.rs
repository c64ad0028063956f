//! Training data from the bundle: chat examples whose answers can be
//! checked against the text they were built from, each with its
//! provenance, reproducible from a seed.
//!
//! - [`classify`]: a goods name as brokers write it (China's 10-digit
//!   Chinese names, the US tariff's English line descriptions) → its HS
//!   subheading with the heading text and the rule that decides it.
//! - [`qa`]: a question about a provision with numbered passages → an
//!   answer quoting the provision and citing it `[n]`, or, when the
//!   passages given do not hold it, a one-sentence refusal.
//!
//! The development eval sets never enter: any example whose prompt holds a
//! dev description or question is left out ([`DevSets`]).

pub mod classify;
pub mod qa;

use std::collections::HashSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::TrainingError;

/// One chat message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Message {
    /// `system`, `user` or `assistant`.
    pub role: String,
    /// Text.
    pub content: String,
}

impl From<portolan_model::ChatMessage> for Message {
    fn from(m: portolan_model::ChatMessage) -> Self {
        let role = match m.role {
            portolan_model::Role::System => "system",
            portolan_model::Role::User => "user",
            portolan_model::Role::Assistant => "assistant",
        };
        Self {
            role: role.into(),
            content: m.content,
        }
    }
}

/// Where an example came from: a document of the bundle and the locator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    /// Path relative to the bundle root.
    pub doc: String,
    /// Locator as printed (article, code).
    pub locator: String,
    /// The chunk's id (a long provision is split into several pieces).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub chunk: String,
}

/// A training example: the conversation, the last message being the answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChatExample {
    /// `classify`, `qa`, `qa-refusal`.
    pub kind: String,
    /// System, user and assistant messages.
    pub messages: Vec<Message>,
    /// What the answer rests on.
    pub provenance: Vec<Source>,
}

impl ChatExample {
    /// The text a dev item could leak into: every message but the answer.
    pub fn prompt_text(&self) -> String {
        self.messages
            .iter()
            .filter(|m| m.role != "assistant")
            .map(|m| m.content.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// The dev eval sets' descriptions and questions, normalised.
#[derive(Debug, Clone, Default)]
pub struct DevSets {
    texts: HashSet<String>,
}

/// Lower case, letters and digits only: a dev description reworded by
/// spacing or punctuation is still the same item.
pub fn normalise(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

impl DevSets {
    /// Reads every `*.jsonl` of `dir` (the bundle's `eval/`), taking each
    /// line's `description` and `question`.
    pub fn load(dir: &Path) -> Result<Self, TrainingError> {
        let mut texts = HashSet::new();
        for entry in std::fs::read_dir(dir)? {
            let path = entry?.path();
            if path.extension().is_none_or(|e| e != "jsonl") {
                continue;
            }
            for line in std::fs::read_to_string(&path)?
                .lines()
                .filter(|l| !l.trim().is_empty())
            {
                let v: serde_json::Value = serde_json::from_str(line)?;
                for key in ["description", "question"] {
                    if let Some(t) = v[key].as_str() {
                        let n = normalise(t);
                        // Very short texts ("鞋") would match half the nomenclature.
                        if n.chars().count() >= 4 {
                            texts.insert(n);
                        }
                    }
                }
            }
        }
        Ok(Self { texts })
    }

    /// Dev texts known.
    pub fn len(&self) -> usize {
        self.texts.len()
    }

    /// Whether none are known.
    pub fn is_empty(&self) -> bool {
        self.texts.is_empty()
    }

    /// Whether `text` contains a dev description or question, or is one.
    pub fn leaks_into(&self, text: &str) -> bool {
        let n = normalise(text);
        self.texts.iter().any(|d| n.contains(d.as_str()))
    }
}

/// Writes examples as JSON lines.
pub fn write_jsonl(path: &Path, examples: &[ChatExample]) -> Result<(), TrainingError> {
    let mut out = String::new();
    for e in examples {
        out.push_str(&serde_json::to_string(e)?);
        out.push('\n');
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(path, out)?;
    Ok(())
}

/// Reads examples written by [`write_jsonl`].
pub fn read_jsonl(path: &Path) -> Result<Vec<ChatExample>, TrainingError> {
    std::fs::read_to_string(path)?
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| Ok(serde_json::from_str(l)?))
        .collect()
}
