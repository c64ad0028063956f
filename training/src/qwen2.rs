//! A Qwen2 decoder for training: full-sequence forward in f32 with autograd,
//! every projection a [`LoraLinear`]. Kept apart from the inference model
//! (`portolan-model`'s int8 kernels, KV cache, prefix cache), which has no
//! gradients; both read the same GGUF tensor names, so a base and its
//! adapter line up.
//!
//! Built from plain tensor operations (RMSNorm, rotary embedding, softmax)
//! rather than candle's fused kernels, because those have no backward pass.

use std::collections::HashMap;
use std::path::Path;

use std::sync::Mutex;

use candle_core::{DType, Device, Result, Tensor, Var, D};
use rand::rngs::StdRng;
use serde::{Deserialize, Serialize};

use crate::lora::{LoraConfig, LoraLinear};

/// The shape of a Qwen2 model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Qwen2Shape {
    /// Vocabulary.
    pub vocab: usize,
    /// Residual width.
    pub hidden: usize,
    /// MLP width.
    pub intermediate: usize,
    /// Decoder blocks.
    pub layers: usize,
    /// Query heads.
    pub heads: usize,
    /// Key/value heads.
    pub kv_heads: usize,
    /// RMSNorm epsilon.
    pub rms_eps: f64,
    /// RoPE base.
    pub rope_base: f64,
}

impl Qwen2Shape {
    fn head_dim(&self) -> usize {
        self.hidden / self.heads
    }
}

/// The projections LoRA can target, by their Hugging Face names, and the
/// GGUF tensor each is.
pub const PROJECTIONS: [(&str, &str); 7] = {
    // The names, and their order, are the adapter file's (inference reads them).
    let p = portolan_model::adapter::PROJECTIONS;
    [
        (p[0], "attn_q"),
        (p[1], "attn_k"),
        (p[2], "attn_v"),
        (p[3], "attn_output"),
        (p[4], "ffn_gate"),
        (p[5], "ffn_up"),
        (p[6], "ffn_down"),
    ]
};

struct Block {
    /// In [`PROJECTIONS`] order.
    proj: Vec<LoraLinear>,
    attn_norm: Tensor,
    ffn_norm: Tensor,
}

/// The trainable model.
pub struct TrainableQwen2 {
    shape: Qwen2Shape,
    embed: Tensor,
    blocks: Vec<Block>,
    norm: Tensor,
    /// The output projection transposed (`hidden × vocab`), contiguous.
    output_t: Tensor,
    cos: Tensor,
    sin: Tensor,
}

/// Weights by GGUF name, f32.
pub type Weights = HashMap<String, Tensor>;

impl TrainableQwen2 {
    /// The model over `weights` (GGUF names; `output.weight` may be absent
    /// when tied to the embeddings), up to `max_len` positions.
    pub fn new(
        shape: Qwen2Shape,
        weights: &Weights,
        max_len: usize,
        device: &Device,
    ) -> Result<Self> {
        let get = |name: &str| -> Result<Tensor> {
            weights
                .get(name)
                .cloned()
                .ok_or_else(|| candle_core::Error::Msg(format!("missing weight {name}")))
        };
        let mut blocks = Vec::with_capacity(shape.layers);
        for i in 0..shape.layers {
            let mut proj = Vec::new();
            for (_, gguf) in PROJECTIONS {
                let bias = weights.get(&format!("blk.{i}.{gguf}.bias")).cloned();
                proj.push(LoraLinear::frozen(
                    get(&format!("blk.{i}.{gguf}.weight"))?,
                    bias,
                )?);
            }
            blocks.push(Block {
                proj,
                attn_norm: get(&format!("blk.{i}.attn_norm.weight"))?,
                ffn_norm: get(&format!("blk.{i}.ffn_norm.weight"))?,
            });
        }
        let embed = get("token_embd.weight")?;
        let output_t = weights
            .get("output.weight")
            .unwrap_or(&embed)
            .t()?
            .contiguous()?;
        let (cos, sin) = rope_tables(&shape, max_len, device)?;
        Ok(Self {
            norm: get("output_norm.weight")?,
            shape,
            embed,
            blocks,
            output_t,
            cos,
            sin,
        })
    }

    /// Reads a GGUF file and dequantizes every tensor to f32: the frozen
    /// base. (About 2 GB for the 0.5B model.)
    pub fn load_gguf(path: &Path, max_len: usize, device: &Device) -> Result<Self> {
        use candle_core::quantized::gguf_file;
        let mut file = std::fs::File::open(path)?;
        let content = gguf_file::Content::read(&mut file)?;
        let meta = |k: &str| -> Result<u32> {
            content
                .metadata
                .get(k)
                .ok_or_else(|| candle_core::Error::Msg(format!("no {k} in {}", path.display())))?
                .to_u32()
        };
        let mut weights = Weights::new();
        for name in content.tensor_infos.keys() {
            let q = content.tensor(&mut file, name, device)?;
            weights.insert(name.clone(), q.dequantize(device)?);
        }
        let vocab = weights
            .get("token_embd.weight")
            .map_or(Ok(0), |t| t.dim(0))?;
        let intermediate = weights
            .get("blk.0.ffn_up.weight")
            .map_or(Ok(0), |t| t.dim(0))?;
        let shape = Qwen2Shape {
            vocab,
            hidden: meta("qwen2.embedding_length")? as usize,
            intermediate,
            layers: meta("qwen2.block_count")? as usize,
            heads: meta("qwen2.attention.head_count")? as usize,
            kv_heads: meta("qwen2.attention.head_count_kv")? as usize,
            rms_eps: content
                .metadata
                .get("qwen2.attention.layer_norm_rms_epsilon")
                .map_or(Ok(1e-6), |v| v.to_f32())? as f64,
            rope_base: content
                .metadata
                .get("qwen2.rope.freq_base")
                .map_or(Ok(1e6), |v| v.to_f32())? as f64,
        };
        Self::new(shape, &weights, max_len, device)
    }

    /// The model's shape.
    pub fn shape(&self) -> &Qwen2Shape {
        &self.shape
    }

    /// Adds fresh adapters to the targeted projections of every block.
    pub fn add_adapters(&mut self, cfg: &LoraConfig, rng: &mut StdRng) -> Result<()> {
        for block in &mut self.blocks {
            for (k, (name, _)) in PROJECTIONS.iter().enumerate() {
                if cfg.targets(name) {
                    block.proj[k] = block.proj[k].clone().with_new_adapter(cfg, rng)?;
                }
            }
        }
        Ok(())
    }

    /// Installs trained adapters: `tensors` by [`adapter_name`].
    pub fn set_adapters(
        &mut self,
        cfg: &LoraConfig,
        tensors: &HashMap<String, Tensor>,
    ) -> Result<()> {
        for (i, block) in self.blocks.iter_mut().enumerate() {
            for (k, (name, _)) in PROJECTIONS.iter().enumerate() {
                if !cfg.targets(name) {
                    continue;
                }
                let get = |part: &str| {
                    tensors
                        .get(&adapter_name(i, name, part))
                        .cloned()
                        .ok_or_else(|| {
                            candle_core::Error::Msg(format!(
                                "adapter lacks {}",
                                adapter_name(i, name, part)
                            ))
                        })
                };
                block.proj[k] =
                    block.proj[k]
                        .clone()
                        .with_adapter(get("a")?, get("b")?, cfg.scale())?;
            }
        }
        Ok(())
    }

    /// Every adapter variable by [`adapter_name`], in a stable order.
    pub fn adapter_vars(&self) -> Vec<(String, Var)> {
        let mut out = Vec::new();
        for (i, block) in self.blocks.iter().enumerate() {
            for (k, (name, _)) in PROJECTIONS.iter().enumerate() {
                if let Some(pair) = block.proj[k].lora() {
                    out.push((adapter_name(i, name, "a"), pair.a.clone()));
                    out.push((adapter_name(i, name, "b"), pair.b.clone()));
                }
            }
        }
        out
    }

    /// Logits `[batch, len, vocab]` for token ids `[batch, len]`; adapter
    /// dropout applies when `dropout` (the run's generator) is given.
    pub fn forward(&self, ids: &Tensor, dropout: Option<&Mutex<StdRng>>) -> Result<Tensor> {
        let (b, t) = ids.dims2()?;
        let h = self
            .hidden(ids, dropout)?
            .reshape((b * t, self.shape.hidden))?;
        self.logits(&h)?.reshape((b, t, self.shape.vocab))
    }

    /// Logits `[rows, vocab]` of final hidden states `[rows, hidden]`.
    /// Training takes them only at answer positions: over a 150k vocabulary
    /// the logits of every position would be most of the memory.
    pub fn logits(&self, hidden: &Tensor) -> Result<Tensor> {
        crate::lora::frozen_matmul(hidden, &self.output_t)
    }

    /// Final hidden states `[batch, len, hidden]` (after the last norm).
    pub fn hidden(&self, ids: &Tensor, dropout: Option<&Mutex<StdRng>>) -> Result<Tensor> {
        let (b, t) = ids.dims2()?;
        let s = &self.shape;
        let hd = s.head_dim();
        let mut x = self
            .embed
            .index_select(&ids.flatten_all()?, 0)?
            .reshape((b, t, s.hidden))?;
        let mask = causal_mask(t, x.device())?;
        let cos = self.cos.narrow(0, 0, t)?;
        let sin = self.sin.narrow(0, 0, t)?;
        for block in &self.blocks {
            let h = rms_norm(&x, &block.attn_norm, s.rms_eps)?;
            let heads = |p: &LoraLinear, n: usize| -> Result<Tensor> {
                p.forward(&h, dropout)?
                    .reshape((b, t, n, hd))?
                    .transpose(1, 2)?
                    .contiguous()
            };
            let q = rope(&heads(&block.proj[0], s.heads)?, &cos, &sin)?;
            let k = rope(&heads(&block.proj[1], s.kv_heads)?, &cos, &sin)?;
            let v = heads(&block.proj[2], s.kv_heads)?;
            let group = s.heads / s.kv_heads;
            let (k, v) = (repeat_kv(&k, group)?, repeat_kv(&v, group)?);
            let weights = crate::attention::masked_softmax(
                &q.matmul(&k.t()?)?,
                1.0 / (hd as f64).sqrt(),
                &mask,
            )?;
            let attn = weights.matmul(&v)?;
            let attn = attn.transpose(1, 2)?.reshape((b, t, s.hidden))?;
            x = (x + block.proj[3].forward(&attn, dropout)?)?;
            let h = rms_norm(&x, &block.ffn_norm, s.rms_eps)?;
            let gate = candle_nn::ops::silu(&block.proj[4].forward(&h, dropout)?)?;
            let up = block.proj[5].forward(&h, dropout)?;
            x = (x + block.proj[6].forward(&(gate * up)?, dropout)?)?;
        }
        rms_norm(&x, &self.norm, s.rms_eps)
    }
}

/// The name an adapter tensor is saved under (`layers.3.q_proj.lora_a`):
/// the inference side's reader defines the format.
pub use portolan_model::adapter::tensor_name as adapter_name;

fn rms_norm(x: &Tensor, weight: &Tensor, eps: f64) -> Result<Tensor> {
    let mean_sq = x.sqr()?.mean_keepdim(D::Minus1)?;
    x.broadcast_div(&(mean_sq + eps)?.sqrt()?)?
        .broadcast_mul(weight)
}

/// Rotary embedding, the half-split ("NeoX") layout Qwen2 uses.
fn rope(x: &Tensor, cos: &Tensor, sin: &Tensor) -> Result<Tensor> {
    let hd = x.dim(D::Minus1)?;
    let (x1, x2) = (
        x.narrow(D::Minus1, 0, hd / 2)?,
        x.narrow(D::Minus1, hd / 2, hd / 2)?,
    );
    let rotated = Tensor::cat(&[&x2.neg()?, &x1], D::Minus1)?;
    x.broadcast_mul(cos)? + rotated.broadcast_mul(sin)?
}

fn rope_tables(s: &Qwen2Shape, max_len: usize, device: &Device) -> Result<(Tensor, Tensor)> {
    let hd = s.head_dim();
    let inv: Vec<f32> = (0..hd / 2)
        .map(|i| 1.0 / s.rope_base.powf(2.0 * i as f64 / hd as f64) as f32)
        .collect();
    let inv = Tensor::from_vec(inv, (1, hd / 2), device)?;
    let pos = Tensor::arange(0u32, max_len as u32, device)?
        .to_dtype(DType::F32)?
        .reshape((max_len, 1))?;
    let freqs = pos.matmul(&inv)?;
    let freqs = Tensor::cat(&[&freqs, &freqs], D::Minus1)?;
    Ok((freqs.cos()?, freqs.sin()?))
}

fn causal_mask(t: usize, device: &Device) -> Result<Tensor> {
    let mask: Vec<f32> = (0..t)
        .flat_map(|i| (0..t).map(move |j| if j > i { f32::NEG_INFINITY } else { 0.0 }))
        .collect();
    Tensor::from_vec(mask, (t, t), device)
}

fn repeat_kv(x: &Tensor, group: usize) -> Result<Tensor> {
    if group == 1 {
        return Ok(x.clone());
    }
    let (b, h, t, d) = x.dims4()?;
    x.unsqueeze(2)?
        .broadcast_as((b, h, group, t, d))?
        .reshape((b, h * group, t, d))
}

/// Weights of a randomly initialised model of `shape`, reproducible from
/// `seed` (tests, CI's end-to-end run).
pub fn random_weights(shape: &Qwen2Shape, seed: u64, device: &Device) -> Result<Weights> {
    use rand::{Rng, SeedableRng};
    let mut rng = StdRng::seed_from_u64(seed);
    let mut w = Weights::new();
    let hd = shape.head_dim();
    let mut put = |name: String, dims: &[usize]| -> Result<()> {
        let n: usize = dims.iter().product();
        let values: Vec<f32> = (0..n).map(|_| rng.random_range(-0.15f32..0.15)).collect();
        w.insert(name, Tensor::from_vec(values, dims, device)?);
        Ok(())
    };
    put("token_embd.weight".into(), &[shape.vocab, shape.hidden])?;
    for i in 0..shape.layers {
        put(
            format!("blk.{i}.attn_q.weight"),
            &[shape.heads * hd, shape.hidden],
        )?;
        put(
            format!("blk.{i}.attn_k.weight"),
            &[shape.kv_heads * hd, shape.hidden],
        )?;
        put(
            format!("blk.{i}.attn_v.weight"),
            &[shape.kv_heads * hd, shape.hidden],
        )?;
        put(format!("blk.{i}.attn_q.bias"), &[shape.heads * hd])?;
        put(format!("blk.{i}.attn_k.bias"), &[shape.kv_heads * hd])?;
        put(format!("blk.{i}.attn_v.bias"), &[shape.kv_heads * hd])?;
        put(
            format!("blk.{i}.attn_output.weight"),
            &[shape.hidden, shape.heads * hd],
        )?;
        put(
            format!("blk.{i}.ffn_gate.weight"),
            &[shape.intermediate, shape.hidden],
        )?;
        put(
            format!("blk.{i}.ffn_up.weight"),
            &[shape.intermediate, shape.hidden],
        )?;
        put(
            format!("blk.{i}.ffn_down.weight"),
            &[shape.hidden, shape.intermediate],
        )?;
    }
    for i in 0..shape.layers {
        w.insert(
            format!("blk.{i}.attn_norm.weight"),
            Tensor::ones(shape.hidden, DType::F32, device)?,
        );
        w.insert(
            format!("blk.{i}.ffn_norm.weight"),
            Tensor::ones(shape.hidden, DType::F32, device)?,
        );
    }
    w.insert(
        "output_norm.weight".into(),
        Tensor::ones(shape.hidden, DType::F32, device)?,
    );
    Ok(w)
}
