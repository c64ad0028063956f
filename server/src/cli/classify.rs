//! `portolan classify`

use std::io::{BufRead, Write};
use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use portolan_corpus::Bundle;
use portolan_server::classify::{Classifier, ClassifyRequest};
use portolan_server::{config::Config, knowledge};

#[derive(Debug, Args)]
pub struct ClassifyArgs {
    /// Goods description (omit with --batch).
    description: Option<String>,
    /// Candidates from words only (no embedder; faster start).
    #[arg(long)]
    lexical: bool,
    /// Candidates to return.
    #[arg(long, default_value_t = 5)]
    top_k: usize,
    /// JSON lines in: {"id","description",["attributes","category_path","category_path_zh"]}.
    #[arg(long, requires = "out")]
    batch: Option<PathBuf>,
    /// JSON lines out: {"id","candidates":[{"code","confidence","level"}]}.
    #[arg(long)]
    out: Option<PathBuf>,
}

pub fn run(config: &Config, args: ClassifyArgs) -> anyhow::Result<()> {
    let dense = !args.lexical;
    let classifier = Classifier::new(
        knowledge::searcher(config, !dense)?,
        &Bundle::open(config.data_dir())?,
        dense,
    )?;
    match (&args.description, &args.batch, &args.out) {
        (Some(d), None, _) => {
            let req = ClassifyRequest {
                description: d.clone(),
                ..Default::default()
            };
            let result = classifier.classify(&req, args.top_k)?;
            if result.abstained {
                println!("(not sure of the subheading: the heading is given first)");
            }
            for c in &result.candidates {
                println!(
                    "{:<8} level {} confidence {:.2}  {}",
                    c.code, c.level, c.confidence, c.description
                );
            }
        }
        (None, Some(input), Some(out)) => {
            let reader = std::io::BufReader::new(
                std::fs::File::open(input)
                    .with_context(|| format!("opening {}", input.display()))?,
            );
            let mut w = std::io::BufWriter::new(std::fs::File::create(out)?);
            for (n, line) in reader.lines().enumerate() {
                let line = line?;
                if line.trim().is_empty() {
                    continue;
                }
                let v: serde_json::Value = serde_json::from_str(&line)
                    .with_context(|| format!("{}:{}", input.display(), n + 1))?;
                let req: ClassifyRequest = serde_json::from_value(v.clone())
                    .with_context(|| format!("{}:{}", input.display(), n + 1))?;
                let result = classifier.classify(&req, args.top_k)?;
                let cands: Vec<_> = result
                    .candidates
                    .iter()
                    .map(|c| serde_json::json!({"code": c.code, "confidence": c.confidence, "level": c.level}))
                    .collect();
                writeln!(
                    w,
                    "{}",
                    serde_json::json!({"id": v["id"], "candidates": cands})
                )?;
            }
            w.flush()?;
        }
        _ => anyhow::bail!("give a description, or --batch IN.jsonl --out OUT.jsonl"),
    }
    Ok(())
}
