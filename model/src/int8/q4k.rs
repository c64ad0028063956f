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
//! At 0.578 bytes per weight a tile is a little larger than the file's
//! 0.5625 (the 6-bit scales and minima take a byte each).

use rayon::prelude::*;

use super::pack::{CollectHuge, COLS};

/// Values per super-block.
pub const QK_K: usize = 256;
/// Sub-blocks of 32 per super-block.
pub const SUB_BLOCKS: usize = 8;
/// Bytes of one GGUF Q4_K super-block: d, dmin (f16), 12 bytes of packed
/// 6-bit scales and minima, 128 bytes of 4-bit values.
pub const Q4_K_BLOCK_BYTES: usize = 144;

/// 16 output columns × one super-block (256 inputs), in the order the
/// kernel reads it (front to back, so the hardware prefetcher stays ahead).
#[derive(Clone, Debug)]
#[repr(C, align(64))]
pub struct Q4kTile {
    /// Per-column super-block scale, f16 bits.
    pub d: [u16; COLS],
    /// Per-column super-block scale of the minima, f16 bits.
    pub dmin: [u16; COLS],
    /// Sub-blocks `2i` and `2i + 1`.
    pub pairs: [Q4kPair; SUB_BLOCKS / 2],
}

/// 16 columns × 64 inputs: two sub-blocks sharing their bytes.
#[derive(Clone, Debug)]
#[repr(C)]
pub struct Q4kPair {
    /// `[group g][column][4]`: the low nibble is input `4g + j` of the
    /// first sub-block, the high nibble input `32 + 4g + j` (the second's).
    pub qs: [u8; 64 * COLS / 2],
    /// Per column 6-bit scales of the two sub-blocks.
    pub sc: [[u8; COLS]; 2],
    /// Per column 6-bit minima of the two sub-blocks.
    pub m: [[u8; COLS]; 2],
}

/// One column's super-block, unpacked from the GGUF bytes.
struct SuperBlock {
    /// f16 bits.
    d: u16,
    /// f16 bits.
    dmin: u16,
    sc: [u8; SUB_BLOCKS],
    m: [u8; SUB_BLOCKS],
    /// `q[j][l]`: value `l` of sub-block `j`.
    q: [[u8; 32]; SUB_BLOCKS],
}

impl SuperBlock {
    fn parse(b: &[u8]) -> Self {
        let f16 = |i: usize| u16::from_le_bytes([b[i], b[i + 1]]);
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
            let empty = Q4kPair {
                qs: [0; 64 * COLS / 2],
                sc: [[0; COLS]; 2],
                m: [[0; COLS]; 2],
            };
            let mut tile = Q4kTile {
                d: [0; COLS],
                dmin: [0; COLS],
                pairs: std::array::from_fn(|_| empty.clone()),
            };
            for c in 0..COLS {
                let at = ((t * COLS + c) * nsb + s) * Q4_K_BLOCK_BYTES;
                let sb = SuperBlock::parse(&data[at..at + Q4_K_BLOCK_BYTES]);
                tile.d[c] = sb.d;
                tile.dmin[c] = sb.dmin;
                for (i, pair) in tile.pairs.iter_mut().enumerate() {
                    for h in 0..2 {
                        pair.sc[h][c] = sb.sc[2 * i + h];
                        pair.m[h][c] = sb.m[2 * i + h];
                    }
                    for g in 0..8 {
                        for j in 0..4 {
                            let lo = sb.q[2 * i][4 * g + j];
                            let hi = sb.q[2 * i + 1][4 * g + j];
                            pair.qs[g * COLS * 4 + c * 4 + j] = lo | (hi << 4);
                        }
                    }
                }
            }
            tile
        })
        .collect_huge();
    Some(tiles)
}

impl Q4kTile {
    /// The 4-bit value of column `c`, input `x` (0..256) of the super-block.
    pub fn value(&self, c: usize, x: usize) -> u8 {
        let (pair, within) = (&self.pairs[x / 64], x % 64);
        let (high, l) = (within >= 32, within % 32);
        let byte = pair.qs[l / 4 * COLS * 4 + c * 4 + l % 4];
        if high {
            byte >> 4
        } else {
            byte & 0x0F
        }
    }

    /// Column `c`'s super-block scale.
    pub fn scale(&self, c: usize) -> f32 {
        half::f16::from_bits(self.d[c]).to_f32()
    }

    /// Column `c`'s super-block scale of the minima.
    pub fn min_scale(&self, c: usize) -> f32 {
        half::f16::from_bits(self.dmin[c]).to_f32()
    }

    /// Sub-block `j`'s 6-bit scale and minimum for column `c`.
    pub fn sub_block(&self, j: usize, c: usize) -> (u8, u8) {
        let pair = &self.pairs[j / 2];
        (pair.sc[j % 2][c], pair.m[j % 2][c])
    }

    /// The weight of column `c`, input `x`, as ggml dequantizes it.
    pub fn weight(&self, c: usize, x: usize) -> f32 {
        let (sc, m) = self.sub_block(x / 32, c);
        let scale = self.scale(c) * sc as f32;
        let min = self.min_scale(c) * m as f32;
        scale * self.value(c, x) as f32 - min
    }
}
