//! Q6_K weights (the output projection, `attn_v` and half the `ffn_down`
//! of the default 1.5B model) packed for the kernel without requantizing.
//!
//! A GGUF Q6_K super-block holds 256 values of a row as 16 sub-blocks of 16:
//! `w = d·sc_j·(q − 32)`, with `q` a 6-bit value split into a low nibble and
//! two high bits, `sc_j` a signed 8-bit scale per sub-block and `d` an f16 per
//! super-block (210 bytes, 0.82 bytes per weight).
//!
//! Why not requantize to Q8_0 as before: decoding reads every weight once
//! per token and is bound by memory bandwidth, and Q8_0 costs 1.0625 bytes a
//! weight — for the 1.5B model 104 MB more per token than the file, a tenth
//! of all the bytes a token reads. The 6-bit values are rebuilt in registers
//! instead, in a layout chosen so that it takes few instructions: per
//! sub-block and 16 columns, two 64-byte vectors of nibbles hold the low four
//! bits of the four `vpdpbusd` groups of 4 inputs (the first vector groups
//! 0 and 1 in its low and high nibbles, the second groups 2 and 3) and one
//! vector holds their high bits, two per group, at bits 0–1, 2–3, 4–5 and
//! 6–7. The products are the file's; the `−32` is applied as `−32·Σa` from
//! the activations' 16-value sums.

use rayon::prelude::*;

use super::pack::{CollectHuge, COLS};
use super::q4k::QK_K;

/// Sub-blocks of 16 per super-block.
pub const SUB_BLOCKS: usize = 16;
/// Bytes of one GGUF Q6_K super-block: 128 bytes of low nibbles, 64 of
/// high bits, 16 signed scales, an f16 `d`.
pub const Q6_K_BLOCK_BYTES: usize = 210;

/// 16 output columns × one super-block (256 inputs), in the order the
/// kernel reads it: the kernel walks a tile front to back, which keeps the
/// hardware prefetcher ahead of it (three interleaved streams — nibbles,
/// high bits, scales — left it stalling on loads at half the speed).
#[derive(Clone, Debug)]
#[repr(C, align(32))]
pub struct Q6kTile {
    /// Per-column super-block scale, f16 bits.
    pub d: [u16; COLS],
    /// The 16 sub-blocks of 16 inputs.
    pub sub: [SubBlock; SUB_BLOCKS],
}

/// 16 columns × 16 inputs (one Q6_K scale each).
#[derive(Clone, Debug)]
#[repr(C)]
pub struct SubBlock {
    /// `[pair p][column][4]` flattened as `p·64 + c·4 + i`: the low nibble
    /// holds the low four bits of input `4·(2p) + i`'s value, the high
    /// nibble those of input `4·(2p + 1) + i`.
    pub ql: [u8; 2 * 4 * COLS],
    /// `[column][4]`: bits `2g..2g+2` are the top two bits of input `4g + i`'s value.
    pub qh: [u8; 4 * COLS],
    /// Per-column signed scale.
    pub sc: [i8; COLS],
}

const _: () = assert!(std::mem::size_of::<Q6kTile>() == COLS * Q6_K_BLOCK_BYTES);

/// One column's super-block, unpacked from the GGUF bytes.
struct SuperBlock {
    d: u16,
    sc: [i8; SUB_BLOCKS],
    /// The 6-bit values, input order.
    q: [u8; QK_K],
}

impl SuperBlock {
    /// ggml's `dequantize_row_q6_K` layout: each half of 128 values takes
    /// 64 bytes of `ql` and 32 of `qh`; value `l` (of 32) of its four
    /// quarters comes from `ql[l]` low, `ql[l + 32]` low, `ql[l]` high and
    /// `ql[l + 32]` high nibbles, with bits 0–1, 2–3, 4–5, 6–7 of `qh[l]`.
    fn parse(b: &[u8]) -> Self {
        let (ql, rest) = b.split_at(QK_K / 2);
        let (qh, rest) = rest.split_at(QK_K / 4);
        let (scales, d) = rest.split_at(SUB_BLOCKS);
        let mut sb = SuperBlock {
            d: u16::from_le_bytes([d[0], d[1]]),
            sc: [0; SUB_BLOCKS],
            q: [0; QK_K],
        };
        for (s, &v) in sb.sc.iter_mut().zip(scales) {
            *s = v as i8;
        }
        for half in 0..2 {
            let (ql, qh) = (&ql[64 * half..], &qh[32 * half..]);
            let y = &mut sb.q[128 * half..];
            for l in 0..32 {
                y[l] = (ql[l] & 0x0F) | ((qh[l] & 3) << 4);
                y[l + 32] = (ql[l + 32] & 0x0F) | (((qh[l] >> 2) & 3) << 4);
                y[l + 64] = (ql[l] >> 4) | (((qh[l] >> 4) & 3) << 4);
                y[l + 96] = (ql[l + 32] >> 4) | (((qh[l] >> 6) & 3) << 4);
            }
        }
        sb
    }
}

/// Packs a GGUF Q6_K weight (`n` rows of `k / 256` super-blocks) into tiles,
/// column tile `t`, super-block `s` at `t * (k / 256) + s`. `None` when the
/// shape does not tile or `data` has the wrong length.
pub fn pack_q6_k(data: &[u8], n: usize, k: usize) -> Option<Vec<Q6kTile>> {
    if !n.is_multiple_of(COLS) || !k.is_multiple_of(QK_K) || k == 0 {
        return None;
    }
    let nsb = k / QK_K;
    if data.len() != n * nsb * Q6_K_BLOCK_BYTES {
        return None;
    }
    let tiles = (0..n / COLS * nsb)
        .into_par_iter()
        .map(|i| {
            let (t, s) = (i / nsb, i % nsb);
            let empty = SubBlock {
                ql: [0; 2 * 4 * COLS],
                qh: [0; 4 * COLS],
                sc: [0; COLS],
            };
            let mut tile = Q6kTile {
                d: [0; COLS],
                sub: std::array::from_fn(|_| empty.clone()),
            };
            for c in 0..COLS {
                let at = ((t * COLS + c) * nsb + s) * Q6_K_BLOCK_BYTES;
                let sb = SuperBlock::parse(&data[at..at + Q6_K_BLOCK_BYTES]);
                tile.d[c] = sb.d;
                for (j, sub) in tile.sub.iter_mut().enumerate() {
                    sub.sc[c] = sb.sc[j];
                    for i in 0..4 {
                        let q = |g: usize| sb.q[16 * j + 4 * g + i];
                        for p in 0..2 {
                            sub.ql[p * 64 + c * 4 + i] =
                                (q(2 * p) & 0x0F) | ((q(2 * p + 1) & 0x0F) << 4);
                        }
                        sub.qh[c * 4 + i] = (0..4).map(|g| (q(g) >> 4) << (2 * g)).sum::<u8>();
                    }
                }
            }
            tile
        })
        .collect_huge();
    Some(tiles)
}

impl Q6kTile {
    /// The 6-bit value (0..64) of column `c`, input `x` (0..256) of the super-block.
    pub fn value(&self, c: usize, x: usize) -> u8 {
        let (sub, g, i) = (&self.sub[x / 16], x % 16 / 4, x % 4);
        let byte = sub.ql[g / 2 * 64 + c * 4 + i];
        let low = if g % 2 == 0 { byte & 0x0F } else { byte >> 4 };
        let high = (sub.qh[c * 4 + i] >> (2 * g)) & 3;
        low | (high << 4)
    }

    /// Column `c`'s super-block scale.
    pub fn scale(&self, c: usize) -> f32 {
        half::f16::from_bits(self.d[c]).to_f32()
    }

    /// The weight of column `c`, input `x`, as ggml dequantizes it.
    pub fn weight(&self, c: usize, x: usize) -> f32 {
        let sc = self.sub[x / 16].sc[c] as f32;
        self.scale(c) * sc * (self.value(c, x) as i32 - 32) as f32
    }
}
