//! Process-wide settings of the CPU thread pools, applied before any starts.
//!
//! Three pools share the cores: rayon's (the int8 projections of a prompt,
//! the fused passes), the spinning helpers of decoding
//! ([`crate::int8`]'s `spin_pool`), and candle's barrier pool, which runs its
//! element-wise ops. candle's idle worker spins 25,000 `pause`s (about half a
//! millisecond here) after each op before it parks. On 2 cores that half
//! millisecond was taken from the projection after the op, which needs both
//! cores: with the worker parking at once, a 768-token prompt ran 5% faster
//! and decoding 17% faster on the 1.5B (eval/reports/profile-model.md).

/// candle's variable for its barrier pool's spin, read when the pool starts.
const CANDLE_SPIN: &str = "CANDLE_BARRIER_POOL_SPIN_LIMIT";

/// Sizes the pools at `threads` (0: one per core, rayon's default) and keeps
/// candle's pool from spinning, unless the environment already says
/// otherwise. Call at the start of `main`, before any thread is spawned:
/// both are read from the environment once, when each pool starts.
pub fn configure(threads: usize) {
    if threads > 0 && std::env::var_os("RAYON_NUM_THREADS").is_none() {
        // candle's CPU kernels size their thread pools from this variable.
        std::env::set_var("RAYON_NUM_THREADS", threads.to_string());
    }
    if std::env::var_os(CANDLE_SPIN).is_none() {
        std::env::set_var(CANDLE_SPIN, "1");
    }
}
