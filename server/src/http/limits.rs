//! Admission control: a request budget per key, and the bounded queue in
//! front of the model.
//!
//! Model work (an answer takes seconds of both cores) cannot be admitted
//! without bound: requests wait for one of `workers` slots, at most `queue`
//! of them; the next is told to come back (503 with Retry-After) instead of
//! holding memory until the machine runs out.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::error::ApiError;

/// A token bucket per key: `per_minute` requests a minute, bursts of up to
/// `burst`.
#[derive(Debug)]
pub struct RateLimiter {
    per_second: f64,
    burst: f64,
    buckets: Mutex<HashMap<String, (f64, Instant)>>,
}

impl RateLimiter {
    /// `per_minute` = 0 turns the limit off.
    pub fn new(per_minute: u32, burst: u32) -> Self {
        Self {
            per_second: per_minute as f64 / 60.0,
            burst: burst.max(1) as f64,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one request from `key`'s budget, or says how many seconds
    /// until there is one.
    pub fn check(&self, key: &str) -> Result<(), ApiError> {
        if self.per_second <= 0.0 {
            return Ok(());
        }
        let now = Instant::now();
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        let (tokens, last) = buckets.entry(key.to_string()).or_insert((self.burst, now));
        *tokens =
            (*tokens + now.duration_since(*last).as_secs_f64() * self.per_second).min(self.burst);
        *last = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            Ok(())
        } else {
            let wait = ((1.0 - *tokens) / self.per_second).ceil() as u64;
            Err(ApiError::RateLimited(wait.max(1)))
        }
    }
}

/// The bounded queue in front of the model.
#[derive(Debug)]
pub struct WorkQueue {
    slots: Arc<Semaphore>,
    waiting: AtomicUsize,
    max_waiting: usize,
    workers: usize,
}

/// A held worker slot; released on drop.
#[derive(Debug)]
pub struct Slot {
    _permit: OwnedSemaphorePermit,
}

impl WorkQueue {
    /// `workers` concurrent jobs, at most `max_waiting` more waiting.
    pub fn new(workers: usize, max_waiting: usize) -> Self {
        let workers = workers.max(1);
        Self {
            slots: Arc::new(Semaphore::new(workers)),
            waiting: AtomicUsize::new(0),
            max_waiting,
            workers,
        }
    }

    /// Requests waiting for a slot now (the `queue_depth` metric).
    pub fn depth(&self) -> usize {
        self.waiting.load(Ordering::Relaxed)
    }

    /// Jobs running now.
    pub fn running(&self) -> usize {
        self.workers - self.slots.available_permits()
    }

    /// Waits for a slot, or fails at once with `Busy` when the queue is full.
    pub async fn admit(&self) -> Result<Slot, ApiError> {
        if let Ok(permit) = self.slots.clone().try_acquire_owned() {
            return Ok(Slot { _permit: permit });
        }
        let before = self.waiting.fetch_add(1, Ordering::SeqCst);
        if before >= self.max_waiting {
            self.waiting.fetch_sub(1, Ordering::SeqCst);
            return Err(ApiError::Busy(1));
        }
        let permit = self.slots.clone().acquire_owned().await;
        self.waiting.fetch_sub(1, Ordering::SeqCst);
        permit
            .map(|p| Slot { _permit: p })
            .map_err(|_| ApiError::Unavailable("the model queue"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rate_limit_refuses_past_the_burst_and_names_the_wait() {
        let limiter = RateLimiter::new(60, 2);
        assert!(limiter.check("a").is_ok());
        assert!(limiter.check("a").is_ok());
        match limiter.check("a") {
            Err(ApiError::RateLimited(s)) => assert_eq!(s, 1),
            other => panic!("{other:?}"),
        }
        // Budgets are per key.
        assert!(limiter.check("b").is_ok());
        assert!(RateLimiter::new(0, 1).check("a").is_ok());
    }

    #[tokio::test]
    async fn a_full_queue_turns_requests_away() {
        let q = WorkQueue::new(1, 1);
        let first = q.admit().await.unwrap();
        assert_eq!(q.running(), 1);
        // One may wait …
        let q = Arc::new(q);
        let q2 = q.clone();
        let waiter = tokio::spawn(async move { q2.admit().await.map(|_| ()) });
        while q.depth() == 0 {
            tokio::task::yield_now().await;
        }
        // … the next is refused at once.
        assert!(matches!(q.admit().await, Err(ApiError::Busy(_))));
        drop(first);
        waiter.await.unwrap().unwrap();
        assert_eq!(q.depth(), 0);
    }
}
