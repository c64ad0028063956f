//! Helper threads that wait for work by spinning, for the short parallel
//! loops of decoding.
//!
//! Why not rayon for these: generating one token of the 1.5B model runs 197
//! projections of 0.1–0.5 ms each, and between two of them the calling thread
//! does a little serial work (a norm, RoPE, one token's attention). Rayon's
//! idle workers yield and then sleep on a futex; in that gap the other core's
//! worker has often gone to sleep, and waking it for every projection cost
//! ~7% of decode time in the profile (`__schedule`, `sched_yield`).
//! llama.cpp keeps its threads spinning for the whole graph; so do these,
//! for a short while after each loop, before they park. Prompt processing
//! (many rows, long loops) stays on rayon, where the wake-up is noise.
//!
//! One loop runs at a time: a caller that finds the pool busy (another
//! model working in the same process) gets `false` back and uses rayon.
//!
//! candle 0.11 has a pool of the same kind for its element-wise passes
//! (`candle_core::utils::barrier_pool`). Its helpers park after 25,000
//! spins, a fraction of a millisecond, so a projection after a longer serial
//! gap wakes them again: decoding on it ran at 30.6 tok/s against 34.8 on
//! this pool (1.5B, three paired runs).
//!
//! The protocol, since the loop's closure lives on the caller's stack: the
//! caller publishes a pointer to its job, works on it too, waits until every
//! unit is done, withdraws the pointer and then waits until no helper still
//! holds it. A helper announces itself (`holding`) *before* it reads the
//! pointer; all of these are sequentially consistent, so a helper either is
//! seen by the caller's wait or reads the withdrawn (null) pointer.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicPtr, AtomicU64, AtomicUsize, Ordering::SeqCst};
use std::sync::{Condvar, Mutex, OnceLock, TryLockError};
use std::time::{Duration, Instant};

/// How long a helper spins after its last loop before it parks: longer than
/// the serial work between two projections of one token, and between two
/// tokens, so that decoding never waits for a wake-up.
const SPIN: Duration = Duration::from_millis(3);

/// One parallel loop: `units` calls of `f`, handed out by `next`.
struct Job {
    f: *const (dyn Fn(usize) + Sync),
    units: usize,
    next: AtomicUsize,
    done: AtomicUsize,
    panicked: AtomicBool,
}

impl Job {
    /// Claims and runs units until none are left.
    fn work(&self) {
        loop {
            let u = self.next.fetch_add(1, SeqCst);
            if u >= self.units {
                return;
            }
            // SAFETY: the caller keeps `f` alive until every unit is done and
            // no helper holds the job (module doc).
            let f = unsafe { &*self.f };
            if catch_unwind(AssertUnwindSafe(|| f(u))).is_err() {
                self.panicked.store(true, SeqCst);
            }
            self.done.fetch_add(1, SeqCst);
        }
    }
}

struct Pool {
    helpers: usize,
    /// The job being worked on, or null.
    job: AtomicPtr<Job>,
    /// Bumped for every job, so parked and spinning helpers see there is one.
    epoch: AtomicU64,
    /// Helpers that may be reading `job`.
    holding: AtomicUsize,
    /// Helpers parked on `wake`.
    parked: AtomicUsize,
    /// Held by the one caller whose loop runs.
    running: Mutex<()>,
    park: Mutex<()>,
    wake: Condvar,
}

fn pool() -> &'static Pool {
    static POOL: OnceLock<&'static Pool> = OnceLock::new();
    POOL.get_or_init(|| {
        // The caller works too, so the threads of a loop are rayon's count.
        let helpers = rayon::current_num_threads().saturating_sub(1);
        let pool: &'static Pool = Box::leak(Box::new(Pool {
            helpers,
            job: AtomicPtr::new(std::ptr::null_mut()),
            epoch: AtomicU64::new(0),
            holding: AtomicUsize::new(0),
            parked: AtomicUsize::new(0),
            running: Mutex::new(()),
            park: Mutex::new(()),
            wake: Condvar::new(),
        }));
        let spawned = (0..helpers)
            .filter(|i| {
                std::thread::Builder::new()
                    .name(format!("portolan-spin-{i}"))
                    .spawn(move || helper(pool))
                    .is_ok()
            })
            .count();
        if spawned < helpers {
            tracing::warn!(spawned, helpers, "fewer spinning helpers than threads");
        }
        pool
    })
}

fn helper(pool: &'static Pool) {
    let mut seen = 0u64;
    loop {
        let idle_since = Instant::now();
        let mut spins = 0u32;
        while pool.epoch.load(SeqCst) == seen {
            std::hint::spin_loop();
            spins = spins.wrapping_add(1);
            if spins.is_multiple_of(1024) && idle_since.elapsed() > SPIN {
                let mut guard = pool.park.lock().unwrap_or_else(|p| p.into_inner());
                pool.parked.fetch_add(1, SeqCst);
                while pool.epoch.load(SeqCst) == seen {
                    guard = pool.wake.wait(guard).unwrap_or_else(|p| p.into_inner());
                }
                pool.parked.fetch_sub(1, SeqCst);
            }
        }
        seen = pool.epoch.load(SeqCst);
        pool.holding.fetch_add(1, SeqCst);
        let job = pool.job.load(SeqCst);
        if !job.is_null() {
            // SAFETY: the caller does not free the job while `holding` counts us.
            unsafe { &*job }.work();
        }
        pool.holding.fetch_sub(1, SeqCst);
    }
}

/// Runs `f(0) … f(units - 1)` on the calling thread and the spinning
/// helpers; `false` (nothing run) when there are no helpers or another loop
/// holds them.
pub(crate) fn try_for_each(units: usize, f: &(dyn Fn(usize) + Sync)) -> bool {
    let pool = pool();
    if pool.helpers == 0 {
        return false;
    }
    // A panicking unit poisons the lock on its way out; the pool is still
    // sound (the job was withdrawn before the panic was resumed).
    let _running = match pool.running.try_lock() {
        Ok(guard) => guard,
        Err(TryLockError::Poisoned(p)) => p.into_inner(),
        Err(TryLockError::WouldBlock) => return false,
    };
    // SAFETY (lifetime): the pointer is withdrawn and no helper holds it
    // before this function returns, so `f` outlives every use.
    let f: *const (dyn Fn(usize) + Sync + '_) = f;
    let f: *const (dyn Fn(usize) + Sync + 'static) = unsafe { std::mem::transmute(f) };
    let job = Job {
        f,
        units,
        next: AtomicUsize::new(0),
        done: AtomicUsize::new(0),
        panicked: AtomicBool::new(false),
    };
    pool.job.store(&job as *const Job as *mut Job, SeqCst);
    pool.epoch.fetch_add(1, SeqCst);
    if pool.parked.load(SeqCst) > 0 {
        let _guard = pool.park.lock().unwrap_or_else(|p| p.into_inner());
        pool.wake.notify_all();
    }
    job.work();
    wait_until(|| job.done.load(SeqCst) >= units);
    pool.job.store(std::ptr::null_mut(), SeqCst);
    wait_until(|| pool.holding.load(SeqCst) == 0);
    if job.panicked.load(SeqCst) {
        panic!("a unit of a parallel int8 loop panicked");
    }
    true
}

/// Spins until `done()`; past a short while, yields the core at each
/// check, so that a helper the OS preempted (more threads than cores: tests
/// running side by side) gets it back.
fn wait_until(done: impl Fn() -> bool) {
    let mut spins = 0u32;
    while !done() {
        if spins < 1 << 14 {
            spins += 1;
            std::hint::spin_loop();
        } else {
            std::thread::yield_now();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pool is one per process: these tests take turns with it, so
    /// that none sees it held by another test's loops.
    fn alone() -> std::sync::MutexGuard<'static, ()> {
        static SERIAL: Mutex<()> = Mutex::new(());
        SERIAL.lock().unwrap_or_else(|p| p.into_inner())
    }

    #[test]
    fn every_unit_runs_once_across_many_loops() {
        let _alone = alone();
        for units in [1usize, 2, 7, 64] {
            for _ in 0..200 {
                let hits: Vec<AtomicUsize> = (0..units).map(|_| AtomicUsize::new(0)).collect();
                let ran = try_for_each(units, &|u| {
                    hits[u].fetch_add(1, SeqCst);
                });
                if !ran {
                    // No helpers on this machine (one thread) or busy: the
                    // caller falls back, nothing ran.
                    assert!(hits.iter().all(|h| h.load(SeqCst) == 0));
                    continue;
                }
                assert!(hits.iter().all(|h| h.load(SeqCst) == 1));
            }
        }
    }

    #[test]
    fn a_panicking_unit_reaches_the_caller_and_the_pool_goes_on() {
        let _alone = alone();
        if pool().helpers == 0 {
            return;
        }
        // Other tests may hold the pool for a moment: retry while it declines.
        let panicked = (0..10_000).any(|_| {
            let outcome = std::panic::catch_unwind(|| {
                try_for_each(32, &|u| {
                    if u == 31 {
                        panic!("unit {u}");
                    }
                })
            });
            std::thread::yield_now();
            outcome.is_err()
        });
        assert!(panicked);
        let count = AtomicUsize::new(0);
        let ran = (0..10_000).any(|_| {
            std::thread::yield_now();
            try_for_each(8, &|_| {
                count.fetch_add(1, SeqCst);
            })
        });
        assert!(ran);
        assert_eq!(count.load(SeqCst), 8);
    }

    #[test]
    fn loops_from_several_threads_each_run_or_decline_whole() {
        let _alone = alone();
        let total = AtomicUsize::new(0);
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    for _ in 0..100 {
                        let count = AtomicUsize::new(0);
                        if try_for_each(16, &|_| {
                            count.fetch_add(1, SeqCst);
                        }) {
                            assert_eq!(count.load(SeqCst), 16);
                            total.fetch_add(1, SeqCst);
                        } else {
                            assert_eq!(count.load(SeqCst), 0);
                        }
                    }
                });
            }
        });
        // With helpers, at least the loops that found the pool free ran.
        if pool().helpers > 0 {
            assert!(total.load(SeqCst) > 0);
        }
    }
}
