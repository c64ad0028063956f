//! Q4_K weights (the bulk of the default 1.5B model) packed for the kernel
//! without requantizing.
//!
//! A GGUF Q4_K super-block holds 256 values of a row as 8 sub-blocks of 32:
//! `w = d·sc_j·q − dmin·m_j`, with `q` a 4-bit value, `sc_j` and `m_j` 6-bit
//! integers per sub-block, and `d`, `dmin` f16 per super-block (144 bytes).
//! A tile keeps exactly those numbers for 16 output columns, so the integer
//! products are the file's; only the layout changes: the 4-bit values are
//! arranged for `vpdpbusd` (unsigned weights × signed activations), and the
//! low and high nibble of one byte feed sub-blocks `2i` and `2i + 1`, as in
//! the file. The per-sub-block minimum is applied as `dmin·m_j · (d_a·Σa)`
//! from the activations' block sums.
//!
//! At ~0.59 bytes per weight a tile is a little larger than the file's 0.5625
//! (d and dmin are widened to f32 once instead of per use).

use rayon::prelude::*;

use super::pack::COLS;

/// Values per super-block.
pub const QK_K: usize = 256;
/// Sub-blocks of 32 per super-block.
pub const SUB_BLOCKS: usize = 8;
/// Bytes of one GGUF Q4_K super-block: d, dmin (f16), 12 bytes of packed
/// 6-bit scales and minima, 128 bytes of 4-bit values.
pub const Q4_K_BLOCK_BYTES: usize = 144;

/// 16 output columns × one super-block (256 inputs).
#[derive(Clone, Debug)]
#[repr(C, align(64))]
pub struct Q4kTile {
    /// `[pair i][group g][column][4]`: the low nibble is input
    /// `64i + 4g + j` (sub-block `2i`), the high nibble input `64i + 32 + 4g + j`.
    pub qs: [u8; QK_K / 2 * COLS],
    /// Per-column super-block scale.
    pub d: [f32; COLS],
    /// Per-column super-block scale of the minima.
    pub dmin: [f32; COLS],
    /// Per sub-block, per column 6-bit scale.
    pub sc: [[u8; COLS]; SUB_BLOCKS],
    /// Per sub-block, per column 6-bit minimum.
    pub m: [[u8; COLS]; SUB_BLOCKS],
}

/// One column's super-block, unpacked from the GGUF bytes.
struct SuperBlock {
    d: f32,
    dmin: f32,
    sc: [u8; SUB_BLOCKS],
    m: [u8; SUB_BLOCKS],
    /// `q[j][l]`: value `l` of sub-block `j`.
    q: [[u8; 32]; SUB_BLOCKS],
}

impl SuperBlock {
    fn parse(b: &[u8]) -> Self {
        let f16 = |i: usize| half::f16::from_le_bytes([b[i], b[i + 1]]).to_f32();
        let scales = &b[4..16];
        let qs = &b[16..Q4_K_BLOCK_BYTES];
        let mut sb = SuperBlock {
            d: f16(0),
            dmin: f16(2),
            sc: [0; SUB_BLOCKS],
            m: [0; SUB_BLOCKS],
            q: [[0; 32]; SUB_BLOCKS],
        };
        // ggml's get_scale_min_k4: the first four sub-blocks keep their 6 bits
        // in the low bits of bytes 0–7; the last four spread theirs over the
        // low/high nibbles of bytes 8–11 and the top 2 bits of bytes 0–7.
        for j in 0..SUB_BLOCKS {
            (sb.sc[j], sb.m[j]) = if j < 4 {
                (scales[j] & 63, scales[j + 4] & 63)
            } else {
                (
                    (scales[j + 4] & 0x0F) | ((scales[j - 4] >> 6) << 4),
                    (scales[j + 4] >> 4) | ((scales[j] >> 6) << 4),
                )
            };
        }
        for i in 0..SUB_BLOCKS / 2 {
            for l in 0..32 {
                let byte = qs[32 * i + l];
                sb.q[2 * i][l] = byte & 0x0F;
                sb.q[2 * i + 1][l] = byte >> 4;
            }
        }
        sb
    }
}

/// Packs a GGUF Q4_K weight (`n` rows of `k / 256` super-blocks) into tiles,
/// column tile `t`, super-block `s` at `t * (k / 256) + s`. `None` when the
/// shape does not tile or `data` has the wrong length.
pub fn pack_q4_k(data: &[u8], n: usize, k: usize) -> Option<Vec<Q4kTile>> {
    if !n.is_multiple_of(COLS) || !k.is_multiple_of(QK_K) || k == 0 {
        return None;
    }
    let nsb = k / QK_K;
    if data.len() != n * nsb * Q4_K_BLOCK_BYTES {
        return None;
    }
    let tiles = (0..n / COLS * nsb)
        .into_par_iter()
        .map(|i| {
            let (t, s) = (i / nsb, i % nsb);
            let mut tile = Q4kTile {
                qs: [0; QK_K / 2 * COLS],
                d: [0.0; COLS],
                dmin: [0.0; COLS],
                sc: [[0; COLS]; SUB_BLOCKS],
                m: [[0; COLS]; SUB_BLOCKS],
            };
            for c in 0..COLS {
                let at = ((t * COLS + c) * nsb + s) * Q4_K_BLOCK_BYTES;
                let sb = SuperBlock::parse(&data[at..at + Q4_K_BLOCK_BYTES]);
                tile.d[c] = sb.d;
                tile.dmin[c] = sb.dmin;
                for j in 0..SUB_BLOCKS {
                    tile.sc[j][c] = sb.sc[j];
                    tile.m[j][c] = sb.m[j];
                }
                for i in 0..SUB_BLOCKS / 2 {
                    for g in 0..8 {
                        for j in 0..4 {
                            let lo = sb.q[2 * i][4 * g + j];
                            let hi = sb.q[2 * i + 1][4 * g + j];
                            tile.qs[(i * 8 + g) * COLS * 4 + c * 4 + j] = lo | (hi << 4);
                        }
                    }
                }
            }
            tile
        })
        .collect();
    Some(tiles)
}

impl Q4kTile {
    /// The 4-bit value of column `c`, input `x` (0..256) of the super-block.
    pub fn value(&self, c: usize, x: usize) -> u8 {
        let (i, within) = (x / 64, x % 64);
        let (high, l) = (within >= 32, within % 32);
        let byte = self.qs[(i * 8 + l / 4) * COLS * 4 + c * 4 + l % 4];
        if high {
            byte >> 4
        } else {
            byte & 0x0F
        }
    }

    /// The weight of column `c`, input `x`, as ggml dequantizes it.
    pub fn weight(&self, c: usize, x: usize) -> f32 {
        let j = x / 32;
        let scale = self.d[c] * self.sc[j][c] as f32;
        let min = self.dmin[c] * self.m[j][c] as f32;
        scale * self.value(c, x) as f32 - min
    }
}
