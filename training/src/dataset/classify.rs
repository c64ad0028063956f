//! Classification examples: a goods name → its HS subheading, the heading
//! text, and the rule (GRI 1 and 6: the terms of the heading, then of the
//! subheading). Names come from the national tariffs, which name goods the
//! way declarations do: China's 10-digit lines (Chinese) and the US tariff's
//! lines with their parent descriptions (English). The answer is checkable:
//! the code is the line's own first six digits and exists in HS 2022.

use std::collections::HashMap;

use portolan_corpus::{Bundle, Chunk, DocType};
use portolan_server::classify::rerank;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;

use super::{ChatExample, DevSets, Message, Source};
use crate::TrainingError;

/// HS 2022 subheading and heading texts by code.
fn nomenclature(bundle: &Bundle) -> Result<HashMap<String, String>, TrainingError> {
    let chunks = bundle
        .load_document("hs/hs2022.csv")
        .map_err(|e| TrainingError::Data(e.to_string()))?;
    Ok(chunks
        .into_iter()
        .filter(|c| c.doc_type == DocType::Hs)
        .map(|c| {
            (
                portolan_corpus::nomenclature::code_digits(&c.locator),
                first_line(&c.text),
            )
        })
        .collect())
}

fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or("").trim().to_string()
}

/// Up to `n` examples, half Chinese and half English, drawn by `rng`.
pub fn build(
    bundle: &Bundle,
    dev: &DevSets,
    n: usize,
    rng: &mut StdRng,
) -> Result<Vec<ChatExample>, TrainingError> {
    let hs = nomenclature(bundle)?;
    let load = |doc: &str| -> Result<Vec<Chunk>, TrainingError> {
        bundle
            .load_document(doc)
            .map_err(|e| TrainingError::Data(e.to_string()))
    };
    let mut cn = load("hs/cn-hs10-names.csv")?;
    let mut us: Vec<Chunk> = load("hs/us-hts-2025.csv")?
        .into_iter()
        .filter(|c| c.locator.replace('.', "").len() >= 8)
        .collect();
    cn.shuffle(rng);
    us.shuffle(rng);
    let mut out = Vec::new();
    let (mut i, mut j) = (0, 0);
    while out.len() < n && (i < cn.len() || j < us.len()) {
        let (chunk, zh) = if (out.len() % 2 == 0 && i < cn.len()) || j >= us.len() {
            i += 1;
            (&cn[i - 1], true)
        } else {
            j += 1;
            (&us[j - 1], false)
        };
        let code: String = chunk
            .locator
            .chars()
            .filter(char::is_ascii_digit)
            .take(6)
            .collect();
        let (Some(sub), Some(heading)) = (hs.get(&code), hs.get(&code[..4.min(code.len())])) else {
            continue;
        };
        let goods = if zh {
            // One code may carry several CIQ names; one is a declaration's wording.
            chunk
                .text
                .split('；')
                .next()
                .unwrap_or("")
                .trim()
                .to_string()
        } else {
            // The line's own words after its parents' (the chapter-level
            // parent is the heading text itself, which would give the answer away).
            let mut parts: Vec<String> = chunk.heading_path.iter().skip(1).cloned().collect();
            parts.push(first_line(&chunk.text));
            parts.join(", ").trim_matches([',', ' ', ':']).to_string()
        };
        if goods.chars().count() < 4 || dev.leaks_into(&goods) {
            continue;
        }
        let mut messages: Vec<Message> = rerank::messages_in(&goods, zh)
            .into_iter()
            .map(Message::from)
            .collect();
        messages.push(Message {
            role: "assistant".into(),
            content: rerank::reply(&code, sub, heading, zh),
        });
        out.push(ChatExample {
            kind: "classify".into(),
            messages,
            provenance: vec![
                Source {
                    doc: chunk.doc.clone(),
                    locator: chunk.locator.clone(),
                    chunk: chunk.id.clone(),
                },
                Source {
                    doc: "hs/hs2022.csv".into(),
                    locator: portolan_corpus::nomenclature::hs_locator(&code),
                    chunk: String::new(),
                },
            ],
        });
    }
    Ok(out)
}
