//! Quotations copied verbatim: while the output is inside quotation marks,
//! only tokens that keep the quoted text a substring of given texts may
//! come next.
//!
//! Why: the answering rules ask the model to open with the sentence of a
//! source that answers, in quotation marks. A 1.5B model does not always
//! copy. It paraphrases inside the marks, or copies the rule's own
//! placeholder (`“…”[1]`), which looks like a quotation and quotes nothing.
//! A broker reads text in quotation marks as the law's own wording, so a
//! quotation that is not that wording is worse than none. Constraining the
//! decoder makes every quotation a copy. Enforcing this after generation
//! would only be able to drop the quotation.
//!
//! The rule:
//! - a quotation opens at `“` or `"` and closes at the matching `”` or `"`;
//! - what it holds must stay a substring of one of the texts;
//! - it may close only once it holds a letter or a character. A quotation
//!   of `…` alone is the placeholder, not a copy;
//! - it may not begin with an ellipsis. The excerpts given end in `…` where
//!   they were cut, so `“…` is a copy, but a quotation opened that way
//!   could only go on with the next excerpt's label, which is not quotable:
//!   the model was left holding `“…` and ended the answer there.
//!
//! Outside quotations nothing is constrained. The test is on bytes: a
//! byte-level BPE token can end inside a character, and a substring of
//! bytes needs no decoding.

/// Opening marks and the marks that close them.
const MARKS: [(&[u8], &[u8]); 2] = [("“".as_bytes(), "”".as_bytes()), (b"\"", b"\"")];

/// The vocabulary as the rule reads it: the bytes of each token id, and the
/// ids whose bytes hold a quotation mark (the only tokens that can break
/// the rule outside a quotation: a few hundred of 151,936).
#[derive(Debug, Default)]
pub(crate) struct TokenBytes {
    bytes: Vec<Box<[u8]>>,
    marked: Vec<u32>,
}

impl TokenBytes {
    /// Indexes `bytes` (empty for special tokens, which are always allowed:
    /// ending the answer is never ruled out).
    pub(crate) fn new(bytes: Vec<Box<[u8]>>) -> Self {
        let marked = bytes
            .iter()
            .enumerate()
            .filter(|(_, b)| {
                MARKS
                    .iter()
                    .any(|(open, _)| b.windows(open.len()).any(|w| w == *open))
            })
            .map(|(id, _)| id as u32)
            .collect();
        Self { bytes, marked }
    }
}

/// The constraint of one generation, and where its output stands.
#[derive(Debug, Clone)]
pub(crate) struct QuoteRule<'m> {
    tokens: &'m TokenBytes,
    /// The texts quotations may be copied from.
    sources: Vec<Vec<u8>>,
    state: State,
}

/// Where the output stands with respect to quotation marks.
#[derive(Debug, Clone, PartialEq, Eq)]
enum State {
    /// Outside; the last bytes are kept in case an opening mark is split
    /// over two tokens.
    Outside { tail: Vec<u8> },
    /// Inside a quotation closed by `close`, holding `text` so far.
    Inside { close: &'static [u8], text: Vec<u8> },
}

/// How many of the likeliest tokens are tested at each step inside a
/// quotation before the rest of the vocabulary is searched in order of
/// likelihood.
const SHORTLIST: usize = 64;

impl<'m> QuoteRule<'m> {
    /// A rule over `sources`.
    pub(crate) fn new(tokens: &'m TokenBytes, sources: &[String]) -> Self {
        Self {
            tokens,
            sources: sources.iter().map(|s| s.as_bytes().to_vec()).collect(),
            state: State::Outside { tail: Vec::new() },
        }
    }

    /// Rules out, in `logits`, the tokens that would break the rule.
    /// Outside a quotation those are among the tokens holding a mark. Inside
    /// one, every token but those of the shortlist of the likeliest that
    /// keep the rule; when the shortlist holds none, the likeliest token of
    /// the vocabulary that does (closing is among them once the quotation
    /// holds a word).
    pub(crate) fn restrict(&self, logits: &mut [f32]) {
        let outside = match &self.state {
            State::Outside { tail } => !MARKS
                .iter()
                .any(|(open, _)| (1..open.len()).any(|n| tail.ends_with(&open[..n]))),
            State::Inside { .. } => false,
        };
        if outside {
            for &t in &self.tokens.marked {
                if let Some(l) = logits.get_mut(t as usize).filter(|_| !self.allows(t)) {
                    *l = f32::NEG_INFINITY;
                }
            }
            return;
        }
        let mut keep: Vec<usize> = shortlist(logits, SHORTLIST)
            .into_iter()
            .filter(|&t| self.allows(t as u32))
            .collect();
        if keep.is_empty() {
            let mut order: Vec<usize> = (0..logits.len()).collect();
            order.sort_unstable_by(|&a, &b| logits[b].total_cmp(&logits[a]));
            match order.into_iter().find(|&t| self.allows(t as u32)) {
                Some(t) => keep.push(t),
                None => return,
            }
        }
        let kept: Vec<f32> = keep.iter().map(|&t| logits[t]).collect();
        logits.fill(f32::NEG_INFINITY);
        for (&t, l) in keep.iter().zip(kept) {
            logits[t] = l;
        }
    }

    /// Whether `token` may come next.
    pub(crate) fn allows(&self, token: u32) -> bool {
        match self.tokens.bytes.get(token as usize) {
            Some(bytes) if !bytes.is_empty() => self.after(bytes).is_some(),
            _ => true,
        }
    }

    /// Records the token chosen. A token that breaks the rule (none kept it)
    /// moves the state all the same, so the marks stay paired.
    pub(crate) fn push(&mut self, token: u32) {
        if let Some(bytes) = self.tokens.bytes.get(token as usize) {
            self.state = self.walk(bytes).0;
        }
    }

    /// The state after `piece`, or `None` if it breaks the rule.
    fn after(&self, piece: &[u8]) -> Option<State> {
        let (state, ok) = self.walk(piece);
        if !ok {
            return None;
        }
        match &state {
            State::Inside { close, text }
                if opens_with_ellipsis(text) || !self.copied(without_partial(text, close)) =>
            {
                None
            }
            _ => Some(state),
        }
    }

    /// Walks `piece` byte by byte from the current state; the flag is false
    /// if a quotation closed before it held a word, or holding text that is
    /// not copied.
    fn walk(&self, piece: &[u8]) -> (State, bool) {
        let mut state = self.state.clone();
        let mut ok = true;
        for &b in piece {
            state = match state {
                State::Outside { mut tail } => {
                    tail.push(b);
                    match MARKS.iter().find(|(open, _)| tail.ends_with(open)) {
                        Some(&(_, close)) => State::Inside {
                            close,
                            text: Vec::new(),
                        },
                        None => {
                            let keep = tail.len().saturating_sub(2);
                            tail.drain(..keep);
                            State::Outside { tail }
                        }
                    }
                }
                State::Inside { close, mut text } => {
                    text.push(b);
                    if text.ends_with(close) {
                        text.truncate(text.len() - close.len());
                        ok &= holds_a_word(&text)
                            && !opens_with_ellipsis(&text)
                            && self.copied(&text);
                        State::Outside { tail: Vec::new() }
                    } else {
                        State::Inside { close, text }
                    }
                }
            };
        }
        (state, ok)
    }

    /// Whether `text` is a substring of one of the sources.
    fn copied(&self, text: &[u8]) -> bool {
        text.is_empty()
            || self
                .sources
                .iter()
                .any(|s| s.windows(text.len()).any(|w| w == text))
    }
}

/// The ids of the `k` largest logits, largest first, in one pass (a
/// sorted shortlist that a logit enters only when it beats its last; NaN
/// never does).
fn shortlist(logits: &[f32], k: usize) -> Vec<usize> {
    let mut top: Vec<(f32, usize)> = Vec::with_capacity(k + 1);
    for (i, &l) in logits.iter().enumerate() {
        let full = top.len() == k && top.last().is_none_or(|&(floor, _)| l <= floor);
        if full || l.is_nan() {
            continue;
        }
        let at = top.partition_point(|&(v, _)| v >= l);
        top.insert(at, (l, i));
        top.truncate(k);
    }
    top.into_iter().map(|(_, i)| i).collect()
}

/// `text` without a trailing beginning of `close` (a closing mark split
/// over two tokens).
fn without_partial<'t>(text: &'t [u8], close: &[u8]) -> &'t [u8] {
    (1..close.len())
        .rev()
        .find(|&n| text.ends_with(&close[..n]))
        .map_or(text, |n| &text[..text.len() - n])
}

/// Whether `text` begins with an ellipsis, `…` or `.` (the start of
/// `...`), which marks where an excerpt was cut rather than its wording.
fn opens_with_ellipsis(text: &[u8]) -> bool {
    text.starts_with("…".as_bytes()) || text.starts_with(b".")
}

/// Whether `text` holds a letter, digit or CJK character (not only
/// punctuation such as the placeholder `…`).
fn holds_a_word(text: &[u8]) -> bool {
    String::from_utf8_lossy(text)
        .chars()
        .any(|c| c != '\u{FFFD}' && c.is_alphanumeric())
}

/// The bytes each vocabulary entry of a byte-level BPE stands for: GPT-2's
/// tokenizers spell the 256 byte values as printable characters (bytes that
/// print as themselves stay, the others are moved to U+0100 and up, in
/// order). The caller leaves special tokens out; ids it does not give, and
/// entries with a character outside that alphabet, get no bytes.
pub(crate) fn token_bytes(vocab: impl IntoIterator<Item = (String, u32)>) -> TokenBytes {
    let mut byte_of = std::collections::HashMap::new();
    let mut moved = 0u32;
    for b in 0..=255u8 {
        let prints = matches!(b, b'!'..=b'~' | 0xA1..=0xAC | 0xAE..=0xFF);
        let c = if prints {
            char::from(b)
        } else {
            moved += 1;
            char::from_u32(255 + moved).unwrap_or('\u{FFFD}')
        };
        byte_of.insert(c, b);
    }
    let vocab: Vec<(String, u32)> = vocab.into_iter().collect();
    let size = vocab
        .iter()
        .map(|(_, id)| *id as usize + 1)
        .max()
        .unwrap_or(0);
    let mut table: Vec<Box<[u8]>> = vec![Box::default(); size];
    for (piece, id) in vocab {
        let bytes: Option<Vec<u8>> = piece.chars().map(|c| byte_of.get(&c).copied()).collect();
        if let Some(bytes) = bytes {
            table[id as usize] = bytes.into_boxed_slice();
        }
    }
    TokenBytes::new(table)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A vocabulary of whole strings, one token each.
    fn vocab(pieces: &[&str]) -> TokenBytes {
        TokenBytes::new(
            pieces
                .iter()
                .map(|p| p.as_bytes().to_vec().into_boxed_slice())
                .collect(),
        )
    }

    fn rule(tokens: &TokenBytes) -> QuoteRule<'_> {
        QuoteRule::new(
            tokens,
            &["第八条 进出境运输工具、货物、物品，必须通过设立海关的地点进境。".into()],
        )
    }

    #[test]
    fn a_quotation_must_stay_a_copy() {
        let t = vocab(&["“", "第八条", " 进出境", "进口", "”", "[1]", "…", "海关"]);
        let mut r = rule(&t);
        assert!(r.allows(3), "text outside quotations is free");
        r.push(0);
        assert!(r.allows(1) && !r.allows(3), "only copied text may follow “");
        assert!(!r.allows(4), "an empty quotation may not close");
        assert!(!r.allows(6), "the placeholder is not a copy");
        r.push(1);
        r.push(2);
        assert!(!r.allows(7), "海关 does not follow 进出境 in the source");
        assert!(r.allows(4), "a quotation that holds a word may close");
        r.push(4);
        assert!(
            r.allows(3) && r.allows(5),
            "free again after the closing mark"
        );
    }

    #[test]
    fn punctuation_alone_may_not_be_closed_even_if_a_source_holds_it() {
        let t = vocab(&["“", "，", "”"]);
        let mut r = QuoteRule::new(&t, &["甲，乙".into()]);
        r.push(0);
        assert!(r.allows(1));
        r.push(1);
        assert!(!r.allows(2));
    }

    #[test]
    fn a_quotation_may_not_begin_with_an_ellipsis() {
        let t = vocab(&["“", "…", "乙", "”", "...", "甲", "…乙"]);
        let mut r = QuoteRule::new(&t, &["甲…乙...".into()]);
        r.push(0);
        assert!(!r.allows(1) && !r.allows(4) && !r.allows(6));
        assert!(r.allows(2) && r.allows(5), "the wording itself may open it");
        r.push(5);
        assert!(
            r.allows(1) && r.allows(6),
            "an ellipsis copied inside is kept"
        );
    }

    #[test]
    fn marks_split_over_tokens_are_followed() {
        let open = "“".as_bytes();
        let close = "”".as_bytes();
        let t = TokenBytes::new(vec![
            open[..2].into(),
            open[2..].into(),
            "进出境".as_bytes().into(),
            close[..1].into(),
            close[1..].into(),
            "虚构".as_bytes().into(),
        ]);
        let mut r = rule(&t);
        r.push(0);
        assert!(r.allows(5), "a half mark opens nothing yet");
        r.push(1);
        assert!(
            !r.allows(5),
            "the mark is complete: 虚构 is not in the source"
        );
        r.push(2);
        assert!(
            r.allows(3),
            "the first byte of a closing mark is not held against the copy"
        );
        r.push(3);
        r.push(4);
        assert!(r.allows(5), "closed");
    }

    #[test]
    fn straight_quotes_pair_up() {
        let t = vocab(&["\"", "Each Party", " shall", " may", "\","]);
        let mut r = QuoteRule::new(&t, &["Each Party shall adopt".into()]);
        r.push(0);
        r.push(1);
        assert!(r.allows(2) && !r.allows(3));
        r.push(2);
        r.push(4);
        assert!(r.allows(3));
    }

    #[test]
    fn restrict_keeps_the_likeliest_copy_when_the_shortlist_has_none() {
        let mut pieces = vec!["“"; 1];
        pieces.extend(std::iter::repeat_n("虚", SHORTLIST + 5));
        pieces.push("第八条");
        let t = vocab(&pieces);
        let mut r = rule(&t);
        r.push(0);
        let n = pieces.len();
        let mut logits: Vec<f32> = (0..n).map(|i| 100.0 - i as f32).collect();
        r.restrict(&mut logits);
        let best = logits
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.total_cmp(b.1))
            .map(|(i, _)| i);
        assert_eq!(best, Some(n - 1));
        assert_eq!(logits.iter().filter(|l| l.is_finite()).count(), 1);
    }

    #[test]
    fn restrict_leaves_text_outside_quotations_alone() {
        let t = vocab(&["进口", "货物", "“…"]);
        let r = rule(&t);
        let mut logits = vec![1.0, 2.0, 3.0];
        r.restrict(&mut logits);
        assert_eq!(logits[..2], [1.0, 2.0]);
        assert_eq!(
            logits[2],
            f32::NEG_INFINITY,
            "opening a quotation with a placeholder"
        );
    }

    #[test]
    fn the_shortlist_is_the_largest_logits_largest_first() {
        let logits = [0.5, 3.0, -1.0, 2.0, f32::NAN, 2.5, 0.0];
        assert_eq!(shortlist(&logits, 3), [1, 5, 3]);
        assert_eq!(shortlist(&logits[..2], 3), [1, 0]);
    }

    #[test]
    fn outside_quotations_only_tokens_with_a_mark_are_tested() {
        let t = vocab(&["进口", "“虚构", "“第八条", "说\""]);
        assert_eq!(t.marked, [1, 2, 3]);
        let r = rule(&t);
        let mut logits = vec![0.0; 4];
        r.restrict(&mut logits);
        assert_eq!(logits, [0.0, f32::NEG_INFINITY, 0.0, 0.0]);
    }

    #[test]
    fn byte_level_pieces_map_back_to_bytes() {
        // 'Ġ' is the space, 'Ċ' the newline; "ä¸Ń" spells the bytes of 中.
        let table = token_bytes(vec![
            ("Ġthe".to_string(), 0),
            ("Ċ".to_string(), 1),
            ("ä¸Ń".to_string(), 2),
            ("中".to_string(), 4),
        ]);
        let b = &table.bytes;
        assert_eq!(&*b[0], b" the");
        assert_eq!(&*b[1], b"\n");
        assert_eq!(&*b[2], "中".as_bytes());
        assert!(b[3].is_empty(), "an id not given");
        assert!(b[4].is_empty(), "not a byte-level spelling");
    }
}
