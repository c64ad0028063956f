//! Turning a growing list of token ids into a stream of text pieces.
//!
//! Byte-level BPE tokens can end in the middle of a UTF-8 character (most
//! Chinese characters span two tokens), and a stop string can arrive split
//! over several tokens. The stream only releases text that is complete and
//! cannot be the beginning of a stop string.

use tokenizers::Tokenizer;

use crate::{ModelError, Result};

/// Decodes generated tokens incrementally and applies stop strings.
pub struct TextStream<'a> {
    tokenizer: &'a Tokenizer,
    stop: Vec<String>,
    tokens: Vec<u32>,
    text: String,
    emitted: usize,
    stopped: bool,
}

impl<'a> TextStream<'a> {
    /// A stream that ends at the first of `stop`.
    pub fn new(tokenizer: &'a Tokenizer, stop: &[String]) -> Self {
        Self {
            tokenizer,
            stop: stop.to_vec(),
            tokens: Vec::new(),
            text: String::new(),
            emitted: 0,
            stopped: false,
        }
    }

    /// Adds a token; returns the text that became safe to show, and whether a stop string matched.
    pub fn push(&mut self, token: u32) -> Result<(String, bool)> {
        if self.stopped {
            return Ok((String::new(), true));
        }
        self.tokens.push(token);
        let decoded = self
            .tokenizer
            .decode(&self.tokens, true)
            .map_err(ModelError::tokenizer)?;
        // An incomplete UTF-8 sequence decodes to U+FFFD: wait for the next token.
        if decoded.ends_with('\u{FFFD}') {
            return Ok((String::new(), false));
        }
        self.text = decoded;
        if let Some(at) = self
            .stop
            .iter()
            .filter(|s| !s.is_empty())
            .filter_map(|s| self.text.find(s.as_str()))
            .min()
        {
            self.stopped = true;
            self.text.truncate(at);
            return Ok((self.take_until(at), true));
        }
        let hold = self.longest_stop_prefix_suffix();
        Ok((self.take_until(self.text.len() - hold), false))
    }

    /// Text generated so far, stop string excluded.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Releases what is still held back (generation ended without a stop string).
    pub fn finish(&mut self) -> String {
        self.take_until(self.text.len())
    }

    fn take_until(&mut self, end: usize) -> String {
        let mut end = end.max(self.emitted);
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let piece = self.text[self.emitted..end].to_string();
        self.emitted = end.max(self.emitted);
        piece
    }

    /// Length of the longest tail of the text that some stop string starts with.
    fn longest_stop_prefix_suffix(&self) -> usize {
        self.stop
            .iter()
            .flat_map(|s| {
                (1..s.len())
                    .filter(move |&n| s.is_char_boundary(n))
                    .map(move |n| &s[..n])
            })
            .filter(|p| self.text.ends_with(p))
            .map(str::len)
            .max()
            .unwrap_or(0)
    }
}
