//! `portolan search`

use std::io::{BufRead, Write};
use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use portolan_corpus::{DocType, Lang};
use portolan_retrieval::{Filter, Mode, SearchHit, Searcher};
use portolan_server::{config::Config, knowledge};

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The query (omit with --batch).
    query: Option<String>,
    /// Results to return.
    #[arg(long, default_value_t = 5)]
    k: usize,
    /// Only these document types (law, announcement, interpretation, treaty, gri, note, hs, cn-tariff, …); repeatable.
    #[arg(long = "type")]
    types: Vec<String>,
    /// Only chunks in this language (zh, en).
    #[arg(long)]
    lang: Option<String>,
    /// Only this jurisdiction (CN, WTO, CPTPP, RCEP, WCO, IMO, HS, US, EU).
    #[arg(long)]
    jurisdiction: Option<String>,
    /// Only provisions in force.
    #[arg(long)]
    in_force: bool,
    /// Retrievers: hybrid, lexical or dense.
    #[arg(long, default_value = "hybrid")]
    mode: String,
    /// JSON lines in: {"id","question"}.
    #[arg(long, requires = "out")]
    batch: Option<PathBuf>,
    /// JSON lines out: {"id","hits":[{"doc","locator","score","text"}]}.
    #[arg(long)]
    out: Option<PathBuf>,
}

fn parse_mode(s: &str) -> anyhow::Result<Mode> {
    Ok(match s {
        "hybrid" => Mode::Hybrid,
        "lexical" | "bm25" => Mode::Lexical,
        "dense" | "vector" => Mode::Dense,
        other => anyhow::bail!("unknown mode {other:?} (hybrid, lexical, dense)"),
    })
}

fn filter(args: &SearchArgs) -> anyhow::Result<Filter> {
    let doc_types = args
        .types
        .iter()
        .map(|t| DocType::parse(t).ok_or_else(|| anyhow::anyhow!("unknown document type {t:?}")))
        .collect::<anyhow::Result<_>>()?;
    let langs = match args.lang.as_deref() {
        None => vec![],
        Some("zh") => vec![Lang::Zh],
        Some("en") => vec![Lang::En],
        Some(other) => anyhow::bail!("unknown language {other:?} (zh, en)"),
    };
    Ok(Filter {
        doc_types,
        langs,
        jurisdictions: args.jurisdiction.iter().cloned().collect(),
        in_force_only: args.in_force,
    })
}

fn hit_json(h: &SearchHit) -> serde_json::Value {
    serde_json::json!({"doc": h.chunk.doc, "locator": h.chunk.locator, "score": h.score, "text": h.chunk.text})
}

pub fn run(config: &Config, args: SearchArgs) -> anyhow::Result<()> {
    let mode = parse_mode(&args.mode)?;
    let filter = filter(&args)?;
    let searcher = knowledge::searcher(config, mode == Mode::Lexical)?;
    match (&args.query, &args.batch, &args.out) {
        (Some(q), None, _) => print_hits(&searcher.search(q, args.k, &filter, mode)?),
        (None, Some(input), Some(out)) => batch(&searcher, input, out, args.k, &filter, mode)?,
        _ => anyhow::bail!("give a query, or --batch IN.jsonl --out OUT.jsonl"),
    }
    Ok(())
}

fn print_hits(hits: &[SearchHit]) {
    for (i, h) in hits.iter().enumerate() {
        let status = if h.chunk.status.in_force() {
            ""
        } else {
            " [not in force]"
        };
        println!(
            "{}. {} {} ({:.4}){status}",
            i + 1,
            h.chunk.doc,
            h.chunk.locator,
            h.score
        );
        let text: String = h.chunk.text.chars().take(160).collect();
        println!("   {}", text.replace('\n', " "));
    }
}

fn batch(
    searcher: &Searcher,
    input: &PathBuf,
    out: &PathBuf,
    k: usize,
    filter: &Filter,
    mode: Mode,
) -> anyhow::Result<()> {
    let reader = std::io::BufReader::new(
        std::fs::File::open(input).with_context(|| format!("opening {}", input.display()))?,
    );
    let mut writer = std::io::BufWriter::new(
        std::fs::File::create(out).with_context(|| format!("creating {}", out.display()))?,
    );
    for (n, line) in reader.lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(&line)
            .with_context(|| format!("{}:{}: not JSON", input.display(), n + 1))?;
        let question = v["question"]
            .as_str()
            .with_context(|| format!("{}:{}: no \"question\"", input.display(), n + 1))?;
        let hits = searcher.search(question, k, filter, mode)?;
        let hits: Vec<_> = hits.iter().map(hit_json).collect();
        writeln!(
            writer,
            "{}",
            serde_json::json!({"id": v["id"], "hits": hits})
        )?;
    }
    writer.flush()?;
    Ok(())
}
