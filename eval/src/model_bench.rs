//! Prompt-processing and generation speed of Portolan's candle runtime,
//! measured the way llama-bench measures llama.cpp, so the two can be put
//! side by side in one run.
//!
//! llama-bench's `pp N` processes N prompt tokens in one batch from an empty
//! context; `tg N` generates N tokens one at a time from an empty context,
//! without sampling. We do the same through the same forward pass the
//! services use (prompts over 512 tokens run in 512-token chunks).
//! llama-batched-bench's generation speed for `pl` sequences is matched by
//! [`decode_batched`]: each sequence after its own prompt, all stepped
//! together by the pass the server's batched decoder runs.

use std::time::Instant;

use portolan_model::arch::qwen2::KvCache;
use portolan_model::LanguageModel;

/// Tokens per second of one measurement.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct Rate {
    /// Tokens processed or generated.
    pub tokens: usize,
    /// Mean tokens per second over the repetitions.
    pub tokens_per_s: f64,
}

/// Source text for benchmark prompts: real bilingual domain text, repeated to length.
const TEXT: &str = "进出口货物的纳税人应当自海关填发税款缴纳凭证之日起十五日内缴纳税款。\
The customs value of imported goods shall be the transaction value, that is the price actually paid or payable. \
冷冻虾属于第三章：鱼、甲壳动物、软体动物及其他水生无脊椎动物。";

/// `n` prompt token ids.
pub fn prompt_tokens(model: &LanguageModel, n: usize) -> portolan_model::Result<Vec<u32>> {
    let base = model.encode(TEXT)?;
    Ok(base.iter().copied().cycle().take(n).collect())
}

/// Prompt processing: `len` tokens from an empty cache, mean over `reps` after one warm-up.
pub fn prefill(model: &LanguageModel, len: usize, reps: usize) -> portolan_model::Result<Rate> {
    let tokens = prompt_tokens(model, len)?;
    model.logits(&tokens, 1)?; // warm-up: page in weights, repack kernels
    let mut total = 0.0;
    for _ in 0..reps {
        let t = Instant::now();
        model.logits(&tokens, 1)?;
        total += t.elapsed().as_secs_f64();
    }
    Ok(Rate {
        tokens: len,
        tokens_per_s: (len * reps) as f64 / total,
    })
}

/// Generation: `n` single-token steps from an empty cache, mean over `reps` after one warm-up.
pub fn decode(model: &LanguageModel, n: usize, reps: usize) -> portolan_model::Result<Rate> {
    let tokens = prompt_tokens(model, n)?;
    let run = || -> portolan_model::Result<f64> {
        let mut cache = KvCache::default();
        let t = Instant::now();
        for &tok in &tokens {
            model.arch().forward(&[tok], &mut cache, 1, None)?;
        }
        Ok(t.elapsed().as_secs_f64())
    };
    rate(n, reps, run)
}

/// Tokens per second of `run` (which returns its seconds for `tokens`
/// tokens): mean over `reps` after one warm-up.
fn rate(
    tokens: usize,
    reps: usize,
    run: impl Fn() -> portolan_model::Result<f64>,
) -> portolan_model::Result<Rate> {
    run()?;
    let mut total = 0.0;
    for _ in 0..reps {
        total += run()?;
    }
    Ok(Rate {
        tokens,
        tokens_per_s: (tokens * reps) as f64 / total,
    })
}

/// Batched generation: `seqs` sequences, each after its own `prompt`-token
/// prompt, generate `n` tokens together (one pass per step for all of
/// them); tokens per second of all sequences together, mean over `reps`
/// after one warm-up.
pub fn decode_batched(
    model: &LanguageModel,
    seqs: usize,
    prompt: usize,
    n: usize,
    reps: usize,
) -> portolan_model::Result<Rate> {
    let prompt_ids = prompt_tokens(model, prompt)?;
    let steps = prompt_tokens(model, n)?;
    let run = || -> portolan_model::Result<f64> {
        let mut caches = Vec::with_capacity(seqs);
        for _ in 0..seqs {
            let mut cache = KvCache::default();
            model.arch().forward(&prompt_ids, &mut cache, 1, None)?;
            caches.push(cache);
        }
        let t = Instant::now();
        for &tok in &steps {
            let tokens = vec![tok; seqs];
            let mut refs: Vec<&mut KvCache> = caches.iter_mut().collect();
            model.arch().forward_batch(&tokens, &mut refs, None)?;
        }
        Ok(t.elapsed().as_secs_f64())
    };
    rate(n * seqs, reps, run)
}
