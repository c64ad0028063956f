//! One generation in progress, as a state machine: given the logits of its
//! next position, sample a token, stream the text it completes, and say
//! whether to go on.
//!
//! Kept apart from the forward pass so that the same steps serve a request
//! decoded alone ([`crate::LanguageModel`]) and requests decoded together
//! ([`crate::BatchedGenerator`]), where one pass computes the next logits of
//! several sequences.

use std::sync::Arc;
use std::time::Instant;

use candle_core::Tensor;

use crate::adapter::LoraAdapter;
use crate::arch::qwen2::KvCache;
use crate::contract::{Completion, FinishReason};
use crate::language_model::Attached;
use crate::sampling::Sampler;
use crate::text_stream::TextStream;
use crate::verbatim::QuoteRule;
use crate::Result;

/// A generation between its prompt and its last token.
pub(crate) struct Decoding<'m> {
    /// Where it started; its context grows by each token sampled.
    s: Start<'m>,
    generated: usize,
    first_token_at: Option<f64>,
    finish: FinishReason,
}

/// A generation as its prompt leaves it: the cache of the prompt and what
/// sampling and streaming need.
pub(crate) struct Start<'m> {
    pub(crate) cache: KvCache,
    /// The adapter the request chose, held for the whole generation.
    pub(crate) attached: Option<Arc<Attached>>,
    pub(crate) sampler: Sampler,
    /// The prompt, then each generated token (what repetition penalties see).
    pub(crate) context: Vec<u32>,
    pub(crate) cached_prompt_tokens: usize,
    pub(crate) stream: TextStream<'m>,
    pub(crate) stop_ids: &'m [u32],
    /// Tokens that may not come first (ruled out at the first step only).
    pub(crate) forbidden: Vec<u32>,
    /// Quotations copied verbatim from the request's texts, when it asks.
    pub(crate) quotes: Option<QuoteRule<'m>>,
    pub(crate) max_tokens: usize,
    pub(crate) start: Instant,
}

impl<'m> Decoding<'m> {
    pub(crate) fn new(s: Start<'m>) -> Self {
        Self {
            s,
            generated: 0,
            first_token_at: None,
            finish: FinishReason::Length,
        }
    }

    /// The cache to run the next token on, and the adapter to run it with.
    pub(crate) fn pass(&mut self) -> (&mut KvCache, Option<&LoraAdapter>) {
        (
            &mut self.s.cache,
            self.s.attached.as_ref().map(|a| &a.adapter),
        )
    }

    /// The adapter the request chose.
    pub(crate) fn attached(&self) -> Option<&Arc<Attached>> {
        self.s.attached.as_ref()
    }

    /// Takes the logits `(vocab,)` of the next position: samples a token
    /// and streams what it completes. Returns the token to run next, or
    /// `None` when the generation is over (stop token, stop string, length,
    /// or `on_text` asked to stop).
    pub(crate) fn advance(
        &mut self,
        logits: &Tensor,
        on_text: &mut dyn FnMut(&str) -> bool,
    ) -> Result<Option<u32>> {
        if self.generated >= self.s.max_tokens {
            self.finish = FinishReason::Length;
            return Ok(None);
        }
        let forbid = self.generated == 0 && !self.s.forbidden.is_empty();
        let next = if forbid || self.s.quotes.is_some() {
            let mut v = logits.to_vec1::<f32>()?;
            if forbid {
                for &id in &self.s.forbidden {
                    if let Some(l) = v.get_mut(id as usize) {
                        *l = f32::NEG_INFINITY;
                    }
                }
            }
            if let Some(rule) = &self.s.quotes {
                rule.restrict(&mut v);
            }
            let masked = Tensor::new(v, logits.device())?;
            self.s.sampler.next(&masked, &self.s.context)?
        } else {
            self.s.sampler.next(logits, &self.s.context)?
        };
        self.first_token_at
            .get_or_insert_with(|| self.s.start.elapsed().as_secs_f64());
        if self.s.stop_ids.contains(&next) {
            self.finish = FinishReason::Stop;
            return Ok(None);
        }
        self.generated += 1;
        self.s.context.push(next);
        if let Some(rule) = &mut self.s.quotes {
            rule.push(next);
        }
        let (piece, stopped) = self.s.stream.push(next)?;
        if (!piece.is_empty() && !on_text(&piece)) || stopped {
            self.finish = FinishReason::Stop;
            return Ok(None);
        }
        if self.generated >= self.s.max_tokens {
            self.finish = FinishReason::Length;
            return Ok(None);
        }
        Ok(Some(next))
    }

    /// Streams what the stream held back and returns the completion.
    pub(crate) fn conclude(mut self, on_text: &mut dyn FnMut(&str) -> bool) -> Completion {
        let tail = self.s.stream.finish();
        if !tail.is_empty() {
            on_text(&tail);
        }
        let total = self.s.start.elapsed().as_secs_f64();
        Completion {
            text: self.s.stream.text().to_string(),
            prompt_tokens: self.s.context.len() - self.generated,
            cached_prompt_tokens: self.s.cached_prompt_tokens,
            completion_tokens: self.generated,
            finish_reason: self.finish,
            time_to_first_token: self.first_token_at.unwrap_or(total),
            total_time: total,
        }
    }
}
