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
    let mut out = String::with_capacity(answer.len());
    let mut rest = answer;
    while let Some((at, open, close)) = next_open(rest) {
        let inner_from = at + open.len_utf8();
        let Some(len) = rest[inner_from..].find(close) else {
            break;
        };
        let inner = &rest[inner_from..inner_from + len];
        let after = inner_from + len + close.len_utf8();
        out.push_str(&rest[..at]);
        if restates(inner, question, sources) {
            out.push_str(inner);
        } else {
            out.push_str(&rest[at..after]);
        }
        rest = &rest[after..];
    }
    out.push_str(rest);
    out
}

/// The first opening mark in `text`, where it is and the mark closing it.
pub(super) fn next_open(text: &str) -> Option<(usize, char, char)> {
    text.char_indices().find_map(|(i, c)| {
        QUOTATION_MARKS
            .iter()
            .find(|(open, _)| *open == c)
            .map(|&(open, close)| (i, open, close))
    })
}

/// Whether the words `inner` quote are the question's (at least
/// [`MIN_CHARS`] of them) and no source's.
pub(super) fn restates<S: AsRef<str>>(inner: &str, question: &str, sources: &[S]) -> bool {
    let words = inner
        .trim()
        .trim_end_matches(['？', '?', '。', '.', '，', ',', '…']);
    words.chars().count() >= MIN_CHARS
        && question.contains(words)
        && !sources.iter().any(|s| s.as_ref().contains(words))
}

/// Whether a quotation opened with `inner` so far may still turn out to
/// restate `question`: what it holds yet is the question's.
pub(super) fn may_restate(inner: &str, question: &str) -> bool {
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
