//! The training loop: batches of tokenised examples (bucketed by length,
//! shuffled by the seed), loss on answer tokens only, gradient
//! accumulation, AdamW with warm-up and cosine decay, checkpoints that
//! resume exactly, and a progress bar with loss and tokens per second.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Instant;

use candle_core::{DType, Device, Tensor, D};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::SeedableRng;
use serde::{Deserialize, Serialize};

use crate::adapter::{self, AdapterConfig};
use crate::lora::LoraConfig;
use crate::optim::{learning_rate, AdamW, AdamWParams};
use crate::qwen2::TrainableQwen2;
use crate::TrainingError;

/// One tokenised example: the loss counts where `target` is true (the
/// answer's tokens), predicting each from the tokens before it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TokenExample {
    /// Prompt and answer, as token ids.
    pub tokens: Vec<u32>,
    /// Per token: part of the answer.
    pub target: Vec<bool>,
}

/// How to train.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrainConfig {
    /// The adapter.
    pub lora: LoraConfig,
    /// Peak learning rate.
    pub learning_rate: f64,
    /// Warm-up steps.
    pub warmup_steps: usize,
    /// Optimiser steps.
    pub steps: usize,
    /// Examples per micro-batch.
    pub batch_size: usize,
    /// Micro-batches per optimiser step.
    pub grad_accum: usize,
    /// Longest example, tokens (longer ones are cut).
    pub max_len: usize,
    /// Decoupled weight decay.
    #[serde(default)]
    pub weight_decay: f64,
    /// Seed of the adapter's initialisation, the batch order and dropout.
    pub seed: u64,
    /// Save a checkpoint every this many steps (0: only at the end).
    #[serde(default)]
    pub checkpoint_every: usize,
}

/// What a run did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TrainReport {
    /// Mean loss of each optimiser step.
    pub losses: Vec<f64>,
    /// Tokens processed per second.
    pub tokens_per_second: f64,
    /// Answer tokens the loss was taken over.
    pub target_tokens: usize,
    /// Seconds.
    pub seconds: f64,
    /// Examples left out for being longer than `max_len`.
    pub skipped: usize,
}

/// Micro-batches, bucketed by length so little of each is padding, in an
/// order shuffled by `seed` and `epoch`.
pub fn batches(
    examples: &[TokenExample],
    batch_size: usize,
    seed: u64,
    epoch: usize,
) -> Vec<Vec<usize>> {
    let mut order: Vec<usize> = (0..examples.len()).collect();
    order.sort_by_key(|&i| (examples[i].tokens.len(), i));
    let mut out: Vec<Vec<usize>> = order
        .chunks(batch_size.max(1))
        .map(<[usize]>::to_vec)
        .collect();
    out.shuffle(&mut StdRng::seed_from_u64(
        seed.wrapping_mul(0x9E37_79B9).wrapping_add(epoch as u64),
    ));
    out
}

/// Mean cross-entropy over the answer tokens of a padded micro-batch.
pub fn batch_loss(
    model: &TrainableQwen2,
    examples: &[&TokenExample],
    max_len: usize,
    dropout: Option<&Mutex<StdRng>>,
) -> Result<(Tensor, usize), TrainingError> {
    let len = examples
        .iter()
        .map(|e| e.tokens.len().min(max_len))
        .max()
        .unwrap_or(0);
    if len < 2 {
        return Err(TrainingError::Data(
            "examples need at least two tokens".into(),
        ));
    }
    let device = Device::Cpu;
    let (mut ids, mut next, mut weight) = (Vec::new(), Vec::new(), Vec::new());
    for e in examples {
        let n = e.tokens.len().min(max_len);
        for t in 0..len - 1 {
            let inside = t + 1 < n;
            ids.push(if t < n { e.tokens[t] } else { 0 });
            next.push(if inside { e.tokens[t + 1] } else { 0 });
            weight.push(if inside && e.target[t + 1] { 1f32 } else { 0.0 });
        }
    }
    let b = examples.len();
    let targets = weight.iter().filter(|w| **w > 0.0).count();
    if targets == 0 {
        return Err(TrainingError::Data("a batch has no answer tokens".into()));
    }
    // Logits only where the answer is predicted.
    let rows: Vec<u32> = (0..weight.len() as u32)
        .filter(|&i| weight[i as usize] > 0.0)
        .collect();
    let wanted: Vec<u32> = rows.iter().map(|&i| next[i as usize]).collect();
    let ids = Tensor::from_vec(ids, (b, len - 1), &device)?;
    let hidden = model
        .hidden(&ids, dropout)?
        .reshape((b * (len - 1), model.shape().hidden))?;
    let hidden = hidden.index_select(&Tensor::from_vec(rows, targets, &device)?, 0)?;
    let logp = candle_nn::ops::log_softmax(&model.logits(&hidden)?, D::Minus1)?;
    let wanted = Tensor::from_vec(wanted, (targets, 1), &device)?;
    let loss = (logp.gather(&wanted, 1)?.sum_all()?.neg()? / targets as f64)?;
    Ok((loss, b * (len - 1)))
}

/// Trains `model`'s fresh adapters on `examples`; checkpoints go to
/// `out/checkpoint` and a run with one there resumes from it.
pub fn train(
    model: &mut TrainableQwen2,
    base: &str,
    examples: &[TokenExample],
    cfg: &TrainConfig,
    out: &Path,
    progress: &mut dyn FnMut(usize, f64, f64),
) -> Result<TrainReport, TrainingError> {
    // An example longer than the window would lose its answer (it comes
    // last) to truncation: it is left out, and counted.
    let kept: Vec<TokenExample> = examples
        .iter()
        .filter(|e| e.tokens.len() <= cfg.max_len)
        .cloned()
        .collect();
    let skipped = examples.len() - kept.len();
    if skipped > 0 {
        tracing::warn!(
            skipped,
            max_len = cfg.max_len,
            "examples longer than max_len left out"
        );
    }
    let examples = kept.as_slice();
    if examples.is_empty() {
        return Err(TrainingError::Data(format!(
            "no training examples of at most {} tokens",
            cfg.max_len
        )));
    }
    let mut rng = StdRng::seed_from_u64(cfg.seed);
    model.add_adapters(&cfg.lora, &mut rng)?;
    let vars = model.adapter_vars();
    let mut opt = AdamW::new(
        vars.clone(),
        AdamWParams {
            weight_decay: cfg.weight_decay,
            ..AdamWParams::default()
        },
    )?;
    let checkpoint = out.join("checkpoint");
    let mut report = TrainReport {
        skipped,
        ..TrainReport::default()
    };
    if let Some(step) = resume(&checkpoint, &vars, &mut opt)? {
        tracing::info!(step, "resumed from checkpoint");
        report.losses = serde_json::from_slice(&std::fs::read(checkpoint.join("losses.json"))?)?;
    }
    let started = Instant::now();
    let mut tokens = 0usize;
    let per_epoch = batches(examples, cfg.batch_size, cfg.seed, 0).len();
    while opt.t < cfg.steps {
        let step = opt.t;
        // Dropout masks from a generator seeded by the step: a resumed run
        // draws what the uninterrupted one would have.
        let dropout = Mutex::new(StdRng::seed_from_u64(
            cfg.seed ^ (step as u64).wrapping_mul(0x2545_F491_4F6C_DD1D),
        ));
        // Only the adapter's gradients are kept between micro-batches: the
        // store `backward` returns holds one for every node of the graph
        // (activations included), and keeping it alive across the
        // accumulation multiplied the memory of a step by `grad_accum`.
        let mut grads: Vec<Option<Tensor>> = vec![None; vars.len()];
        let mut step_loss = 0.0;
        for micro in 0..cfg.grad_accum.max(1) {
            let k = step * cfg.grad_accum.max(1) + micro;
            let epoch_batches = batches(examples, cfg.batch_size, cfg.seed, k / per_epoch);
            let batch: Vec<&TokenExample> = epoch_batches[k % per_epoch]
                .iter()
                .map(|&i| &examples[i])
                .collect();
            let (loss, n) = batch_loss(model, &batch, cfg.max_len, Some(&dropout))?;
            tokens += n;
            report.target_tokens += batch
                .iter()
                .map(|e| e.target.iter().filter(|t| **t).count())
                .sum::<usize>();
            step_loss += loss.to_scalar::<f32>()? as f64 / cfg.grad_accum.max(1) as f64;
            let store = (loss / cfg.grad_accum.max(1) as f64)?.backward()?;
            for (slot, (_, var)) in grads.iter_mut().zip(&vars) {
                if let Some(g) = store.get(var.as_tensor()) {
                    *slot = Some(match slot.take() {
                        None => g.clone(),
                        Some(sum) => (sum + g)?,
                    });
                }
            }
        }
        let lr = learning_rate(step, cfg.warmup_steps, cfg.steps, cfg.learning_rate);
        opt.step_grads(&grads, lr)?;
        report.losses.push(step_loss);
        let elapsed = started.elapsed().as_secs_f64();
        progress(opt.t, step_loss, tokens as f64 / elapsed.max(1e-9));
        if cfg.checkpoint_every > 0 && opt.t % cfg.checkpoint_every == 0 && opt.t < cfg.steps {
            save_checkpoint(&checkpoint, &vars, &opt, &report.losses)?;
        }
    }
    report.seconds = started.elapsed().as_secs_f64();
    report.tokens_per_second = tokens as f64 / report.seconds.max(1e-9);
    let config = AdapterConfig {
        lora: cfg.lora.clone(),
        base: base.to_string(),
        shape: model.shape().clone(),
        steps: opt.t,
    };
    adapter::save(out, "adapter", &config, &tensors_of(&vars))?;
    if checkpoint.exists() {
        std::fs::remove_dir_all(&checkpoint)?;
    }
    Ok(report)
}

fn tensors_of(vars: &[(String, candle_core::Var)]) -> HashMap<String, Tensor> {
    vars.iter()
        .map(|(n, v)| (n.clone(), v.as_tensor().clone()))
        .collect()
}

fn save_checkpoint(
    dir: &Path,
    vars: &[(String, candle_core::Var)],
    opt: &AdamW,
    losses: &[f64],
) -> Result<(), TrainingError> {
    let tmp: PathBuf = dir.with_extension("tmp");
    std::fs::create_dir_all(&tmp)?;
    candle_core::safetensors::save(&tensors_of(vars), tmp.join("adapter.safetensors"))?;
    candle_core::safetensors::save(&opt.state(), tmp.join("optimizer.safetensors"))?;
    std::fs::write(tmp.join("step"), opt.t.to_string())?;
    std::fs::write(tmp.join("losses.json"), serde_json::to_vec(losses)?)?;
    if dir.exists() {
        std::fs::remove_dir_all(dir)?;
    }
    std::fs::rename(&tmp, dir)?;
    Ok(())
}

fn resume(
    dir: &Path,
    vars: &[(String, candle_core::Var)],
    opt: &mut AdamW,
) -> Result<Option<usize>, TrainingError> {
    let Ok(step) = std::fs::read_to_string(dir.join("step")) else {
        return Ok(None);
    };
    let step: usize = step
        .trim()
        .parse()
        .map_err(|_| TrainingError::Data("unreadable checkpoint step".into()))?;
    let saved = candle_core::safetensors::load(dir.join("adapter.safetensors"), &Device::Cpu)?;
    for (name, var) in vars {
        let t = saved
            .get(name)
            .ok_or_else(|| TrainingError::Data(format!("checkpoint lacks {name}")))?;
        var.set(&t.to_dtype(DType::F32)?)?;
    }
    opt.restore(
        &candle_core::safetensors::load(dir.join("optimizer.safetensors"), &Device::Cpu)?,
        step,
    )?;
    Ok(Some(step))
}
