//! `portolan-bench model`: candle vs llama.cpp on the same GGUF file, the same
//! thread count and the same machine, in one run.
//!
//! Prints a table per model and, last, one line per model that scripts read:
//! `vs-llama.cpp model=NAME prefill=R1 decode=R2`, where R is candle ÷
//! llama.cpp tokens/s (prefill at the 512-token prompt).

use std::path::PathBuf;

use anyhow::Context;
use clap::{Parser, Subcommand};
use portolan_eval::{kernel_bench, llama_cpp, model_bench, report, rss};
use portolan_model::acquire::ModelHome;
use portolan_model::LanguageModel;
use serde_json::json;

#[derive(Parser)]
#[command(
    name = "portolan-bench",
    about = "Portolan benchmarks against reference engines"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// `portolan-bench model`'s options.
#[derive(clap::Args)]
struct ModelArgs {
    /// Models to measure (catalogue names or .gguf paths).
    #[arg(long = "model", default_values = ["qwen2.5-coder-1.5b-instruct", "qwen2.5-coder-0.5b-instruct"])]
    models: Vec<String>,
    /// Threads for both engines [default: all cores].
    #[arg(long)]
    threads: Option<usize>,
    /// Prompt lengths to process.
    #[arg(long, value_delimiter = ',', default_value = "64,512,1024")]
    prompt_lens: Vec<usize>,
    /// Tokens to generate.
    #[arg(long, default_value_t = 128)]
    gen: usize,
    /// Repetitions per measurement (after one warm-up).
    #[arg(long, default_value_t = 2)]
    reps: usize,
    /// Sequences decoded together in the batched generation tests
    /// (each after its own 128-token prompt); empty to skip them.
    #[arg(long, value_delimiter = ',', default_value = "1,2,4")]
    parallel: Vec<usize>,
    /// Rounds of both engines, alternating; the report gives each
    /// figure's median. This machine's memory bandwidth drifts by ±20%
    /// between minutes, so one round can favour either engine.
    #[arg(long, default_value_t = 1)]
    rounds: usize,
    /// Where to write the report.
    #[arg(long, default_value = "eval/reports")]
    out: PathBuf,
}

#[derive(Subcommand)]
enum Command {
    /// Prompt-processing and generation tokens/s, candle vs llama.cpp.
    Model(ModelArgs),
    /// The int8 matmul kernels alone, on random weights of the 1.5B
    /// model's shapes: milliseconds and GMAC/s per matmul.
    Kernels {
        /// Activation rows (prompt tokens) per matmul.
        #[arg(long, default_value_t = 512)]
        rows: usize,
        /// Timed matmuls per shape (the median is printed).
        #[arg(long, default_value_t = 20)]
        reps: usize,
    },
    /// Query embedding (the default embedder): milliseconds per query by
    /// batch size.
    Embed {
        /// Batch sizes to measure.
        #[arg(long = "batch", value_delimiter = ',', default_value = "1,2,4,8,16")]
        batches: Vec<usize>,
        /// Queries embedded per batch size.
        #[arg(long, default_value_t = 128)]
        queries: usize,
    },
}

/// The prompt length whose ratio is the headline figure.
const HEADLINE_PROMPT: usize = 512;

fn main() -> anyhow::Result<()> {
    if let Some(model) = std::env::var_os(CHILD_ENV) {
        return candle_child(PathBuf::from(model));
    }
    let ModelArgs {
        models,
        threads,
        prompt_lens,
        gen,
        reps,
        parallel,
        rounds,
        out,
    } = match Cli::parse().command {
        Command::Model(args) => args,
        Command::Kernels { rows, reps } => return kernels(rows, reps),
        Command::Embed { batches, queries } => return embed(&batches, queries),
    };
    let rounds = rounds.max(1);
    let threads = threads.unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    });
    // Set before any tensor work; the candle child inherits the settings
    // (the thread count is also passed to it explicitly below).
    std::env::set_var("RAYON_NUM_THREADS", threads.to_string());
    portolan_model::threads::configure(threads);
    let repo_root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let bin = llama_cpp::bin_dir(&repo_root).context("llama.cpp reference")?;
    let home = ModelHome::from_env();

    let mut rows = Vec::new();
    let mut summary = Vec::new();
    let machine = report::machine();
    eprintln!("machine: {machine}");
    let mut md = format!(
        "# Model benchmark: candle (Portolan) vs llama.cpp\n\nSame GGUF file, {threads} threads, same machine, one run \
         ({rounds} round(s) of both engines, alternating; medians). \
         Prefill = prompt processing from an empty context; decode = {gen} tokens generated one at a time. \
         `tg{gen}×B` = B sequences, each after its own {BATCH_PROMPT}-token prompt, generating {gen} tokens together \
         (llama-batched-bench against Portolan's batched decoding pass); tokens/s of all B together. \
         Ratio = candle ÷ llama.cpp tokens/s.\n\nMachine: {machine}.\n\n"
    );
    for name in &models {
        let path = home
            .resolve(name)
            .with_context(|| format!("model {name}"))?;
        let mut measured = Vec::with_capacity(rounds);
        for round in 1..=rounds {
            eprintln!("== {name}: llama.cpp (round {round}/{rounds})");
            let (reference, llama_rss) =
                llama_cpp::bench(&bin, &path, threads, &prompt_lens, gen, reps)?;
            let batched_reference = if parallel.is_empty() {
                Vec::new()
            } else {
                llama_cpp::batched_bench(&bin, &path, threads, BATCH_PROMPT, gen, &parallel)?
            };
            eprintln!("== {name}: candle (round {round}/{rounds})");
            // Each model is measured in a fresh child so its peak RSS is its own.
            let candle = measure_in_child(&path, &prompt_lens, gen, reps, threads, &parallel)?;
            measured.push(Round {
                llama: reference,
                llama_batched: batched_reference,
                llama_rss,
                candle,
            });
        }
        let llama_pp = |p: usize| {
            median(measured.iter().filter_map(|round| {
                round
                    .llama
                    .iter()
                    .find(|r| r.n_prompt == p && r.n_gen == 0)
                    .map(|r| r.avg_ts)
            }))
        };
        let llama_tg_of = |reference: &[llama_cpp::LlamaBenchRow]| {
            reference
                .iter()
                .find(|r| r.n_gen == gen && r.n_prompt == 0)
                .map(|r| r.avg_ts)
        };
        let llama_tg = median(measured.iter().filter_map(|r| llama_tg_of(&r.llama)));
        let llama_batched = |b: usize| {
            median(measured.iter().filter_map(|round| {
                round
                    .llama_batched
                    .iter()
                    .find(|r| r.pl == b)
                    .map(|r| r.speed_tg)
            }))
        };
        let llama_rss = measured.iter().map(|r| r.llama_rss).max().unwrap_or(0);
        let candle = CandleFigures::median(measured.iter().map(|r| &r.candle));
        // Each round's decode ratio, to show how far the machine moved.
        let round_ratios: Vec<f64> = measured
            .iter()
            .filter_map(|r| llama_tg_of(&r.llama).map(|l| r.candle.decode / l))
            .collect();

        md.push_str(&format!("## {name}\n\n| test | candle tok/s | llama.cpp tok/s | ratio |\n|---|---:|---:|---:|\n"));
        println!("{name} ({threads} threads)");
        println!(
            "{:<10} {:>14} {:>16} {:>8}",
            "test", "candle tok/s", "llama.cpp tok/s", "ratio"
        );
        let mut line = |test: String, c: f64, l: Option<f64>| {
            let ratio = l.map(|l| c / l);
            println!(
                "{test:<10} {c:>14.1} {:>16} {:>8}",
                l.map_or("-".into(), |l| format!("{l:.1}")),
                ratio.map_or("-".into(), |r| format!("{r:.2}"))
            );
            md.push_str(&format!(
                "| {test} | {c:.1} | {} | {} |\n",
                l.map_or("-".into(), |l| format!("{l:.1}")),
                ratio.map_or("-".into(), |r| format!("{r:.2}"))
            ));
            rows.push(json!({"model": name, "test": test, "candle_tps": c, "llama_cpp_tps": l, "ratio": ratio}));
            ratio
        };
        let mut headline_pp = None;
        for (p, tps) in &candle.prefill {
            let r = line(format!("pp{p}"), *tps, llama_pp(*p));
            if *p == HEADLINE_PROMPT || headline_pp.is_none() {
                headline_pp = r;
            }
        }
        let decode_ratio = line(format!("tg{gen}"), candle.decode, llama_tg);
        let mut batched_ratios = Vec::new();
        for (b, tps) in &candle.batched {
            let r = line(format!("tg{gen}×{b}"), *tps, llama_batched(*b));
            batched_ratios.push(json!({"sequences": b, "candle_tps": tps, "ratio": r}));
        }
        let mb = |b: u64| format!("{:.0} MiB", b as f64 / 1048576.0);
        let rss_ratio = candle.peak_rss as f64 / llama_rss.max(1) as f64;
        let rss_line = format!(
            "candle {}, llama.cpp {} (ratio {rss_ratio:.2})",
            mb(candle.peak_rss),
            mb(llama_rss)
        );
        println!("peak RSS   {rss_line}");
        md.push_str(&format!("\nPeak RSS: {rss_line}.\n\n"));
        // A RAG answer's first token waits for its whole prompt: the
        // longest prompt's prefill is that wait (its last position's logits
        // are the first token's).
        let ttft = candle
            .prefill
            .iter()
            .max_by_key(|(p, _)| *p)
            .map(|&(p, tps)| (p, p as f64 / tps, llama_pp(p).map(|l| p as f64 / l)));
        if let Some((p, c, l)) = ttft {
            let after = format!(
                "after a {p}-token prompt: candle {c:.1} s, llama.cpp {}",
                l.map_or("-".into(), |l| format!("{l:.1} s"))
            );
            println!("first token {after}");
            md.push_str(&format!("Time to first token {after}.\n\n"));
        }
        if rounds > 1 {
            let each: Vec<String> = round_ratios.iter().map(|r| format!("{r:.2}")).collect();
            println!("tg{gen} ratio by round: {}", each.join(", "));
            md.push_str(&format!("tg{gen} ratio by round: {}.\n\n", each.join(", ")));
        }
        summary.push(json!({
            "model": name, "threads": threads,
            "prefill_ratio": headline_pp, "decode_ratio": decode_ratio, "batched": batched_ratios,
            "candle_peak_rss": candle.peak_rss, "llama_cpp_peak_rss": llama_rss, "rss_ratio": rss_ratio,
            "rounds": rounds, "decode_ratio_by_round": round_ratios,
            "ttft_longest_prompt": ttft.map(|(p, c, l)| json!({"prompt": p, "candle_s": c, "llama_cpp_s": l})),
        }));
    }
    let (j, m) = report::write(
        &out,
        "bench-model",
        &json!({"machine": machine, "rows": rows, "summary": summary}),
        &md,
    )?;
    eprintln!("report: {} {}", j.display(), m.display());
    for s in &summary {
        let f = |v: &serde_json::Value| v.as_f64().map_or("nan".into(), |x| format!("{x:.2}"));
        println!(
            "vs-llama.cpp model={} prefill={} decode={}",
            s["model"].as_str().unwrap_or("?"),
            f(&s["prefill_ratio"]),
            f(&s["decode_ratio"])
        );
    }
    Ok(())
}

/// One round: both engines' figures on one model.
struct Round {
    llama: Vec<llama_cpp::LlamaBenchRow>,
    llama_batched: Vec<llama_cpp::BatchedRow>,
    llama_rss: u64,
    candle: CandleFigures,
}

struct CandleFigures {
    prefill: Vec<(usize, f64)>,
    decode: f64,
    /// (sequences, tokens/s of all together).
    batched: Vec<(usize, f64)>,
    peak_rss: u64,
}

impl CandleFigures {
    /// Each figure's median over rounds (peak RSS: the largest).
    fn median<'a>(rounds: impl Iterator<Item = &'a CandleFigures> + Clone) -> CandleFigures {
        let pairs = |pick: fn(&CandleFigures) -> &Vec<(usize, f64)>| {
            let sizes: Vec<usize> = rounds
                .clone()
                .next()
                .map(|c| pick(c).iter().map(|p| p.0).collect())
                .unwrap_or_default();
            sizes
                .into_iter()
                .filter_map(|size| {
                    let at = rounds
                        .clone()
                        .filter_map(|c| pick(c).iter().find(|p| p.0 == size).map(|p| p.1));
                    median(at).map(|v| (size, v))
                })
                .collect()
        };
        CandleFigures {
            prefill: pairs(|c| &c.prefill),
            decode: median(rounds.clone().map(|c| c.decode)).unwrap_or(f64::NAN),
            batched: pairs(|c| &c.batched),
            peak_rss: rounds.map(|c| c.peak_rss).max().unwrap_or(0),
        }
    }
}

/// The middle value over rounds, as every report takes percentiles; `None`
/// when no round measured it.
fn median(values: impl Iterator<Item = f64>) -> Option<f64> {
    let v: Vec<f64> = values.collect();
    (!v.is_empty()).then(|| report::percentile(&v, 0.5))
}

/// Prompt tokens of each sequence in the batched generation tests.
const BATCH_PROMPT: usize = 128;

/// Runs the candle measurement in a child process (this binary, hidden mode)
/// so that its peak RSS is not mixed with another model's.
fn measure_in_child(
    path: &std::path::Path,
    lens: &[usize],
    gen: usize,
    reps: usize,
    threads: usize,
    parallel: &[usize],
) -> anyhow::Result<CandleFigures> {
    let exe = std::env::current_exe()?;
    let lens_arg: Vec<String> = lens.iter().map(|l| l.to_string()).collect();
    let parallel_arg: Vec<String> = parallel.iter().map(|p| p.to_string()).collect();
    let out = rss::run_measured(
        std::process::Command::new(exe)
            .env(CHILD_ENV, path)
            .env("PORTOLAN_BENCH_LENS", lens_arg.join(","))
            .env("PORTOLAN_BENCH_GEN", gen.to_string())
            .env("PORTOLAN_BENCH_REPS", reps.to_string())
            .env("PORTOLAN_BENCH_PARALLEL", parallel_arg.join(","))
            .env("RAYON_NUM_THREADS", threads.to_string())
            .arg("model"),
    )?;
    anyhow::ensure!(
        out.code == Some(0),
        "candle measurement failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout)?;
    Ok(CandleFigures {
        prefill: size_rate_pairs(&v["prefill"]),
        decode: v["decode"].as_f64().unwrap_or(f64::NAN),
        batched: size_rate_pairs(&v["batched"]),
        peak_rss: out.peak_rss,
    })
}

/// The child's `[[size, tokens/s], …]` lists (prompt length or sequences).
fn size_rate_pairs(v: &serde_json::Value) -> Vec<(usize, f64)> {
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| Some((r[0].as_u64()? as usize, r[1].as_f64()?)))
        .collect()
}

const CHILD_ENV: &str = "PORTOLAN_BENCH_CHILD_MODEL";

/// Threads of the pools the kernels run on (rayon's: `RAYON_NUM_THREADS`
/// or one per core).
fn pool_threads() -> usize {
    std::env::var("RAYON_NUM_THREADS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// `portolan-bench kernels`.
fn kernels(rows: usize, reps: usize) -> anyhow::Result<()> {
    portolan_model::threads::configure(0);
    let figures = kernel_bench::int8_kernels(rows, reps)
        .context("this CPU has neither AVX-512 VNNI nor AVX2: no int8 kernel to measure")?;
    println!(
        "int8 kernels ({:?}, {} threads, {rows} rows, median of {reps})",
        portolan_model::int8::isa(),
        pool_threads()
    );
    println!(
        "{:<6} {:>6} {:>6} {:>9} {:>8}",
        "format", "out", "in", "ms", "GMAC/s"
    );
    for f in figures {
        println!(
            "{:<6} {:>6} {:>6} {:>9.2} {:>8.0}",
            f.format, f.out_dim, f.in_dim, f.ms, f.gmacs
        );
    }
    Ok(())
}

/// Questions of the kind the server embeds, Chinese and English.
const QUERIES: [&str; 8] = [
    "进口冻牛肉需要办理哪些检疫手续和许可证？",
    "出口两用物项是不是一定要许可？",
    "暂时进境的展览品最长可以留多久？",
    "报关单申报不实会受到什么处罚？",
    "What documents does an exporter need to claim RCEP preferential tariff treatment?",
    "Can customs charge import processing fees as a percentage of the goods' value?",
    "How long can a CPTPP transitional safeguard measure last?",
    "Which date's tariff rate applies to goods imported into China?",
];

/// `portolan-bench embed`.
fn embed(batches: &[usize], queries: usize) -> anyhow::Result<()> {
    portolan_model::threads::configure(0);
    let name = portolan_server::config::DEFAULT_EMBEDDER;
    let dir = ModelHome::from_env().resolve(name)?;
    let embedder =
        portolan_model::SentenceEmbedder::load(&dir, 512, portolan_model::EncoderPrecision::Q8)?;
    // Distinct texts, as a query-vector cache would see them.
    let texts: Vec<String> = (0..queries.max(1))
        .map(|i| format!("{} ({i})", QUERIES[i % QUERIES.len()]))
        .collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    println!(
        "query embedding ({name}, int8, {} threads, {} queries per batch size)",
        pool_threads(),
        refs.len()
    );
    println!("{:>5} {:>10} {:>10}", "batch", "ms/query", "queries/s");
    for &b in batches {
        let ms = kernel_bench::query_embedding(&embedder, &refs, b)?;
        println!("{b:>5} {ms:>10.1} {:>10.0}", 1e3 / ms);
    }
    Ok(())
}

/// The child side: load the model, measure, print JSON on stdout.
fn candle_child(path: PathBuf) -> anyhow::Result<()> {
    let env_num = |k: &str| -> anyhow::Result<usize> { Ok(std::env::var(k)?.parse()?) };
    let lens: Vec<usize> = std::env::var("PORTOLAN_BENCH_LENS")?
        .split(',')
        .map(str::parse)
        .collect::<Result<_, _>>()?;
    let (gen, reps) = (
        env_num("PORTOLAN_BENCH_GEN")?,
        env_num("PORTOLAN_BENCH_REPS")?,
    );
    let model = LanguageModel::load(&path)?;
    let mut prefill = Vec::new();
    for &p in &lens {
        prefill.push((p, model_bench::prefill(&model, p, reps)?.tokens_per_s));
    }
    let decode = model_bench::decode(&model, gen, reps)?.tokens_per_s;
    let mut batched = Vec::new();
    for p in std::env::var("PORTOLAN_BENCH_PARALLEL")?
        .split(',')
        .filter(|p| !p.is_empty())
    {
        let b: usize = p.parse()?;
        let rate = model_bench::decode_batched(&model, b, BATCH_PROMPT, gen, reps)?;
        batched.push((b, rate.tokens_per_s));
    }
    println!(
        "{}",
        json!({"prefill": prefill, "decode": decode, "batched": batched})
    );
    Ok(())
}
