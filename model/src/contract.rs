//! What the rest of Portolan may ask of a model, free of any candle type.
//!
//! Services (classification, Q&A, briefings) depend on these traits and plain
//! request/response types only, so that the engine behind them (candle today,
//! faster kernels tomorrow) can change without touching a service.

use crate::Result;

/// One message of a conversation.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ChatMessage {
    /// `system`, `user` or `assistant`.
    pub role: Role,
    /// The message text.
    pub content: String,
}

/// Who said a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Instructions that frame the conversation.
    System,
    /// The person asking.
    User,
    /// The model.
    Assistant,
}

impl ChatMessage {
    /// A message with the given role.
    pub fn new(role: Role, content: impl Into<String>) -> Self {
        Self {
            role,
            content: content.into(),
        }
    }
}

/// How to pick the next token.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct SamplingParams {
    /// 0 means greedy (arg-max) decoding.
    pub temperature: f64,
    /// Nucleus sampling: keep the smallest set of tokens whose mass reaches `top_p` (1.0 = off).
    pub top_p: f64,
    /// Keep only the `top_k` most likely tokens (0 = off).
    pub top_k: usize,
    /// Divide the logits of tokens already generated or in the prompt by this (1.0 = off).
    pub repetition_penalty: f32,
    /// How many recent tokens the repetition penalty looks at.
    pub repetition_window: usize,
    /// Seed of the sampler, so that a sampled answer can be reproduced.
    pub seed: u64,
    /// Upper bound on generated tokens.
    pub max_tokens: usize,
    /// Generation ends before the first occurrence of any of these strings.
    pub stop: Vec<String>,
    /// The output may not begin with any of these strings: the first token
    /// of each is ruled out at the first step (a service that has already
    /// decided a question is answerable forbids the refusal marker).
    pub forbid_start: Vec<String>,
    /// Texts that quotations in the output must be copied from: while the
    /// output is inside `“…”` or `"…"`, only tokens that keep the quoted
    /// text a substring of one of these may come next, and a quotation
    /// closes only once it holds a word (empty: quotations are free).
    pub quote_from: Vec<String>,
    /// A LoRA adapter attached to the model, by name, to generate with
    /// (`None`: the base model).
    pub adapter: Option<String>,
}

impl Default for SamplingParams {
    fn default() -> Self {
        Self {
            temperature: 0.0,
            top_p: 1.0,
            top_k: 0,
            repetition_penalty: 1.05,
            repetition_window: 64,
            seed: 299_792_458,
            max_tokens: 512,
            stop: Vec::new(),
            forbid_start: Vec::new(),
            quote_from: Vec::new(),
            adapter: None,
        }
    }
}

/// Why generation ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FinishReason {
    /// The model emitted an end-of-turn token or a stop string matched.
    Stop,
    /// `max_tokens` was reached.
    Length,
}

/// What a finished generation reports.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Completion {
    /// The generated text, stop strings excluded.
    pub text: String,
    /// Tokens in the prompt.
    pub prompt_tokens: usize,
    /// Prompt tokens whose keys/values came from the prefix cache instead of being recomputed.
    pub cached_prompt_tokens: usize,
    /// Tokens generated.
    pub completion_tokens: usize,
    /// Why it stopped.
    pub finish_reason: FinishReason,
    /// Seconds from the request to the first generated token (prompt processing included).
    pub time_to_first_token: f64,
    /// Seconds for the whole request.
    pub total_time: f64,
}

/// The log-probability a model gives to one candidate continuation of a prompt.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ContinuationScore {
    /// Sum of the token log-probabilities (natural log).
    pub logprob: f64,
    /// Tokens in the continuation.
    pub tokens: usize,
    /// Per-token log-probabilities, in order.
    pub token_logprobs: Vec<f64>,
}

impl ContinuationScore {
    /// Length-normalised log-probability, for comparing continuations of different length.
    pub fn mean_logprob(&self) -> f64 {
        if self.tokens == 0 {
            0.0
        } else {
            self.logprob / self.tokens as f64
        }
    }
}

/// A text generator. Implementations must be usable from several threads.
pub trait Generator: Send + Sync {
    /// Continues a conversation, calling `on_text` with each new piece of text as it is decoded.
    /// Returning `false` from `on_text` cancels generation (a client went away).
    fn chat(
        &self,
        messages: &[ChatMessage],
        params: &SamplingParams,
        on_text: &mut dyn FnMut(&str) -> bool,
    ) -> Result<Completion>;

    /// Continues a raw prompt (no chat template applied).
    fn complete(
        &self,
        prompt: &str,
        params: &SamplingParams,
        on_text: &mut dyn FnMut(&str) -> bool,
    ) -> Result<Completion>;
}

/// Scores given continuations of a prompt by their log-probability under the model.
/// Classification ranks candidate codes with this instead of letting the model free-generate them.
pub trait Scorer: Send + Sync {
    /// Scores each continuation of `prompt`; the prompt is processed once.
    fn score(&self, prompt: &str, continuations: &[String]) -> Result<Vec<ContinuationScore>>;

    /// Scores each candidate reply to a conversation, under the attached
    /// LoRA adapter `adapter` (`None`: the base model): the reply is the
    /// assistant turn the chat template opens after `messages`. Message
    /// texts are never read as control tokens.
    fn score_chat(
        &self,
        messages: &[ChatMessage],
        replies: &[String],
        adapter: Option<&str>,
    ) -> Result<Vec<ContinuationScore>>;
}

/// Whether a text is a search query or a document being indexed: asymmetric embedders encode them differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmbedKind {
    /// A question or search string.
    Query,
    /// A passage to be retrieved.
    Document,
}

/// Turns texts into L2-normalised dense vectors.
pub trait Embedder: Send + Sync {
    /// Vector width.
    fn dimension(&self) -> usize;
    /// Embeds a batch of texts.
    fn embed(&self, texts: &[&str], kind: EmbedKind) -> Result<Vec<Vec<f32>>>;
}
