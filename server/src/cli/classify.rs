//! `portolan classify`

use std::io::{BufRead, Write};
use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use portolan_server::classify::{Classification, ClassifyOptions, ClassifyRequest};
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
    /// Cite the heading and subheading texts, notes and GRI behind each candidate.
    #[arg(long)]
    explain: bool,
    /// Print the full result as JSON instead of text.
    #[arg(long)]
    json: bool,
    /// JSON lines in: {"id","description",["attributes","category_path","category_path_zh"]}.
    #[arg(long, requires = "out")]
    batch: Option<PathBuf>,
    /// JSON lines out: {"id","candidates":[{"code","confidence","level"}]}.
    #[arg(long)]
    out: Option<PathBuf>,
}

pub fn run(config: &Config, args: ClassifyArgs) -> anyhow::Result<()> {
    let classifier = knowledge::classifier(config, args.lexical)?;
    match (&args.description, &args.batch, &args.out) {
        (Some(d), None, _) => {
            let req = ClassifyRequest {
                description: d.clone(),
                ..Default::default()
            };
            let opts = ClassifyOptions {
                top_k: args.top_k,
                explain: args.explain,
                ..Default::default()
            };
            let result = classifier.classify_with(&req, &opts)?;
            if args.json {
                println!("{}", serde_json::to_string_pretty(&result)?);
            } else {
                print_result(&result);
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
                let opts = ClassifyOptions {
                    top_k: args.top_k,
                    ..Default::default()
                };
                let result = classifier.classify_with(&req, &opts)?;
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

fn print_result(result: &Classification) {
    match result.candidates.first() {
        Some(c) if result.abstained && c.level == 4 => {
            println!("Not sure of the subheading: the heading it falls under comes first.")
        }
        Some(_) if result.abstained => println!(
            "Not sure: no code is likely enough to assert; the likeliest follow, with their chances."
        ),
        _ => {}
    }
    for r in &result.ruled_out {
        let by: Vec<&str> = r.citations.iter().map(|c| c.locator.as_str()).collect();
        println!(
            "Stated {}: {} ruled out, by {}.",
            r.stated,
            r.excluded,
            by.join(", ")
        );
    }
    for c in &result.candidates {
        let code = if c.level == 6 {
            format!("{}.{}", &c.code[..4], &c.code[4..])
        } else {
            c.code.clone()
        };
        println!(
            "{code:<8} confidence {:.2}  {}",
            c.confidence, c.description
        );
        if let Some(cn) = &c.cn {
            println!("    CN {}  {}", cn.code, cn.name_zh);
            if !cn.declaration_elements.is_empty() {
                println!("       申报要素: {}", cn.declaration_elements.join("；"));
            }
        }
        if let Some(us) = &c.us {
            println!(
                "    US {}  general duty {}  ({})",
                us.code,
                us.general_rate.as_deref().unwrap_or("n/a"),
                us.description
            );
        }
        if let Some(r) = &c.rationale {
            println!("    why: {}", r.summary);
            for cit in &r.citations {
                println!("      [{} {}] {}", cit.doc, cit.locator, cit.quote);
            }
        }
    }
}
