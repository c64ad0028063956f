//! The int8 kernel against candle's `QMatMul` (Q8_0) on the shapes our
//! models have: the encoder's projections at an indexing batch (1536 rows)
//! and a query (24 rows), and the 0.5B decoder's MLP at decode and prefill.
//!
//! `cargo run --release -p portolan-model --example int8_vs_candle`

use candle_core::quantized::{GgmlDType, QMatMul, QTensor};
use candle_core::{Device, Module, Tensor};
use portolan_model::int8::Int8Linear;
use std::time::Instant;
fn main() {
    for &(m, n, k) in &[
        (1536usize, 2560usize, 768usize),
        (1536, 768, 1280),
        (1536, 768, 1152),
        (24, 2560, 768),
        (24, 768, 1280),
        (1, 4864, 896),
        (512, 4864, 896),
    ] {
        let w: Vec<f32> = (0..n * k)
            .map(|i| ((i * 7919 % 1000) as f32 / 500.0) - 1.0)
            .collect();
        let x: Vec<f32> = (0..m * k)
            .map(|i| ((i * 104729 % 1000) as f32 / 500.0) - 1.0)
            .collect();
        let wt = Tensor::from_vec(w.clone(), (n, k), &Device::Cpu).expect("shape");
        let xt = Tensor::from_vec(x.clone(), (m, k), &Device::Cpu).expect("shape");
        let q = QMatMul::from_qtensor(QTensor::quantize(&wt, GgmlDType::Q8_0).expect("shape"))
            .expect("shape");
        let l = Int8Linear::new(&w, n, k).expect("shape");
        let reps = if m > 100 { 10 } else { 200 };
        q.forward(&xt).expect("shape");
        l.forward(&xt).expect("shape");
        let t = Instant::now();
        for _ in 0..reps {
            q.forward(&xt).expect("shape");
        }
        let tc = t.elapsed().as_secs_f64() / reps as f64;
        let t = Instant::now();
        for _ in 0..reps {
            l.forward(&xt).expect("shape");
        }
        let ti = t.elapsed().as_secs_f64() / reps as f64;
        println!("m={m} n={n} k={k}: candle {:.3} ms ({:.0} GMAC/s), int8 {:.3} ms ({:.0} GMAC/s), speedup {:.2}", tc*1e3, (m*n*k) as f64/tc/1e9, ti*1e3, (m*n*k) as f64/ti/1e9, tc/ti);
    }
}
