//! AdamW (Loshchilov & Hutter) over the adapter variables, with its
//! moments kept in tensors we can save: candle-nn's `AdamW` keeps them
//! private, and a resumed run must continue exactly where it stopped.
//! The learning rate follows a linear warm-up and then a cosine decay.

use std::collections::HashMap;

use candle_core::backprop::GradStore;
use candle_core::{Result, Tensor, Var};

/// AdamW hyper-parameters.
#[derive(Debug, Clone, Copy)]
pub struct AdamWParams {
    /// β₁.
    pub beta1: f64,
    /// β₂.
    pub beta2: f64,
    /// ε.
    pub eps: f64,
    /// Decoupled weight decay.
    pub weight_decay: f64,
}

impl Default for AdamWParams {
    fn default() -> Self {
        Self {
            beta1: 0.9,
            beta2: 0.999,
            eps: 1e-8,
            weight_decay: 0.0,
        }
    }
}

/// The optimiser: one (m, v) pair per named variable.
pub struct AdamW {
    vars: Vec<(String, Var)>,
    m: Vec<Tensor>,
    v: Vec<Tensor>,
    params: AdamWParams,
    /// Steps taken.
    pub t: usize,
}

impl AdamW {
    /// A fresh optimiser over `vars`.
    pub fn new(vars: Vec<(String, Var)>, params: AdamWParams) -> Result<Self> {
        let m = vars
            .iter()
            .map(|(_, v)| v.as_tensor().zeros_like())
            .collect::<Result<Vec<_>>>()?;
        let v = m.clone();
        Ok(Self {
            vars,
            m,
            v,
            params,
            t: 0,
        })
    }

    /// One update at learning rate `lr`; variables without a gradient are left.
    pub fn step(&mut self, grads: &GradStore, lr: f64) -> Result<()> {
        let per_var: Vec<Option<Tensor>> = self
            .vars
            .iter()
            .map(|(_, var)| grads.get(var.as_tensor()).cloned())
            .collect();
        self.step_grads(&per_var, lr)
    }

    /// One update from gradients given per variable, in the order of the
    /// variables (`None`: the variable got no gradient).
    pub fn step_grads(&mut self, grads: &[Option<Tensor>], lr: f64) -> Result<()> {
        self.t += 1;
        let p = self.params;
        let (c1, c2) = (
            1.0 - p.beta1.powi(self.t as i32),
            1.0 - p.beta2.powi(self.t as i32),
        );
        for (i, (_, var)) in self.vars.iter().enumerate() {
            let Some(g) = grads.get(i).and_then(Option::as_ref) else {
                continue;
            };
            let m = ((&self.m[i] * p.beta1)? + (g * (1.0 - p.beta1))?)?;
            let v = ((&self.v[i] * p.beta2)? + (g.sqr()? * (1.0 - p.beta2))?)?;
            let update = ((&m / c1)? / ((&v / c2)?.sqrt()? + p.eps)?)?;
            let decayed = (var.as_tensor() * (1.0 - lr * p.weight_decay))?;
            var.set(&(decayed - (update * lr)?)?)?;
            self.m[i] = m;
            self.v[i] = v;
        }
        Ok(())
    }

    /// The moments, by variable name (`NAME.m`, `NAME.v`), for a checkpoint.
    pub fn state(&self) -> HashMap<String, Tensor> {
        let mut out = HashMap::new();
        for (i, (name, _)) in self.vars.iter().enumerate() {
            out.insert(format!("{name}.m"), self.m[i].clone());
            out.insert(format!("{name}.v"), self.v[i].clone());
        }
        out
    }

    /// Restores moments saved by [`AdamW::state`] after `t` steps.
    pub fn restore(&mut self, state: &HashMap<String, Tensor>, t: usize) -> Result<()> {
        for (i, (name, _)) in self.vars.iter().enumerate() {
            let get = |k: String| {
                state
                    .get(&k)
                    .cloned()
                    .ok_or_else(|| candle_core::Error::Msg(format!("checkpoint lacks {k}")))
            };
            self.m[i] = get(format!("{name}.m"))?;
            self.v[i] = get(format!("{name}.v"))?;
        }
        self.t = t;
        Ok(())
    }
}

/// Learning rate at optimiser step `step` (0-based): linear warm-up over
/// `warmup` steps to `peak`, then cosine decay to `peak / 10` at `total`.
pub fn learning_rate(step: usize, warmup: usize, total: usize, peak: f64) -> f64 {
    if step < warmup {
        return peak * (step + 1) as f64 / warmup as f64;
    }
    let span = total.saturating_sub(warmup).max(1) as f64;
    let progress = ((step - warmup) as f64 / span).min(1.0);
    let floor = peak / 10.0;
    floor + (peak - floor) * 0.5 * (1.0 + (std::f64::consts::PI * progress).cos())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warm_up_then_cosine_down_to_a_tenth() {
        assert!((learning_rate(0, 10, 100, 1.0) - 0.1).abs() < 1e-12);
        assert!((learning_rate(9, 10, 100, 1.0) - 1.0).abs() < 1e-12);
        assert!((learning_rate(10, 10, 100, 1.0) - 1.0).abs() < 1e-12);
        assert!((learning_rate(55, 10, 100, 1.0) - 0.55).abs() < 1e-12);
        assert!((learning_rate(100, 10, 100, 1.0) - 0.1).abs() < 1e-12);
    }

    #[test]
    fn adamw_minimises_a_quadratic() -> Result<()> {
        let dev = candle_core::Device::Cpu;
        let x = Var::new(&[3.0f32, -2.0], &dev)?;
        let mut opt = AdamW::new(vec![("x".into(), x.clone())], AdamWParams::default())?;
        for _ in 0..300 {
            let loss = x.as_tensor().sqr()?.sum_all()?;
            opt.step(&loss.backward()?, 0.05)?;
        }
        let left: Vec<f32> = x.as_tensor().to_vec1()?;
        assert!(left.iter().all(|v| v.abs() < 0.05), "{left:?}");
        Ok(())
    }
}
