//! `portolan-eval` (also reachable as `portolan eval …`): evaluations that
//! write JSON + Markdown reports under `eval/reports/`.

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::{Parser, Subcommand};
use portolan_eval::{
    briefing_eval, classify_eval, compare, qa_eval, qa_set, report, retrieval_eval,
};
use portolan_server::classify::{calibration, rerank, ModelRanker};
use portolan_server::{config::Config, knowledge};

/// Items evaluated, with the time taken and an estimate of what is left.
const EVAL_BAR: &str = "[{bar:30}] {pos}/{len} items ({elapsed}, eta {eta})";

#[derive(Parser)]
#[command(name = "portolan-eval", about = "Portolan evaluations")]
struct Cli {
    #[command(flatten)]
    config: Config,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// HS classification accuracy (2/4/6 digits, top-5), calibration, abstain rate, latency.
    Classify {
        /// Labelled set in the classify-dev.jsonl shape.
        #[arg(long)]
        set: PathBuf,
        /// Candidates from words only.
        #[arg(long)]
        lexical: bool,
        /// Where to write the report.
        #[arg(long, default_value = "eval/reports")]
        out: PathBuf,
        /// Also fit the calibration curves to this set and print them.
        #[arg(long)]
        fit_calibration: bool,
        /// Let the generation model (`--model`) weigh the short list; the
        /// report is named `classify-SET-rerank[-ADAPTER]`.
        #[arg(long)]
        rerank: bool,
        /// Weigh it with this LoRA adapter (attach it with `--adapter PATH`).
        #[arg(long, requires = "rerank")]
        with_adapter: Option<String>,
        /// Exponent of the model's probabilities against the votes.
        #[arg(long, default_value_t = 1.0, requires = "rerank")]
        rerank_weight: f32,
    },
    /// Grounded Q&A: citation recall/precision, must_include facts, refusals, latency.
    Qa {
        /// QA set in the qa-dev.jsonl shape.
        #[arg(long)]
        set: PathBuf,
        /// Answer with this LoRA adapter (attach it with `--adapter PATH`);
        /// the report is named `qa-SET-ADAPTER`.
        #[arg(long)]
        with_adapter: Option<String>,
        /// Only the first N questions (a quick look; reports are for full sets).
        #[arg(long)]
        limit: Option<usize>,
        /// Replay the generations this earlier report (same model, same
        /// machine) recorded for unchanged prompts; generate only the rest.
        #[arg(long)]
        reuse: Option<PathBuf>,
        /// Only retrieve: the sources each question would be given and the
        /// share with a gold provision among them (`SET-sources.json`).
        #[arg(long, conflicts_with = "with_adapter")]
        sources_only: bool,
        /// Where to write the report.
        #[arg(long, default_value = "eval/reports")]
        out: PathBuf,
    },
    /// Briefings: are all published figures in the facts table; what the
    /// number check drops; seconds per briefing.
    Briefings {
        /// Briefings to generate.
        #[arg(long, default_value_t = 50)]
        n: usize,
        /// Where to write the report.
        #[arg(long, default_value = "eval/reports")]
        out: PathBuf,
    },
    /// Two runs of the same evaluations, a base and a candidate (without and
    /// with an adapter, or before and after a change), compared item by item
    /// (paired bootstrap): writes `NAME.json` and `NAME.md`.
    Compare {
        /// Name of the comparison (its file name).
        #[arg(long)]
        name: String,
        /// Q&A reports: the base, then the candidate.
        #[arg(long, num_args = 2, requires = "qa_set")]
        qa: Vec<PathBuf>,
        /// The set those Q&A reports ran on (which questions are answerable).
        #[arg(long)]
        qa_set: Option<PathBuf>,
        /// Classification reports: the base, then the candidate.
        #[arg(long, num_args = 2)]
        classify: Vec<PathBuf>,
        /// Where to write the comparison.
        #[arg(long, default_value = "eval/reports")]
        out: PathBuf,
    },
    /// Recall@5/@10 and MRR of gold citations for BM25, vectors and hybrid.
    Retrieval {
        /// QA set in the qa-dev.jsonl shape.
        #[arg(long)]
        set: PathBuf,
        /// Where to write the report.
        #[arg(long, default_value = "eval/reports")]
        out: PathBuf,
    },
}

/// A set's name: its file name without the extension.
fn set_name(set: &Path) -> String {
    set.file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default()
}

/// `KIND-SET`, without saying the kind twice (`classify-dev`, not
/// `classify-classify-dev`; `qa-dev`, `retrieval-qa-dev`).
fn report_name(kind: &str, set: &str) -> String {
    if set.starts_with(kind) {
        set.to_string()
    } else {
        format!("{kind}-{set}")
    }
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    cli.config.apply();
    match cli.command {
        Command::Classify {
            set,
            lexical,
            out,
            fit_calibration,
            rerank,
            with_adapter,
            rerank_weight,
        } => {
            let text = std::fs::read_to_string(&set)
                .with_context(|| format!("reading {}", set.display()))?;
            let items = text
                .lines()
                .enumerate()
                .filter(|(_, l)| !l.trim().is_empty())
                .map(|(n, l)| {
                    serde_json::from_str(l)
                        .map_err(|e| anyhow::anyhow!("{}:{}: {e}", set.display(), n + 1))
                })
                .collect::<anyhow::Result<Vec<classify_eval::ClassifyItem>>>()?;
            let mut classifier = knowledge::classifier(&cli.config, lexical)?;
            let mut ranking = "votes only".to_string();
            let mut report_suffix = String::new();
            if rerank {
                let model = knowledge::language_model(&cli.config)?;
                classifier = classifier.with_ranker(ModelRanker::new(
                    model,
                    with_adapter.clone(),
                    rerank_weight,
                ));
                ranking = format!(
                    "`{}`{} weighs the first {} subheadings (weight {rerank_weight})",
                    cli.config.model,
                    with_adapter
                        .as_ref()
                        .map(|a| format!(" with adapter `{a}`"))
                        .unwrap_or_default(),
                    rerank::SHORTLIST
                );
                report_suffix = match &with_adapter {
                    Some(a) => format!("-rerank-{a}"),
                    None => "-rerank".into(),
                };
            }
            let name = set_name(&set);
            let bar = portolan_model::progress::bar(items.len() as u64, EVAL_BAR);
            let (r, samples) =
                classify_eval::evaluate(&classifier, &items, &name, &ranking, &mut |i| {
                    bar.set_position(i as u64)
                })?;
            bar.finish_and_clear();
            if fit_calibration {
                let sub = calibration::fit(&samples.subheading);
                let head = calibration::fit(&samples.heading);
                println!(
                    "fitted on {} items, the heading curve on the {} whose best subheading \
                     is unsure (paste into server/src/classify/calibration.rs):",
                    samples.subheading.len(),
                    samples.heading.len()
                );
                println!("SUBHEADING: {sub:?}");
                println!("HEADING: {head:?}");
                let shift = calibration::fit_shift(&samples.subheading, calibration::SUBHEADING);
                println!(
                    "log-odds shift of the current SUBHEADING curve fitted to this set: {shift:.3} \
                     (CHINESE_SHIFT, for a Chinese set)"
                );
            }
            let (j, m) = report::write(
                &out,
                &format!("{}{report_suffix}", report_name("classify", &name)),
                &serde_json::to_value(&r)?,
                &classify_eval::markdown(&r),
            )?;
            let a = &r.slices["all"];
            println!(
                "{name}: top-1 HS2 {:.3} HS4 {:.3} HS6 {:.3}, top-5 HS6 {:.3}, abstain {:.3}, ECE {:.3}, p50 {:.0} ms",
                a.top1_hs2, a.top1_hs4, a.top1_hs6, a.top5_hs6, a.abstain_rate, r.ece, r.latency_p50_ms
            );
            eprintln!("report: {} {}", j.display(), m.display());
        }
        Command::Qa {
            set,
            with_adapter,
            limit,
            sources_only,
            reuse,
            out,
        } => {
            let mut items = qa_set::load(&set)?;
            if let Some(n) = limit {
                items.truncate(n);
            }
            let model = knowledge::language_model(&cli.config)?;
            let asker = knowledge::asker_with_model(&cli.config, model.clone())?;
            let name = set_name(&set);
            if sources_only {
                let count = |messages: &[portolan_model::ChatMessage]| -> anyhow::Result<usize> {
                    Ok(model.encode_chat(messages)?.len())
                };
                let found = qa_eval::sources(&asker, &items, Some(&count))?;
                let answerable: Vec<_> = found.iter().filter(|s| s.answerable).collect();
                let hits = answerable.iter().filter(|s| s.gold_in_sources).count();
                let facts = qa_eval::mean(answerable.iter().map(|s| s.facts_in_sources));
                std::fs::create_dir_all(&out)?;
                let path = out.join(format!("{name}-sources.json"));
                std::fs::write(&path, serde_json::to_string_pretty(&found)?)?;
                println!(
                    "{name}: gold in sources {hits} of {} answerable ({:.3}), facts in sources {facts:.3}",
                    answerable.len(),
                    hits as f64 / answerable.len().max(1) as f64
                );
                for lang in ["zh", "en"] {
                    let tokens: Vec<f64> = items
                        .iter()
                        .zip(&found)
                        .filter(|(item, _)| item.lang == lang)
                        .filter_map(|(_, s)| s.prompt_tokens.map(|t| t as f64))
                        .collect();
                    println!(
                        "  prompt tokens, {lang} questions: p50 {:.0}, p95 {:.0}",
                        report::percentile(&tokens, 0.5),
                        report::percentile(&tokens, 0.95)
                    );
                }
                eprintln!("sources: {}", path.display());
                return Ok(());
            }
            let recordings = match &reuse {
                Some(path) => {
                    let report: serde_json::Value = serde_json::from_str(
                        &std::fs::read_to_string(path)
                            .with_context(|| format!("reading {}", path.display()))?,
                    )?;
                    Some(qa_eval::Recordings::from_report(
                        &report,
                        &cli.config.model,
                    )?)
                }
                None => None,
            };
            let bar = portolan_model::progress::bar(items.len() as u64, EVAL_BAR);
            let r = qa_eval::evaluate(
                &asker,
                &items,
                &name,
                &cli.config.model,
                with_adapter.as_deref(),
                recordings.as_ref(),
                &mut |i| bar.set_position(i as u64),
            )?;
            bar.finish_and_clear();
            let (j, m) = report::write(
                &out,
                &match &with_adapter {
                    Some(a) => format!("{}-{a}", report_name("qa", &name)),
                    None => report_name("qa", &name),
                },
                &serde_json::to_value(&r)?,
                &qa_eval::markdown(&r),
            )?;
            let a = &r.slices["all"];
            println!(
                "{name}: citation recall {:.3} precision {:.3}, must_include {:.3}, refusal {:.3}, wrongful refusal {:.3}, TTFT p50 {:.1} s, total p50 {:.1} s",
                a.citation_recall, a.citation_precision, a.must_include, a.refusal_rate, a.wrongful_refusal_rate, r.ttft_p50, r.total_p50
            );
            eprintln!("report: {} {}", j.display(), m.display());
        }
        Command::Briefings { n, out } => {
            let model = knowledge::language_model(&cli.config)?;
            let briefer = knowledge::briefer(&cli.config, Some(model), None)?;
            let bar = portolan_model::progress::bar(n as u64, EVAL_BAR);
            let r = briefing_eval::evaluate(&briefer, &cli.config.model, n, &mut |i| {
                bar.set_position(i as u64)
            })?;
            bar.finish_and_clear();
            let (j, m) = report::write(
                &out,
                "briefings",
                &serde_json::to_value(&r)?,
                &briefing_eval::markdown(&r),
            )?;
            println!(
                "{} briefings: narrative figures traced {:.3} ({} figures), findings {:.3}, sentences dropped {:.3}, p50 {:.1} s, p95 {:.1} s, within 10 s {:.2}",
                r.n, r.narrative_traceable, r.narrative_figures, r.findings_traceable, r.drop_rate, r.seconds_p50, r.seconds_p95, r.within_10s
            );
            eprintln!("report: {} {}", j.display(), m.display());
        }
        Command::Compare {
            name,
            qa,
            qa_set,
            classify,
            out,
        } => {
            let read = |p: &PathBuf| -> anyhow::Result<serde_json::Value> {
                let text = std::fs::read_to_string(p)
                    .with_context(|| format!("reading {}", p.display()))?;
                Ok(serde_json::from_str(&text)?)
            };
            let mut changes = Vec::new();
            let mut sources = Vec::new();
            if let [base, adapted] = qa.as_slice() {
                let set = qa_set.context("--qa needs --qa-set")?;
                let answerable = qa_set::load(&set)?
                    .into_iter()
                    .map(|q| (q.id, q.answerable))
                    .collect();
                let eval = report_name("qa", &set_name(&set));
                changes.extend(compare::qa(
                    &eval,
                    &read(base)?,
                    &read(adapted)?,
                    &answerable,
                )?);
                sources.push(format!(
                    "`{}` against `{}`",
                    base.display(),
                    adapted.display()
                ));
            }
            if let [base, adapted] = classify.as_slice() {
                let b = read(base)?;
                let eval = b["set"].as_str().unwrap_or("classify").to_string();
                changes.extend(compare::classify(
                    &report_name("classify", &eval),
                    &b,
                    &read(adapted)?,
                )?);
                sources.push(format!(
                    "`{}` against `{}`",
                    base.display(),
                    adapted.display()
                ));
            }
            anyhow::ensure!(!changes.is_empty(), "give --qa and/or --classify reports");
            let preface = format!(
                "Reports compared (the base, then the candidate): {}. \
                 Items are paired; the interval is a 95% bootstrap of the difference over items \
                 (2,000 resamples). Decoding is greedy, so a run repeated gives the same answers \
                 but for near-ties: the interval is the noise of which items the set holds.",
                sources.join("; ")
            );
            let (j, m) = report::write(
                &out,
                &name,
                &serde_json::to_value(&changes)?,
                &compare::markdown(&format!("Comparison: {name}"), &preface, &changes),
            )?;
            for c in &changes {
                println!(
                    "{} {}: {:.3} → {:.3} [{:+.3}, {:+.3}]",
                    c.eval, c.metric, c.base, c.adapted, c.ci95.0, c.ci95.1
                );
            }
            eprintln!("report: {} {}", j.display(), m.display());
        }
        Command::Retrieval { set, out } => {
            let items = qa_set::load(&set)?;
            let searcher = knowledge::searcher(&cli.config, false)?;
            let name = set_name(&set);
            let result = retrieval_eval::evaluate(&searcher, &items, &name)?;
            let build = std::fs::read_to_string(cli.config.index_dir().join("CURRENT"))
                .ok()
                .and_then(|g| {
                    std::fs::read(cli.config.index_dir().join(g.trim()).join("manifest.json")).ok()
                })
                .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
                .map(|m| m["report"].clone());
            let md = retrieval_eval::markdown(&result, build.as_ref());
            let mut json = serde_json::to_value(&result)?;
            json["index_build"] = build.unwrap_or_default();
            let (j, m) = report::write(&out, &report_name("retrieval", &name), &json, &md)
                .context("writing report")?;
            for mode in ["bm25", "dense", "hybrid"] {
                let f = &result.figures[mode]["all"];
                println!(
                    "{mode:<7} R@5 {:.3}  R@10 {:.3}  MRR {:.3}  (n={})",
                    f.recall_at_5, f.recall_at_10, f.mrr, f.questions
                );
            }
            println!(
                "hybrid latency p50 {:.1} ms p95 {:.1} ms",
                result.latency.p50_ms, result.latency.p95_ms
            );
            eprintln!("report: {} {}", j.display(), m.display());
        }
    }
    Ok(())
}
