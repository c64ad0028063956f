//! `portolan ask` and `portolan chat`: grounded answers with citations.

use std::io::{BufRead, Write};
use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use portolan_server::ask::{Answer, AskRequest};
use portolan_server::{config::Config, knowledge};

#[derive(Debug, Args)]
pub struct AskArgs {
    /// The question (omit with --batch).
    question: Option<String>,
    /// JSON lines in: {"id","question"[,"lang"]} (the qa-dev.jsonl shape).
    #[arg(long, requires = "out")]
    batch: Option<PathBuf>,
    /// JSON lines out: {"id","answer","citations":[{"doc","locator","quote"}],"refused"}.
    #[arg(long)]
    out: Option<PathBuf>,
}

fn print_sources(a: &Answer) {
    println!();
    for c in &a.citations {
        println!("[{}] {} {} — {}", c.n, c.doc, c.locator, c.quote);
    }
    for n in &a.notes {
        println!("{n}");
    }
    if !a.unsupported.is_empty() {
        eprintln!("(no source cited for: {})", a.unsupported.join(" | "));
    }
}

pub fn ask(config: &Config, args: AskArgs) -> anyhow::Result<()> {
    let asker = knowledge::asker(config)?;
    match (&args.question, &args.batch, &args.out) {
        (Some(q), None, _) => {
            let req = AskRequest {
                question: q.clone(),
                history: Vec::new(),
                ..Default::default()
            };
            let a = asker.ask(&req, &mut super::print_piece)?;
            print_sources(&a);
        }
        (None, Some(input), Some(out)) => {
            let text = std::fs::read_to_string(input)
                .with_context(|| format!("reading {}", input.display()))?;
            let mut w = std::io::BufWriter::new(std::fs::File::create(out)?);
            for (n, line) in text.lines().enumerate() {
                if line.trim().is_empty() {
                    continue;
                }
                let v: serde_json::Value = serde_json::from_str(line)
                    .with_context(|| format!("{}:{}", input.display(), n + 1))?;
                let question = v["question"]
                    .as_str()
                    .with_context(|| format!("{}:{}: no question", input.display(), n + 1))?;
                let a = asker.ask(
                    &AskRequest {
                        question: question.to_string(),
                        history: Vec::new(),
                        ..Default::default()
                    },
                    &mut |_| true,
                )?;
                let cites: Vec<_> = a
                    .citations
                    .iter()
                    .map(|c| serde_json::json!({"doc": c.doc, "locator": c.locator, "quote": c.quote}))
                    .collect();
                writeln!(
                    w,
                    "{}",
                    serde_json::json!({"id": v["id"], "answer": a.answer, "citations": cites, "refused": a.refused})
                )?;
                w.flush()?;
            }
        }
        _ => anyhow::bail!("give a question, or --batch IN.jsonl --out OUT.jsonl"),
    }
    Ok(())
}

pub fn chat(config: &Config) -> anyhow::Result<()> {
    let asker = knowledge::asker(config)?;
    let mut history: Vec<(String, String)> = Vec::new();
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    loop {
        eprint!("> ");
        std::io::stderr().flush()?;
        let Some(line) = lines.next().transpose()? else {
            break;
        };
        let line = line.trim();
        if line.is_empty() {
            break;
        }
        let req = AskRequest {
            question: line.to_string(),
            history: history.clone(),
            ..Default::default()
        };
        let a = asker.ask(&req, &mut super::print_piece)?;
        print_sources(&a);
        history.push((line.to_string(), a.answer));
    }
    Ok(())
}
