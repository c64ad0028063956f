//! `portolan generate`: the bare model, without retrieval.
use clap::Args;
use portolan_model::{ChatMessage, Generator, LanguageModel, Role, SamplingParams};
use portolan_server::{config::Config, prompts};

#[derive(Debug, Clone, Args)]
pub struct Sampling {
    /// Sampling temperature (0 = greedy).
    #[arg(long, default_value_t = 0.0)]
    temperature: f64,
    /// Nucleus sampling mass (1 = off).
    #[arg(long, default_value_t = 1.0)]
    top_p: f64,
    /// Keep the k most likely tokens (0 = off).
    #[arg(long, default_value_t = 0)]
    top_k: usize,
    /// Penalty on tokens already present (1 = off).
    #[arg(long, default_value_t = 1.05)]
    repetition_penalty: f32,
    /// Random seed for sampling.
    #[arg(long, default_value_t = 299_792_458)]
    seed: u64,
    /// Maximum tokens to generate.
    #[arg(long, default_value_t = 512)]
    max_tokens: usize,
    /// Stop before this string (repeatable).
    #[arg(long)]
    stop: Vec<String>,
}

impl Sampling {
    fn params(&self) -> SamplingParams {
        SamplingParams {
            temperature: self.temperature,
            top_p: self.top_p,
            top_k: self.top_k,
            repetition_penalty: self.repetition_penalty,
            seed: self.seed,
            max_tokens: self.max_tokens,
            stop: self.stop.clone(),
            ..SamplingParams::default()
        }
    }
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// The prompt.
    prompt: String,
    /// Send the prompt as is, without the chat template and system prompt.
    #[arg(long)]
    raw: bool,
    /// Print token counts and timings to standard error.
    #[arg(long)]
    stats: bool,
    #[command(flatten)]
    sampling: Sampling,
}

fn load(config: &Config) -> anyhow::Result<LanguageModel> {
    let path = config.model_home().resolve(&config.model)?;
    Ok(LanguageModel::load(&path)?)
}

fn system_prompt(config: &Config) -> String {
    prompts::load(config.model_home().root(), "system.md").unwrap_or_default()
}

pub fn generate(config: &Config, args: GenerateArgs) -> anyhow::Result<()> {
    let model = load(config)?;
    let params = args.sampling.params();
    let done = if args.raw {
        model.complete(&args.prompt, &params, &mut super::print_piece)?
    } else {
        let messages = [
            ChatMessage::new(Role::System, system_prompt(config)),
            ChatMessage::new(Role::User, args.prompt),
        ];
        model.chat(&messages, &params, &mut super::print_piece)?
    };
    println!();
    if args.stats {
        eprintln!(
            "prompt {} tokens, generated {} tokens, first token {:.2}s, total {:.2}s ({:.1} tok/s)",
            done.prompt_tokens,
            done.completion_tokens,
            done.time_to_first_token,
            done.total_time,
            done.completion_tokens as f64 / (done.total_time - done.time_to_first_token).max(1e-9)
        );
    }
    Ok(())
}
