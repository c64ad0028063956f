//! Subcommands of the `portolan` binary.

mod embed;
mod generate;
mod models;

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
    /// Talk to the model interactively (an empty line or Ctrl-D ends).
    Chat(generate::ChatArgs),
    /// Print the embedding of a text as JSON.
    Embed(embed::EmbedArgs),
}

pub fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Models(cmd) => models::run(&cli.config, cmd),
        Command::Generate(args) => generate::generate(&cli.config, args),
        Command::Chat(args) => generate::chat(&cli.config, args),
        Command::Embed(args) => embed::run(&cli.config, args),
    }
}
