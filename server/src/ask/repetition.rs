//! Sentences the model says more than once.
//!
//! Greedy decoding of a small model sometimes repeats itself: a sentence said
//! again a paragraph later (qa-001 restates its whole first paragraph), or
//! one line written over and over until the token limit (qa-091: "In the
//! language of the question, the answer is:" seventeen times, 57 seconds of
//! decoding that said nothing). A repeat adds no claim and no citation, so
//! the answer keeps each sentence where it was first said, and generation
//! stops when a sentence comes a third time: greedy decoding that has
//! repeated a sentence twice is in a loop it does not leave.
//!
//! Both run on the raw generation, so an answer replayed from a recording
//! of the whole loop is cut exactly where live generation stops.

use super::attribution::letters;
use super::grounding::{ends_sentence, leading_markers, without_markers};

/// Sentences with fewer letters than this may repeat in a good answer
/// ("是的。", "Yes.", a list's "1."), and are never taken for repeats.
const MIN_LETTERS: usize = 8;
/// The saying of one sentence at which the model is looping.
const LOOPING_AT: usize = 3;

/// One sentence of the raw text: from where the previous ended to its end
/// mark and the citation markers right after it.
struct Said<'a> {
    span: &'a str,
    /// Its letters, lower-cased, without markers: "same sentence" ignores
    /// spacing, punctuation and which source it was pinned on.
    words: String,
    /// It reached its end mark: the text's last sentence may still grow.
    closed: bool,
}

fn sentences(text: &str) -> Vec<Said<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if !ends_sentence(c, chars.peek().map(|&(_, n)| n)) {
            continue;
        }
        let mut end = at + c.len_utf8();
        end += leading_markers(&text[end..]);
        out.push(said(&text[start..end], true));
        start = end;
        while chars.peek().is_some_and(|&(i, _)| i < end) {
            chars.next();
        }
    }
    if start < text.len() {
        out.push(said(&text[start..], false));
    }
    out
}

fn said(span: &str, closed: bool) -> Said<'_> {
    let words = letters(&without_markers(span)).collect();
    Said {
        span,
        words,
        closed,
    }
}

fn counts(s: &Said) -> bool {
    s.words.chars().count() >= MIN_LETTERS
}

/// Where `text` should have ended: after the sentence said for the third
/// time, when one is; `None` while the model is not looping.
pub(crate) fn loop_end(text: &str) -> Option<usize> {
    let mut seen: std::collections::HashMap<String, usize> = Default::default();
    let mut end = 0;
    for s in sentences(text) {
        end += s.span.len();
        if counts(&s) && s.closed {
            let n = seen.entry(s.words).or_default();
            *n += 1;
            if *n >= LOOPING_AT {
                return Some(end);
            }
        }
    }
    None
}

/// `text` cut where a loop began to repeat ([`loop_end`]) and without the
/// sentences it had said before.
pub(crate) fn said_once(text: &str) -> String {
    let text = &text[..loop_end(text).unwrap_or(text.len())];
    let mut seen = std::collections::HashSet::new();
    let mut out = String::with_capacity(text.len());
    for s in sentences(text) {
        if counts(&s) && !seen.insert(s.words.clone()) {
            // The line break that closed the repeat's paragraph stays.
            if s.span.ends_with('\n') && !out.ends_with('\n') {
                out.push('\n');
            }
            continue;
        }
        out.push_str(s.span);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_written_over_and_over_is_cut_at_its_third_saying() {
        let line = "In the language of the question, the answer is:\n";
        let looped = line.repeat(17);
        assert_eq!(loop_end(&looped), Some(3 * line.len()));
        assert_eq!(said_once(&looped), line);
        // Twice is not yet a loop.
        assert_eq!(loop_end(&line.repeat(2)), None);
    }

    #[test]
    fn the_sentence_still_being_written_is_not_counted() {
        let s = "应当自进境之日起六个月内复运出境。";
        let growing = format!("{s}{s}{}", &s[..s.len() - "。".len()]);
        assert_eq!(loop_end(&growing), None);
        assert!(loop_end(&format!("{s}{s}{s}")).is_some());
    }

    #[test]
    fn a_restated_sentence_is_kept_where_first_said() {
        let text = "展品应当在六个月内复运出境。[1]海关可以要求提供担保。[2]\n\n\
                    根据规定，展品应当在六个月内复运出境。[1]展品应当在六个月内复运出境。[3]";
        assert_eq!(
            said_once(text),
            "展品应当在六个月内复运出境。[1]海关可以要求提供担保。[2]\n\n根据规定，展品应当在六个月内复运出境。[1]"
        );
    }

    #[test]
    fn short_sentences_and_article_numbers_may_repeat() {
        let text = "Yes. See Article 5.1. Yes. Article 5.1 applies to originating goods.";
        assert_eq!(said_once(text), text);
        assert_eq!(loop_end("是的。是的。是的。"), None);
    }
}
