//! Subcommands of the `portolan` binary.

mod ask;
mod brief;
mod classify;
mod embed;
mod generate;
mod index;
mod models;
mod search;
mod serve;

use clap::{Parser, Subcommand};
use portolan_server::config::Config;

/// Portolan: a locally hosted trade-and-shipping language model.
#[derive(Debug, Parser)]
#[command(name = "portolan", version, about)]
pub struct Cli {
    #[command(flatten)]
    pub config: Config,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Fetch, verify and list models.
    #[command(subcommand)]
    Models(models::ModelsCommand),
    /// Generate an answer to one prompt, streaming it to standard output.
    Generate(generate::GenerateArgs),
    /// Ask a policy or regulation question; the answer cites the provisions it rests on.
    Ask(ask::AskArgs),
    /// Ask questions in a conversation (follow-ups allowed; an empty line or Ctrl-D ends).
    Chat,
    /// Print the embedding of a text as JSON.
    Embed(embed::EmbedArgs),
    /// Build the search index of the knowledge bundle.
    #[command(subcommand)]
    Index(index::IndexCommand),
    /// Suggest HS codes for a goods description.
    Classify(classify::ClassifyArgs),
    /// Write a trade-trend briefing: computed facts, findings, chart and a
    /// number-checked narrative.
    Brief(brief::BriefArgs),
    /// Load or check one's own trade statistics (long-format CSV).
    #[command(subcommand)]
    Trade(brief::TradeCommand),
    /// Search the knowledge base (hybrid BM25 + vectors).
    Search(search::SearchArgs),
    /// Serve the HTTP API and the web chat page (builds the index and pulls
    /// the models on first start).
    Serve(serve::ServeArgs),
    /// Create, list and revoke API keys.
    #[command(subcommand)]
    Keys(serve::KeysCommand),
    /// `portolan eval …`, `portolan bench …` and `portolan train …` run the
    /// `portolan-eval`, `portolan-bench` and `portolan-train` binaries
    /// installed beside this one (those crates depend on the services, not
    /// the other way round).
    #[command(external_subcommand)]
    External(Vec<String>),
}

pub fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Models(cmd) => models::run(&cli.config, cmd),
        Command::Generate(args) => generate::generate(&cli.config, args),
        Command::Ask(args) => ask::ask(&cli.config, args),
        Command::Chat => ask::chat(&cli.config),
        Command::Embed(args) => embed::run(&cli.config, args),
        Command::Index(cmd) => index::run(&cli.config, cmd),
        Command::Search(args) => search::run(&cli.config, args),
        Command::Brief(args) => brief::brief(&cli.config, args),
        Command::Trade(cmd) => brief::trade(&cli.config, cmd),
        Command::Classify(args) => classify::run(&cli.config, args),
        Command::Serve(args) => serve::serve(&cli.config, args),
        Command::Keys(cmd) => serve::keys(&cli.config, cmd),
        Command::External(args) => external(args),
    }
}

/// Writes a piece of streamed text to standard output. A closed pipe (e.g.
/// `| head`) returns `false`, which ends generation instead of erroring.
fn print_piece(piece: &str) -> bool {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    out.write_all(piece.as_bytes())
        .and_then(|_| out.flush())
        .is_ok()
}

fn external(args: Vec<String>) -> anyhow::Result<()> {
    let Some((name, rest)) = args.split_first() else {
        anyhow::bail!("no subcommand");
    };
    if !matches!(name.as_str(), "eval" | "bench" | "train") {
        anyhow::bail!("unknown subcommand {name:?} (see `portolan --help`)");
    }
    let exe = std::env::current_exe()?;
    let sibling = exe.with_file_name(format!("portolan-{name}"));
    if !sibling.exists() {
        anyhow::bail!(
            "{} not found: build it with `cargo build --release --workspace`",
            sibling.display()
        );
    }
    // The sibling links the services' library: a build of `portolan` alone
    // leaves it running the services as they were (an evaluation of code
    // that is no longer there). Within one build both binaries link after
    // the library, in either order, so the library is what it must not
    // predate; installed binaries have no library beside them to compare.
    if let Some(library) = services_library(&exe) {
        if built_before(&sibling, &library) {
            tracing::warn!(
                "{} was built before the services' library {}: it may not have their \
                 current code (rebuild both with `cargo build --release --workspace`)",
                sibling.display(),
                library.display()
            );
        }
    }
    let status = std::process::Command::new(&sibling).args(rest).status()?;
    std::process::exit(status.code().unwrap_or(1));
}

/// The services' library as cargo last compiled it beside `exe`
/// (`deps/libportolan_server-HASH.rlib`, the newest if there are several).
fn services_library(exe: &std::path::Path) -> Option<std::path::PathBuf> {
    let deps = exe.parent()?.join("deps");
    std::fs::read_dir(deps)
        .ok()?
        .filter_map(Result::ok)
        .filter(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            name.starts_with("libportolan_server-") && name.ends_with(".rlib")
        })
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .max()
        .map(|(_, path)| path)
}

/// `a` was last written before `b` (false when either time is unknown).
fn built_before(a: &std::path::Path, b: &std::path::Path) -> bool {
    let modified = |p: &std::path::Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    matches!((modified(a), modified(b)), (Some(x), Some(y)) if x < y)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, SystemTime};

    #[test]
    fn a_sibling_built_before_portolan_is_noticed() {
        let dir = tempfile::tempdir().unwrap();
        let (eval, main) = (
            dir.path().join("portolan-eval"),
            dir.path().join("portolan"),
        );
        let now = SystemTime::now();
        for (path, age) in [(&eval, 60), (&main, 0)] {
            let f = std::fs::File::create(path).unwrap();
            f.set_modified(now - Duration::from_secs(age)).unwrap();
        }
        assert!(built_before(&eval, &main));
        assert!(!built_before(&main, &eval));
        assert!(!built_before(&dir.path().join("missing"), &main));
    }

    #[test]
    fn the_newest_services_library_beside_the_binary_is_found() {
        let dir = tempfile::tempdir().unwrap();
        let exe = dir.path().join("portolan");
        assert_eq!(services_library(&exe), None);
        let deps = dir.path().join("deps");
        std::fs::create_dir(&deps).unwrap();
        let now = SystemTime::now();
        for (name, age) in [
            ("libportolan_server-aaaa.rlib", 60),
            ("libportolan_server-bbbb.rlib", 0),
            ("libportolan_server-cccc.rmeta", 0),
            ("libportolan_model-dddd.rlib", 0),
        ] {
            let f = std::fs::File::create(deps.join(name)).unwrap();
            f.set_modified(now - Duration::from_secs(age)).unwrap();
        }
        assert_eq!(
            services_library(&exe),
            Some(deps.join("libportolan_server-bbbb.rlib"))
        );
    }
}
