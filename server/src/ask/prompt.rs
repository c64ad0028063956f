//! The prompt of a grounded answer: the answering rules, earlier turns, the
//! numbered sources (each cut where it answers the question) and the
//! question.
//!
//! The training data of grounded answers is built with the same function
//! ([`prompt_messages`]), and the evaluation reads what the model was given
//! through [`source_text`]: both must see exactly what the service sends.

use portolan_corpus::{Chunk, DocType, Lang, Status};
use portolan_model::{ChatMessage, Role};

use super::{doc_name, standalone_query, AskRequest};
use crate::excerpt::{excerpt, focused_tokens};

/// Tokens (estimated) of a passage given to the model: about 240 characters
/// of a Chinese provision, 750 of an English one. A budget of 350
/// characters, as before, gave a Chinese provision three times the tokens of
/// an English one: Chinese questions paid twice the prompt processing, and
/// English passages were cut to a few lines (they held 0.49 of their
/// questions' `must_include` facts). On qa-dev (`eval qa --sources-only`,
/// then answered) the sources now hold 0.79 of the facts (0.69 before);
/// 120 tokens held 0.75 but the answers' Chinese facts fell (0.58 → 0.45).
const PASSAGE_TOKENS: usize = 150;
/// Characters of a GACC record's title in its label.
const TITLE_CHARS: usize = 40;

/// How a passage is named to the model and in the answer: a law's or
/// treaty's provision by its document's short name and locator
/// (`关税法(2024-04-26) 第三十七条`, `ch05 Article 5.7`); a GACC record by
/// its title, because the file it sits in (`policy-interpretations`) says
/// nothing of what it is about, and a small model copies the name it is
/// given into the answer ("根据policy-interpretations gacc-interp-207…").
pub fn passage_label(c: &Chunk) -> String {
    match c.doc_type {
        DocType::Interpretation | DocType::Announcement if !c.title.trim().is_empty() => {
            format!("《{}》", excerpt(&c.title, TITLE_CHARS))
        }
        _ => format!("{} {}", doc_name(&c.doc), c.locator),
    }
}

/// The part of a passage's text the model is given for `req`: where it
/// answers the question (see `excerpt::focused_tokens`). The evaluation reads what the
/// model could have quoted from this, so it must be what the prompt holds.
pub fn source_text(req: &AskRequest, passage: &Chunk) -> String {
    given_text(passage, &standalone_query(req))
}

fn given_text(passage: &Chunk, query: &str) -> String {
    focused_tokens(&passage.text, query, PASSAGE_TOKENS)
}

/// The conversation a grounded answer is generated from: `system` with the
/// answering `rules` (`{language}` filled in from the question), earlier
/// turns, then the numbered sources (each cut where it answers the
/// question, see [`source_text`]) and the question. The training data of
/// grounded answers is built with this same function, so an adapter learns
/// the prompt the service sends.
pub fn prompt_messages(
    system: &str,
    rules: &str,
    req: &AskRequest,
    passages: &[Chunk],
) -> Vec<ChatMessage> {
    let lang = Lang::detect(&req.question);
    let language = match lang {
        Lang::Zh => "Chinese (简体中文)",
        _ => "English",
    };
    let query = standalone_query(req);
    let mut sources = String::new();
    for (i, p) in passages.iter().enumerate() {
        let status = match &p.status {
            Status::InForce => String::new(),
            Status::Superseded { by, from, .. } => format!(
                " (superseded by {}{})",
                doc_name(by),
                from.as_deref()
                    .map_or(String::new(), |f| format!(" from {f}"))
            ),
            Status::Repealed => " (repealed)".into(),
        };
        sources.push_str(&format!(
            "[{}] {}{}: {}\n",
            i + 1,
            passage_label(p),
            status,
            given_text(p, &query)
        ));
    }
    let mut messages = vec![ChatMessage::new(
        Role::System,
        format!("{}\n\n{}", system, rules.replace("{language}", language)),
    )];
    for (q, a) in &req.history {
        messages.push(ChatMessage::new(Role::User, q.clone()));
        messages.push(ChatMessage::new(Role::Assistant, a.clone()));
    }
    messages.push(ChatMessage::new(
        Role::User,
        format!("Sources:\n{sources}\nQuestion: {}", req.question),
    ));
    messages
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ask::tests::provision;

    #[test]
    fn gacc_records_are_labelled_by_title() {
        let mut record = provision(
            "regulations/cn-customs/policy-interpretations.jsonl",
            "gacc-interp-016",
            Status::InForce,
        );
        record.doc_type = DocType::Interpretation;
        record.title = "关于中欧班列运费扣除的政策解读".into();
        assert_eq!(passage_label(&record), "《关于中欧班列运费扣除的政策解读》");
        let law = provision(
            "regulations/cn-law/关税法(2024-04-26).md",
            "第三十七条",
            Status::InForce,
        );
        assert_eq!(passage_label(&law), "关税法(2024-04-26) 第三十七条");
    }
}
