//! Query vectors of concurrent searches, computed together.
//!
//! Why: embedding one short query costs ~20 ms of both cores, but ~13 ms
//! each in a batch of eight (EmbeddingGemma, 2 cores of the development
//! machine): a query of 20–40 tokens leaves the int8 kernel's register tiles
//! half empty, and every layer's small element-wise steps are paid once per
//! batch instead of once per query. So a query that arrives while a batch
//! runs waits for it to finish and then goes with every other query that
//! arrived meanwhile, in one call.
//!
//! One batch runs at a time (the first waiting caller runs it, for everyone
//! in it), so the embedder is never entered twice at once and a burst of
//! searches costs the cores no more than one embedding pass after another.
//! The number of callers that may wait is the server's business (its
//! request lanes), not this module's.

use std::collections::{HashMap, VecDeque};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Condvar, Mutex, MutexGuard};

use portolan_model::{EmbedKind, Embedder};

use crate::{Result, RetrievalError};

/// Most queries embedded in one call: past this, a batch gains little
/// (12.3 against 12.9 ms a query at 16 and 8) and its callers wait longer.
pub const MAX_BATCH: usize = 16;

/// Combines the query embeddings of concurrent callers into batches.
#[derive(Debug, Default)]
pub struct QueryBatcher {
    state: Mutex<State>,
    finished: Condvar,
}

#[derive(Debug, Default)]
struct State {
    /// Queries waiting for a batch, by ticket.
    waiting: VecDeque<(u64, String)>,
    /// Results not yet collected by their callers.
    done: HashMap<u64, std::result::Result<Vec<f32>, String>>,
    /// Whether a caller is embedding a batch now.
    running: bool,
    next_ticket: u64,
    /// Calls to the embedder so far, and the queries they embedded.
    batches: u64,
    queries: u64,
}

impl QueryBatcher {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// `query`'s vector, embedded together with the queries of other
    /// callers waiting at the same time.
    pub fn embed(&self, embedder: &dyn Embedder, query: &str) -> Result<Vec<f32>> {
        let mut state = self.lock();
        let ticket = state.next_ticket;
        state.next_ticket += 1;
        state.waiting.push_back((ticket, query.to_string()));
        loop {
            if let Some(result) = state.done.remove(&ticket) {
                return result.map_err(RetrievalError::Embedding);
            }
            if state.running {
                state = self.finished.wait(state).unwrap_or_else(|p| p.into_inner());
                continue;
            }
            // Nobody is embedding: this caller runs the next batch, which
            // holds its own query unless more than a batch came before it
            // (then it loops and runs or joins a later one).
            state.running = true;
            let take = state.waiting.len().min(MAX_BATCH);
            let batch: Vec<(u64, String)> = state.waiting.drain(..take).collect();
            drop(state);
            let texts: Vec<&str> = batch.iter().map(|(_, q)| q.as_str()).collect();
            let outcome = catch_unwind(AssertUnwindSafe(|| {
                embedder.embed(&texts, EmbedKind::Query)
            }));
            state = self.lock();
            state.batches += 1;
            state.queries += batch.len() as u64;
            match outcome {
                Ok(Ok(vectors)) if vectors.len() == batch.len() => {
                    for ((t, _), v) in batch.into_iter().zip(vectors) {
                        state.done.insert(t, Ok(v));
                    }
                }
                failed => {
                    let reason = match failed {
                        Ok(Err(e)) => e.to_string(),
                        Ok(Ok(v)) => format!("{} vectors for {} queries", v.len(), batch.len()),
                        Err(_) => "the embedder panicked".to_string(),
                    };
                    for (t, _) in batch {
                        state.done.insert(t, Err(reason.clone()));
                    }
                }
            }
            state.running = false;
            self.finished.notify_all();
        }
    }

    /// (embedder calls, queries embedded) so far.
    pub fn stats(&self) -> (u64, u64) {
        let state = self.lock();
        (state.batches, state.queries)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Arc, Barrier};
    use std::time::Duration;

    /// Vectors that name their query (its length), slowly enough that
    /// callers pile up behind a running batch; records each call's size.
    #[derive(Default)]
    struct Slow {
        calls: Mutex<Vec<usize>>,
        inside: AtomicUsize,
        fail_on: Option<&'static str>,
    }

    impl Embedder for Slow {
        fn dimension(&self) -> usize {
            1
        }
        fn embed(&self, texts: &[&str], _: EmbedKind) -> portolan_model::Result<Vec<Vec<f32>>> {
            assert_eq!(
                self.inside.fetch_add(1, Ordering::SeqCst),
                0,
                "entered twice"
            );
            std::thread::sleep(Duration::from_millis(30));
            self.calls.lock().unwrap().push(texts.len());
            self.inside.fetch_sub(1, Ordering::SeqCst);
            if let Some(bad) = self.fail_on {
                if texts.contains(&bad) {
                    return Err(portolan_model::ModelError::InvalidRequest(
                        "bad query".into(),
                    ));
                }
            }
            Ok(texts.iter().map(|t| vec![t.len() as f32]).collect())
        }
    }

    fn run_callers(
        embedder: Arc<Slow>,
        queries: Vec<String>,
    ) -> (Vec<Result<Vec<f32>>>, Arc<QueryBatcher>) {
        let batcher = Arc::new(QueryBatcher::default());
        let start = Arc::new(Barrier::new(queries.len()));
        let handles: Vec<_> = queries
            .into_iter()
            .map(|q| {
                let (b, e, s) = (batcher.clone(), embedder.clone(), start.clone());
                std::thread::spawn(move || {
                    s.wait();
                    b.embed(e.as_ref(), &q)
                })
            })
            .collect();
        let results = handles.into_iter().map(|h| h.join().unwrap()).collect();
        (results, batcher)
    }

    #[test]
    fn concurrent_queries_share_batches_and_each_gets_its_own_vector() {
        let embedder = Arc::new(Slow::default());
        let queries: Vec<String> = (1..=40).map(|n| "q".repeat(n)).collect();
        let (results, batcher) = run_callers(embedder.clone(), queries);
        for (n, r) in (1..=40).zip(results) {
            assert_eq!(r.unwrap(), vec![n as f32]);
        }
        let calls = embedder.calls.lock().unwrap().clone();
        assert_eq!(calls.iter().sum::<usize>(), 40, "every query embedded once");
        assert!(calls.iter().all(|&c| c <= MAX_BATCH), "{calls:?}");
        assert!(calls.len() < 40, "no batching happened: {calls:?}");
        assert_eq!(batcher.stats(), (calls.len() as u64, 40));
    }

    #[test]
    fn a_failed_batch_fails_its_callers_and_the_next_batch_runs() {
        let embedder = Arc::new(Slow {
            fail_on: Some("bad"),
            ..Default::default()
        });
        let batcher = QueryBatcher::default();
        let err = batcher.embed(embedder.as_ref(), "bad").unwrap_err();
        assert!(err.to_string().contains("bad query"), "{err}");
        assert_eq!(batcher.embed(embedder.as_ref(), "good").unwrap(), vec![4.0]);
    }
}
