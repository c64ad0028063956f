//! `portolan embed`

use clap::Args;
use portolan_model::{EmbedKind, Embedder, EncoderPrecision, SentenceEmbedder};
use portolan_server::config::Config;

#[derive(Debug, Args)]
pub struct EmbedArgs {
    /// Texts to embed.
    #[arg(required = true)]
    texts: Vec<String>,
    /// Embed as documents (passages) instead of queries.
    #[arg(long)]
    document: bool,
    /// Longest input in tokens; longer inputs are cut.
    #[arg(long, default_value_t = 512)]
    max_tokens: usize,
    /// Use the published f32 weights instead of the Q8 ones the index uses.
    #[arg(long)]
    f32: bool,
}

pub fn run(config: &Config, args: EmbedArgs) -> anyhow::Result<()> {
    let dir = config.model_home().resolve(&config.embedder)?;
    let precision = if args.f32 {
        EncoderPrecision::F32
    } else {
        EncoderPrecision::Q8
    };
    let embedder = SentenceEmbedder::load(&dir, args.max_tokens, precision)?;
    let kind = if args.document {
        EmbedKind::Document
    } else {
        EmbedKind::Query
    };
    let texts: Vec<&str> = args.texts.iter().map(String::as_str).collect();
    for (text, v) in texts.iter().zip(embedder.embed(&texts, kind)?) {
        println!(
            "{}",
            serde_json::json!({"text": text, "dimension": v.len(), "embedding": v})
        );
    }
    Ok(())
}
