//! The kernel's arithmetic in plain Rust, in the same order: the oracle the
//! tests hold the vector code to (bit for bit).

use super::pack::{quantize_row_scalar, WeightTile, COLS, HALF, KBLOCK};
use super::q4k::{Q4kTile, QK_K, SUB_BLOCKS};
use super::q6k::{self, Q6kTile};

/// One activation row as the kernels see it: 8-bit values (i8), their
/// per-32 scales and per-16 sums.
struct Row<'a> {
    q: &'a [u8],
    d: &'a [f32],
    halves: &'a [i32],
}

impl Row<'_> {
    fn value(&self, i: usize) -> i32 {
        self.q[i] as i8 as i32
    }

    /// The sum of 32-value block `b`.
    fn total(&self, b: usize) -> i32 {
        self.halves[2 * b] + self.halves[2 * b + 1]
    }
}

/// `m × n` outputs: each row of `x` quantized as the kernels do, then
/// `cell(row, t, c)` for column `c` of column tile `t`.
fn product(
    n: usize,
    k: usize,
    x: &[f32],
    m: usize,
    cell: impl Fn(&Row, usize, usize) -> f32,
) -> Vec<f32> {
    let kb = k / KBLOCK;
    let mut out = vec![0f32; m * n];
    let (mut q, mut d, mut halves) = (vec![0u8; k], vec![0f32; kb], vec![0i32; 2 * kb]);
    for r in 0..m {
        quantize_row_scalar(&x[r * k..(r + 1) * k], &mut q, &mut d, &mut halves);
        let row = Row {
            q: &q,
            d: &d,
            halves: &halves,
        };
        for col in 0..n {
            out[r * n + col] = cell(&row, col / COLS, col % COLS);
        }
    }
    out
}

/// `x · Wᵀ` over the packed `tiles` of an `(n, k)` weight, for `m` rows.
pub fn matmul(tiles: &[WeightTile], n: usize, k: usize, x: &[f32], m: usize) -> Vec<f32> {
    let kb = k / KBLOCK;
    product(n, k, x, m, |row, t, c| {
        let mut acc = 0f32;
        for b in 0..kb {
            let tile = &tiles[t * kb + b];
            let mut s = -128 * row.total(b);
            for g in 0..KBLOCK / 4 {
                for j in 0..4 {
                    s += row.value(b * KBLOCK + g * 4 + j) * (tile.weight(g, c, j) + 128);
                }
            }
            acc = (s as f32).mul_add(tile.scale(c) * row.d[b], acc);
        }
        acc
    })
}

/// `x · Wᵀ` over the Q4_K `tiles` of an `(n, k)` weight, for `m` rows.
pub fn matmul_q4k(tiles: &[Q4kTile], n: usize, k: usize, x: &[f32], m: usize) -> Vec<f32> {
    let nsb = k / QK_K;
    product(n, k, x, m, |row, t, c| {
        let mut acc = 0f32;
        for s in 0..nsb {
            let tile = &tiles[t * nsb + s];
            for j in 0..SUB_BLOCKS {
                let mut dot = 0i32;
                for l in 0..32 {
                    dot += row.value(s * QK_K + j * 32 + l) * tile.value(c, j * 32 + l) as i32;
                }
                let (sc, mn) = tile.sub_block(j, c);
                let scale = tile.scale(c) * sc as f32;
                let min = tile.min_scale(c) * mn as f32;
                let b = s * SUB_BLOCKS + j;
                let sum = row.d[b] * row.total(b) as f32;
                acc = (dot as f32 * row.d[b]).mul_add(scale, acc);
                acc = (-min).mul_add(sum, acc);
            }
        }
        acc
    })
}

/// `x · Wᵀ` over the Q6_K `tiles` of an `(n, k)` weight, for `m` rows.
pub fn matmul_q6k(tiles: &[Q6kTile], n: usize, k: usize, x: &[f32], m: usize) -> Vec<f32> {
    let nsb = k / QK_K;
    product(n, k, x, m, |row, t, c| {
        let mut acc = 0f32;
        for s in 0..nsb {
            let tile = &tiles[t * nsb + s];
            for j in 0..q6k::SUB_BLOCKS {
                let first = s * QK_K + j * 16;
                let mut dot = -32 * row.halves[first / HALF];
                for l in 0..16 {
                    dot += row.value(first + l) * tile.value(c, j * 16 + l) as i32;
                }
                let scale = tile.scale(c) * tile.sub[j].sc[c] as f32;
                acc = (dot as f32).mul_add(scale * row.d[first / KBLOCK], acc);
            }
        }
        acc
    })
}
