//! `portolan train …` (run as `portolan-train`): build the training data
//! from the bundle, and train a LoRA adapter on it.

use std::path::PathBuf;

use anyhow::Context;
use clap::{Parser, Subcommand};
use rand::SeedableRng;
use serde::{Deserialize, Serialize};
use sha2::Digest;

use portolan_corpus::Bundle;
use portolan_model::acquire::ModelHome;
use portolan_model::LanguageModel;
use portolan_training::dataset::{self, DevSets};
use portolan_training::qwen2::TrainableQwen2;
use portolan_training::tokenize::tokenize;
use portolan_training::trainer::{self, TrainConfig};

#[derive(Parser)]
#[command(
    name = "portolan-train",
    about = "Portolan fine-tuning: training data and LoRA adapters"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the training set from the bundle (JSON lines and a manifest).
    Data {
        /// Knowledge bundle [default: the reference bundle].
        #[arg(long)]
        data: Option<PathBuf>,
        /// Output folder.
        #[arg(long, default_value = "training/data")]
        out: PathBuf,
        /// Classification examples.
        #[arg(long, default_value_t = 2000)]
        classify: usize,
        /// Grounded-answer examples.
        #[arg(long, default_value_t = 1000)]
        qa: usize,
        /// Seed.
        #[arg(long, default_value_t = 17)]
        seed: u64,
        /// Leave out the grounded-answer examples that refuse.
        #[arg(long)]
        no_refusals: bool,
    },
    /// Train an adapter as a config file says.
    Run {
        /// JSON: {"base", "data", "out", "train": {…}}.
        #[arg(long)]
        config: PathBuf,
    },
    /// Copy a trained adapter under a name, in half precision (to ship it).
    Export {
        /// The trained adapter (`DIR/adapter`).
        #[arg(long)]
        adapter: PathBuf,
        /// Folder to write `NAME.safetensors` and `NAME.json` to.
        #[arg(long)]
        out: PathBuf,
        /// The adapter's name: requests choose it by this.
        #[arg(long)]
        name: String,
    },
}

/// A training run.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RunConfig {
    /// Base model (catalogue name, .gguf path or hub reference).
    base: String,
    /// Training examples (JSON lines from `data`).
    data: PathBuf,
    /// Output folder (adapter, checkpoint, report).
    out: PathBuf,
    /// Use only the first N examples.
    #[serde(default)]
    limit: Option<usize>,
    /// Hyper-parameters.
    train: TrainConfig,
}

fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        Command::Data {
            data,
            out,
            classify,
            qa,
            seed,
            no_refusals,
        } => {
            let root = data.unwrap_or_else(portolan_corpus::bundle::reference_root);
            let bundle = Bundle::open(&root)?;
            let dev = DevSets::load(&root.join("eval"))?;
            let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
            let mut examples = dataset::classify::build(&bundle, &dev, classify, &mut rng)?;
            examples.extend(dataset::qa::build(
                &bundle,
                &dev,
                qa,
                !no_refusals,
                &mut rng,
            )?);
            let file = out.join("train.jsonl");
            dataset::write_jsonl(&file, &examples)?;
            let bytes = std::fs::read(&file)?;
            let mut kinds = std::collections::BTreeMap::<String, usize>::new();
            for e in &examples {
                *kinds.entry(e.kind.clone()).or_default() += 1;
            }
            let manifest = serde_json::json!({
                "file": "train.jsonl",
                "sha256": format!("{:x}", sha2::Sha256::digest(&bytes)),
                "examples": examples.len(),
                "by_kind": kinds,
                "seed": seed,
                "dev_texts_excluded": dev.len(),
                "command": format!(
                    "portolan train data --out {} --classify {classify} --qa {qa} --seed {seed}{}",
                    out.display(),
                    if no_refusals { " --no-refusals" } else { "" }
                ),
            });
            std::fs::write(
                out.join("manifest.json"),
                serde_json::to_vec_pretty(&manifest)?,
            )?;
            println!("{} examples → {}", examples.len(), file.display());
        }
        Command::Run { config } => {
            let text = std::fs::read_to_string(&config)
                .with_context(|| format!("reading {}", config.display()))?;
            let run: RunConfig = serde_json::from_str(&text)
                .with_context(|| format!("parsing {}", config.display()))?;
            let path = ModelHome::from_env().resolve(&run.base)?;
            let tokenizer = LanguageModel::load(&path)?;
            let mut examples = dataset::read_jsonl(&run.data)?;
            if let Some(n) = run.limit {
                examples.truncate(n);
            }
            let tokens = examples
                .iter()
                .map(|e| tokenize(&tokenizer, e))
                .collect::<Result<Vec<_>, _>>()?;
            drop(tokenizer);
            eprintln!(
                "{} examples, {} tokens; loading the base as f32…",
                tokens.len(),
                tokens.iter().map(|t| t.tokens.len()).sum::<usize>()
            );
            let mut model =
                TrainableQwen2::load_gguf(&path, run.train.max_len, &candle_core::Device::Cpu)?;
            let bar = portolan_model::progress::bar(
                run.train.steps as u64,
                "{bar:30} {pos}/{len} steps  {msg}  [{elapsed_precise} < {eta_precise}]",
            );
            let report = trainer::train(
                &mut model,
                &run.base,
                &tokens,
                &run.train,
                &run.out,
                &mut |step, loss, tps| {
                    bar.set_position(step as u64);
                    bar.set_message(format!("loss {loss:.3}  {tps:.0} tok/s"));
                    // A run in the background (no terminal, no bar) still
                    // leaves its progress in the log.
                    if bar.is_hidden() && step % 10 == 0 {
                        eprintln!(
                            "step {step}/{}  loss {loss:.3}  {tps:.0} tok/s",
                            run.train.steps
                        );
                    }
                },
            )?;
            bar.finish();
            std::fs::write(
                run.out.join("train-report.json"),
                serde_json::to_vec_pretty(&report)?,
            )?;
            std::fs::copy(&config, run.out.join("train-config.json"))?;
            println!(
                "trained {} steps in {:.0} s, {:.1} tokens/s; loss {:.3} → {:.3}; adapter in {}",
                report.losses.len(),
                report.seconds,
                report.tokens_per_second,
                report.losses.first().copied().unwrap_or(0.0),
                report.losses.last().copied().unwrap_or(0.0),
                run.out.display()
            );
        }
        Command::Export { adapter, out, name } => {
            let file = portolan_training::adapter::export_f16(&adapter, &out, &name)?;
            println!("{}", file.display());
        }
    }
    Ok(())
}
