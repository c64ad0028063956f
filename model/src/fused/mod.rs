//! Fused CPU passes of the decoder, for the steps candle runs as several ops.
//!
//! Prompt processing is most of the time to first token. After the int8
//! projections ([`crate::int8`]) what was left of it was candle's f32
//! attention and element-wise ops (eval/reports/profile-model.md): the
//! attention copied each key/value head once per query head it serves,
//! computed the masked half of the scores anyway, and went through memory
//! once each to scale, mask, softmax and weigh; SiLU ran on one thread; the
//! softmax and SiLU called libm's scalar `expf` per value. Here:
//!
//! - [`causal_attention`]: one parallel pass per layer over (query head,
//!   block of rows), scores against the keys a block may see only, softmax
//!   and weighting of the values while the block's scores are in cache, the
//!   output written in the layout the output projection reads;
//! - [`silu_mul`]: `silu(gate) · up` in one parallel pass;
//! - [`gated_gelu_row`]: the embedding model's `gelu_tanh(gate) · up`, a row
//!   at a time (its caller, `arch::gated_gelu`, splits the rows);
//! - [`rms_norm`]: the embedding model's RMSNorm, the squares summed in
//!   vector lanes instead of one after another;
//! - all with a vector `exp` ([`exp`]).
//!
//! The kernels need AVX-512F; elsewhere the functions return `None` and the
//! caller keeps candle's ops, which compute the same thing (tests compare the
//! two).

mod attention;
mod exp;
mod gelu;
mod rms_norm;
mod silu;

pub use attention::causal_attention;
pub use gelu::gated_gelu_row;
#[cfg(test)]
pub(crate) use gelu::gelu_tanh_reference;
pub use rms_norm::rms_norm;
pub use silu::silu_mul;

/// Whether this CPU runs the fused kernels.
pub fn available() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::is_x86_feature_detected!("avx512f")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// The lanes of a 16-float vector that hold values when `left` remain
/// (all sixteen while at least that many do): the mask of a row's tail.
#[inline(always)]
fn lanes(left: usize) -> u16 {
    if left >= 16 {
        0xffff
    } else {
        (1u16 << left) - 1
    }
}

/// Runs `run` for every unit `0..units`: on the rayon pool, or on the
/// caller when there is one (a decoding step's single row would otherwise
/// wake the pool for nothing).
fn for_each_unit(units: usize, run: impl Fn(usize) + Sync + Send) {
    use rayon::prelude::*;
    if units == 1 {
        run(0);
    } else {
        (0..units).into_par_iter().for_each(run);
    }
}

/// The f32 values of a CPU tensor's storage from its layout's start, with
/// the guard keeping them borrowed.
fn with_f32<R>(
    t: &candle_core::Tensor,
    f: impl FnOnce(&[f32], &candle_core::Layout) -> candle_core::Result<R>,
) -> candle_core::Result<R> {
    let (storage, layout) = t.storage_and_layout();
    match &*storage {
        candle_core::Storage::Cpu(cpu) => {
            let all = cpu.as_slice::<f32>()?;
            f(&all[layout.start_offset()..], layout)
        }
        _ => candle_core::bail!("fused kernels run on CPU tensors"),
    }
}
