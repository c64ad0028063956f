//! Qwen2 decoder over quantized GGUF weights.
//!
//! Follows candle-transformers' `quantized_qwen2`, with two changes the
//! services need: the key/value cache lives outside the weights
//! ([`KvCache`]), so one loaded model serves many conversations and a
//! cache's prefix can be copied for reuse; and `forward` can return logits
//! for the last *n* positions, which log-probability scoring of
//! continuations requires. Q8_0, Q4_K and Q6_K weights go through our int8
//! kernels ([`crate::int8`]) where the CPU has AVX-512 VNNI.

use std::path::Path;

use candle_core::quantized::gguf_file;
use candle_core::{DType, Device, IndexOp, Module, Tensor, D};
use candle_transformers::quantized_nn::RmsNorm;

pub use super::kv_cache::KvCache;
use super::projection::Projection;
use super::token_embedding::TokenEmbedding;
use crate::adapter::{LayerLora, LoraAdapter};
use crate::fused;
use crate::{ModelError, Result};

/// Hyper-parameters read from the GGUF metadata.
#[derive(Debug, Clone, PartialEq)]
pub struct Qwen2Config {
    /// Attention heads for queries.
    pub n_head: usize,
    /// Attention heads for keys and values (grouped-query attention).
    pub n_kv_head: usize,
    /// Residual stream width.
    pub hidden: usize,
    /// Number of decoder blocks.
    pub n_layer: usize,
    /// Longest context the rotary tables are built for.
    pub context_length: usize,
    /// RMSNorm epsilon.
    pub rms_eps: f64,
    /// RoPE base frequency.
    pub rope_base: f32,
    /// Rows of the output projection.
    pub vocab_size: usize,
}

impl Qwen2Config {
    fn from_gguf(ct: &gguf_file::Content, path: &Path) -> Result<Self> {
        let get = |k: &str| {
            ct.metadata.get(k).ok_or_else(|| ModelError::InvalidModel {
                path: path.to_path_buf(),
                reason: format!("no {k} metadata (is this a qwen2 GGUF?)"),
            })
        };
        let arch = get("general.architecture")?.to_string()?;
        if arch != "qwen2" {
            return Err(ModelError::InvalidModel {
                path: path.to_path_buf(),
                reason: format!("architecture {arch:?}, expected qwen2"),
            });
        }
        let vocab_size = ct
            .tensor_infos
            .get("token_embd.weight")
            .map(|t| t.shape.dims()[0])
            .unwrap_or(0);
        Ok(Self {
            n_head: get("qwen2.attention.head_count")?.to_u32()? as usize,
            n_kv_head: get("qwen2.attention.head_count_kv")?.to_u32()? as usize,
            hidden: get("qwen2.embedding_length")?.to_u32()? as usize,
            n_layer: get("qwen2.block_count")?.to_u32()? as usize,
            context_length: get("qwen2.context_length")?.to_u32()? as usize,
            rms_eps: get("qwen2.attention.layer_norm_rms_epsilon")?.to_f32()? as f64,
            rope_base: get("qwen2.rope.freq_base")
                .and_then(|v| Ok(v.to_f32()?))
                .unwrap_or(10_000.0),
            vocab_size,
        })
    }

    /// Width of one attention head.
    pub fn head_dim(&self) -> usize {
        self.hidden / self.n_head
    }
}

/// Prompt positions processed per pass: enough rows that the int8 kernels
/// reuse each weight tile well (they work in blocks of 48 rows).
const PREFILL_CHUNK: usize = 256;

struct Layer {
    wq: Projection,
    wk: Projection,
    wv: Projection,
    bq: Tensor,
    bk: Tensor,
    bv: Tensor,
    wo: Projection,
    attn_norm: RmsNorm,
    ffn_gate: Projection,
    ffn_up: Projection,
    ffn_down: Projection,
    ffn_norm: RmsNorm,
}

/// Loaded Qwen2 weights. Immutable after loading, so it can be shared between threads.
pub struct Qwen2 {
    cfg: Qwen2Config,
    embed: TokenEmbedding,
    layers: Vec<Layer>,
    norm: RmsNorm,
    output: Projection,
    cos: Tensor,
    sin: Tensor,
    device: Device,
}

impl Qwen2 {
    /// Loads the weights of a GGUF file already opened as `ct`.
    pub fn from_gguf<R: std::io::Read + std::io::Seek>(
        ct: &gguf_file::Content,
        reader: &mut R,
        path: &Path,
        device: &Device,
    ) -> Result<Self> {
        Self::from_gguf_merged(ct, reader, path, device, None)
    }

    /// Blocks in a GGUF file (to read an adapter for it before loading).
    pub fn layers_in(ct: &gguf_file::Content, path: &Path) -> Result<usize> {
        Ok(Qwen2Config::from_gguf(ct, path)?.n_layer)
    }

    /// As [`Qwen2::from_gguf`], with `merge`'s updates folded into the
    /// weights they target (`W + (α/r)·B·A`, requantized to Q8_0): the
    /// adapter at the speed of the base, for a server that serves only it.
    pub fn from_gguf_merged<R: std::io::Read + std::io::Seek>(
        ct: &gguf_file::Content,
        reader: &mut R,
        path: &Path,
        device: &Device,
        merge: Option<&LoraAdapter>,
    ) -> Result<Self> {
        let cfg = Qwen2Config::from_gguf(ct, path)?;
        let mut t = |name: &str| ct.tensor(reader, name, device);
        let embed_q = t("token_embd.weight")?;
        let embed = TokenEmbedding::new(&embed_q, device)?;
        let norm = RmsNorm::from_qtensor(t("output_norm.weight")?, cfg.rms_eps)?;
        let output = match t("output.weight") {
            Ok(w) => Projection::from_qtensor(w)?,
            // Small Qwen2.5 models tie the output projection to the embeddings.
            Err(_) => Projection::from_qtensor(embed_q)?,
        };
        let mut layers = Vec::with_capacity(cfg.n_layer);
        for i in 0..cfg.n_layer {
            let mut w = |s: &str| t(&format!("blk.{i}.{s}"));
            let pairs = merge.and_then(|m| m.layers.get(i));
            let proj = |q: candle_core::quantized::QTensor, k: usize| -> Result<Projection> {
                match pairs.and_then(|l| l.pairs[k].as_ref()) {
                    None => Projection::from_qtensor(q),
                    Some(pair) => Projection::merged(&q, pair),
                }
            };
            layers.push(Layer {
                wq: proj(w("attn_q.weight")?, 0)?,
                wk: proj(w("attn_k.weight")?, 1)?,
                wv: proj(w("attn_v.weight")?, 2)?,
                bq: w("attn_q.bias")?.dequantize(device)?,
                bk: w("attn_k.bias")?.dequantize(device)?,
                bv: w("attn_v.bias")?.dequantize(device)?,
                wo: proj(w("attn_output.weight")?, 3)?,
                attn_norm: RmsNorm::from_qtensor(w("attn_norm.weight")?, cfg.rms_eps)?,
                ffn_gate: proj(w("ffn_gate.weight")?, 4)?,
                ffn_up: proj(w("ffn_up.weight")?, 5)?,
                ffn_down: proj(w("ffn_down.weight")?, 6)?,
                ffn_norm: RmsNorm::from_qtensor(w("ffn_norm.weight")?, cfg.rms_eps)?,
            });
        }
        let (cos, sin) = rope_tables(&cfg, device)?;
        Ok(Self {
            cfg,
            embed,
            layers,
            norm,
            output,
            cos,
            sin,
            device: device.clone(),
        })
    }

    /// The hyper-parameters.
    pub fn config(&self) -> &Qwen2Config {
        &self.cfg
    }

    /// Runs `tokens` after the positions already in `cache`, appends their
    /// keys/values to it, and returns logits `(n_logits, vocab)` for the last
    /// `n_logits` of the new positions.
    /// With `adapter`, each targeted projection adds its LoRA update.
    pub fn forward(
        &self,
        tokens: &[u32],
        cache: &mut KvCache,
        n_logits: usize,
        adapter: Option<&LoraAdapter>,
    ) -> Result<Tensor> {
        // On a rayon worker, the int8 kernel's parallel loops share work
        // between workers instead of waking the pool once per projection.
        rayon::scope(|_| self.forward_here(tokens, cache, n_logits, adapter))
    }

    /// Checks that `adapter` fits this model's projections.
    pub fn check_adapter(&self, adapter: &LoraAdapter) -> Result<()> {
        let (h, q, kv) = (
            self.cfg.hidden,
            self.cfg.n_head * self.cfg.head_dim(),
            self.cfg.n_kv_head * self.cfg.head_dim(),
        );
        let widths = |i: usize, k: usize| {
            let inter = self.layers[i.min(self.layers.len() - 1)].ffn_up.out_dim();
            [
                (h, q),
                (h, kv),
                (h, kv),
                (q, h),
                (h, inter),
                (h, inter),
                (inter, h),
            ][k]
        };
        if adapter.layers.len() != self.layers.len() {
            return Err(ModelError::InvalidRequest(format!(
                "adapter {} has {} blocks, the model {}",
                adapter.name,
                adapter.layers.len(),
                self.layers.len()
            )));
        }
        adapter.check(&widths)
    }

    /// One forward pass over the next token of several sequences:
    /// `tokens[i]` follows the positions in `caches[i]`. Returns logits
    /// `(tokens.len(), vocab)`, row `i` for sequence `i`.
    ///
    /// Decoding is memory-bound: each generated token reads every weight
    /// once. Stacking the next tokens of several conversations into one pass
    /// reads the weights once for all of them (the int8 kernel multiplies up
    /// to six rows per weight load), so a few sequences cost little more than
    /// one. Attention stays per sequence, over its own cache.
    pub fn forward_batch(
        &self,
        tokens: &[u32],
        caches: &mut [&mut KvCache],
        adapter: Option<&LoraAdapter>,
    ) -> Result<Tensor> {
        if tokens.is_empty() || tokens.len() != caches.len() {
            return Err(ModelError::InvalidRequest(format!(
                "batched step of {} tokens for {} sequences",
                tokens.len(),
                caches.len()
            )));
        }
        let mut spans: Vec<Span> = caches
            .iter_mut()
            .enumerate()
            .map(|(i, cache)| Span {
                pos: cache.len(),
                cache,
                start: i,
                len: 1,
            })
            .collect();
        rayon::scope(|_| {
            let x = self.run(tokens, &mut spans, adapter)?;
            let x = self.norm.forward(&x.i(0)?)?;
            Ok(self.output.forward(&x)?)
        })
    }

    fn forward_here(
        &self,
        tokens: &[u32],
        cache: &mut KvCache,
        n_logits: usize,
        adapter: Option<&LoraAdapter>,
    ) -> Result<Tensor> {
        let seq_len = tokens.len();
        if seq_len == 0 || n_logits == 0 || n_logits > seq_len {
            return Err(ModelError::InvalidRequest(format!(
                "forward over {seq_len} tokens asking for {n_logits} logits"
            )));
        }
        // A long prompt runs in chunks, each attending to the cache and
        // itself: the positions after a chunk are never scored against it,
        // so the attention does less work than one causal pass over the
        // whole prompt, and the per-layer score matrices stay small.
        // Checked before the first chunk so that a refused prompt leaves
        // the cache as it was.
        self.check_room(cache.len(), seq_len)?;
        let first_logit = seq_len - n_logits;
        let mut kept = Vec::new();
        for start in (0..seq_len).step_by(PREFILL_CHUNK) {
            let chunk = &tokens[start..(start + PREFILL_CHUNK).min(seq_len)];
            let mut spans = [Span {
                pos: cache.len(),
                cache: &mut *cache,
                start: 0,
                len: chunk.len(),
            }];
            let x = self.run(chunk, &mut spans, adapter)?;
            if start + chunk.len() > first_logit {
                kept.push(x.i((0, first_logit.saturating_sub(start).., ..))?);
            }
        }
        let x = Tensor::cat(&kept, 0)?;
        let x = self.norm.forward(&x)?;
        Ok(self.output.forward(&x)?)
    }

    /// Refuses `len` new positions after `pos` past the model's context.
    fn check_room(&self, pos: usize, len: usize) -> Result<()> {
        if pos + len > self.cfg.context_length {
            return Err(ModelError::InvalidRequest(format!(
                "context overflow: {} tokens exceed the model's {}",
                pos + len,
                self.cfg.context_length
            )));
        }
        Ok(())
    }

    /// The decoder blocks over `tokens`, laid out as `spans` (each a run of
    /// one sequence's new tokens); appends each span's keys and values to its
    /// cache and returns the last hidden states `(1, tokens.len(), hidden)`.
    fn run(
        &self,
        tokens: &[u32],
        spans: &mut [Span],
        adapter: Option<&LoraAdapter>,
    ) -> Result<Tensor> {
        let mut masks = Vec::with_capacity(spans.len());
        for span in spans.iter_mut() {
            self.check_room(span.pos, span.len)?;
            span.cache.ensure_layers(self.layers.len());
            masks.push(
                (span.len > 1)
                    .then(|| causal_mask(span.len, span.pos, &self.device))
                    .transpose()?,
            );
        }
        let mut x = self.embed.forward(tokens)?;
        for (i, layer) in self.layers.iter().enumerate() {
            let lora = adapter.and_then(|a| a.layers.get(i));
            let h = layer.attn_norm.forward(&x)?;
            let h = self.attention(layer, i, lora, &h, spans, &masks)?;
            x = (x + h)?;
            let h = layer.ffn_norm.forward(&x)?;
            let gate = project(&layer.ffn_gate, lora, 4, &h)?;
            let up = project(&layer.ffn_up, lora, 5, &h)?;
            let mid = match fused::silu_mul(&gate, &up)? {
                Some(mid) => mid,
                None => (candle_nn::ops::silu(&gate)? * up)?,
            };
            let h = project(&layer.ffn_down, lora, 6, &mid)?;
            x = (x + h)?;
        }
        for span in spans.iter_mut() {
            span.cache.set_len(span.pos + span.len);
        }
        Ok(x)
    }

    /// Self-attention of block `layer`: projections over all rows at once,
    /// then each span against its own cache.
    fn attention(
        &self,
        l: &Layer,
        layer: usize,
        lora: Option<&LayerLora>,
        x: &Tensor,
        spans: &mut [Span],
        masks: &[Option<Tensor>],
    ) -> Result<Tensor> {
        let (nh, nkv, hd) = (self.cfg.n_head, self.cfg.n_kv_head, self.cfg.head_dim());
        let q_all = project(&l.wq, lora, 0, x)?.broadcast_add(&l.bq)?;
        let k_all = project(&l.wk, lora, 1, x)?.broadcast_add(&l.bk)?;
        let v_all = project(&l.wv, lora, 2, x)?.broadcast_add(&l.bv)?;
        let mut ys = Vec::with_capacity(spans.len());
        for (span, mask) in spans.iter_mut().zip(masks) {
            let n = span.len;
            let heads = |t: &Tensor, h: usize| -> candle_core::Result<Tensor> {
                t.narrow(1, span.start, n)?
                    .reshape((1, n, h, hd))?
                    .transpose(1, 2)?
                    .contiguous()
            };
            let (q, k, v) = (heads(&q_all, nh)?, heads(&k_all, nkv)?, heads(&v_all, nkv)?);
            let cos = self.cos.narrow(0, span.pos, n)?;
            let sin = self.sin.narrow(0, span.pos, n)?;
            let q = candle_nn::rotary_emb::rope(&q, &cos, &sin)?;
            let k = candle_nn::rotary_emb::rope(&k, &cos, &sin)?;
            let (k, v) = span.cache.append(layer, span.pos, &k, &v)?;
            if mask.is_some() {
                if let Some(y) = fused::causal_attention(&q, &k, &v, span.pos)? {
                    ys.push(y);
                    continue;
                }
            }
            let y = match mask {
                Some(mask) => {
                    let k = candle_transformers::utils::repeat_kv(k, nh / nkv)?;
                    let v = candle_transformers::utils::repeat_kv(v, nh / nkv)?.contiguous()?;
                    let att = (q.matmul(&k.t()?)? / (hd as f64).sqrt())?;
                    let att = candle_nn::ops::softmax_last_dim(&att.broadcast_add(mask)?)?;
                    att.matmul(&v)?
                }
                // One new position sees every cached one, so no mask, and
                // the query heads sharing a key/value head can be stacked
                // as rows of one product against that head: the cache is
                // read in place rather than copied once per query head.
                None => {
                    let q = q.reshape((1, nkv, nh / nkv, hd))?;
                    let att = (q.matmul(&k.t()?)? / (hd as f64).sqrt())?;
                    let att = candle_nn::ops::softmax_last_dim(&att)?;
                    att.matmul(&v)?.reshape((1, nh, 1, hd))?
                }
            };
            ys.push(y.transpose(1, 2)?.reshape((1, n, nh * hd))?);
        }
        let y = if ys.len() == 1 {
            ys.swap_remove(0)
        } else {
            Tensor::cat(&ys, 1)?
        };
        Ok(project(&l.wo, lora, 3, &y)?)
    }
}

/// The new tokens of one sequence within a forward pass: rows
/// `start..start + len` of the pass, at positions `pos..pos + len` after
/// the positions already in `cache`.
struct Span<'a> {
    cache: &'a mut KvCache,
    start: usize,
    len: usize,
    pos: usize,
}

/// `x · Wᵀ`, plus the adapter's update of projection `k` when it has one.
fn project(
    p: &Projection,
    lora: Option<&LayerLora>,
    k: usize,
    x: &Tensor,
) -> candle_core::Result<Tensor> {
    let y = p.forward(x)?;
    match lora.and_then(|l| l.pairs[k].as_ref()) {
        Some(pair) => y + pair.delta(x)?,
        None => Ok(y),
    }
}

/// Additive mask: row `i` (absolute position `pos + i`) sees columns `0..=pos + i`.
fn causal_mask(seq_len: usize, pos: usize, device: &Device) -> Result<Tensor> {
    let kv_len = pos + seq_len;
    let data: Vec<f32> = (0..seq_len)
        .flat_map(|i| (0..kv_len).map(move |j| if j > pos + i { f32::NEG_INFINITY } else { 0.0 }))
        .collect();
    Ok(Tensor::from_vec(data, (seq_len, kv_len), device)?)
}

fn rope_tables(cfg: &Qwen2Config, device: &Device) -> Result<(Tensor, Tensor)> {
    let hd = cfg.head_dim();
    let inv_freq: Vec<f32> = (0..hd)
        .step_by(2)
        .map(|i| 1.0 / cfg.rope_base.powf(i as f32 / hd as f32))
        .collect();
    let n = inv_freq.len();
    let inv_freq = Tensor::from_vec(inv_freq, (1, n), device)?;
    let t = Tensor::arange(0u32, cfg.context_length as u32, device)?
        .to_dtype(DType::F32)?
        .reshape((cfg.context_length, 1))?;
    let freqs = t.matmul(&inv_freq)?;
    Ok((freqs.cos()?, freqs.sin()?))
}

/// Natural-log softmax over the last dimension, in f32.
pub fn log_softmax(logits: &Tensor) -> Result<Tensor> {
    Ok(candle_nn::ops::log_softmax(
        &logits.to_dtype(DType::F32)?,
        D::Minus1,
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn causal_mask_hides_only_future_positions() -> Result<()> {
        let m = causal_mask(2, 3, &Device::Cpu)?.to_vec2::<f32>()?;
        assert_eq!(m[0][..4], [0.0, 0.0, 0.0, 0.0]);
        assert_eq!(m[0][4], f32::NEG_INFINITY);
        assert!(m[1].iter().all(|&v| v == 0.0));
        Ok(())
    }
}
