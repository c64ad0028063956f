//! The post-check of a generated answer: which given passages it cites,
//! which citations point at nothing, which sentences cite nothing.
//!
//! A small model sometimes cites `[5]` when four passages were given, or
//! writes `【1】` instead of `[1]`; it may also state something without any
//! citation. The check does not trust the text: a marker survives only if it
//! names a passage that was given, and uncited sentences are listed so the
//! reader (and the evaluation) can see them. Which passage a sentence
//! rests on, by its words, is `attribution`'s to say.

use super::NOT_COVERED;

/// The checked answer.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Checked {
    /// The text with markers of passages not given removed.
    pub text: String,
    /// Passage numbers cited (1-based), ascending, each once.
    pub cited: Vec<usize>,
    /// Sentences without a valid citation.
    pub unsupported: Vec<String>,
    /// Every sentence (markers removed) with the passages it cites.
    pub sentences: Vec<(String, Vec<usize>)>,
    /// The model said the sources do not cover the question.
    pub refused: bool,
}

/// The brackets of a citation marker, opening and closing.
const MARKER_BRACKETS: [(char, char); 2] = [('[', ']'), ('【', '】')];

/// What a citation marker holds between its brackets: numbers and separators.
fn in_marker(c: char) -> bool {
    c.is_ascii_digit() || matches!(c, ',' | ' ' | '，' | '、')
}

/// A citation marker at the start of `s`: `[1]`, `[1, 2]`, `【1】`. Returns
/// its numbers and its length in bytes.
fn marker(s: &str) -> Option<(Vec<usize>, usize)> {
    let &(open, close) = MARKER_BRACKETS
        .iter()
        .find(|(open, _)| s.starts_with(*open))?;
    let rest = &s[open.len_utf8()..];
    let end = rest.find(close)?;
    let inner = &rest[..end];
    if inner.is_empty() || !inner.chars().all(in_marker) {
        return None;
    }
    let nums = inner
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .filter_map(|p| p.parse().ok())
        .collect::<Vec<usize>>();
    if nums.is_empty() {
        return None;
    }
    Some((nums, open.len_utf8() + end + close.len_utf8()))
}

/// The start of a citation marker not yet closed (`[1`, ` 【2，`), as a
/// stream may hold it.
pub(crate) fn may_become_marker(s: &str) -> bool {
    let mut chars = s.trim_start_matches(' ').chars();
    chars
        .next()
        .is_some_and(|c| MARKER_BRACKETS.iter().any(|&(open, _)| open == c))
        && chars.all(in_marker)
}

/// Quotation marks, opening and closing.
pub(crate) const QUOTATION_MARKS: [(char, char); 3] = [('“', '”'), ('「', '」'), ('"', '"')];

/// The length in bytes of a quotation of nothing at the start of `s`
/// (`“……”`, `「」`, `"..."`, `“……[1]”`): quotation marks around no letter or
/// digit but those of citation markers. Told to open with the source's own
/// words, shown as `“…”[1]`, a small model sometimes writes only the marks
/// and the ellipsis, at times with the marker inside: a citation on that
/// would claim support for words that are not there.
pub(crate) fn empty_quotation(s: &str) -> Option<usize> {
    QUOTATION_MARKS.iter().find_map(|&(open, close)| {
        let inner = s.strip_prefix(open)?;
        let end = inner.find(close)?;
        let quoted = without_markers(&inner[..end]);
        let nothing = !quoted.contains('\n') && !quoted.chars().any(char::is_alphanumeric);
        nothing.then(|| open.len_utf8() + end + close.len_utf8())
    })
}

/// An opening quotation mark with nothing quoted yet (markers aside) and no
/// closing mark: what may still become an [`empty_quotation`] as a stream
/// holds it.
pub(crate) fn may_become_empty_quotation(s: &str) -> bool {
    let Some(mut rest) = QUOTATION_MARKS
        .iter()
        .find_map(|&(open, _)| s.strip_prefix(open))
    else {
        return false;
    };
    while let Some(c) = rest.chars().next() {
        if let Some((_, len)) = marker(rest) {
            rest = &rest[len..];
        } else if may_become_marker(rest) {
            return true;
        } else if c.is_alphanumeric()
            || c == '\n'
            || QUOTATION_MARKS.iter().any(|&(_, close)| close == c)
        {
            return false;
        } else {
            rest = &rest[c.len_utf8()..];
        }
    }
    true
}

/// The markers (and the spaces before them) at the start of `s`, in bytes.
pub(crate) fn leading_markers(s: &str) -> usize {
    let mut rest = s;
    while let Some((_, len)) = marker(rest.trim_start_matches(' ')) {
        rest = &rest.trim_start_matches(' ')[len..];
    }
    s.len() - rest.len()
}

/// `text` without its citation markers (`[1]`, `[1, 3]`, `【2】`), as a
/// reader's eye skips them: what the answer says, for comparing its words
/// with a source's (and, in the evaluation, with the expected facts).
pub fn without_markers(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        match marker(rest) {
            Some((_, len)) => rest = &rest[len..],
            None => {
                out.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    out
}

/// `text` without quotations of nothing ([`empty_quotation`]) and the
/// markers right after them.
fn without_empty_quotations(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        match empty_quotation(rest) {
            Some(len) => {
                rest = &rest[len..];
                rest = &rest[leading_markers(rest)..];
            }
            None => {
                out.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    out
}

/// Whether `c`, followed by `next`, ends a sentence: the answer's claims
/// are checked, attributed and compared sentence by sentence.
pub(crate) fn ends_sentence(c: char, next: Option<char>) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?' | '\n' | '；')
        // A full stop ends an English sentence; "5.1" does not.
        || (c == '.' && next.is_none_or(char::is_whitespace))
}

/// The service's refusal, in Chinese.
pub const REFUSAL_ZH: &str = "知识库中没有关于此问题的规定，无法据此作答。";
/// The service's refusal, in English.
pub const REFUSAL_EN: &str = "The knowledge base has no provision on this question.";

/// The refusal sentence in the question's language.
pub fn refusal_sentence(zh: bool) -> &'static str {
    if zh {
        REFUSAL_ZH
    } else {
        REFUSAL_EN
    }
}

/// The model refused: it wrote the refusal marker, also as a small model
/// misspells it ("NO_COVERED", "NOT COVERED"), or opened with the service's
/// own refusal sentence (a model trained on the service's refusals writes
/// the sentence itself; that is a refusal all the same, and must be counted
/// as one).
fn is_refusal(text: &str) -> bool {
    let lower = text.to_lowercase();
    let opening = |sentence: &str| {
        let core = sentence.trim_end_matches(['。', '.']);
        let core = core.split('，').next().unwrap_or(core);
        lower.starts_with(&core.to_lowercase())
    };
    if opening(REFUSAL_ZH) || opening(REFUSAL_EN) {
        return true;
    }
    let head: String = text
        .chars()
        .take(NOT_COVERED.len() + 4)
        .filter(char::is_ascii_alphabetic)
        .map(|c| c.to_ascii_uppercase())
        .collect();
    head.starts_with("NOTCOVERED") || head.starts_with("NOCOVERED")
}

/// Words after which a marker is part of the sentence ("according to [1],
/// …", "根据[1]和[2]，…") rather than a citation at its end: such a marker is
/// replaced by the passage's name, or the sentence would read "根据和，…".
const NAMING_WORDS: [&str; 20] = [
    "根据",
    "依据",
    "依照",
    "按照",
    "参照",
    "参见",
    "见",
    "和",
    "及",
    "与",
    "、",
    "或",
    "according to",
    "under",
    "see",
    "and",
    "per",
    "pursuant to",
    "in",
    "of",
];

fn names_a_source(sentence: &str) -> bool {
    let end = sentence.trim_end().to_lowercase();
    NAMING_WORDS.iter().any(|w| {
        end.ends_with(w)
            && (!w.is_ascii()
                || end.len() == w.len()
                || !end.as_bytes()[end.len() - w.len() - 1].is_ascii_alphanumeric())
    })
}

/// Checks `answer` against the given passages, named by `labels` (numbered from 1).
pub fn check(answer: &str, labels: &[String]) -> Checked {
    let given = labels.len();
    let answer = without_empty_quotations(answer);
    let trimmed = answer.trim();
    if is_refusal(trimmed) {
        return Checked {
            refused: true,
            ..Default::default()
        };
    }
    let mut text = String::with_capacity(trimmed.len());
    let mut cited = Vec::new();
    let mut unsupported = Vec::new();
    let mut sentences: Vec<(String, Vec<usize>)> = Vec::new();
    let mut sentence = String::new();
    let mut sentence_cites: Vec<usize> = Vec::new();
    // Markers right after a full stop, already counted for the sentence
    // they close, still to be passed over ("A。[1]B。": B cites nothing).
    let mut closing_markers: usize = 0;
    let mut rest = trimmed;
    let flush = |sentence: &mut String,
                 cites: &mut Vec<usize>,
                 unsupported: &mut Vec<String>,
                 sentences: &mut Vec<(String, Vec<usize>)>| {
        let s = sentence.trim();
        // Headings, list bullets and the like are not claims.
        if cites.is_empty() && is_claim(s) {
            unsupported.push(s.to_string());
        }
        if !s.is_empty() {
            sentences.push((s.to_string(), std::mem::take(cites)));
        }
        sentence.clear();
        cites.clear();
    };
    while let Some(c) = rest.chars().next() {
        if let Some((nums, len)) = marker(rest) {
            let valid: Vec<usize> = nums
                .into_iter()
                .filter(|n| (1..=given).contains(n))
                .collect();
            if !valid.is_empty() && names_a_source(&sentence) {
                let sep = if sentence.is_ascii() { " and " } else { "和" };
                let names = valid
                    .iter()
                    .map(|&n| labels[n - 1].as_str())
                    .collect::<Vec<_>>()
                    .join(sep);
                let pad = if sentence.ends_with(' ') || !sentence.is_ascii() {
                    ""
                } else {
                    " "
                };
                text.push_str(pad);
                text.push_str(&names);
                sentence.push_str(pad);
                sentence.push_str(&names);
                cited.extend(valid.iter().copied());
                sentence_cites.extend(valid);
            } else if !valid.is_empty() {
                let m = format!(
                    "[{}]",
                    valid
                        .iter()
                        .map(usize::to_string)
                        .collect::<Vec<_>>()
                        .join("][")
                );
                text.push_str(&m);
                cited.extend(valid.iter().copied());
                if closing_markers == 0 {
                    sentence_cites.extend(valid);
                }
            }
            closing_markers = closing_markers.saturating_sub(1);
            rest = &rest[len..];
            continue;
        }
        text.push(c);
        sentence.push(c);
        rest = &rest[c.len_utf8()..];
        if c != ' ' {
            closing_markers = 0;
        }
        let next = rest.chars().next();
        if ends_sentence(c, next) {
            // A citation right after the full stop still belongs to this
            // sentence, and to this one only.
            let mut look = rest.trim_start_matches(' ');
            while let Some((nums, len)) = marker(look) {
                sentence_cites.extend(nums.into_iter().filter(|n| (1..=given).contains(n)));
                look = look[len..].trim_start_matches(' ');
                closing_markers += 1;
            }
            flush(
                &mut sentence,
                &mut sentence_cites,
                &mut unsupported,
                &mut sentences,
            );
        }
    }
    flush(
        &mut sentence,
        &mut sentence_cites,
        &mut unsupported,
        &mut sentences,
    );
    cited.sort_unstable();
    cited.dedup();
    Checked {
        text: text.trim().to_string(),
        cited,
        unsupported,
        sentences,
        refused: false,
    }
}

/// A sentence that states something (not a heading or a bullet).
pub fn is_claim(s: &str) -> bool {
    s.chars().filter(|c| c.is_alphanumeric()).count() > 8
}

/// The items of the passages `cites` names (numbered from 1), or of every
/// passage when it names none given: what a sentence is checked against
/// (a sentence citing nothing may rest on any source).
pub(crate) fn cited_or_all<'a, T>(cites: &[usize], all: &'a [T]) -> Vec<&'a T> {
    let cited: Vec<&T> = cites
        .iter()
        .filter_map(|n| all.get(n.wrapping_sub(1)))
        .collect();
    if cited.is_empty() {
        all.iter().collect()
    } else {
        cited
    }
}

impl Checked {
    /// The answer made of the sentences `keep` accepts, and the sentences
    /// it does not, with their citations; unchanged when it accepts all.
    pub(crate) fn keeping(
        self,
        keep: impl Fn(&str, &[usize]) -> bool,
    ) -> (Self, Vec<(String, Vec<usize>)>) {
        let (kept, left_out): (Vec<_>, Vec<_>) = self
            .sentences
            .iter()
            .cloned()
            .partition(|(sentence, cites)| keep(sentence, cites));
        if left_out.is_empty() {
            return (self, Vec::new());
        }
        (Self::from_sentences(kept, self.refused), left_out)
    }

    /// The answer these sentences make, each followed by its markers; claims
    /// that cite nothing are listed as unsupported.
    pub(crate) fn from_sentences(sentences: Vec<(String, Vec<usize>)>, refused: bool) -> Self {
        let mut out = Checked {
            refused,
            ..Default::default()
        };
        for (sentence, cites) in &sentences {
            if cites.is_empty() && is_claim(sentence) {
                out.unsupported.push(sentence.clone());
            }
            // Chinese sentences follow each other without a space.
            if !out.text.is_empty() && !sentence.starts_with(|c: char| !c.is_ascii()) {
                out.text.push(' ');
            }
            out.text.push_str(sentence);
            for n in cites {
                out.text.push_str(&format!("[{n}]"));
            }
            out.cited.extend(cites.iter().copied());
        }
        out.cited.sort_unstable();
        out.cited.dedup();
        out.sentences = sentences;
        out
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    #[test]
    fn keeps_citations_of_given_passages_only() {
        let c = check(
            "暂不缴纳关税[1]，应当在六个月内复运出境【2】。担保的具体方式另有专门规定[7]。",
            &labels(3),
        );
        assert_eq!(c.cited, [1, 2]);
        assert_eq!(
            c.text,
            "暂不缴纳关税[1]，应当在六个月内复运出境[2]。担保的具体方式另有专门规定。"
        );
        assert_eq!(c.unsupported, ["担保的具体方式另有专门规定。"]);
        assert!(!c.refused);
    }

    #[test]
    fn quotations_of_nothing_are_dropped_with_their_markers() {
        let c = check(
            "“……”[1]暂不缴纳关税[2]。“应当在六个月内复运出境”[1]。",
            &labels(2),
        );
        assert_eq!(c.text, "暂不缴纳关税[2]。“应当在六个月内复运出境”[1]。");
        assert_eq!(c.cited, [1, 2]);
        // The rule's example copied with its marker inside the marks.
        let c = check("“……[1]”[1]暂不缴纳关税[2]。", &labels(2));
        assert_eq!(c.text, "暂不缴纳关税[2]。");
        assert_eq!(c.cited, [2]);
        // A quotation whose only digits are outside a marker is not empty.
        let c = check("“[1] 6 months”[1]。", &labels(2));
        assert!(c.text.starts_with("“[1] 6 months”"), "{}", c.text);
        let c = check("\"...\" [1] The limit is six months [2].", &labels(2));
        assert_eq!(c.text, "The limit is six months [2].");
        assert_eq!(c.cited, [2]);
    }

    #[test]
    fn grouped_markers_and_citations_after_the_full_stop() {
        let c = check(
            "The de minimis is 10 per cent of the value. [1, 3] Article 5.1 applies [2].",
            &labels(3),
        );
        assert_eq!(c.cited, [1, 2, 3]);
        assert!(c.unsupported.is_empty(), "{:?}", c.unsupported);
        assert!(c.text.contains("[1][3]"));
    }

    #[test]
    fn a_marker_after_the_full_stop_is_not_the_next_sentences_too() {
        let c = check(
            "暂不缴纳关税。[1]应当复运出境。[2] 担保的具体方式另有专门规定。",
            &labels(2),
        );
        assert_eq!(
            c.sentences,
            [
                ("暂不缴纳关税。".to_string(), vec![1]),
                ("应当复运出境。".to_string(), vec![2]),
                ("担保的具体方式另有专门规定。".to_string(), vec![]),
            ]
        );
        assert_eq!(c.unsupported, ["担保的具体方式另有专门规定。"]);
        assert_eq!(
            c.text,
            "暂不缴纳关税。[1]应当复运出境。[2] 担保的具体方式另有专门规定。"
        );
    }

    #[test]
    fn the_refusal_marker_is_a_refusal() {
        assert!(check("  NOT_COVERED", &labels(4)).refused);
        assert!(check("NO_COVERED[3]", &labels(4)).refused);
        assert!(check("Not covered.", &labels(4)).refused);
        assert!(!check("Nothing covers the fee [1].", &labels(4)).refused);
        assert!(!check("Covered by [1].", &labels(4)).refused);
        // The service's own sentence, written by the model.
        assert!(check(REFUSAL_ZH, &labels(4)).refused);
        assert!(check("知识库中没有关于此问题的规定。[1]", &labels(4)).refused);
        assert!(
            check(
                "The knowledge base has no provision on this question.",
                &labels(4)
            )
            .refused
        );
        assert!(!check("The knowledge base says the fee is 5% [1].", &labels(4)).refused);
    }

    #[test]
    fn brackets_that_are_not_markers_stay_text() {
        let c = check("See Rule [a]. It applies [1].", &labels(1));
        assert_eq!(c.text, "See Rule [a]. It applies [1].");
        assert_eq!(c.cited, [1]);
    }

    #[test]
    fn a_marker_used_as_a_name_becomes_the_name() {
        let names = vec![
            "关税法 第三十七条".to_string(),
            "条例 第四十二条".to_string(),
        ];
        let c = check("根据[1]和[2]，展品暂不缴纳关税。", &names);
        assert_eq!(
            c.text,
            "根据关税法 第三十七条和条例 第四十二条，展品暂不缴纳关税。"
        );
        assert_eq!(c.sentences[0].1, [1, 2]);
        let c = check(
            "According to [1], exhibits are exempt. Under[2] they leave in six months.",
            &["Law Article 37".to_string(), "Rule 42".to_string()],
        );
        assert_eq!(
            c.text,
            "According to Law Article 37, exhibits are exempt. Under Rule 42 they leave in six months."
        );
        assert_eq!(c.cited, [1, 2]);
        // A citation at the end of a clause stays a marker.
        let c = check("展品暂不缴纳关税[1]。", &names);
        assert_eq!(c.text, "展品暂不缴纳关税[1]。");
    }

    /// Labels of `n` given passages.
    pub(in crate::ask) fn labels(n: usize) -> Vec<String> {
        (1..=n).map(|i| format!("source {i}")).collect()
    }
}
