//! A loaded Qwen2 GGUF model with its tokenizer: generation, streaming and
//! log-probability scoring, with prompt-prefix reuse.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, RwLock};
use std::time::Instant;

use candle_core::quantized::gguf_file;
use candle_core::{Device, IndexOp};
use tokenizers::Tokenizer;

use crate::adapter::LoraAdapter;
use crate::arch::qwen2::{log_softmax, KvCache, Qwen2};
use crate::chat_template::{chatml_pieces, Piece, END_OF_TEXT, IM_END};
use crate::contract::{
    ChatMessage, Completion, ContinuationScore, Generator, SamplingParams, Scorer,
};
use crate::decoding::{Decoding, Start};
use crate::prefix_cache::PrefixCache;
use crate::sampling::Sampler;
use crate::text_stream::TextStream;
use crate::verbatim::{token_bytes, QuoteRule, TokenBytes};
use crate::{ModelError, Result};

/// An adapter attached to the model, with the prefix cache of its prompts.
pub(crate) struct Attached {
    pub(crate) adapter: LoraAdapter,
    prefix: PrefixCache,
}

/// A Qwen2-family chat model loaded from a GGUF file.
pub struct LanguageModel {
    path: PathBuf,
    model: Qwen2,
    tokenizer: Tokenizer,
    /// Encodes untrusted text: control-token literals stay plain text.
    text_tokenizer: Tokenizer,
    stop_ids: Vec<u32>,
    prefix: PrefixCache,
    /// LoRA adapters attached, by name, each with its own prefix cache (the
    /// keys and values of a prompt differ under an adapter).
    adapters: RwLock<HashMap<String, Arc<Attached>>>,
    /// Tokens that could begin each forbidden start seen so far: a scan of
    /// the whole vocabulary, done once per text rather than per request.
    forbidden: Mutex<HashMap<String, Vec<u32>>>,
    /// The bytes of each token id, for quotations constrained to copy
    /// (built at the first request that asks).
    token_bytes: OnceLock<TokenBytes>,
}

impl LanguageModel {
    /// Loads a GGUF file on the CPU.
    pub fn load(path: &Path) -> Result<Self> {
        Self::load_with(path, None)
    }

    fn load_with(path: &Path, merge: Option<&Path>) -> Result<Self> {
        let mut file = std::fs::File::open(path).map_err(|e| ModelError::io(path, e))?;
        let content =
            gguf_file::Content::read(&mut file).map_err(|e| ModelError::InvalidModel {
                path: path.to_path_buf(),
                reason: e.to_string(),
            })?;
        let tokenizer = crate::gguf_tokenizer::tokenizer_from_gguf(&content, path)?;
        let adapter = match merge {
            Some(a) => Some(LoraAdapter::load(a, Qwen2::layers_in(&content, path)?)?),
            None => None,
        };
        let model =
            Qwen2::from_gguf_merged(&content, &mut file, path, &Device::Cpu, adapter.as_ref())?;
        if let Some(a) = &adapter {
            model.check_adapter(a)?;
        }
        let mut text_tokenizer = tokenizer.clone();
        text_tokenizer.set_encode_special_tokens(true);
        let stop_ids = [IM_END, END_OF_TEXT]
            .iter()
            .filter_map(|t| tokenizer.token_to_id(t))
            .collect();
        tracing::info!(path = %path.display(), layers = model.config().n_layer, "loaded language model");
        Ok(Self {
            path: path.to_path_buf(),
            model,
            tokenizer,
            text_tokenizer,
            stop_ids,
            prefix: PrefixCache::new(8),
            adapters: RwLock::new(HashMap::new()),
            forbidden: Mutex::new(HashMap::new()),
            token_bytes: OnceLock::new(),
        })
    }

    /// Loads a GGUF file with an adapter merged into its weights (see
    /// [`Qwen2::from_gguf_merged`]); requests then get the adapted model
    /// without naming it, at the base model's speed.
    pub fn load_merged(path: &Path, adapter: &Path) -> Result<Self> {
        Self::load_with(path, Some(adapter))
    }

    /// The file the model was loaded from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The decoder itself, for benchmarks and tools that drive forward passes directly.
    pub fn arch(&self) -> &Qwen2 {
        &self.model
    }

    /// The tokenizer (special-token literals are parsed as control tokens).
    pub fn tokenizer(&self) -> &Tokenizer {
        &self.tokenizer
    }

    /// Token ids of raw text, control-token literals included.
    pub fn encode(&self, text: &str) -> Result<Vec<u32>> {
        Ok(self
            .tokenizer
            .encode(text, false)
            .map_err(ModelError::tokenizer)?
            .get_ids()
            .to_vec())
    }

    /// Token ids of a conversation rendered as ChatML, message text never read as control tokens.
    pub fn encode_chat(&self, messages: &[ChatMessage]) -> Result<Vec<u32>> {
        let mut ids = Vec::new();
        for piece in chatml_pieces(messages) {
            match piece {
                Piece::Control(lit) => {
                    ids.push(self.tokenizer.token_to_id(lit).ok_or_else(|| {
                        ModelError::Tokenizer(format!("vocabulary lacks control token {lit}"))
                    })?)
                }
                Piece::Text(t) => ids.extend(
                    self.text_tokenizer
                        .encode(t.as_ref(), false)
                        .map_err(ModelError::tokenizer)?
                        .get_ids(),
                ),
            }
        }
        Ok(ids)
    }

    /// Logits `(n_logits, vocab)` for the last positions of `tokens`, processed from scratch.
    pub fn logits(&self, tokens: &[u32], n_logits: usize) -> Result<candle_core::Tensor> {
        let mut cache = KvCache::default();
        self.model.forward(tokens, &mut cache, n_logits, None)
    }

    /// As [`LanguageModel::logits`], with the attached adapter `adapter`.
    pub fn logits_with_adapter(
        &self,
        tokens: &[u32],
        n_logits: usize,
        adapter: &str,
    ) -> Result<candle_core::Tensor> {
        let attached = self.attached(Some(adapter))?;
        let mut cache = KvCache::default();
        self.model.forward(
            tokens,
            &mut cache,
            n_logits,
            attached.as_ref().map(|a| &a.adapter),
        )
    }

    /// Reads a LoRA adapter (`NAME.safetensors` + `NAME.json`), checks it
    /// fits this model, and attaches it under its name; requests choose it
    /// with [`SamplingParams::adapter`]. Returns the name.
    pub fn attach_adapter(&self, path: &Path) -> Result<String> {
        let adapter = LoraAdapter::load(path, self.model.config().n_layer)?;
        self.model.check_adapter(&adapter)?;
        let name = adapter.name.clone();
        tracing::info!(adapter = %name, base = %adapter.base, "attached LoRA adapter");
        self.adapters
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .insert(
                name.clone(),
                Arc::new(Attached {
                    adapter,
                    prefix: PrefixCache::new(4),
                }),
            );
        Ok(name)
    }

    /// Names of the attached adapters.
    pub fn adapter_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .adapters
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .keys()
            .cloned()
            .collect();
        names.sort();
        names
    }

    /// The attached adapter `name` (`None` for the base model).
    fn attached(&self, name: Option<&str>) -> Result<Option<Arc<Attached>>> {
        let Some(name) = name else { return Ok(None) };
        self.adapters
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(name)
            .cloned()
            .map(Some)
            .ok_or_else(|| {
                ModelError::InvalidRequest(format!(
                    "unknown adapter {name:?}; attached: {:?}",
                    self.adapter_names()
                ))
            })
    }

    /// Logits of the last position of `rest`, processed after a cache built from `prefix`:
    /// the path a request takes when `prefix` is served from the prefix cache.
    pub fn logits_after_prefix(&self, prefix: &[u32], rest: &[u32]) -> Result<candle_core::Tensor> {
        let mut cache = KvCache::default();
        if !prefix.is_empty() {
            self.model.forward(prefix, &mut cache, 1, None)?;
        }
        self.model.forward(rest, &mut cache, 1, None)
    }

    /// Every token that could begin one of `texts`: its prefixes ("N",
    /// "NO", "NOT"…), bare or after a space. Ruling out only the text's own
    /// first token is not enough: a model kept from "NOT" wrote "NO" +
    /// "_COVERED".
    fn first_tokens(&self, texts: &[String]) -> Vec<u32> {
        let mut cache = self.forbidden.lock().unwrap_or_else(|e| e.into_inner());
        let mut ids = Vec::new();
        for t in texts {
            let found = cache.entry(t.clone()).or_insert_with(|| {
                self.tokenizer
                    .get_vocab(false)
                    .into_iter()
                    .filter(|(piece, _)| {
                        // Byte-level BPE spells a leading space as 'Ġ'.
                        let bare = piece.strip_prefix('Ġ').unwrap_or(piece);
                        !bare.is_empty() && t.starts_with(bare)
                    })
                    .map(|(_, id)| id)
                    .collect()
            });
            ids.extend_from_slice(found);
        }
        ids
    }

    /// The bytes of each token id; special tokens (the template's markers)
    /// get none, so that ending a generation is never ruled out.
    fn token_bytes(&self) -> &TokenBytes {
        self.token_bytes.get_or_init(|| {
            let special = self.tokenizer.get_added_tokens_decoder();
            token_bytes(
                self.tokenizer
                    .get_vocab(true)
                    .into_iter()
                    .filter(|(_, id)| !special.contains_key(id)),
            )
        })
    }

    /// Processes `prompt` (reusing the longest cached prefix) and returns
    /// its generation, ready for the first token, with that token's logits.
    pub(crate) fn begin(
        &self,
        prompt: &[u32],
        params: &SamplingParams,
    ) -> Result<(Decoding<'_>, candle_core::Tensor)> {
        if prompt.is_empty() {
            return Err(ModelError::InvalidRequest("empty prompt".into()));
        }
        let ctx = self.model.config().context_length;
        if prompt.len() + params.max_tokens > ctx {
            return Err(ModelError::InvalidRequest(format!(
                "prompt of {} tokens plus max_tokens {} exceeds the context of {ctx}",
                prompt.len(),
                params.max_tokens
            )));
        }
        let start = Instant::now();
        let sampler = Sampler::new(params)?;
        // The last prompt token always runs on its own, after a cache of the
        // others. Activations are quantized to 8 bits per matmul, so a batched
        // and a single-token pass can differ by a rounding step; computing the
        // last token the same way on a cache hit and on a cold start makes a
        // repeated request reproduce its answer exactly.
        let (&last, head) = prompt
            .split_last()
            .ok_or_else(|| ModelError::InvalidRequest("empty prompt".into()))?;
        let attached = self.attached(params.adapter.as_deref())?;
        let adapter = attached.as_ref().map(|a| &a.adapter);
        let prefix = attached.as_ref().map_or(&self.prefix, |a| &a.prefix);
        let mut cache = prefix.lookup(head, head.len());
        let cached = cache.len();
        if cached < head.len() {
            self.model
                .forward(&head[cached..], &mut cache, 1, adapter)?;
            prefix.store(head, &cache);
        }
        let logits = self.model.forward(&[last], &mut cache, 1, adapter)?.i(0)?;
        tracing::debug!(
            prompt_tokens = prompt.len(),
            reused = cached,
            prefill_ms = start.elapsed().as_millis() as u64,
            "prompt processed"
        );
        let decoding = Decoding::new(Start {
            cache,
            attached,
            sampler,
            context: prompt.to_vec(),
            cached_prompt_tokens: cached,
            stream: TextStream::new(&self.tokenizer, &params.stop),
            stop_ids: &self.stop_ids,
            forbidden: self.first_tokens(&params.forbid_start),
            quotes: (!params.quote_from.is_empty())
                .then(|| QuoteRule::new(self.token_bytes(), &params.quote_from)),
            max_tokens: params.max_tokens,
            start,
        });
        Ok((decoding, logits))
    }

    /// Generates from prompt token ids.
    pub fn generate_ids(
        &self,
        prompt: &[u32],
        params: &SamplingParams,
        on_text: &mut dyn FnMut(&str) -> bool,
    ) -> Result<Completion> {
        let (mut d, mut logits) = self.begin(prompt, params)?;
        while let Some(next) = d.advance(&logits, on_text)? {
            let (cache, adapter) = d.pass();
            logits = self.model.forward(&[next], cache, 1, adapter)?.i(0)?;
        }
        Ok(d.conclude(on_text))
    }
}

impl Generator for LanguageModel {
    fn chat(
        &self,
        messages: &[ChatMessage],
        params: &SamplingParams,
        on_text: &mut dyn FnMut(&str) -> bool,
    ) -> Result<Completion> {
        let ids = self.encode_chat(messages)?;
        self.generate_ids(&ids, params, on_text)
    }

    fn complete(
        &self,
        prompt: &str,
        params: &SamplingParams,
        on_text: &mut dyn FnMut(&str) -> bool,
    ) -> Result<Completion> {
        let ids = self.encode(prompt)?;
        self.generate_ids(&ids, params, on_text)
    }
}

impl Scorer for LanguageModel {
    fn score(&self, prompt: &str, continuations: &[String]) -> Result<Vec<ContinuationScore>> {
        self.score_ids(&self.encode(prompt)?, continuations, None)
    }

    fn score_chat(
        &self,
        messages: &[ChatMessage],
        replies: &[String],
        adapter: Option<&str>,
    ) -> Result<Vec<ContinuationScore>> {
        self.score_ids(&self.encode_chat(messages)?, replies, adapter)
    }
}

impl LanguageModel {
    /// Log-probabilities of each continuation after `prompt_ids`.
    fn score_ids(
        &self,
        prompt_ids: &[u32],
        continuations: &[String],
        adapter: Option<&str>,
    ) -> Result<Vec<ContinuationScore>> {
        let Some((&last, head)) = prompt_ids.split_last() else {
            return Err(ModelError::InvalidRequest("empty prompt".into()));
        };
        let attached = self.attached(adapter)?;
        let lora = attached.as_ref().map(|a| &a.adapter);
        let prefix = attached.as_ref().map_or(&self.prefix, |a| &a.prefix);
        // The shared prompt runs once; each continuation starts from a copy of its cache.
        let mut base = prefix.lookup(head, head.len());
        let cached = base.len();
        if cached < head.len() {
            self.model.forward(&head[cached..], &mut base, 1, lora)?;
            prefix.store(head, &base);
        }
        continuations
            .iter()
            .map(|cont| {
                let cont_ids = self
                    .text_tokenizer
                    .encode(cont.as_str(), false)
                    .map_err(ModelError::tokenizer)?
                    .get_ids()
                    .to_vec();
                if cont_ids.is_empty() {
                    return Err(ModelError::InvalidRequest("empty continuation".into()));
                }
                let mut input = Vec::with_capacity(cont_ids.len());
                input.push(last);
                input.extend_from_slice(&cont_ids[..cont_ids.len() - 1]);
                let mut cache = base.clone();
                let logits = self.model.forward(&input, &mut cache, input.len(), lora)?;
                let logp = log_softmax(&logits)?.to_vec2::<f32>()?;
                let token_logprobs: Vec<f64> = cont_ids
                    .iter()
                    .zip(&logp)
                    .map(|(&t, row)| row[t as usize] as f64)
                    .collect();
                Ok(ContinuationScore {
                    logprob: token_logprobs.iter().sum(),
                    tokens: cont_ids.len(),
                    token_logprobs,
                })
            })
            .collect()
    }
}
