//! The kernel's arithmetic in plain Rust, in the same order: the oracle the
//! tests hold the vector code to (bit for bit).

use super::pack::{quantize_row_scalar, WeightTile, COLS, KBLOCK};
use super::q4k::{Q4kTile, QK_K, SUB_BLOCKS};
use super::q6k::{self, Q6kTile};

/// `x · Wᵀ` over the packed `tiles` of an `(n, k)` weight, for `m` rows.
pub fn matmul(tiles: &[WeightTile], n: usize, k: usize, x: &[f32], m: usize) -> Vec<f32> {
    let kb = k / KBLOCK;
    let mut out = vec![0f32; m * n];
    let mut q = vec![0u8; k];
    let mut d = vec![0f32; kb];
    let mut halves = vec![0i32; 2 * kb];
    for r in 0..m {
        let row = &x[r * k..(r + 1) * k];
        quantize_row_scalar(row, &mut q, &mut d, &mut halves);
        for col in 0..n {
            let (t, c) = (col / COLS, col % COLS);
            let mut acc = 0f32;
            for b in 0..kb {
                let tile = &tiles[t * kb + b];
                let mut s = -128 * (halves[2 * b] + halves[2 * b + 1]);
                for g in 0..KBLOCK / 4 {
                    for j in 0..4 {
                        let a = q[b * KBLOCK + g * 4 + j] as i8 as i32;
                        s += a * (tile.weight(g, c, j) + 128);
                    }
                }
                acc = (s as f32).mul_add(tile.scale(c) * d[b], acc);
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
    let mut halves = vec![0i32; 2 * kb];
    for r in 0..m {
        let row = &x[r * k..(r + 1) * k];
        quantize_row_scalar(row, &mut q, &mut d, &mut halves);
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
                    let (sc, mn) = tile.sub_block(j, c);
                    let scale = tile.scale(c) * sc as f32;
                    let min = tile.min_scale(c) * mn as f32;
                    let b = s * SUB_BLOCKS + j;
                    acc = (dot as f32).mul_add(scale * d[b], acc);
                    acc = (-min).mul_add(d[b] * (halves[2 * b] + halves[2 * b + 1]) as f32, acc);
                }
            }
            out[r * n + col] = acc;
        }
    }
    out
}

/// `x · Wᵀ` over the Q6_K `tiles` of an `(n, k)` weight, for `m` rows.
pub fn matmul_q6k(tiles: &[Q6kTile], n: usize, k: usize, x: &[f32], m: usize) -> Vec<f32> {
    let (kb, nsb) = (k / KBLOCK, k / QK_K);
    let mut out = vec![0f32; m * n];
    let mut q = vec![0u8; k];
    let mut d = vec![0f32; kb];
    let mut halves = vec![0i32; 2 * kb];
    for r in 0..m {
        let row = &x[r * k..(r + 1) * k];
        quantize_row_scalar(row, &mut q, &mut d, &mut halves);
        for col in 0..n {
            let (t, c) = (col / COLS, col % COLS);
            let mut acc = 0f32;
            for s in 0..nsb {
                let tile = &tiles[t * nsb + s];
                for j in 0..q6k::SUB_BLOCKS {
                    let first = s * QK_K + j * 16;
                    let mut dot = -32 * halves[first / 16];
                    for l in 0..16 {
                        let a = q[first + l] as i8 as i32;
                        dot += a * tile.value(c, j * 16 + l) as i32;
                    }
                    let scale = tile.scale(c) * tile.sub[j].sc[c] as f32;
                    acc = (dot as f32).mul_add(scale * d[first / KBLOCK], acc);
                }
            }
            out[r * n + col] = acc;
        }
    }
    out
}
