//! `portolan index …`

use clap::Subcommand;
use portolan_retrieval::indexer;
use portolan_server::{config::Config, knowledge};

#[derive(Debug, Subcommand)]
pub enum IndexCommand {
    /// Parse the bundle and build the search index (vectors already computed are reused).
    Build,
    /// Re-index single documents of the bundle in place: added or replaced
    /// files are (re)read, files no longer in the bundle are removed.
    Update {
        /// Document paths relative to the bundle root, e.g. `regulations/cn-law/关税法(2024-04-26).md`.
        #[arg(required = true)]
        docs: Vec<String>,
    },
}

pub fn run(config: &Config, cmd: IndexCommand) -> anyhow::Result<()> {
    match cmd {
        IndexCommand::Build => {
            let bundle = config.bundle()?;
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
        IndexCommand::Update { docs } => {
            let bundle = config.bundle()?;
            let (embedder, id) = knowledge::embedder(config)?;
            let root = knowledge::index_root(config);
            let r = indexer::update_documents(&root, &bundle, embedder.as_ref(), &id, &docs)?;
            if let Some(mut q) = knowledge::qdrant(config, embedder.dimension())? {
                indexer::push_vectors(&root, embedder.dimension(), &mut q, &r.removed_vectors)?;
            }
            eprintln!(
                "re-indexed {} document(s): {} chunks removed, {} added, {} vectors computed, in {:.2}s",
                r.documents.len(), r.removed, r.added, r.embedded, r.seconds
            );
        }
    }
    Ok(())
}
