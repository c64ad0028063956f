//! Micro-benchmarks below the model benchmark: the int8 matmul kernels on
//! their own (`portolan-bench kernels`) and query embedding by batch size
//! (`portolan-bench embed`).
//!
//! Why these exist beside `portolan-bench model`: a kernel change moves
//! prompt processing by a few per cent, less than this machine's drift
//! between minutes, so it is judged on the kernel alone, alternating
//! builds; and the query-vector batching of the server rests on how much
//! cheaper a query is in a batch, which only the embedder shows.

use std::time::Instant;

use portolan_model::int8::{
    Int8Linear, Q4_K_BLOCK_BYTES, Q6_K_BLOCK_BYTES, Q8_0_BLOCK_BYTES, QK_K,
};
use portolan_model::{EmbedKind, Embedder};
use rand::{Rng, SeedableRng};

/// One kernel measurement.
#[derive(Debug, Clone, serde::Serialize)]
pub struct KernelFigure {
    /// GGUF block format of the weight.
    pub format: &'static str,
    /// Output width.
    pub out_dim: usize,
    /// Input width.
    pub in_dim: usize,
    /// Activation rows per matmul.
    pub rows: usize,
    /// Median milliseconds per matmul.
    pub ms: f64,
    /// Multiply-accumulates per second, billions.
    pub gmacs: f64,
}

/// Weight shapes of the default 1.5B model's projections, with the format
/// its GGUF stores them in: gate/up, down (Q4_K and, in half the layers,
/// Q6_K), and q/o.
const SHAPES: [(&str, usize, usize); 5] = [
    ("Q4_K", 8960, 1536),
    ("Q4_K", 1536, 8960),
    ("Q6_K", 1536, 8960),
    ("Q4_K", 1536, 1536),
    ("Q8_0", 1536, 1536),
];

/// Random GGUF blocks of `format` for an `(n, k)` weight, scales kept small
/// and finite (any bit pattern would do for the integer work, but a NaN
/// scale would make the outputs useless as a check that something ran).
fn random_blocks(format: &str, n: usize, k: usize, rng: &mut impl Rng) -> Vec<u8> {
    let (block_bytes, block_values) = match format {
        "Q4_K" => (Q4_K_BLOCK_BYTES, QK_K),
        "Q6_K" => (Q6_K_BLOCK_BYTES, QK_K),
        _ => (Q8_0_BLOCK_BYTES, 32),
    };
    let mut data: Vec<u8> = (0..n * k / block_values * block_bytes)
        .map(|_| rng.random())
        .collect();
    // f16 0.1 (0x2E66) and 0.05 (0x2A66), little-endian.
    for block in data.chunks_mut(block_bytes) {
        match format {
            "Q4_K" => block[..4].copy_from_slice(&[0x66, 0x2E, 0x66, 0x2A]),
            "Q6_K" => block[block_bytes - 2..].copy_from_slice(&[0x66, 0x2E]),
            _ => block[..2].copy_from_slice(&[0x66, 0x2E]),
        }
    }
    data
}

/// The int8 kernels on `rows` activation rows, `reps` timed matmuls each
/// after three untimed ones; `None` when this CPU has no int8 kernel.
pub fn int8_kernels(rows: usize, reps: usize) -> Option<Vec<KernelFigure>> {
    let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    let mut figures = Vec::new();
    for (format, n, k) in SHAPES {
        let data = random_blocks(format, n, k, &mut rng);
        let layer = match format {
            "Q4_K" => Int8Linear::from_q4_k(&data, n, k),
            "Q6_K" => Int8Linear::from_q6_k(&data, n, k),
            _ => Int8Linear::from_q8_0(&data, n, k),
        }?;
        let x: Vec<f32> = (0..rows * k).map(|_| rng.random_range(-1.0..1.0)).collect();
        for _ in 0..3 {
            std::hint::black_box(layer.matmul(&x, rows));
        }
        let mut times: Vec<f64> = (0..reps.max(1))
            .map(|_| {
                let started = Instant::now();
                std::hint::black_box(layer.matmul(&x, rows));
                started.elapsed().as_secs_f64()
            })
            .collect();
        times.sort_by(f64::total_cmp);
        let median = times[times.len() / 2];
        figures.push(KernelFigure {
            format,
            out_dim: n,
            in_dim: k,
            rows,
            ms: median * 1e3,
            gmacs: (rows * n * k) as f64 / median / 1e9,
        });
    }
    Some(figures)
}

/// Milliseconds per query when `queries` are embedded `batch` at a time,
/// after one untimed batch.
pub fn query_embedding(
    embedder: &dyn Embedder,
    queries: &[&str],
    batch: usize,
) -> portolan_model::Result<f64> {
    let batch = batch.max(1);
    embedder.embed(&queries[..batch.min(queries.len())], EmbedKind::Query)?;
    let started = Instant::now();
    for chunk in queries.chunks(batch) {
        embedder.embed(chunk, EmbedKind::Query)?;
    }
    Ok(started.elapsed().as_secs_f64() * 1e3 / queries.len().max(1) as f64)
}
