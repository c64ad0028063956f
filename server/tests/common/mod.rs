//! Fixtures the server's integration tests share: an embedder that gives
//! every text one vector (the lexical side does the finding), a scripted
//! model (what is tested is what the services do with whatever the model
//! says), and copies of real bundle files into a scratch bundle.
#![allow(dead_code)] // each test crate uses its own part

use std::path::Path;
use std::sync::Mutex;
use std::time::Duration;

use portolan_corpus::bundle::reference_root;
use portolan_model::{
    ChatMessage, Completion, EmbedKind, Embedder, FinishReason, Generator, SamplingParams,
};

/// Every text gets the same vector.
pub struct ConstantEmbedder;

impl Embedder for ConstantEmbedder {
    fn dimension(&self) -> usize {
        4
    }
    fn embed(&self, texts: &[&str], _: EmbedKind) -> portolan_model::Result<Vec<Vec<f32>>> {
        Ok(texts.iter().map(|_| vec![0.5; 4]).collect())
    }
}

/// Replies with a fixed text in small pieces (after `delay`), and remembers
/// the last conversation and parameters it was given.
pub struct Scripted {
    pub reply: String,
    pub delay: Duration,
    pub seen: Mutex<Vec<ChatMessage>>,
    pub params: Mutex<Option<SamplingParams>>,
}

impl Scripted {
    pub fn new(reply: &str) -> Self {
        Self {
            reply: reply.into(),
            delay: Duration::ZERO,
            seen: Mutex::new(Vec::new()),
            params: Mutex::new(None),
        }
    }

    pub fn with_delay(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }
}

impl Generator for Scripted {
    fn chat(
        &self,
        messages: &[ChatMessage],
        params: &SamplingParams,
        on_text: &mut dyn FnMut(&str) -> bool,
    ) -> portolan_model::Result<Completion> {
        *self.seen.lock().unwrap() = messages.to_vec();
        *self.params.lock().unwrap() = Some(params.clone());
        std::thread::sleep(self.delay);
        let chars: Vec<char> = self.reply.chars().collect();
        for piece in chars.chunks(3) {
            if !on_text(&piece.iter().collect::<String>()) {
                break;
            }
        }
        Ok(Completion {
            text: self.reply.clone(),
            prompt_tokens: 12,
            cached_prompt_tokens: 0,
            completion_tokens: 6,
            finish_reason: FinishReason::Stop,
            time_to_first_token: 0.01,
            total_time: 0.02,
        })
    }

    fn complete(
        &self,
        _: &str,
        _: &SamplingParams,
        _: &mut dyn FnMut(&str) -> bool,
    ) -> portolan_model::Result<Completion> {
        unimplemented!("the services chat")
    }
}

/// The two tariff-law versions (2017 regulations, superseded by the 2024 law).
pub const TARIFF_LAWS: [&str; 2] = [
    "regulations/cn-law/关税法(2024-04-26).md",
    "regulations/cn-law/进出口关税条例(2017-03-01).md",
];

/// The nomenclature files the classifier reads.
pub const NOMENCLATURES: [&str; 5] = [
    "hs/hs2022.csv",
    "hs/hs2022-sections.csv",
    "hs/cn-hs10-names.csv",
    "hs/us-hts-2025.csv",
    "hs/eu-cn-2023.csv",
];

/// Copies bundle files (paths relative to the reference bundle) into `dest`.
pub fn copy_bundle_files(dest: &Path, files: &[&str]) {
    for f in files {
        let to = dest.join(f);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(reference_root().join(f), to).unwrap();
    }
}

/// This crate's directory, as `cargo test` gives it at run time. The path
/// compiled in is only a fallback: checkouts at other paths sharing one
/// target directory can leave a test binary built elsewhere, which cargo
/// does not rebuild when the sources are unchanged.
pub fn manifest_dir() -> std::path::PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")))
}
