//! Running llama.cpp's own benchmark as the reference engine.
//!
//! llama.cpp is a bench-time reference only, never a dependency of Portolan:
//! `eval/reference/build-llama.sh` builds it from the source inside a pinned
//! sdist into a cache outside the repository.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Errors of the reference runner.
#[derive(Debug, thiserror::Error)]
pub enum ReferenceError {
    /// The build script or the benchmark could not be run.
    #[error("{0}")]
    Run(String),
    /// The benchmark printed something we cannot read.
    #[error("unreadable llama-bench output: {0}")]
    Parse(String),
}

/// One llama-bench measurement.
#[derive(Debug, Clone, serde::Deserialize, serde::Serialize)]
pub struct LlamaBenchRow {
    /// Prompt tokens processed (0 for a generation test).
    pub n_prompt: usize,
    /// Tokens generated (0 for a prompt-processing test).
    pub n_gen: usize,
    /// Threads used.
    pub n_threads: usize,
    /// Mean tokens per second.
    pub avg_ts: f64,
    /// Standard deviation of tokens per second.
    pub stddev_ts: f64,
}

/// The folder holding `llama-bench`: `$LLAMA_CPP_BIN`, else built by the reference script.
pub fn bin_dir(repo_root: &Path) -> Result<PathBuf, ReferenceError> {
    if let Some(dir) = std::env::var_os("LLAMA_CPP_BIN") {
        return Ok(PathBuf::from(dir));
    }
    let script = repo_root.join("eval/reference/build-llama.sh");
    let out = Command::new("bash")
        .arg(&script)
        .output()
        .map_err(|e| ReferenceError::Run(format!("{}: {e}", script.display())))?;
    if !out.status.success() {
        return Err(ReferenceError::Run(format!(
            "building llama.cpp failed: {}",
            String::from_utf8_lossy(&out.stderr)
        )));
    }
    Ok(PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()))
}

/// Runs llama-bench on `model` for the given prompt lengths and one generation
/// test; returns its rows and its peak RSS in bytes.
pub fn bench(
    bin: &Path,
    model: &Path,
    threads: usize,
    prompt_lens: &[usize],
    gen: usize,
    repetitions: usize,
) -> Result<(Vec<LlamaBenchRow>, u64), ReferenceError> {
    let lens: Vec<String> = prompt_lens.iter().map(|p| p.to_string()).collect();
    let out = crate::rss::run_measured(
        Command::new(bin.join("llama-bench"))
            .arg("-m")
            .arg(model)
            .args(["-t", &threads.to_string()])
            .args(["-p", &lens.join(",")])
            .args(["-n", &gen.to_string()])
            .args(["-r", &repetitions.to_string()])
            .args(["-o", "json"]),
    )
    .map_err(|e| ReferenceError::Run(format!("llama-bench: {e}")))?;
    if out.code != Some(0) {
        return Err(ReferenceError::Run(format!(
            "llama-bench failed: {}",
            String::from_utf8_lossy(&out.stderr)
        )));
    }
    let rows =
        serde_json::from_slice(&out.stdout).map_err(|e| ReferenceError::Parse(e.to_string()))?;
    Ok((rows, out.peak_rss))
}

/// One llama-batched-bench measurement: `pl` sequences, each after its own
/// `pp`-token prompt, generating `tg` tokens together.
#[derive(Debug, Clone, serde::Deserialize, serde::Serialize)]
pub struct BatchedRow {
    /// Prompt tokens per sequence.
    pub pp: usize,
    /// Tokens generated per sequence.
    pub tg: usize,
    /// Sequences decoded together.
    pub pl: usize,
    /// Generated tokens per second, all sequences together.
    pub speed_tg: f64,
}

/// Runs llama-batched-bench on `model`: `parallel` sequences at a time,
/// each with a `prompt`-token prompt, generating `gen` tokens.
pub fn batched_bench(
    bin: &Path,
    model: &Path,
    threads: usize,
    prompt: usize,
    gen: usize,
    parallel: &[usize],
) -> Result<Vec<BatchedRow>, ReferenceError> {
    let pl: Vec<String> = parallel.iter().map(|p| p.to_string()).collect();
    let context = parallel.iter().max().copied().unwrap_or(1) * (prompt + gen) + 64;
    let out = Command::new(bin.join("llama-batched-bench"))
        .arg("-m")
        .arg(model)
        .args(["-t", &threads.to_string()])
        .args(["-c", &context.to_string()])
        .args(["-npp", &prompt.to_string()])
        .args(["-ntg", &gen.to_string()])
        .args(["-npl", &pl.join(",")])
        .args(["--output-format", "jsonl"])
        .output()
        .map_err(|e| ReferenceError::Run(format!("llama-batched-bench: {e}")))?;
    if !out.status.success() {
        return Err(ReferenceError::Run(format!(
            "llama-batched-bench failed: {}",
            String::from_utf8_lossy(&out.stderr)
        )));
    }
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| l.trim_start().starts_with('{'))
        .map(|l| serde_json::from_str(l).map_err(|e| ReferenceError::Parse(format!("{e}: {l}"))))
        .collect()
}
