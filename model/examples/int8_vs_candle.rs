//! The int8 kernels against candle's `QMatMul` on the shapes and formats our
//! models have: the encoder's Q8_0 projections at an indexing batch (1536
//! rows) and a query (24 rows), the 0.5B decoder's Q8_0 MLP, and the 1.5B
//! decoder's Q4_K and Q6_K projections at decode (1 row) and at a prefill
//! chunk (256 rows).
//!
//! `cargo run --release -p portolan-model --example int8_vs_candle`

use candle_core::quantized::{GgmlDType, QMatMul, QTensor};
use candle_core::{Device, Module, Tensor};
use portolan_model::int8::Int8Linear;
use std::time::Instant;

fn main() {
    use GgmlDType::{Q4K, Q6K, Q8_0};
    for &(dtype, m, n, k) in &[
        (Q8_0, 1536usize, 2560usize, 768usize),
        (Q8_0, 1536, 768, 1280),
        (Q8_0, 1536, 768, 1152),
        (Q8_0, 24, 2560, 768),
        (Q8_0, 24, 768, 1280),
        (Q8_0, 1, 4864, 896),
        (Q8_0, 512, 4864, 896),
        // The 1.5B's ffn_gate/ffn_up (Q4_K) and ffn_down (Q4_K or Q6_K).
        (Q4K, 1, 8960, 1536),
        (Q4K, 256, 8960, 1536),
        (Q6K, 1, 1536, 8960),
        (Q6K, 256, 1536, 8960),
    ] {
        let w: Vec<f32> = (0..n * k)
            .map(|i| ((i * 7919 % 1000) as f32 / 500.0) - 1.0)
            .collect();
        let x: Vec<f32> = (0..m * k)
            .map(|i| ((i * 104729 % 1000) as f32 / 500.0) - 1.0)
            .collect();
        let wt = Tensor::from_vec(w, (n, k), &Device::Cpu).expect("shape");
        let xt = Tensor::from_vec(x, (m, k), &Device::Cpu).expect("shape");
        let qt = QTensor::quantize(&wt, dtype).expect("shape");
        let l = Int8Linear::from_qtensor(&qt).expect("shape");
        let q = QMatMul::from_qtensor(qt).expect("shape");
        let reps = if m > 100 { 10 } else { 200 };
        let time = |f: &dyn Fn()| {
            f();
            let t = Instant::now();
            for _ in 0..reps {
                f();
            }
            t.elapsed().as_secs_f64() / reps as f64
        };
        let tc = time(&|| {
            q.forward(&xt).expect("shape");
        });
        let ti = time(&|| {
            l.forward(&xt).expect("shape");
        });
        let gmacs = |t: f64| (m * n * k) as f64 / t / 1e9;
        println!(
            "{dtype:?} m={m} n={n} k={k}: candle {:.3} ms ({:.1} GMAC/s), int8 {:.3} ms ({:.1} GMAC/s), speedup {:.2}",
            tc * 1e3,
            gmacs(tc),
            ti * 1e3,
            gmacs(ti),
            tc / ti
        );
    }
}
