//! The kernel's arithmetic in plain Rust, in the same order: the oracle the
//! tests hold the vector code to (bit for bit).

use super::pack::{quantize_row_scalar, WeightTile, COLS, KBLOCK};

/// `x · Wᵀ` over the packed `tiles` of an `(n, k)` weight, for `m` rows.
pub fn matmul(tiles: &[WeightTile], n: usize, k: usize, x: &[f32], m: usize) -> Vec<f32> {
    let kb = k / KBLOCK;
    let mut out = vec![0f32; m * n];
    let mut q = vec![0u8; k];
    let mut d = vec![0f32; kb];
    for r in 0..m {
        quantize_row_scalar(&x[r * k..(r + 1) * k], &mut q, &mut d);
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
