//! Trade-trend briefings: what moved in a pair of countries' trade (or one
//! country's trade across its partners) in a month, computed from the trade
//! store and narrated by the model.
//!
//! The split of work is the point: every figure is computed in code
//! ([`analytics`]) into a facts table ([`facts`]); the headline and bullets
//! are written from that table by template; the model only narrates it
//! ([`narrative`]), and a number check ([`numbers`]) drops any sentence
//! whose figures are not in the table. A briefing cites the data rows its
//! facts rest on and, for context, policy passages that name the partner
//! and were in force by the period.
//!
//! Subscriptions and their scheduled delivery live in [`subscriptions`].

pub mod analytics;
mod bilateral;
pub mod chart;
pub mod draft;
pub mod facts;
pub mod narrative;
pub mod numbers;
mod partners;
mod render;
pub mod subjects;
pub mod subscriptions;
pub mod topic;

use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::Instant;

use portolan_corpus::trade::{Month, TradeError, TradeStore};
use portolan_corpus::DocType;
use portolan_model::Generator;
use portolan_retrieval::{Filter, Mode, Searcher};
use serde::Serialize;

pub use draft::{BriefCitation, BriefLang};
pub use facts::Fact;
pub use narrative::NumberCheck;
pub use render::Format;
pub use topic::Topic;

use crate::excerpt::excerpt;

/// Errors of the briefing service.
#[derive(Debug, thiserror::Error)]
pub enum BriefError {
    /// The topic names nothing the data covers.
    #[error("unknown topic {0:?}; the data covers: {1}")]
    UnknownTopic(String, String),
    /// The data has no figures for the period.
    #[error("no data for {period}{}", latest.map(|m| format!("; the latest month with data is {m}")).unwrap_or_default())]
    NoPeriod {
        /// Requested month.
        period: Month,
        /// The latest month the topic has.
        latest: Option<Month>,
    },
    /// The data cannot support the briefing asked for.
    #[error("no usable data: {0}")]
    NoData(String),
    /// Trade data could not be loaded.
    #[error(transparent)]
    Trade(#[from] TradeError),
    /// The narrative could not be generated.
    #[error("narrative: {0}")]
    Model(portolan_model::ModelError),
    /// Writing user data failed.
    #[error("storing trade data: {0}")]
    Io(#[from] std::io::Error),
}

/// Narrowing of a topic: HS chapters, partners, currencies to report.
#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize)]
pub struct BriefScope {
    /// HS chapters (2 digits) to restrict chapter data to.
    #[serde(default)]
    pub hs_chapters: Vec<String>,
    /// Partners (ISO alpha-3) to restrict a multi-partner topic to.
    #[serde(default)]
    pub partners: Vec<String>,
    /// Currencies whose rates to report (default: CNY, the data's currency, EUR).
    #[serde(default)]
    pub currencies: Vec<String>,
}

/// What to brief on.
#[derive(Debug, Clone)]
pub struct BriefRequest {
    /// `china-us`, `中美`, `CHN-USA`, `china`, …
    pub topic: String,
    /// The month; the latest with data when `None`.
    pub period: Option<Month>,
    /// Language.
    pub lang: BriefLang,
    /// Narrowing.
    pub scope: BriefScope,
    /// Whether the model writes a narrative (facts, bullets and chart are always there).
    pub narrate: bool,
}

/// A briefing.
#[derive(Debug, Clone, Serialize)]
pub struct Briefing {
    /// Topic slug (`usa-chn`).
    pub topic: String,
    /// Title.
    pub title: String,
    /// The month.
    pub period: Month,
    /// Language.
    pub lang: BriefLang,
    /// One line.
    pub headline: String,
    /// What the figures are: which side reports them, conversions made.
    pub notes: Vec<String>,
    /// 3–6 findings.
    pub bullets: Vec<String>,
    /// The model's narrative, number-checked (empty without a model).
    pub narrative: String,
    /// What the number check did.
    pub number_check: NumberCheck,
    /// Every computed figure.
    pub facts: Vec<Fact>,
    /// The chart (SVG).
    pub chart_svg: String,
    /// Data rows and policy passages.
    pub citations: Vec<BriefCitation>,
    /// Seconds to produce it.
    pub seconds: f64,
}

/// The briefing service.
pub struct Briefer {
    store: RwLock<Arc<TradeStore>>,
    user_dir: Option<PathBuf>,
    model: Option<Arc<dyn Generator>>,
    searcher: Option<Arc<Searcher>>,
    template: String,
}

impl Briefer {
    /// A service over `store`; users' files are kept in `user_dir` (if any).
    pub fn new(store: TradeStore, user_dir: Option<PathBuf>, template: String) -> Self {
        Self {
            store: RwLock::new(Arc::new(store)),
            user_dir,
            model: None,
            searcher: None,
            template,
        }
    }

    /// Narrates with `model`.
    pub fn with_model(mut self, model: Arc<dyn Generator>) -> Self {
        self.model = Some(model);
        self
    }

    /// Retrieves policy context with `searcher`.
    pub fn with_searcher(mut self, searcher: Arc<Searcher>) -> Self {
        self.searcher = Some(searcher);
        self
    }

    /// The current data.
    pub fn store(&self) -> Arc<TradeStore> {
        self.store.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Validates a long-format file and, if all of it is good, stores it in
    /// the user folder and adds it to the data; on any bad row nothing is
    /// written or added. Returns the number of rows added.
    pub fn add_data(&self, name: &str, text: &str) -> Result<usize, BriefError> {
        let safe = !name.is_empty()
            && name.len() <= 100
            && name.ends_with(".csv")
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
            && !name.starts_with('.');
        if !safe {
            return Err(BriefError::NoData(format!(
                "file name {name:?}: use letters, digits, - _ . and end in .csv"
            )));
        }
        let mut guard = self.store.write().unwrap_or_else(|e| e.into_inner());
        let mut next = (**guard).clone();
        let rows = next.add_user_file(name, text)?;
        if let Some(dir) = &self.user_dir {
            std::fs::create_dir_all(dir)?;
            let target = dir.join(name);
            if target.exists() {
                return Err(BriefError::NoData(format!(
                    "{name} is already loaded; upload new months under a new name"
                )));
            }
            let tmp = dir.join(format!(".{name}.tmp"));
            std::fs::write(&tmp, text)?;
            std::fs::rename(&tmp, &target)?;
        }
        *guard = Arc::new(next);
        Ok(rows)
    }

    /// The latest month `topic` has data for.
    pub fn latest(&self, topic: &str) -> Result<Option<Month>, BriefError> {
        let store = self.store();
        let topic = Topic::resolve(topic, &store)?;
        Ok(store.latest(|k| topic.covers(k)))
    }

    /// Writes a briefing.
    pub fn brief(&self, request: &BriefRequest) -> Result<Briefing, BriefError> {
        let started = Instant::now();
        let store = self.store();
        let topic = Topic::resolve(&request.topic, &store)?;
        let period = match request.period {
            Some(p) => p,
            None => store
                .latest(|k| topic.covers(k))
                .ok_or_else(|| BriefError::NoData(request.topic.clone()))?,
        };
        let lang = request.lang;
        let mut draft = match &topic {
            Topic::Bilateral { reporter, partner } => {
                bilateral::draft(&store, reporter, partner, period, &request.scope, lang)?
            }
            Topic::Partners { focus } => {
                partners::draft(&store, focus, period, &request.scope, lang)?
            }
        };
        let title = format!("{} · {}", topic.title(lang.zh()), lang.month(period));
        let chart_svg = chart::svg(&title, &draft.chart_unit, &draft.chart, period);
        draft
            .citations
            .extend(self.policy_context(&topic, period, lang));
        let window = numbers::Window {
            years: draft.window_start.map_or(period.year(), |m| m.year())..=period.year(),
            partners: matches!(topic, Topic::Partners { .. }),
        };
        let findings = format!("{}\n{}", draft.headline, draft.bullets.join("\n"));
        let (narrative, number_check) = match (&self.model, request.narrate) {
            (Some(model), true) => {
                let context = format!("{}: {}", lang.pick("主题", "Topic"), title);
                narrative::narrate(
                    model.as_ref(),
                    &self.template,
                    &context,
                    &findings,
                    &draft.facts,
                    &window,
                    lang,
                )?
            }
            _ => (String::new(), NumberCheck::default()),
        };
        Ok(Briefing {
            topic: topic.slug(),
            title,
            period,
            lang,
            headline: draft.headline,
            notes: draft.notes,
            bullets: draft.bullets,
            narrative,
            number_check,
            facts: draft.facts.facts().to_vec(),
            chart_svg,
            citations: draft.citations,
            seconds: started.elapsed().as_secs_f64(),
        })
    }

    /// Announcements and interpretations in force by the end of `period`
    /// that name a partner of the topic: context for the reader, not a
    /// source of figures (the model is not shown them).
    fn policy_context(&self, topic: &Topic, period: Month, lang: BriefLang) -> Vec<BriefCitation> {
        let Some(searcher) = &self.searcher else {
            return Vec::new();
        };
        let countries: Vec<String> = match topic {
            Topic::Bilateral { reporter, partner } => [reporter, partner]
                .into_iter()
                .filter(|c| c.as_str() != "CHN")
                .map(|c| topic::country_name(c, true))
                .collect(),
            Topic::Partners { .. } => Vec::new(),
        };
        if countries.is_empty() {
            return Vec::new();
        }
        let query = format!(
            "{} 进出口 贸易 关税 原产地 {}",
            countries.join(" "),
            lang.pick("公告", "announcement")
        );
        let filter = Filter {
            doc_types: vec![DocType::Announcement, DocType::Interpretation],
            ..Filter::default()
        };
        let end = format!("{}-31", period);
        let Ok(hits) = searcher.search(&query, 20, &filter, Mode::Lexical) else {
            return Vec::new();
        };
        hits.into_iter()
            .filter(|h| {
                countries.iter().any(|c| {
                    h.chunk.text.contains(c.as_str()) || h.chunk.title.contains(c.as_str())
                })
            })
            .filter(|h| {
                h.chunk
                    .effective_date
                    .as_deref()
                    .is_none_or(|d| d <= end.as_str())
            })
            .take(2)
            .map(|h| BriefCitation {
                kind: "policy",
                doc: h.chunk.doc.clone(),
                locator: h.chunk.locator.clone(),
                quote: excerpt(&h.chunk.text, 160),
            })
            .collect()
    }
}
