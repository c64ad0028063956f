//! Grounded-answer examples: a question about one provision, asked the way
//! the Q&A service asks the model (the same prompt, built by
//! `portolan_server::ask::prompt_messages`), with that provision among
//! three numbered passages; the answer quotes it and cites its number.
//! One example in five gives only passages from other texts, and the
//! answer is the service's refusal sentence. Answers are checkable: the
//! quote is the provision's own text.

use portolan_corpus::{Bundle, Chunk, Lang};
use portolan_server::ask::{prompt_messages, AskRequest};
use rand::rngs::StdRng;
use rand::seq::{IndexedRandom, SliceRandom};
use rand::Rng;

use super::{ChatExample, DevSets, Message, Source};
use crate::TrainingError;

/// Characters of a provision the answer quotes.
const QUOTE_CHARS: usize = 120;

fn law_title(doc: &str) -> String {
    let file = doc.rsplit('/').next().unwrap_or(doc);
    let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
    stem.split('(').next().unwrap_or(stem).to_string()
}

/// The text's name: its title, or the file's (without the version date).
fn title_of(chunk: &Chunk) -> String {
    if chunk.title.trim().is_empty() {
        law_title(&chunk.doc)
    } else {
        chunk.title.trim().to_string()
    }
}

fn question(chunk: &Chunk, rng: &mut StdRng) -> String {
    let title = title_of(chunk);
    match chunk.lang {
        Lang::Zh => {
            let forms = [
                "《{t}》{l}是怎么规定的？",
                "根据《{t}》{l}，有什么要求？",
                "请说明《{t}》{l}的内容。",
            ];
            forms
                .choose(rng)
                .unwrap_or(&forms[0])
                .replace("{t}", &title)
                .replace("{l}", &chunk.locator)
        }
        _ => {
            let forms = [
                "What does {l} of {t} provide?",
                "What does {t} say in {l}?",
                "Summarise {l} of {t}.",
            ];
            forms
                .choose(rng)
                .unwrap_or(&forms[0])
                .replace("{t}", &title)
                .replace("{l}", &chunk.locator)
        }
    }
}

/// The provision's words, without the locator it opens with.
fn quote(text: &str, locator: &str) -> String {
    let body = text.trim_start();
    let body = body
        .strip_prefix(locator)
        .unwrap_or(body)
        .trim_start_matches([':', '：', ' ']);
    let flat: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut q: String = flat.chars().take(QUOTE_CHARS).collect();
    if flat.chars().count() > QUOTE_CHARS {
        q.push('…');
    }
    q
}

/// Up to `n` examples from the Chinese laws and the treaties of `bundle`;
/// with `refusals`, one in five lacks the provision asked about and answers
/// with the service's refusal sentence. An adapter for the Q&A service as
/// it stands is better trained without them: its relevance gate decides
/// refusals before the model runs, and a model taught to refuse when the
/// named article is missing refuses natural questions too.
pub fn build(
    bundle: &Bundle,
    dev: &DevSets,
    n: usize,
    refusals: bool,
    rng: &mut StdRng,
) -> Result<Vec<ChatExample>, TrainingError> {
    let docs: Vec<String> = bundle
        .documents()
        .map_err(|e| TrainingError::Data(e.to_string()))?
        .into_iter()
        .filter(|d| d.starts_with("regulations/cn-law/") || d.starts_with("regulations/cptpp/"))
        .collect();
    let chunks = bundle
        .load_documents(&docs)
        .map_err(|e| TrainingError::Data(e.to_string()))?;
    // Provisions of some substance, in force (superseded texts are cited
    // only to explain a change, which these templates do not teach).
    let mut pool: Vec<&Chunk> = chunks
        .iter()
        .filter(|c| c.status.in_force() && c.text.chars().count() >= 40 && !c.locator.is_empty())
        .collect();
    pool.shuffle(rng);
    let system = portolan_server::prompts::built_in("system.md").unwrap_or_default();
    let rules = portolan_server::prompts::built_in("ask.md").unwrap_or_default();
    let mut out = Vec::new();
    for target in pool.iter().copied() {
        if out.len() >= n {
            break;
        }
        let q = question(target, rng);
        if dev.leaks_into(&q) {
            continue;
        }
        // The draw is made either way, so that a set with refusals and one
        // without share their other examples.
        let refusal = rng.random_range(0..5) == 0 && refusals;
        // Two or three passages from other documents, the target among them
        // at a random place unless this is a refusal.
        let mut passages: Vec<Chunk> = pool
            .choose_multiple(rng, 8)
            .filter(|c| c.doc != target.doc)
            .take(if refusal { 3 } else { 2 })
            .map(|c| (*c).clone())
            .collect();
        let at = if refusal {
            None
        } else {
            let i = rng.random_range(0..=passages.len());
            passages.insert(i, target.clone());
            Some(i)
        };
        let request = AskRequest {
            question: q,
            history: Vec::new(),
            ..Default::default()
        };
        let mut messages: Vec<Message> = prompt_messages(&system, &rules, &request, &passages)
            .into_iter()
            .map(Message::from)
            .collect();
        let zh = target.lang == Lang::Zh;
        let answer = match (at, zh) {
            (Some(i), true) => format!(
                "《{}》{}规定：{}[{}]",
                title_of(target),
                target.locator,
                quote(&target.text, &target.locator),
                i + 1
            ),
            (Some(i), false) => format!(
                "{} of {} provides: \"{}\" [{}]",
                target.locator,
                title_of(target),
                quote(&target.text, &target.locator),
                i + 1
            ),
            (None, zh) => portolan_server::ask::refusal_sentence(zh).to_string(),
        };
        messages.push(Message {
            role: "assistant".into(),
            content: answer,
        });
        out.push(ChatExample {
            kind: if refusal { "qa-refusal" } else { "qa" }.into(),
            messages,
            provenance: vec![Source {
                doc: target.doc.clone(),
                locator: target.locator.clone(),
                chunk: target.id.clone(),
            }],
        });
    }
    Ok(out)
}
