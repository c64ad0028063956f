//! Bytes per second each kernel streams at one activation row, the shape of
//! decoding, on weights far larger than the caches (the 1.5B model's output
//! projection is 190 MB as Q6_K). Decoding reads every weight once per
//! token, so this is the ceiling on tokens per second.
//!
//! `cargo run --release -p portolan-model --example decode_bandwidth`

use candle_core::quantized::{GgmlDType, QTensor};
use candle_core::{Device, Tensor};
use portolan_model::int8::Int8Linear;
use std::time::Instant;

fn main() {
    // (format, rows, width): a quarter of the output projection, and
    // ffn_up/ffn_down-sized stacks, all of the 1.5B's width.
    for &(dtype, n, k) in &[
        (GgmlDType::Q8_0, 151936usize / 4, 1536usize),
        (GgmlDType::Q4K, 8960 * 8, 1536),
        (GgmlDType::Q6K, 8960 * 4, 1536),
    ] {
        let w: Vec<f32> = (0..n * k)
            .map(|i| ((i * 7919 % 1000) as f32 / 500.0) - 1.0)
            .collect();
        let wt = Tensor::from_vec(w, (n, k), &Device::Cpu).expect("shape");
        let q = QTensor::quantize(&wt, dtype).expect("quantize");
        let bytes = q.storage_size_in_bytes();
        let Some(layer) = Int8Linear::from_qtensor(&q) else {
            println!("{dtype:?}: no AVX-512 VNNI kernel on this CPU");
            continue;
        };
        let x: Vec<f32> = (0..k)
            .map(|i| ((i * 104729 % 1000) as f32 / 500.0) - 1.0)
            .collect();
        layer.matmul(&x, 1);
        let reps = 50;
        let t = Instant::now();
        for _ in 0..reps {
            std::hint::black_box(layer.matmul(&x, 1));
        }
        let dt = t.elapsed().as_secs_f64() / reps as f64;
        println!(
            "{dtype:?} {n}×{k}: {:.2} ms per product, {:.1} GB/s of file bytes",
            dt * 1e3,
            bytes as f64 / dt / 1e9
        );
    }
}
