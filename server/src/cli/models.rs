//! `portolan models …`

use clap::Subcommand;
use portolan_model::acquire::{self, ModelKind};
use portolan_server::config::{Config, DEFAULT_EMBEDDER, DEFAULT_MODEL, SMALL_MODEL};

#[derive(Debug, Subcommand)]
pub enum ModelsCommand {
    /// Fetch, verify and assemble catalogue models into the model home
    /// (resumable; a no-op for models already present).
    Pull {
        /// Models to pull [default: the default generator, the small generator and the embedder].
        names: Vec<String>,
        /// Fetch again even if present.
        #[arg(long)]
        force: bool,
    },
    /// List the catalogue and what is present locally.
    List,
}

pub fn run(config: &Config, cmd: ModelsCommand) -> anyhow::Result<()> {
    let home = config.model_home();
    match cmd {
        ModelsCommand::Pull { names, force } => {
            let names = if names.is_empty() {
                vec![
                    DEFAULT_MODEL.into(),
                    SMALL_MODEL.into(),
                    DEFAULT_EMBEDDER.into(),
                ]
            } else {
                names
            };
            for name in names {
                let model = acquire::catalog::find(&name).ok_or_else(|| {
                    anyhow::anyhow!(
                        "{name:?} is not a catalogue model (see `portolan models list`)"
                    )
                })?;
                let path = home.pull(&model, force)?;
                println!("{name}\t{}", path.display());
            }
        }
        ModelsCommand::List => {
            for m in acquire::catalog() {
                let kind = match m.kind {
                    ModelKind::Generator => "generator",
                    ModelKind::Embedder => "embedder",
                };
                let state = if home.is_present(m.name) {
                    "present"
                } else {
                    "not pulled"
                };
                println!("{:<30} {:<10} {:<12} {}", m.name, kind, state, m.licence);
            }
        }
    }
    Ok(())
}
