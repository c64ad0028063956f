//! `portolan index …`

use clap::Subcommand;
use portolan_corpus::Bundle;
use portolan_retrieval::indexer;
use portolan_server::{config::Config, knowledge};

#[derive(Debug, Subcommand)]
pub enum IndexCommand {
    /// Parse the bundle and build the search index (vectors already computed are reused).
    Build,
}

pub fn run(config: &Config, cmd: IndexCommand) -> anyhow::Result<()> {
    match cmd {
        IndexCommand::Build => {
            let bundle = Bundle::open(config.data_dir())?;
            let (embedder, id) = knowledge::embedder(config)?;
            let report = indexer::build(
                &knowledge::index_root(config),
                &bundle,
                embedder.as_ref(),
                &id,
            )?;
            eprintln!(
                "indexed {} chunks, {} vectors ({} embedded, {} reused) in {:.1}s (parse {:.1}s, full-text {:.1}s, embed {:.1}s)",
                report.chunks, report.vectors, report.embedded, report.reused, report.total_seconds,
                report.parse_seconds, report.lexical_seconds, report.embed_seconds
            );
        }
    }
    Ok(())
}
