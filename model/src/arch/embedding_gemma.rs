//! EmbeddingGemma: a Gemma 3 text encoder with bidirectional attention.
//!
//! candle's `gemma3` is a causal decoder with an LM head. The embedding model
//! reuses the Gemma 3 block (pre/post norms around attention and MLP, q/k
//! RMS-norms, local/global RoPE bases) but every token attends to every other
//! token (within a sliding window on the local layers), and the
//! sentence-transformers head pools the last hidden states: mean over real
//! tokens, Dense 768→3072, Dense 3072→768, L2 normalisation.

use candle_core::quantized::{GgmlDType, QMatMul, QTensor};
use candle_core::{DType, Device, Module, Tensor, D};
use candle_nn::{Embedding, Linear, VarBuilder};

use super::gated_gelu::gated_gelu;
use super::projection::Projection;
use crate::int8::{self, Int8Linear};
use crate::Result;

/// The parts of `config.json` the encoder needs.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct GemmaEncoderConfig {
    /// Residual stream width.
    pub hidden_size: usize,
    /// MLP width.
    pub intermediate_size: usize,
    /// Decoder blocks.
    pub num_hidden_layers: usize,
    /// Query heads.
    pub num_attention_heads: usize,
    /// Key/value heads.
    pub num_key_value_heads: usize,
    /// Width of a head.
    pub head_dim: usize,
    /// RMSNorm epsilon.
    pub rms_norm_eps: f64,
    /// RoPE base of the global (full-attention) layers.
    pub rope_theta: f64,
    /// RoPE base of the local (sliding-window) layers.
    pub rope_local_base_freq: f64,
    /// Attention window of the local layers, as configured.
    pub sliding_window: usize,
    /// Every n-th layer is global.
    #[serde(rename = "_sliding_window_pattern", default = "default_pattern")]
    pub sliding_window_pattern: usize,
    /// Scores are scaled by `query_pre_attn_scalar^-0.5`.
    pub query_pre_attn_scalar: f64,
    /// Longest input.
    pub max_position_embeddings: usize,
}

fn default_pattern() -> usize {
    6
}

impl GemmaEncoderConfig {
    fn is_global(&self, layer: usize) -> bool {
        (layer + 1).is_multiple_of(self.sliding_window_pattern)
    }

    /// With bidirectional attention, transformers sets the local window to
    /// `sliding_window / 2 + 1` with exclusive bounds: a token sees neighbours
    /// at distance `< window` on either side.
    fn local_window(&self) -> usize {
        self.sliding_window / 2 + 1
    }
}

/// Gemma's RMSNorm scales by `1 + weight`.
struct GemmaRmsNorm {
    weight: Tensor,
    eps: f64,
}

impl GemmaRmsNorm {
    fn load(vb: VarBuilder, dim: usize, eps: f64) -> Result<Self> {
        let weight = (vb.get(dim, "weight")? + 1.0)?;
        Ok(Self { weight, eps })
    }

    fn forward(&self, x: &Tensor) -> Result<Tensor> {
        if let Some(y) = crate::fused::rms_norm(x, &self.weight, self.eps as f32)? {
            return Ok(y);
        }
        Ok(candle_nn::ops::rms_norm(x, &self.weight, self.eps as f32)?)
    }
}

/// How the encoder's projection weights are held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EncoderPrecision {
    /// The published f32 weights.
    F32,
    /// Weights requantized to Q8_0 at load time: int8 (VNNI) kernels make
    /// indexing several times faster on CPU, at a cosine distance from the
    /// f32 vectors measured in the model tests. Our own kernel
    /// ([`crate::int8`]) where the CPU has AVX-512 VNNI, candle's otherwise.
    Q8,
}

impl EncoderPrecision {
    /// Names the numerics of this precision for caches of computed vectors.
    /// It changes whenever a code change moves the vectors (v2: fused and
    /// padded int8 projections, vectorised GELU; v3: our int8 kernel, with
    /// 32-wide activation blocks and the MLP unpadded; v4: GELU and RMSNorm
    /// sixteen lanes wide, which moved query vectors by ~1e-4 in cosine,
    /// half the distance between the int8 and the f32 vectors), so stale
    /// vectors are recomputed rather than mixed with new ones. Packing a
    /// batch's tokens (`EmbeddingGemma::forward`) left it as it was: a text's
    /// vector moves with its batch mates by ~1e-4 in cosine either way
    /// (an int8 rounding flipped by a float sum in another order), and
    /// query vectors, embedded alone, are unchanged to 1e-7.
    pub fn cache_tag(self) -> &'static str {
        match self {
            EncoderPrecision::F32 => "f32-v2",
            EncoderPrecision::Q8 if int8::available() => "q8-v4",
            EncoderPrecision::Q8 => "q8-v2",
        }
    }
}

struct Block {
    /// q, k and v stacked along the output: one activation quantization and
    /// one kernel dispatch instead of three.
    qkv: Projection,
    o: Projection,
    q_norm: GemmaRmsNorm,
    k_norm: GemmaRmsNorm,
    input_norm: GemmaRmsNorm,
    post_attn_norm: GemmaRmsNorm,
    pre_ffn_norm: GemmaRmsNorm,
    post_ffn_norm: GemmaRmsNorm,
    /// gate and up stacked along the output, each padded to `ffn_width`.
    gate_up: Projection,
    down: Projection,
    global: bool,
}

/// The encoder and its pooling head.
pub struct EmbeddingGemma {
    cfg: GemmaEncoderConfig,
    embed: Embedding,
    blocks: Vec<Block>,
    norm: GemmaRmsNorm,
    dense: Vec<Projection>,
    /// MLP width as computed (padded for the int8 kernel).
    ffn_width: usize,
    rope_local: (Tensor, Tensor),
    rope_global: (Tensor, Tensor),
    device: Device,
}

/// One `(out, inp)` weight to load, zero-padded to `(out_padded, inp_padded)`.
///
/// The MLP is padded from 1152 to 1280 wide when candle's int8 kernel runs
/// it: the extra gate and up rows are zero, so their activations are
/// `gelu(0) * 0 = 0`, and the extra down-projection columns are zero too. The
/// output is unchanged while every projection reaches candle's tiled kernel.
struct Part<'a> {
    vb: VarBuilder<'a>,
    name: &'a str,
    shape: (usize, usize),
    padded: (usize, usize),
}

impl<'a> Part<'a> {
    fn exact(vb: VarBuilder<'a>, name: &'a str, out: usize, inp: usize) -> Self {
        Self::padded(vb, name, (out, inp), (out, inp))
    }

    fn padded(
        vb: VarBuilder<'a>,
        name: &'a str,
        shape: (usize, usize),
        padded: (usize, usize),
    ) -> Self {
        Self {
            vb,
            name,
            shape,
            padded,
        }
    }

    fn load(&self) -> Result<Tensor> {
        let mut w = self.vb.get(self.shape, self.name)?;
        if self.padded.0 > self.shape.0 {
            w = w.pad_with_zeros(0, 0, self.padded.0 - self.shape.0)?;
        }
        if self.padded.1 > self.shape.1 {
            w = w.pad_with_zeros(1, 0, self.padded.1 - self.shape.1)?;
        }
        Ok(w)
    }
}

/// A projection whose weight is `parts` stacked along the output dimension.
fn proj(parts: &[Part], precision: EncoderPrecision) -> Result<Projection> {
    let weights = parts.iter().map(Part::load).collect::<Result<Vec<_>>>()?;
    let w = Tensor::cat(&weights, 0)?;
    let (out, inp) = w.dims2()?;
    if precision == EncoderPrecision::Q8 && int8::available() && int8::fits(out, inp) {
        let data = w.flatten_all()?.to_vec1::<f32>()?;
        if let Some(l) = Int8Linear::new(&data, out, inp) {
            return Ok(Projection::Int8(l));
        }
    }
    // candle's tiled int8 kernel needs the input width to be a multiple of
    // 256 (one Q8K activation block); otherwise it falls back to a per-row
    // dot product slower than f32 GEMM. Such projections stay f32.
    let tiled = inp.is_multiple_of(256) && out.is_multiple_of(16);
    Ok(match precision {
        EncoderPrecision::Q8 if tiled => Projection::Candle(QMatMul::from_qtensor(
            QTensor::quantize(&w, GgmlDType::Q8_0)?,
        )?),
        _ => Projection::F32(Linear::new(w, None)),
    })
}

impl EmbeddingGemma {
    /// Loads the transformer from `vb` and the sentence-transformers Dense layers from `dense`.
    pub fn load(
        cfg: GemmaEncoderConfig,
        vb: VarBuilder,
        dense: Vec<VarBuilder>,
        precision: EncoderPrecision,
    ) -> Result<Self> {
        let (h, hd) = (cfg.hidden_size, cfg.head_dim);
        let eps = cfg.rms_norm_eps;
        let vocab = vb.get_unchecked("embed_tokens.weight")?;
        let embed = Embedding::new(vocab, h);
        let ffn = cfg.intermediate_size;
        let ffn_pad = match precision {
            EncoderPrecision::Q8 if !int8::fits(ffn, h) || !int8::available() => {
                ffn.div_ceil(256) * 256
            }
            _ => ffn,
        };
        let mut blocks = Vec::with_capacity(cfg.num_hidden_layers);
        for i in 0..cfg.num_hidden_layers {
            let vb = vb.pp(format!("layers.{i}"));
            let a = vb.pp("self_attn");
            let m = vb.pp("mlp");
            let (nq, nkv) = (cfg.num_attention_heads * hd, cfg.num_key_value_heads * hd);
            blocks.push(Block {
                qkv: proj(
                    &[
                        Part::exact(a.pp("q_proj"), "weight", nq, h),
                        Part::exact(a.pp("k_proj"), "weight", nkv, h),
                        Part::exact(a.pp("v_proj"), "weight", nkv, h),
                    ],
                    precision,
                )?,
                o: proj(&[Part::exact(a.pp("o_proj"), "weight", h, nq)], precision)?,
                q_norm: GemmaRmsNorm::load(a.pp("q_norm"), hd, eps)?,
                k_norm: GemmaRmsNorm::load(a.pp("k_norm"), hd, eps)?,
                input_norm: GemmaRmsNorm::load(vb.pp("input_layernorm"), h, eps)?,
                post_attn_norm: GemmaRmsNorm::load(vb.pp("post_attention_layernorm"), h, eps)?,
                pre_ffn_norm: GemmaRmsNorm::load(vb.pp("pre_feedforward_layernorm"), h, eps)?,
                post_ffn_norm: GemmaRmsNorm::load(vb.pp("post_feedforward_layernorm"), h, eps)?,
                gate_up: proj(
                    &[
                        Part::padded(m.pp("gate_proj"), "weight", (ffn, h), (ffn_pad, h)),
                        Part::padded(m.pp("up_proj"), "weight", (ffn, h), (ffn_pad, h)),
                    ],
                    precision,
                )?,
                down: proj(
                    &[Part::padded(
                        m.pp("down_proj"),
                        "weight",
                        (h, ffn),
                        (h, ffn_pad),
                    )],
                    precision,
                )?,
                global: cfg.is_global(i),
            });
        }
        let norm = GemmaRmsNorm::load(vb.pp("norm"), h, eps)?;
        let dense = dense
            .into_iter()
            .map(|d| {
                let w = d.get_unchecked("linear.weight")?;
                let (out, inp) = w.dims2()?;
                // The head sees one row per text; candle quantizes a lone
                // row's activations differently from a batch's, which made a
                // text's vector depend on its batch (cosine 0.9987). At this
                // size f32 costs ~1 ms a query.
                proj(
                    &[Part::exact(d.pp("linear"), "weight", out, inp)],
                    EncoderPrecision::F32,
                )
            })
            .collect::<Result<Vec<_>>>()?;
        let device = vb.device().clone();
        let n = cfg.max_position_embeddings;
        let rope_local = rope(hd, cfg.rope_local_base_freq, n, &device)?;
        let rope_global = rope(hd, cfg.rope_theta, n, &device)?;
        Ok(Self {
            cfg,
            embed,
            blocks,
            norm,
            dense,
            ffn_width: ffn_pad,
            rope_local,
            rope_global,
            device,
        })
    }

    /// Longest input in tokens.
    pub fn max_len(&self) -> usize {
        self.cfg.max_position_embeddings
    }

    /// Output width.
    pub fn dimension(&self) -> usize {
        self.dense
            .last()
            .map(Projection::out_dim)
            .unwrap_or(self.cfg.hidden_size)
    }

    /// Embeds a batch of token sequences. Returns `(batch, dimension)`
    /// L2-normalised vectors.
    ///
    /// The batch's tokens are packed one after another for everything but
    /// attention: the projections, norms and MLP (nearly all the work) see
    /// only real tokens, however unequal the lengths. A batch padded to its
    /// longest text spent a third of its projections on padding when
    /// concurrent search queries of 15 to 45 tokens were embedded together.
    /// Attention alone works on the padded `(batch, seq)` layout, where each
    /// text sees only its own tokens. A text's vector still moves with its
    /// batch mates by ~1e-4 in cosine, as it did padded: attention sums the
    /// padded keys' zeros in another order, and that can flip an int8
    /// activation's rounding downstream.
    pub fn forward(&self, ids: &[Vec<u32>]) -> Result<Tensor> {
        let layout = Packing::new(ids, &self.device)?;
        let local_mask = self.mask(&layout, Some(self.cfg.local_window()))?;
        let global_mask = self.mask(&layout, None)?;
        let input = Tensor::from_vec(ids.concat(), layout.total, &self.device)?;
        let mut x = (self.embed.forward(&input)? * (self.cfg.hidden_size as f64).sqrt())?;
        for blk in &self.blocks {
            let (mask, rope) = if blk.global {
                (&global_mask, &self.rope_global)
            } else {
                (&local_mask, &self.rope_local)
            };
            let h = blk.input_norm.forward(&x)?;
            let h = self.attention(blk, &h, mask, rope, &layout)?;
            x = (x + blk.post_attn_norm.forward(&h)?)?;
            let h = blk.pre_ffn_norm.forward(&x)?;
            let h = gated_gelu(&blk.gate_up.forward(&h)?, self.ffn_width)?;
            let h = blk.down.forward(&h)?;
            x = (x + blk.post_ffn_norm.forward(&h)?)?;
        }
        let x = self.norm.forward(&x)?;
        // Mean pooling over each text's tokens (the prompt prefix included,
        // as sentence-transformers does).
        let mut start = 0;
        let mut rows = Vec::with_capacity(ids.len());
        for row in ids {
            rows.push(x.narrow(0, start, row.len())?.mean_keepdim(0)?);
            start += row.len();
        }
        let mut pooled = Tensor::cat(&rows, 0)?;
        for d in &self.dense {
            pooled = d.forward(&pooled)?;
        }
        let norm = pooled.sqr()?.sum_keepdim(D::Minus1)?.sqrt()?;
        Ok(pooled.broadcast_div(&norm)?)
    }

    /// Additive `(b, 1, seq, seq)` mask of `layout`'s padded form: padding
    /// keys hidden, and with a window, far keys too.
    fn mask(&self, layout: &Packing, window: Option<usize>) -> Result<Tensor> {
        let (b, seq) = (layout.rows, layout.seq);
        let mut data = Vec::with_capacity(b * seq * seq);
        for &len in &layout.lengths {
            for i in 0..seq {
                for j in 0..seq {
                    let far = window.is_some_and(|w| i.abs_diff(j) >= w);
                    data.push(if j < len && !far {
                        0f32
                    } else {
                        f32::NEG_INFINITY
                    });
                }
            }
        }
        Ok(Tensor::from_vec(data, (b, 1, seq, seq), &self.device)?)
    }

    /// Attention of the packed `(tokens, hidden)` states `x`, in the padded
    /// layout of `layout`; returns packed states.
    fn attention(
        &self,
        blk: &Block,
        x: &Tensor,
        mask: &Tensor,
        rope: &(Tensor, Tensor),
        layout: &Packing,
    ) -> Result<Tensor> {
        let (b, seq) = (layout.rows, layout.seq);
        let hd = self.cfg.head_dim;
        let (nh, nkv) = (self.cfg.num_attention_heads, self.cfg.num_key_value_heads);
        let qkv = layout.padded(&blk.qkv.forward(x)?)?;
        let split = |from: usize, n: usize| {
            qkv.narrow(D::Minus1, from * hd, n * hd)?
                .contiguous()?
                .reshape((b, seq, n, hd))
        };
        let q = blk
            .q_norm
            .forward(&split(0, nh)?)?
            .transpose(1, 2)?
            .contiguous()?;
        let k = blk
            .k_norm
            .forward(&split(nh, nkv)?)?
            .transpose(1, 2)?
            .contiguous()?;
        let v = split(nh + nkv, nkv)?.transpose(1, 2)?.contiguous()?;
        let cos = rope.0.narrow(0, 0, seq)?;
        let sin = rope.1.narrow(0, 0, seq)?;
        let q = candle_nn::rotary_emb::rope(&q, &cos, &sin)?;
        let k = candle_nn::rotary_emb::rope(&k, &cos, &sin)?;
        let k = candle_transformers::utils::repeat_kv(k, nh / nkv)?;
        let v = candle_transformers::utils::repeat_kv(v, nh / nkv)?.contiguous()?;
        let att = (q.matmul(&k.t()?)? * self.cfg.query_pre_attn_scalar.powf(-0.5))?;
        let att = candle_nn::ops::softmax_last_dim(&att.broadcast_add(mask)?)?;
        let y = att
            .matmul(&v)?
            .transpose(1, 2)?
            .reshape((b * seq, nh * hd))?;
        Ok(blk.o.forward(&layout.packed(&y)?)?)
    }
}

/// Where a batch's tokens sit packed (one text after another) and padded
/// (one text a row of the longest text's length).
struct Packing {
    rows: usize,
    seq: usize,
    total: usize,
    /// Each text's tokens.
    lengths: Vec<usize>,
    /// For each padded slot, its token's packed index; padding points at
    /// `total`, a row of zeros appended. `None` when nothing is padded.
    to_padded: Option<Tensor>,
    /// For each packed token, its padded slot.
    to_packed: Option<Tensor>,
}

impl Packing {
    fn new(ids: &[Vec<u32>], device: &Device) -> Result<Self> {
        let rows = ids.len();
        let seq = ids.iter().map(Vec::len).max().unwrap_or(0);
        let total: usize = ids.iter().map(Vec::len).sum();
        let mut to_padded = Vec::with_capacity(rows * seq);
        let mut to_packed = Vec::with_capacity(total);
        let mut start = 0;
        for (r, row) in ids.iter().enumerate() {
            for j in 0..seq {
                let real = j < row.len();
                to_padded.push(if real { start + j } else { total } as u32);
            }
            to_packed.extend((0..row.len()).map(|j| (r * seq + j) as u32));
            start += row.len();
        }
        let index = |v: Vec<u32>| -> Result<Option<Tensor>> {
            Ok(if total == rows * seq {
                None
            } else {
                let n = v.len();
                Some(Tensor::from_vec(v, n, device)?)
            })
        };
        Ok(Self {
            rows,
            seq,
            total,
            lengths: ids.iter().map(Vec::len).collect(),
            to_padded: index(to_padded)?,
            to_packed: index(to_packed)?,
        })
    }

    /// Packed `(total, width)` as padded `(rows * seq, width)`, padding zero.
    fn padded(&self, x: &Tensor) -> Result<Tensor> {
        Ok(match &self.to_padded {
            None => x.clone(),
            Some(index) => {
                let zero = Tensor::zeros((1, x.dim(1)?), x.dtype(), x.device())?;
                Tensor::cat(&[x, &zero], 0)?.index_select(index, 0)?
            }
        })
    }

    /// Padded `(rows * seq, width)` as packed `(total, width)`.
    fn packed(&self, x: &Tensor) -> Result<Tensor> {
        Ok(match &self.to_packed {
            None => x.clone(),
            Some(index) => x.index_select(index, 0)?,
        })
    }
}

fn rope(head_dim: usize, base: f64, len: usize, device: &Device) -> Result<(Tensor, Tensor)> {
    let inv: Vec<f32> = (0..head_dim)
        .step_by(2)
        .map(|i| (1.0 / base.powf(i as f64 / head_dim as f64)) as f32)
        .collect();
    let n = inv.len();
    let inv = Tensor::from_vec(inv, (1, n), device)?;
    let t = Tensor::arange(0u32, len as u32, device)?
        .to_dtype(DType::F32)?
        .reshape((len, 1))?;
    let f = t.matmul(&inv)?;
    Ok((f.cos()?, f.sin()?))
}
