//! The question restated in quotation marks is not a quotation.
//!
//! The prompt asks the model to open with the words of the source that
//! answers, in quotation marks. Often it opens with the question instead
//! ("“海关查验的时候把我们的货弄坏了，可以要求赔偿吗？”[1]根据海关法第九十四条…"):
//! 11 quotations in 9 of 96 qa-dev answers. Read as written, that says the
//! law holds the asker's words. Forbidding it at decoding time (the question
//! not among the texts a quotation may copy) was measured and made answers
//! worse: forced to copy a source first, the model copied the wrong one and
//! then kept to it (citation recall 0.814 -> 0.791, precision 0.742 ->
//! 0.697, must_include 0.721 -> 0.698 on the same machine; qa-215 answered
//! with the Dutch sentence of the Kyoto Convention). The restatement is how
//! the small model gets to its answer, so it is left in the words and only
//! its quotation marks are taken away: the reader sees the question
//! restated, not a provision.
//!
//! A quotation the sources hold as well (a question that itself quotes the
//! law) keeps its marks.

use super::grounding::QUOTATION_MARKS;

/// Fewer characters than this inside the marks is a term ("“保税”"), which
/// a question and a source may both use; never taken for the question.
const MIN_CHARS: usize = 6;

/// `answer` with the quotation marks taken off every quotation that copies
/// (part of) `question` and none of `sources`.
pub(super) fn unquoted(answer: &str, question: &str, sources: &[&str]) -> String {
    let mut unquoting = Unquoting::new(question, sources);
    let mut out = unquoting.push(answer);
    out.push_str(&unquoting.finish());
    out
}

/// Takes the quotation marks off the question restated in text that comes
/// in pieces, as the model writes it (the stream) or whole (the answer): a
/// quotation is held while what it holds yet is the question's, released
/// as written as soon as it is not, and without its marks when it closes
/// as a restatement.
pub(super) struct Unquoting<'q> {
    question: &'q str,
    sources: &'q [&'q str],
    /// Text held while a quotation may restate the question.
    pending: String,
    /// The closing mark of a quotation already released in part.
    inside: Option<char>,
}

impl<'q> Unquoting<'q> {
    pub(super) fn new(question: &'q str, sources: &'q [&'q str]) -> Self {
        Self {
            question,
            sources,
            pending: String::new(),
            inside: None,
        }
    }

    /// Takes the next piece of text; returns what can be released of it.
    pub(super) fn push(&mut self, piece: &str) -> String {
        self.pending.push_str(piece);
        let mut out = String::new();
        loop {
            let pending = self.pending.as_str();
            if let Some(close) = self.inside {
                let Some(at) = pending.find(close) else {
                    out.push_str(pending);
                    self.pending.clear();
                    break;
                };
                let end = at + close.len_utf8();
                out.push_str(&pending[..end]);
                self.pending.drain(..end);
                self.inside = None;
                continue;
            }
            let Some((at, open, close)) = next_open(pending) else {
                out.push_str(pending);
                self.pending.clear();
                break;
            };
            let from = at + open.len_utf8();
            match pending[from..].find(close) {
                Some(len) => {
                    let inner = &pending[from..from + len];
                    let end = from + len + close.len_utf8();
                    if restates(inner, self.question, self.sources) {
                        out.push_str(&pending[..at]);
                        out.push_str(inner);
                    } else {
                        out.push_str(&pending[..end]);
                    }
                    self.pending.drain(..end);
                }
                None if may_restate(&pending[from..], self.question) => {
                    out.push_str(&pending[..at]);
                    self.pending.drain(..at);
                    break;
                }
                None => {
                    out.push_str(pending);
                    self.pending.clear();
                    self.inside = Some(close);
                    break;
                }
            }
        }
        out
    }

    /// What is still held (a quotation left open at the end), as written.
    pub(super) fn finish(&mut self) -> String {
        std::mem::take(&mut self.pending)
    }
}

/// The first opening mark in `text`, where it is and the mark closing it.
fn next_open(text: &str) -> Option<(usize, char, char)> {
    text.char_indices().find_map(|(i, c)| {
        QUOTATION_MARKS
            .iter()
            .find(|(open, _)| *open == c)
            .map(|&(open, close)| (i, open, close))
    })
}

/// Whether the words `inner` quote are the question's (at least
/// [`MIN_CHARS`] of them) and no source's.
fn restates(inner: &str, question: &str, sources: &[&str]) -> bool {
    let words = inner
        .trim()
        .trim_end_matches(['？', '?', '。', '.', '，', ',', '…']);
    words.chars().count() >= MIN_CHARS
        && question.contains(words)
        && !sources.iter().any(|s| s.contains(words))
}

/// Whether a quotation opened with `inner` so far may still turn out to
/// restate `question`: what it holds yet is the question's.
fn may_restate(inner: &str, question: &str) -> bool {
    question.contains(inner.trim_start())
}

#[cfg(test)]
mod tests {
    use super::*;

    const QUESTION: &str = "海关查验的时候把我们的货弄坏了，可以要求赔偿吗？";
    const SOURCE: &str =
        "海关在查验进出境货物、物品时，损坏被查验的货物、物品的，应当赔偿实际损失。";

    #[test]
    fn the_question_restated_loses_its_quotation_marks_only() {
        let answer = "“海关查验的时候把我们的货弄坏了，可以要求赔偿吗？”[1]根据海关法第九十四条，\
                      “损坏被查验的货物、物品的，应当赔偿实际损失。”[1]";
        assert_eq!(
            unquoted(answer, QUESTION, &[SOURCE]),
            "海关查验的时候把我们的货弄坏了，可以要求赔偿吗？[1]根据海关法第九十四条，\
             “损坏被查验的货物、物品的，应当赔偿实际损失。”[1]"
        );
        // Part of the question, in straight quotes or corner brackets, is a
        // restatement too.
        assert_eq!(
            unquoted("\"把我们的货弄坏了\" [1]", QUESTION, &[SOURCE]),
            "把我们的货弄坏了 [1]"
        );
        assert_eq!(
            unquoted("「把我们的货弄坏了」[1]", QUESTION, &[SOURCE]),
            "把我们的货弄坏了[1]"
        );
    }

    #[test]
    fn words_the_sources_hold_or_short_terms_keep_their_marks() {
        let question = "“应当赔偿实际损失”是什么意思？";
        let answer = "“应当赔偿实际损失”[1]指按货物的实际损失赔偿。“什么意思”";
        assert_eq!(unquoted(answer, question, &[SOURCE]), answer);
        // An unclosed quotation is left as written.
        let open = "“海关查验的时候把我们的货弄坏了";
        assert_eq!(unquoted(open, QUESTION, &[SOURCE]), open);
    }
}
