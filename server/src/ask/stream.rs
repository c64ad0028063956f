//! What of the model's text reaches the reader while it is generated.
//!
//! The stream must begin as the checked answer begins, so two openings are
//! held back until they are decided:
//! - the refusal marker `NOT_COVERED`: a refusal is never streamed as an
//!   answer (the service writes the refusal sentence instead);
//! - a quotation of nothing and the markers after it (the rule's `“…”[1]`
//!   copied as it is), which the post-check drops from the answer.
//!
//! Everything after the opening streams as it comes: the post-check's other
//! repairs (renumbered or added citations, sentences left out by `focus`)
//! show only in the final answer.

use super::grounding::{
    empty_quotation, leading_markers, may_become_empty_quotation, may_become_marker,
};
use super::NOT_COVERED;

/// Passes the model's pieces on once the opening is decided.
pub(crate) struct StreamGate<'a> {
    on_text: &'a mut dyn FnMut(&str) -> bool,
    held: String,
    open: bool,
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
        }
    }

    /// Takes the model's next piece. `false` ends generation: the text is
    /// the refusal marker, or the reader has gone.
    pub(crate) fn push(&mut self, piece: &str) -> bool {
        if self.open {
            return (self.on_text)(piece);
        }
        self.held.push_str(piece);
        match opening(&self.held) {
            Opening::Undecided => true,
            Opening::Refusal => false,
            Opening::Answer(from) => {
                self.open = true;
                let text = std::mem::take(&mut self.held);
                (self.on_text)(&text[from..])
            }
        }
    }

    /// Some of the model's text was streamed.
    pub(crate) fn opened(&self) -> bool {
        self.open
    }

    /// Streams text of the service's own (the refusal sentence).
    pub(crate) fn send(&mut self, text: &str) -> bool {
        (self.on_text)(text)
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
