//! What of the model's text reaches the reader while it is generated.
//!
//! The stream must begin as the checked answer begins, so two openings are
//! held back until they are decided:
//! - the refusal marker `NOT_COVERED`: a refusal is never streamed as an
//!   answer (the service writes the refusal sentence instead);
//! - a quotation of nothing and the markers after it (the rule's `“…”[1]`
//!   copied as it is), which the post-check drops from the answer.
//!
//! After the opening, a quotation is held back while it may be the question
//! restated (`restated`): once it closes, a restatement streams without its
//! marks, as the answer will show it, and anything else as written; it
//! streams on as soon as its words are no longer the question's, so a
//! source's words are held only as long as they agree with the question.
//!
//! Everything else streams as it comes: the post-check's other repairs
//! (renumbered or added citations, sentences left out by `focus`, `figures`
//! or `levies`) show only in the final answer, and its notes say so.

use super::grounding::{
    empty_quotation, leading_markers, may_become_empty_quotation, may_become_marker,
};
use super::restated::Unquoting;
use super::NOT_COVERED;

/// Passes the model's pieces on once the opening is decided.
pub(crate) struct StreamGate<'a> {
    on_text: &'a mut dyn FnMut(&str) -> bool,
    held: String,
    open: bool,
    /// After the opening, the question restated loses its quotation marks;
    /// none: quotations stream as they come.
    unquoting: Option<Unquoting<'a>>,
}

/// What the start of the held text still may be.
enum Opening {
    /// It may still become the refusal marker, a quotation of nothing, or
    /// markers after one: wait for more.
    Undecided,
    /// It is the refusal marker.
    Refusal,
    /// It is the answer: stream from this byte on.
    Answer(usize),
}

impl<'a> StreamGate<'a> {
    pub(crate) fn new(on_text: &'a mut dyn FnMut(&str) -> bool) -> Self {
        Self {
            on_text,
            held: String::new(),
            open: false,
            unquoting: None,
        }
    }

    /// Holds back a quotation while it may restate `question` rather than
    /// quote one of `sources`.
    pub(crate) fn restating(mut self, question: &'a str, sources: &'a [&'a str]) -> Self {
        self.unquoting = Some(Unquoting::new(question, sources));
        self
    }

    /// Takes the model's next piece. `false` ends generation: the text is
    /// the refusal marker, or the reader has gone.
    pub(crate) fn push(&mut self, piece: &str) -> bool {
        if self.open {
            return self.forward(piece);
        }
        self.held.push_str(piece);
        match opening(&self.held) {
            Opening::Undecided => true,
            Opening::Refusal => false,
            Opening::Answer(from) => {
                self.open = true;
                let text = std::mem::take(&mut self.held);
                self.forward(&text[from..])
            }
        }
    }

    /// Some of the model's text was streamed.
    pub(crate) fn opened(&self) -> bool {
        self.open
    }

    /// Streams text of the service's own (the refusal sentence, the closing
    /// quotations), after whatever the model wrote that is still held.
    pub(crate) fn send(&mut self, text: &str) -> bool {
        self.finish();
        (self.on_text)(text)
    }

    /// Streams what is still held of the model's text after the opening (a
    /// quotation left open when generation ended), as written.
    pub(crate) fn finish(&mut self) -> bool {
        let rest = self
            .unquoting
            .as_mut()
            .map(Unquoting::finish)
            .unwrap_or_default();
        rest.is_empty() || (self.on_text)(&rest)
    }

    /// Streams `piece` after the opening, holding a quotation back while it
    /// may restate the question.
    fn forward(&mut self, piece: &str) -> bool {
        let Some(unquoting) = self.unquoting.as_mut() else {
            return (self.on_text)(piece);
        };
        let out = unquoting.push(piece);
        out.is_empty() || (self.on_text)(&out)
    }
}

fn opening(held: &str) -> Opening {
    let mut rest = held.trim_start();
    let mut after_quotation = false;
    loop {
        if rest.trim_start().is_empty() {
            return Opening::Undecided;
        }
        if rest.starts_with(NOT_COVERED) {
            return Opening::Refusal;
        }
        if !after_quotation && NOT_COVERED.starts_with(rest) {
            return Opening::Undecided;
        }
        if let Some(len) = empty_quotation(rest) {
            rest = &rest[len..];
            rest = &rest[leading_markers(rest)..];
            after_quotation = true;
            continue;
        }
        if may_become_empty_quotation(rest) || (after_quotation && may_become_marker(rest)) {
            return Opening::Undecided;
        }
        // Spaces between a dropped quotation and the answer go with it.
        return Opening::Answer(held.len() - rest.trim_start().len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the reader gets when the model writes `pieces`, and whether
    /// generation was told to go on after the last piece.
    fn streamed(pieces: &[&str]) -> (String, bool) {
        let mut out = String::new();
        let mut sink = |t: &str| {
            out.push_str(t);
            true
        };
        let mut gate = StreamGate::new(&mut sink);
        let mut go_on = true;
        for p in pieces {
            go_on = gate.push(p);
            if !go_on {
                break;
            }
        }
        (out, go_on)
    }

    /// What the reader gets when the model answers `QUESTION` with `pieces`
    /// and generation ends there.
    fn streamed_restating(pieces: &[&str]) -> String {
        let mut out = String::new();
        let mut sink = |t: &str| {
            out.push_str(t);
            true
        };
        let mut gate = StreamGate::new(&mut sink).restating(QUESTION, &[SOURCE]);
        for p in pieces {
            assert!(gate.push(p));
        }
        gate.finish();
        out
    }

    const QUESTION: &str = "海关查验的时候把我们的货弄坏了，可以要求赔偿吗？";
    const SOURCE: &str =
        "海关在查验进出境货物、物品时，损坏被查验的货物、物品的，应当赔偿实际损失。";

    #[test]
    fn the_question_restated_streams_without_its_marks() {
        assert_eq!(
            streamed_restating(&[
                "“",
                "海关查验的时候",
                "把我们的货弄坏了，",
                "可以要求赔偿吗？",
                "”[1]",
                "根据海关法，“损坏被查验的",
                "货物、物品的，应当赔偿实际损失。”[1]"
            ]),
            "海关查验的时候把我们的货弄坏了，可以要求赔偿吗？[1]根据海关法，\
             “损坏被查验的货物、物品的，应当赔偿实际损失。”[1]"
        );
    }

    #[test]
    fn a_quotation_streams_once_it_is_not_the_question() {
        // Collect what each piece releases: the source's words are not held
        // to the closing mark.
        let mut seen: Vec<String> = Vec::new();
        let mut sink = |t: &str| {
            seen.push(t.to_string());
            true
        };
        let mut gate = StreamGate::new(&mut sink).restating(QUESTION, &[SOURCE]);
        for p in ["答：", "“海关", "在查验", "进出境货物", "”[1]"] {
            gate.push(p);
        }
        assert_eq!(seen, ["答：", "“海关在查验", "进出境货物", "”[1]"]);
        // A short term of the question, in straight quotes, keeps them; so
        // does a quotation left open at the end.
        assert_eq!(
            streamed_restating(&["所谓\"", "查验", "\"是指", "。“把我们的货"]),
            "所谓\"查验\"是指。“把我们的货"
        );
    }

    #[test]
    fn an_answer_streams_as_it_comes() {
        assert_eq!(
            streamed(&["暂不", "缴纳关税[1]", "。"]),
            ("暂不缴纳关税[1]。".to_string(), true)
        );
        // A prefix of the marker that turns out to be text.
        assert_eq!(
            streamed(&["NO", "T covered by"]),
            ("NOT covered by".to_string(), true)
        );
    }

    #[test]
    fn the_refusal_marker_is_never_streamed() {
        assert_eq!(
            streamed(&[" NOT", "_COV", "ERED: the sources"]),
            (String::new(), false)
        );
    }

    #[test]
    fn a_quotation_of_nothing_and_its_markers_are_held_back() {
        assert_eq!(
            streamed(&["“", "……", "”", "[", "1", "] ", "暂不缴纳", "关税[2]。"]),
            ("暂不缴纳关税[2]。".to_string(), true)
        );
        // A real quotation streams from its first letter.
        assert_eq!(
            streamed(&["“", "暂时", "进境”[1]"]),
            ("“暂时进境”[1]".to_string(), true)
        );
        // The marker inside the marks, as the model also copies the rule.
        assert_eq!(
            streamed(&[
                "“",
                "……",
                "[",
                "1",
                "]",
                "”",
                "[1]",
                "暂不缴纳",
                "关税[2]。"
            ]),
            ("暂不缴纳关税[2]。".to_string(), true)
        );
        // After a quotation of nothing, a bracket that is not a marker is text.
        assert_eq!(
            streamed(&["\"...\" ", "[see below] yes"]),
            ("[see below] yes".to_string(), true)
        );
    }
}
