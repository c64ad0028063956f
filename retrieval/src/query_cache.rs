//! Query vectors already computed, by query text.
//!
//! Embedding a query (~25 ms on 2 cores) costs several times the rest of a
//! hybrid search (~4 ms). People repeat searches (a page reloaded, a
//! question asked again, a client retrying), so the last few thousand query
//! vectors are kept. The embedder is deterministic: a cached vector is the
//! vector it would compute again.

use std::collections::HashMap;
use std::sync::Mutex;

/// Queries kept.
const CAPACITY: usize = 4096;

/// A bounded map from query text to vector, least recently used out first.
#[derive(Debug, Default)]
pub struct QueryCache {
    inner: Mutex<Entries>,
}

#[derive(Debug, Default)]
struct Entries {
    map: HashMap<String, (Vec<f32>, u64)>,
    clock: u64,
    hits: u64,
    misses: u64,
}

impl QueryCache {
    /// The cached vector of `query`, if any.
    pub fn get(&self, query: &str) -> Option<Vec<f32>> {
        self.lookup(query, true)
    }

    /// The cached vector of `query`, counted as a hit; a query not cached
    /// is not counted, so that a caller who then embeds it through
    /// [`QueryCache::get`] is counted once, as a miss.
    pub fn hit(&self, query: &str) -> Option<Vec<f32>> {
        self.lookup(query, false)
    }

    /// The cached vector of `query`, marked as just used; a miss counted
    /// when `count_miss`.
    fn lookup(&self, query: &str, count_miss: bool) -> Option<Vec<f32>> {
        let mut e = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        e.clock += 1;
        let now = e.clock;
        match e.map.get_mut(query) {
            Some((v, used)) => {
                *used = now;
                let v = v.clone();
                e.hits += 1;
                Some(v)
            }
            None => {
                if count_miss {
                    e.misses += 1;
                }
                None
            }
        }
    }

    /// Keeps `vector` for `query`, dropping the least recently used entry
    /// when full.
    pub fn put(&self, query: &str, vector: Vec<f32>) {
        let mut e = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        if e.map.len() >= CAPACITY && !e.map.contains_key(query) {
            if let Some(oldest) = e
                .map
                .iter()
                .min_by_key(|(_, (_, t))| *t)
                .map(|(k, _)| k.clone())
            {
                e.map.remove(&oldest);
            }
        }
        e.clock += 1;
        let now = e.clock;
        e.map.insert(query.to_string(), (vector, now));
    }

    /// (hits, misses) so far.
    pub fn stats(&self) -> (u64, u64) {
        let e = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        (e.hits, e.misses)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_recent_queries_and_drops_the_least_recently_used() {
        let c = QueryCache::default();
        for i in 0..CAPACITY {
            c.put(&format!("q{i}"), vec![i as f32]);
        }
        assert_eq!(c.get("q0"), Some(vec![0.0])); // q0 is now recent
        c.put("new", vec![-1.0]); // evicts q1, the least recently used
        assert_eq!(c.get("q1"), None);
        assert_eq!(c.get("q0"), Some(vec![0.0]));
        assert_eq!(c.get("new"), Some(vec![-1.0]));
        assert_eq!(c.stats(), (3, 1));
    }

    #[test]
    fn a_hit_is_counted_and_a_query_not_cached_is_left_to_get() {
        let c = QueryCache::default();
        c.put("a", vec![1.0]);
        assert_eq!(c.hit("a"), Some(vec![1.0]));
        assert_eq!(c.hit("b"), None);
        assert_eq!(c.stats(), (1, 0));
        assert_eq!(c.get("b"), None);
        assert_eq!(c.stats(), (1, 1));
    }
}
