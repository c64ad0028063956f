//! The kernel's arithmetic in plain Rust, in the same order: the oracle the
//! tests hold the vector code to (bit for bit).

use super::pack::{quantize_row_scalar, ActivationForm, WeightTile, COLS, KBLOCK};
use super::q4k::{Q4kTile, QK_K, SUB_BLOCKS};

/// `x · Wᵀ` over the packed `tiles` of an `(n, k)` weight, for `m` rows.
pub fn matmul(tiles: &[WeightTile], n: usize, k: usize, x: &[f32], m: usize) -> Vec<f32> {
    let kb = k / KBLOCK;
    let mut out = vec![0f32; m * n];
    let mut q = vec![0u8; k];
    let mut d = vec![0f32; kb];
    let mut sums = vec![0f32; kb];
    for r in 0..m {
        let row = &x[r * k..(r + 1) * k];
        quantize_row_scalar(row, ActivationForm::Offset, &mut q, &mut d, &mut sums);
        for col in 0..n {
            let (t, c) = (col / COLS, col % COLS);
            let mut acc = 0f32;
            for b in 0..kb {
                let tile = &tiles[t * kb + b];
                let mut s = tile.neg_bias[c];
                for g in 0..KBLOCK / 4 {
                    for j in 0..4 {
                        let a = q[b * KBLOCK + g * 4 + j] as i32;
                        s += a * tile.qs[g * COLS * 4 + c * 4 + j] as i32;
                    }
                }
                acc = (s as f32).mul_add(tile.d[c] * d[b], acc);
            }
            out[r * n + col] = acc;
        }
    }
    out
}

/// `x · Wᵀ` over the Q4_K `tiles` of an `(n, k)` weight, for `m` rows.
pub fn matmul_q4k(tiles: &[Q4kTile], n: usize, k: usize, x: &[f32], m: usize) -> Vec<f32> {
    let (kb, nsb) = (k / KBLOCK, k / QK_K);
    let mut out = vec![0f32; m * n];
    let mut q = vec![0u8; k];
    let mut d = vec![0f32; kb];
    let mut sums = vec![0f32; kb];
    for r in 0..m {
        let row = &x[r * k..(r + 1) * k];
        quantize_row_scalar(row, ActivationForm::Signed, &mut q, &mut d, &mut sums);
        for col in 0..n {
            let (t, c) = (col / COLS, col % COLS);
            let mut acc = 0f32;
            for s in 0..nsb {
                let tile = &tiles[t * nsb + s];
                for j in 0..SUB_BLOCKS {
                    let mut dot = 0i32;
                    for l in 0..32 {
                        let a = q[s * QK_K + j * 32 + l] as i8 as i32;
                        dot += a * tile.value(c, j * 32 + l) as i32;
                    }
                    let scale = tile.d[c] * tile.sc[j][c] as f32;
                    let min = tile.dmin[c] * tile.m[j][c] as f32;
                    let b = s * SUB_BLOCKS + j;
                    acc = (dot as f32).mul_add(scale * d[b], acc);
                    acc = (-min).mul_add(sums[b], acc);
                }
            }
            out[r * n + col] = acc;
        }
    }
    out
}
