//! What the Q&A service is asked and what it answers: the request with its
//! conversation, the answer with its citations, notes and timings, and a
//! recorded generation an evaluation replays.

use portolan_corpus::Chunk;
use serde::Serialize;

/// A question, with the earlier turns of its conversation.
#[derive(Debug, Clone, Default)]
pub struct AskRequest {
    /// The question.
    pub question: String,
    /// Earlier `(question, answer)` turns, oldest first.
    pub history: Vec<(String, String)>,
    /// The LoRA adapter to answer with (attached to the model by name).
    pub adapter: Option<String>,
}

/// A cited provision.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AnswerCitation {
    /// The number the answer cites it by.
    pub n: usize,
    /// The provision's chunk id (`GET /v1/documents/{id}` opens it).
    pub id: String,
    /// Document path relative to the bundle root.
    pub doc: String,
    /// Locator as printed.
    pub locator: String,
    /// The provision's words as the model was given them: cut where it
    /// answers the question (see [`super::source_text`]). A quote of what the
    /// model read lets the reader check the answer against exactly that;
    /// a shorter quote of 96 tokens (about 160 Chinese characters, 480
    /// English) held fewer of the deciding facts: on qa-dev, with the same
    /// generations, must_include 0.686 with it, 0.703 with this.
    pub quote: String,
}

/// Why the post-check left a sentence the model wrote (and the stream
/// showed) out of the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LeftOutReason {
    /// It rests only on a source other than the best one, in the answer to
    /// a single question (`focus`).
    OtherSource,
    /// It states a period, rate or amount that its sources do not (`figures`).
    UnstatedFigure,
    /// It says a duty, tax or fee is due where its sources say only that it
    /// is not, or the reverse (`levies`).
    ContraryCharge,
}

/// A sentence left out of the answer, and why: the notes say it in words;
/// this is for a program (and the evaluation) to count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LeftOut {
    /// The sentence as the model wrote it (citation markers removed).
    pub sentence: String,
    /// Which check left it out.
    pub reason: LeftOutReason,
}

/// An answer.
#[derive(Debug, Clone, Serialize)]
pub struct Answer {
    /// The answer text (citation markers of passages not given removed),
    /// closed by the words of each source it cites, best-ranked first (see
    /// `notes::source_quotations`).
    pub answer: String,
    /// Cited provisions, in the order of their numbers.
    pub citations: Vec<AnswerCitation>,
    /// The sources did not cover the question.
    pub refused: bool,
    /// Sentences of the answer that cite nothing.
    pub unsupported: Vec<String>,
    /// Supersession notes on cited texts; which sentences were left out and
    /// why (see `left_out`); for a question on another country's rules
    /// refused because no source speaks of it, why.
    pub notes: Vec<String>,
    /// Sentences the model wrote that the post-check left out, with the reason.
    pub left_out: Vec<LeftOut>,
    /// Seconds to the first generated token (to the refusal, when the gate refused).
    pub time_to_first_token: f64,
    /// Cosine of the question to the closest provision (the refusal gate's
    /// measure), when dense search ran.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relevance: Option<f32>,
    /// Seconds for the whole answer.
    pub total_time: f64,
    /// What the model wrote, before the post-check (the refusal marker
    /// when the gate refused without it).
    #[serde(skip)]
    pub generated: String,
    /// Fingerprint of everything the model was given (see [`super::Asker::prompt`]).
    #[serde(skip)]
    pub prompt: String,
    /// The passages the model was given, in their numbering's order.
    #[serde(skip)]
    pub sources: Vec<Chunk>,
}

/// A generation recorded for the same prompt (same [`Answer::prompt`]):
/// with greedy decoding the model would write the same text again (but for
/// a near-tie between two tokens, which floats summed in another order can
/// tip), so an evaluation replays it through everything after the model
/// instead of generating it anew.
#[derive(Debug, Clone)]
pub struct Recorded {
    /// The model's text.
    pub generated: String,
    /// Seconds to its first token, as measured when it was generated.
    pub time_to_first_token: f64,
    /// Seconds for the whole answer, as measured then.
    pub total_time: f64,
}
