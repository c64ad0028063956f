//! Reuse of key/value caches across requests that share a prompt prefix.
//!
//! Every request of a service starts with the same system prompt and
//! instructions, and a chat turn starts with the whole previous conversation.
//! Recomputing those tokens is most of the time to first token in RAG, so the
//! last few prompts' caches are kept and the longest common prefix is reused.

use std::sync::Mutex;

use crate::arch::qwen2::KvCache;

/// A small LRU of prompt caches.
pub struct PrefixCache {
    capacity: usize,
    entries: Mutex<Vec<(Vec<u32>, KvCache)>>,
}

impl PrefixCache {
    /// Keeps at most `capacity` prompts (0 disables reuse).
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity,
            entries: Mutex::new(Vec::new()),
        }
    }

    /// A cache holding the longest stored prefix of `tokens`, at most `max_reuse` long.
    pub fn lookup(&self, tokens: &[u32], max_reuse: usize) -> KvCache {
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        let best = entries
            .iter()
            .enumerate()
            .map(|(i, (t, c))| {
                let common = t.iter().zip(tokens).take_while(|(a, b)| a == b).count();
                (i, common.min(max_reuse).min(c.len()))
            })
            .max_by_key(|&(_, n)| n);
        match best {
            Some((i, n)) if n > 0 => {
                let entry = entries.remove(i);
                let cache = entry.1.prefix(n);
                entries.push(entry); // most recently used last
                cache
            }
            _ => KvCache::default(),
        }
    }

    /// Remembers the cache of a processed prompt.
    pub fn store(&self, tokens: &[u32], cache: &KvCache) {
        if self.capacity == 0 || cache.len() != tokens.len() {
            return;
        }
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        entries.retain(|(t, _)| !tokens.starts_with(t));
        if entries.len() >= self.capacity {
            entries.remove(0);
        }
        entries.push((tokens.to_vec(), cache.clone()));
    }
}
