//! Batched decoding of concurrent requests.
//!
//! Generating a token reads every weight of the model once; on a CPU that
//! read, not the arithmetic, sets the pace. Requests decoded one after the
//! other each pay for it; decoded together, one pass computes the next token
//! of all of them ([`crate::arch::qwen2::Qwen2::forward_batch`]) for little
//! more than the cost of one. A server with several answers in flight
//! therefore funnels them through one engine thread that steps them
//! together, while each caller still sees an ordinary [`Generator`]: its
//! text streams to its own callback, and a callback that asks to stop ends
//! only its own generation.
//!
//! A new request's prompt is processed when it arrives, between two steps;
//! the requests already decoding wait for it (prompt processing is
//! compute-bound, so batching it would gain nothing).

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::Arc;

use candle_core::IndexOp;

use crate::arch::qwen2::KvCache;
use crate::contract::{ChatMessage, Completion, Generator, SamplingParams};
use crate::decoding::Decoding;
use crate::language_model::LanguageModel;
use crate::{ModelError, Result};

/// A [`Generator`] that decodes concurrent requests together.
pub struct BatchedGenerator {
    model: Arc<LanguageModel>,
    jobs: Sender<Job>,
    stats: Arc<Counters>,
}

/// What the engine has done so far.
#[derive(Debug, Default)]
struct Counters {
    passes: AtomicUsize,
    tokens: AtomicUsize,
    widest: AtomicUsize,
}

/// Decoding passes run and tokens they produced: `tokens / passes` is the
/// mean batch; `widest` the most sequences one pass stepped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchStats {
    /// Batched decoding passes.
    pub passes: usize,
    /// Tokens those passes produced.
    pub tokens: usize,
    /// The most sequences one pass stepped.
    pub widest: usize,
}

/// A request handed to the engine.
struct Job {
    prompt: Vec<u32>,
    params: SamplingParams,
    events: Sender<Event>,
    /// Set by the caller when its callback asked to stop.
    cancelled: Arc<AtomicBool>,
}

enum Event {
    Text(String),
    Done(Result<Completion>),
}

impl BatchedGenerator {
    /// Starts the engine thread over `model`, stepping at most `max_batch`
    /// generations together (more wait for a place).
    pub fn new(model: Arc<LanguageModel>, max_batch: usize) -> Result<Self> {
        let (jobs, rx) = mpsc::channel();
        let engine_model = model.clone();
        let stats = Arc::new(Counters::default());
        let engine_stats = stats.clone();
        std::thread::Builder::new()
            .name("portolan-decode".into())
            .spawn(move || engine(&engine_model, &rx, max_batch.max(1), &engine_stats))
            .map_err(|e| ModelError::Decoder(format!("cannot start: {e}")))?;
        Ok(Self { model, jobs, stats })
    }

    /// Passes and tokens so far.
    pub fn stats(&self) -> BatchStats {
        BatchStats {
            passes: self.stats.passes.load(Ordering::Relaxed),
            tokens: self.stats.tokens.load(Ordering::Relaxed),
            widest: self.stats.widest.load(Ordering::Relaxed),
        }
    }

    fn run(
        &self,
        prompt: Vec<u32>,
        params: &SamplingParams,
        on_text: &mut dyn FnMut(&str) -> bool,
    ) -> Result<Completion> {
        let (events, rx) = mpsc::channel();
        let cancelled = Arc::new(AtomicBool::new(false));
        self.jobs
            .send(Job {
                prompt,
                params: params.clone(),
                events,
                cancelled: cancelled.clone(),
            })
            .map_err(|_| ModelError::Decoder("stopped".into()))?;
        loop {
            match rx.recv() {
                Ok(Event::Text(piece)) => {
                    if !cancelled.load(Ordering::Relaxed) && !on_text(&piece) {
                        cancelled.store(true, Ordering::Relaxed);
                    }
                }
                Ok(Event::Done(result)) => return result,
                Err(_) => return Err(ModelError::Decoder("stopped during generation".into())),
            }
        }
    }
}

impl Generator for BatchedGenerator {
    fn chat(
        &self,
        messages: &[ChatMessage],
        params: &SamplingParams,
        on_text: &mut dyn FnMut(&str) -> bool,
    ) -> Result<Completion> {
        let ids = self.model.encode_chat(messages)?;
        self.run(ids, params, on_text)
    }

    fn complete(
        &self,
        prompt: &str,
        params: &SamplingParams,
        on_text: &mut dyn FnMut(&str) -> bool,
    ) -> Result<Completion> {
        let ids = self.model.encode(prompt)?;
        self.run(ids, params, on_text)
    }
}

/// A generation the engine is stepping, with the job it answers.
struct Active<'m> {
    job: Job,
    decoding: Decoding<'m>,
    next: u32,
}

/// Streams a piece to the job's caller; false once the caller has gone or
/// asked to stop.
fn sender(job: &Job) -> impl FnMut(&str) -> bool + '_ {
    |piece: &str| {
        !job.cancelled.load(Ordering::Relaxed)
            && job.events.send(Event::Text(piece.to_string())).is_ok()
    }
}

fn finish(job: &Job, decoding: Decoding<'_>) {
    let completion = decoding.conclude(&mut sender(job));
    let _ = job.events.send(Event::Done(Ok(completion)));
}

/// The engine: admits waiting jobs, then steps every active generation by
/// one token, grouped by adapter (a pass runs one set of weights).
fn engine(model: &LanguageModel, jobs: &Receiver<Job>, max_batch: usize, stats: &Counters) {
    let mut active: Vec<Active<'_>> = Vec::new();
    loop {
        if active.is_empty() {
            match jobs.recv() {
                Ok(job) => admit(model, job, &mut active),
                Err(_) => return,
            }
        }
        while active.len() < max_batch {
            match jobs.try_recv() {
                Ok(job) => admit(model, job, &mut active),
                Err(_) => break,
            }
        }
        if active.is_empty() {
            continue;
        }
        let adapter = active[0].job.params.adapter.clone();
        let (mut group, rest): (Vec<Active<'_>>, Vec<Active<'_>>) = active
            .drain(..)
            .partition(|a| a.job.params.adapter == adapter);
        active = rest;
        match guarded(|| step(model, &mut group)) {
            Ok(logits) => {
                stats.passes.fetch_add(1, Ordering::Relaxed);
                stats.tokens.fetch_add(group.len(), Ordering::Relaxed);
                stats.widest.fetch_max(group.len(), Ordering::Relaxed);
                for (mut a, row) in group.into_iter().zip(logits) {
                    let advanced = a.decoding.advance(&row, &mut sender(&a.job));
                    match advanced {
                        Ok(Some(next)) => {
                            a.next = next;
                            active.push(a);
                        }
                        Ok(None) => finish(&a.job, a.decoding),
                        Err(e) => {
                            let _ = a.job.events.send(Event::Done(Err(e)));
                        }
                    }
                }
            }
            Err(e) => {
                tracing::error!(error = %e, "batched decoding step failed");
                for a in group {
                    let _ = a
                        .job
                        .events
                        .send(Event::Done(Err(ModelError::Decoder(format!(
                            "step failed: {e}"
                        )))));
                }
            }
        }
    }
}

/// Processes a job's prompt and samples its first token.
fn admit<'m>(model: &'m LanguageModel, job: Job, active: &mut Vec<Active<'m>>) {
    let (mut decoding, logits) = match guarded(|| model.begin(&job.prompt, &job.params)) {
        Ok(started) => started,
        Err(e) => {
            let _ = job.events.send(Event::Done(Err(e)));
            return;
        }
    };
    let advanced = decoding.advance(&logits, &mut sender(&job));
    match advanced {
        Ok(Some(next)) => active.push(Active {
            job,
            decoding,
            next,
        }),
        Ok(None) => finish(&job, decoding),
        Err(e) => {
            let _ = job.events.send(Event::Done(Err(e)));
        }
    }
}

/// Runs `f`, turning a panic into an error: a fault in one request's pass
/// must fail that request, not stop the engine every later request needs.
fn guarded<T>(f: impl FnOnce() -> Result<T>) -> Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "panic".into());
        Err(ModelError::Decoder(format!("panicked: {what}")))
    })
}

/// One pass over the next token of every generation in `group` (all under
/// the same adapter); the logits row of each.
fn step(model: &LanguageModel, group: &mut [Active<'_>]) -> Result<Vec<candle_core::Tensor>> {
    let tokens: Vec<u32> = group.iter().map(|a| a.next).collect();
    let attached = group[0].decoding.attached().cloned();
    let adapter = attached.as_ref().map(|a| &a.adapter);
    let mut caches: Vec<&mut KvCache> = group.iter_mut().map(|a| a.decoding.pass().0).collect();
    let logits = model.arch().forward_batch(&tokens, &mut caches, adapter)?;
    (0..tokens.len()).map(|i| Ok(logits.i(i)?)).collect()
}
