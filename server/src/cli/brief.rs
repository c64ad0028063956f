//! `portolan brief` and `portolan trade`: trade-trend briefings, and
//! loading one's own statistics for them.

use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, Subcommand};
use portolan_corpus::trade::Month;
use portolan_server::briefing::{BriefLang, BriefRequest, BriefScope, Format};
use portolan_server::{config::Config, knowledge};

#[derive(Debug, Args)]
pub struct BriefArgs {
    /// What to brief on: a pair (`china-us`, `china-japan`, `中韩`, `CHN-USA`)
    /// or one country across its partners (`china`).
    #[arg(long)]
    topic: String,
    /// The month (YYYY-MM) [default: the latest with data].
    #[arg(long)]
    period: Option<Month>,
    /// Language: zh or en.
    #[arg(long, default_value = "en", value_parser = parse_lang)]
    lang: BriefLang,
    /// Output format.
    #[arg(long, value_enum, default_value = "md")]
    format: Format,
    /// Facts, findings and chart only: no model narrative.
    #[arg(long)]
    no_narrative: bool,
    /// Restrict chapter data to these HS chapters (repeatable).
    #[arg(long = "hs")]
    hs_chapters: Vec<String>,
    /// Restrict a country's partners to these (ISO alpha-3; repeatable).
    #[arg(long = "partner")]
    partners: Vec<String>,
    /// Report these currencies' rates (repeatable) [default: CNY, the data's, EUR].
    #[arg(long = "currency")]
    currencies: Vec<String>,
    /// Write here instead of standard output.
    #[arg(long)]
    out: Option<PathBuf>,
}

pub fn parse_lang(s: &str) -> Result<BriefLang, String> {
    match s {
        "zh" => Ok(BriefLang::Zh),
        "en" => Ok(BriefLang::En),
        other => Err(format!("{other:?}: use zh or en")),
    }
}

pub fn brief(config: &Config, args: BriefArgs) -> anyhow::Result<()> {
    let model = if args.no_narrative {
        None
    } else {
        Some(knowledge::language_model(config)? as std::sync::Arc<dyn portolan_model::Generator>)
    };
    // Policy context needs only words: the lexical index, when built.
    let searcher = knowledge::searcher(config, true)
        .ok()
        .map(std::sync::Arc::new);
    let briefer = knowledge::briefer(config, model, searcher)?;
    let request = BriefRequest {
        topic: args.topic,
        period: args.period,
        lang: args.lang,
        scope: BriefScope {
            hs_chapters: args.hs_chapters,
            partners: args.partners.iter().map(|p| p.to_uppercase()).collect(),
            currencies: args.currencies.iter().map(|c| c.to_uppercase()).collect(),
        },
        narrate: !args.no_narrative,
    };
    let briefing = briefer.brief(&request)?;
    let text = briefing.render(args.format);
    match &args.out {
        Some(path) => {
            std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))?
        }
        None => println!("{text}"),
    }
    let check = &briefing.number_check;
    if !check.dropped.is_empty() {
        eprintln!(
            "number check: dropped {} sentence(s) stating figures not in the facts table: {}",
            check.dropped.len(),
            check.untraced.join(", ")
        );
    }
    eprintln!("({:.1} s)", briefing.seconds);
    Ok(())
}

#[derive(Debug, Subcommand)]
pub enum TradeCommand {
    /// Validate a long-format CSV (period,reporter,partner,flow,hs,value,currency,quantity,unit)
    /// and add it to the data briefings use. Any bad row refuses the whole file.
    Load {
        /// The CSV file.
        file: PathBuf,
    },
    /// Validate a long-format CSV without loading it.
    Check {
        /// The CSV file.
        file: PathBuf,
    },
}

pub fn trade(config: &Config, cmd: TradeCommand) -> anyhow::Result<()> {
    let (file, load) = match &cmd {
        TradeCommand::Load { file } => (file, true),
        TradeCommand::Check { file } => (file, false),
    };
    let text =
        std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let briefer = knowledge::briefer(config, None, None)?;
    if load {
        let rows = briefer.add_data(&name, &text)?;
        println!("{rows} rows loaded into {}", config.trade_dir().display());
    } else {
        let mut store = (*briefer.store()).clone();
        let rows = store.add_user_file(&name, &text)?;
        println!("{rows} rows valid");
    }
    Ok(())
}
