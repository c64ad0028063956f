//! The LoRA linear layer (Hu et al., 2021): a frozen weight `W` plus a
//! trainable low-rank update, `y = x·Wᵀ + (α/r)·dropout(x)·Aᵀ·Bᵀ`, with `A`
//! (`r × in`) drawn small and random and `B` (`out × r`) zero, so training
//! starts exactly at the base model. Only `A` and `B` are variables; the
//! base stays a plain tensor autograd never updates.

use std::sync::Mutex;

use candle_core::{DType, Result, Tensor, Var, D};
use rand::rngs::StdRng;
use rand::Rng;
use serde::{Deserialize, Serialize};

/// `x · Wᵀ` for a frozen `W`, whose backward pass gives the gradient of
/// `x` only. candle's own matmul also computes the gradient of its right
/// operand, frozen or not: for a base model that is a second copy of every
/// weight per backward pass (gigabytes) and a third of the arithmetic,
/// all of it thrown away.
pub struct FrozenMatmul {
    /// `Wᵀ` (`in × out`), contiguous.
    pub weight_t: Tensor,
}

impl candle_core::CustomOp1 for FrozenMatmul {
    fn name(&self) -> &'static str {
        "frozen-matmul"
    }

    fn cpu_fwd(
        &self,
        storage: &candle_core::CpuStorage,
        layout: &candle_core::Layout,
    ) -> Result<(candle_core::CpuStorage, candle_core::Shape)> {
        let (rows, inp) = layout.shape().dims2()?;
        let candle_core::CpuStorage::F32(data) = storage else {
            candle_core::bail!("frozen-matmul: f32 only");
        };
        let Some((start, end)) = layout.contiguous_offsets() else {
            candle_core::bail!("frozen-matmul: contiguous input expected");
        };
        let x = Tensor::from_slice(&data[start..end], (rows, inp), self.weight_t.device())?;
        let y = x.matmul(&self.weight_t)?;
        let out = y.dim(1)?;
        Ok((
            candle_core::CpuStorage::F32(y.flatten_all()?.to_vec1::<f32>()?),
            (rows, out).into(),
        ))
    }

    fn bwd(&self, _arg: &Tensor, _res: &Tensor, grad: &Tensor) -> Result<Option<Tensor>> {
        // d(x·Wᵀ)/dx = grad · W, computed as (Wᵀ · gradᵀ)ᵀ to read Wᵀ as stored.
        Ok(Some(self.weight_t.matmul(&grad.t()?)?.t()?))
    }
}

/// `x · Wᵀ` (2-D `x`) through [`FrozenMatmul`].
pub fn frozen_matmul(x: &Tensor, weight_t: &Tensor) -> Result<Tensor> {
    x.contiguous()?.apply_op1(FrozenMatmul {
        weight_t: weight_t.clone(),
    })
}

/// Which projections get adapters, and their shape.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoraConfig {
    /// Rank `r` of the update.
    pub rank: usize,
    /// Scale numerator: the update is multiplied by `alpha / rank`.
    pub alpha: f64,
    /// Dropout on the adapter's input during training.
    #[serde(default)]
    pub dropout: f32,
    /// Projection names (`q_proj`, `k_proj`, `v_proj`, `o_proj`,
    /// `gate_proj`, `up_proj`, `down_proj`).
    pub targets: Vec<String>,
}

impl LoraConfig {
    /// `alpha / rank`.
    pub fn scale(&self) -> f64 {
        self.alpha / self.rank.max(1) as f64
    }

    /// Whether projection `name` gets an adapter.
    pub fn targets(&self, name: &str) -> bool {
        self.targets.iter().any(|t| t == name)
    }
}

/// A trainable low-rank update of one projection.
#[derive(Debug, Clone)]
pub struct LoraPair {
    /// `r × in`.
    pub a: Var,
    /// `out × r`.
    pub b: Var,
}

/// A linear layer, frozen, with an optional LoRA update.
#[derive(Debug, Clone)]
pub struct LoraLinear {
    /// `Wᵀ` (`in × out`), stored transposed and contiguous: the product
    /// then reads it as it is, where a transposed view would be copied on
    /// every forward (2 GB for the 0.5B, kept alive by autograd).
    weight_t: Tensor,
    bias: Option<Tensor>,
    lora: Option<LoraPair>,
    scale: f64,
    dropout: f32,
}

impl LoraLinear {
    /// A frozen layer (`weight` is `out × in`).
    pub fn frozen(weight: Tensor, bias: Option<Tensor>) -> Result<Self> {
        Ok(Self {
            weight_t: weight.t()?.contiguous()?,
            bias,
            lora: None,
            scale: 0.0,
            dropout: 0.0,
        })
    }

    /// `(out, in)`.
    fn dims(&self) -> Result<(usize, usize)> {
        let (inp, out) = self.weight_t.dims2()?;
        Ok((out, inp))
    }

    /// Adds a fresh adapter: `A` uniform in ±1/√in (Kaiming-style), drawn
    /// from `rng` so that a seed reproduces a run; `B` zero.
    pub fn with_new_adapter(mut self, cfg: &LoraConfig, rng: &mut StdRng) -> Result<Self> {
        let (out, inp) = self.dims()?;
        let bound = 1.0 / (inp as f32).sqrt();
        let dev = self.weight_t.device();
        let values: Vec<f32> = (0..cfg.rank * inp)
            .map(|_| rng.random_range(-bound..bound))
            .collect();
        let a = Var::from_tensor(&Tensor::from_vec(values, (cfg.rank, inp), dev)?)?;
        let b = Var::zeros((out, cfg.rank), DType::F32, dev)?;
        self.lora = Some(LoraPair { a, b });
        self.scale = cfg.scale();
        self.dropout = cfg.dropout;
        Ok(self)
    }

    /// Installs a trained adapter (`a`: `r × in`, `b`: `out × r`).
    pub fn with_adapter(mut self, a: Tensor, b: Tensor, scale: f64) -> Result<Self> {
        let (out, inp) = self.dims()?;
        let (r, a_in) = a.dims2()?;
        let (b_out, b_r) = b.dims2()?;
        if a_in != inp || b_out != out || b_r != r {
            candle_core::bail!(
                "adapter shapes {:?}/{:?} do not fit a {out}×{inp} layer",
                a.dims(),
                b.dims()
            );
        }
        self.lora = Some(LoraPair {
            a: Var::from_tensor(&a)?,
            b: Var::from_tensor(&b)?,
        });
        self.scale = scale;
        Ok(self)
    }

    /// The adapter, if any.
    pub fn lora(&self) -> Option<&LoraPair> {
        self.lora.as_ref()
    }

    /// `x · Wᵀ (+ bias) + scale · dropout(x) · Aᵀ · Bᵀ`; dropout only when
    /// training, with masks drawn from `dropout` (seeded by the run).
    pub fn forward(&self, x: &Tensor, dropout: Option<&Mutex<StdRng>>) -> Result<Tensor> {
        // As one 2-D product: a batched `broadcast_matmul` would expand the
        // weight to one copy per sequence, and autograd keeps each alive.
        let dims = x.dims().to_vec();
        let inp = *dims.last().unwrap_or(&0);
        let rows = x.elem_count() / inp.max(1);
        let x = &x.reshape((rows, inp))?;
        let mut y = frozen_matmul(x, &self.weight_t)?;
        if let Some(bias) = &self.bias {
            y = y.broadcast_add(bias)?;
        }
        if let Some(LoraPair { a, b }) = &self.lora {
            let input = match dropout {
                Some(rng) if self.dropout > 0.0 => {
                    let keep = 1.0 - self.dropout;
                    let mut rng = rng.lock().unwrap_or_else(|e| e.into_inner());
                    let mask: Vec<f32> = (0..x.elem_count())
                        .map(|_| {
                            if rng.random::<f32>() < keep {
                                1.0 / keep
                            } else {
                                0.0
                            }
                        })
                        .collect();
                    (x * Tensor::from_vec(mask, x.shape(), x.device())?)?
                }
                _ => x.clone(),
            };
            let down = input.matmul(&a.as_tensor().t()?)?;
            let up = down.matmul(&b.as_tensor().t()?)?;
            y = (y + (up * self.scale)?)?;
        }
        let mut out_dims = dims;
        if let Some(last) = out_dims.last_mut() {
            *last = y.dim(1)?;
        }
        y.reshape(out_dims)
    }

    /// The weight with the update folded in, `W + scale·B·A` (for serving
    /// an adapter merged, at the speed of the base).
    pub fn merged_weight(&self) -> Result<Tensor> {
        match &self.lora {
            None => self.weight_t.t(),
            Some(LoraPair { a, b }) => {
                self.weight_t.t()? + (b.as_tensor().matmul(a.as_tensor())? * self.scale)?
            }
        }
    }

    /// Output features.
    pub fn out_dim(&self) -> Result<usize> {
        self.weight_t.dim(D::Minus1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use candle_core::Device;

    fn cfg() -> LoraConfig {
        LoraConfig {
            rank: 2,
            alpha: 4.0,
            dropout: 0.0,
            targets: vec!["q_proj".into()],
        }
    }

    #[test]
    fn a_fresh_adapter_changes_nothing_and_merging_matches_the_update() -> Result<()> {
        let dev = Device::Cpu;
        let w = Tensor::randn(0f32, 1.0, (5, 3), &dev)?;
        let x = Tensor::randn(0f32, 1.0, (2, 4, 3), &dev)?;
        let base = LoraLinear::frozen(w.clone(), None)?;
        let mut rng = rand::SeedableRng::seed_from_u64(7);
        let fresh = base.clone().with_new_adapter(&cfg(), &mut rng)?;
        let dropout = Mutex::new(rand::SeedableRng::seed_from_u64(8));
        let diff = (fresh.forward(&x, Some(&dropout))? - base.forward(&x, None)?)?
            .abs()?
            .max_all()?
            .to_scalar::<f32>()?;
        assert_eq!(diff, 0.0, "B starts at zero");
        let a = Tensor::randn(0f32, 1.0, (2, 3), &dev)?;
        let b = Tensor::randn(0f32, 1.0, (5, 2), &dev)?;
        let adapted = base.with_adapter(a, b, cfg().scale())?;
        let merged = LoraLinear::frozen(adapted.merged_weight()?, None)?;
        let diff = (adapted.forward(&x, None)? - merged.forward(&x, None)?)?
            .abs()?
            .max_all()?
            .to_scalar::<f32>()?;
        assert!(diff < 1e-5, "{diff}");
        Ok(())
    }

    #[test]
    fn frozen_matmul_matches_matmul_and_its_input_gradient() -> Result<()> {
        let dev = Device::Cpu;
        let w_t = Tensor::randn(0f32, 1.0, (3, 5), &dev)?;
        let x = Var::new(
            Tensor::randn(0f32, 1.0, (4, 3), &dev)?.to_vec2::<f32>()?,
            &dev,
        )?;
        let ours = frozen_matmul(x.as_tensor(), &w_t)?;
        let plain = x.as_tensor().matmul(&w_t)?;
        let diff = (&ours - &plain)?.abs()?.max_all()?.to_scalar::<f32>()?;
        assert!(diff < 1e-6);
        let g_ours = ours.sqr()?.sum_all()?.backward()?;
        let g_plain = plain.sqr()?.sum_all()?.backward()?;
        let a = g_ours.get(x.as_tensor()).expect("input gradient");
        let b = g_plain.get(x.as_tensor()).expect("input gradient");
        assert!((a - b)?.abs()?.max_all()?.to_scalar::<f32>()? < 1e-4);
        assert!(
            g_ours.get(&w_t).is_none(),
            "no gradient for the frozen weight"
        );
        Ok(())
    }

    #[test]
    fn wrong_adapter_shapes_are_refused() -> Result<()> {
        let dev = Device::Cpu;
        let base = LoraLinear::frozen(Tensor::zeros((5, 3), DType::F32, &dev)?, None)?;
        let a = Tensor::zeros((2, 4), DType::F32, &dev)?;
        let b = Tensor::zeros((5, 2), DType::F32, &dev)?;
        assert!(base.with_adapter(a, b, 1.0).is_err());
        Ok(())
    }
}
