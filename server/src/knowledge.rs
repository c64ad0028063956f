//! Opening the knowledge base: the embedder and the searcher over the
//! current index generation, as every service and command needs them.

use std::sync::Arc;

use portolan_model::{
    BatchedGenerator, Embedder, EncoderPrecision, Generator, LanguageModel, SentenceEmbedder,
};
use portolan_retrieval::vector::qdrant::QdrantStore;
use portolan_retrieval::{IndexRoot, Searcher};

use crate::ask::{Asker, CountryNames, RefusalGate};
use crate::briefing::Briefer;
use crate::classify::{Classifier, LabelledExamples};
use crate::config::Config;
use crate::http::Late;
use crate::prompts;

/// Errors opening the knowledge base.
#[derive(Debug, thiserror::Error)]
pub enum KnowledgeError {
    /// The embedder could not be acquired or loaded.
    #[error(transparent)]
    Model(#[from] portolan_model::ModelError),
    /// The index could not be opened.
    #[error(transparent)]
    Retrieval(#[from] portolan_retrieval::RetrievalError),
    /// The bundle could not be read.
    #[error(transparent)]
    Corpus(#[from] portolan_corpus::CorpusError),
    /// The classifier could not be set up.
    #[error(transparent)]
    Classify(#[from] crate::classify::ClassifyError),
    /// Trade data could not be loaded.
    #[error(transparent)]
    Trade(#[from] portolan_corpus::trade::TradeError),
    /// The subscription store could not be opened.
    #[error("subscriptions: {0}")]
    Subscriptions(String),
}

/// The embedder as the index uses it, and the identity its vectors are cached under.
pub fn embedder(config: &Config) -> Result<(Arc<dyn Embedder>, String), KnowledgeError> {
    let dir = config.model_home().resolve(&config.embedder)?;
    // Index and queries must use the same precision and input cap.
    let precision = EncoderPrecision::Q8;
    let model = SentenceEmbedder::load(&dir, config.embed_tokens, precision)?;
    let id = format!(
        "{}|{}|{}",
        config.embedder,
        precision.cache_tag(),
        config.embed_tokens
    );
    Ok((Arc::new(model), id))
}

/// The index root of this configuration.
pub fn index_root(config: &Config) -> IndexRoot {
    IndexRoot::new(config.index_dir())
}

/// The Qdrant collection of this configuration, if one is configured.
pub fn qdrant(config: &Config, dim: usize) -> Result<Option<QdrantStore>, KnowledgeError> {
    match &config.qdrant_url {
        None => Ok(None),
        Some(url) => Ok(Some(QdrantStore::connect(
            url,
            config.qdrant_api_key.clone(),
            &config.qdrant_collection,
            dim,
        )?)),
    }
}

/// A searcher over the current generation, with dense search unless
/// `lexical_only`; vectors come from Qdrant when one is configured.
pub fn searcher(config: &Config, lexical_only: bool) -> Result<Searcher, KnowledgeError> {
    if lexical_only {
        return Ok(Searcher::open(&index_root(config), None)?);
    }
    let (embedder, id) = embedder(config)?;
    dense_searcher(config, embedder, &id)
}

/// Builds the index when there is none yet: on a fresh machine the first
/// `portolan chat` sets itself up (once; see the README for the time).
fn ensure_index(config: &Config, embedder: &dyn Embedder, id: &str) -> Result<(), KnowledgeError> {
    let root = index_root(config);
    if root.current()?.is_none() {
        tracing::warn!(data = %config.data_dir().display(), "no search index yet: building it");
        eprintln!(
            "No search index yet: building it once (15 to 60 minutes on 2 cores, resumable)…"
        );
        let bundle = config.bundle()?;
        portolan_retrieval::indexer::build(&root, &bundle, embedder, id)?;
    }
    Ok(())
}

/// A searcher with dense search through `embedder` (identified by `id`),
/// building the index first if there is none.
fn dense_searcher(
    config: &Config,
    embedder: Arc<dyn Embedder>,
    id: &str,
) -> Result<Searcher, KnowledgeError> {
    ensure_index(config, embedder.as_ref(), id)?;
    match qdrant(config, embedder.dimension())? {
        Some(store) => Ok(Searcher::open_with_vectors(
            &index_root(config),
            embedder,
            Box::new(store),
        )?),
        None => Ok(Searcher::open(&index_root(config), Some(embedder))?),
    }
}

/// The classifier over the current index: words only when `lexical_only`,
/// else also meaning and the configured labelled examples (their vectors are
/// cached beside the index).
pub fn classifier(config: &Config, lexical_only: bool) -> Result<Classifier, KnowledgeError> {
    let bundle = config.bundle()?;
    if lexical_only {
        let searcher = searcher(config, true)?;
        return Ok(Classifier::new(
            searcher,
            &bundle,
            false,
            LabelledExamples::empty(),
        )?);
    }
    let (embedder, id) = embedder(config)?;
    let searcher = dense_searcher(config, embedder.clone(), &id)?;
    dense_classifier(config, searcher, &bundle, embedder.as_ref(), &id)
}

/// The classifier with dense search and the configured labelled examples
/// (their vectors cached beside the index).
fn dense_classifier(
    config: &Config,
    searcher: impl Into<Arc<Searcher>>,
    bundle: &portolan_corpus::Bundle,
    embedder: &dyn Embedder,
    id: &str,
) -> Result<Classifier, KnowledgeError> {
    let examples = LabelledExamples::load(
        &config.classify_example_files(),
        embedder,
        id,
        &config.index_dir().join("examples.cache"),
    )?;
    let tariff_lines = LabelledExamples::tariff_lines(
        bundle,
        embedder,
        id,
        &config.index_dir().join("tariff-lines.cache"),
    )?;
    Ok(Classifier::new(searcher, bundle, true, examples)?.with_tariff_lines(tariff_lines))
}

/// The Q&A service: hybrid search over the current index and the configured
/// generation model, with the prompt files of the model home.
pub fn asker(config: &Config) -> Result<Asker, KnowledgeError> {
    asker_with_model(config, language_model(config)?)
}

/// The Q&A service answering with `model` (already loaded, for a caller
/// that also needs it directly, as an evaluation counting prompt tokens).
pub fn asker_with_model(
    config: &Config,
    model: Arc<LanguageModel>,
) -> Result<Asker, KnowledgeError> {
    Ok(ask_service(
        config,
        Arc::new(searcher(config, false)?),
        model,
    ))
}

/// The Q&A service over `searcher` with `model`, its prompts and its refusal
/// policy as configured.
fn ask_service(config: &Config, searcher: Arc<Searcher>, model: Arc<dyn Generator>) -> Asker {
    let home = config.model_home();
    let system = prompts::load(home.root(), "system.md").unwrap_or_default();
    let mut rules = prompts::load(home.root(), "ask.md").unwrap_or_default();
    let gated = config.min_relevance > 0.0;
    if !gated {
        // Without the relevance gate the model decides refusals itself. With
        // it, the marker is not even mentioned: a model told of it and kept
        // from writing it wrote "YES_COVERED" instead.
        let refusal = prompts::load(home.root(), "ask-refusal.md").unwrap_or_default();
        rules = format!("{rules}\n{refusal}");
    }
    let countries = config
        .bundle()
        .and_then(|b| b.countries())
        .unwrap_or_else(|e| {
            tracing::warn!(error = %e, "country table not read: questions on other countries' rules are not checked");
            Vec::new()
        });
    let asker =
        Asker::new(searcher, model, system, rules).with_countries(CountryNames::new(countries));
    if gated {
        asker.with_refusal_gate(RefusalGate {
            min_relevance: config.min_relevance,
        })
    } else {
        asker
    }
}

/// The bundle's trade data and the user's own files.
pub fn trade_store(config: &Config) -> Result<portolan_corpus::trade::TradeStore, KnowledgeError> {
    let mut store = portolan_corpus::trade::TradeStore::load_bundle(&config.data_dir())?;
    store.load_user_dir(&config.trade_dir())?;
    Ok(store)
}

/// The briefing service over the trade data, narrating with `model` when
/// given, and citing policy context through `searcher` when given.
pub fn briefer(
    config: &Config,
    model: Option<Arc<dyn Generator>>,
    searcher: Option<Arc<Searcher>>,
) -> Result<Briefer, KnowledgeError> {
    let template = prompts::load(config.model_home().root(), "brief.md").unwrap_or_default();
    let mut briefer = Briefer::new(trade_store(config)?, Some(config.trade_dir()), template);
    if let Some(model) = model {
        briefer = briefer.with_model(model);
    }
    if let Some(searcher) = searcher {
        briefer = briefer.with_searcher(searcher);
    }
    Ok(briefer)
}

/// Loads the configured generation model, with the configured adapters attached.
pub fn language_model(config: &Config) -> Result<Arc<LanguageModel>, KnowledgeError> {
    let path = config.model_home().resolve(&config.model)?;
    let model = LanguageModel::load(&path)?;
    for adapter in &config.adapters {
        model.attach_adapter(adapter)?;
    }
    Ok(Arc::new(model))
}

/// Everything `portolan serve` exposes, sharing one embedder, one searcher
/// and one language model between the services (each is hundreds of MB).
/// Builds the index first when there is none. With `decode_batch` above 1,
/// up to that many concurrent generations are decoded together
/// ([`BatchedGenerator`]).
pub fn services(
    config: &Config,
    decode_batch: usize,
) -> Result<crate::http::Services, KnowledgeError> {
    let (embedder, id) = embedder(config)?;
    let searcher = Arc::new(dense_searcher(config, embedder.clone(), &id)?);
    let bundle = config.bundle()?;
    // The classifier embeds the tariff lines on a first start (hours on two
    // cores without VNNI): built on its own thread, so that the server
    // listens, searches and answers meanwhile (see `http::late`).
    let classifier = Late::preparing();
    {
        let (slot, config, searcher, bundle, embedder, id) = (
            classifier.clone(),
            config.clone(),
            searcher.clone(),
            bundle.clone(),
            embedder.clone(),
            id.clone(),
        );
        let built = std::thread::Builder::new()
            .name("classifier".into())
            .spawn(move || {
                let outcome = dense_classifier(&config, searcher, &bundle, embedder.as_ref(), &id)
                    .map(Arc::new)
                    .map_err(|e| e.to_string());
                match &outcome {
                    Ok(_) => tracing::info!("classification is ready"),
                    Err(e) => tracing::error!(error = %e, "classification could not be prepared"),
                }
                slot.fill(outcome);
            });
        if let Err(e) = built {
            classifier.fill(Err(e.to_string()));
        }
    }
    let model = language_model(config)?;
    let generator: Arc<dyn Generator> = if decode_batch > 1 {
        Arc::new(BatchedGenerator::new(model.clone(), decode_batch)?)
    } else {
        model.clone()
    };
    let asker = ask_service(config, searcher.clone(), generator.clone());
    let ingester = crate::ingest::Ingester::new(
        bundle,
        index_root(config),
        embedder.clone(),
        id,
        searcher.clone(),
    );
    let briefer = briefer(config, Some(generator.clone()), Some(searcher.clone()))?;
    let subscriptions =
        crate::briefing::subscriptions::SubscriptionStore::open(config.subscriptions_dir())
            .map_err(|e| KnowledgeError::Subscriptions(e.to_string()))?;
    Ok(crate::http::Services {
        ingester: (config.qdrant_url.is_none()).then(|| Arc::new(ingester)),
        searcher,
        classifier,
        asker: Some(Arc::new(asker)),
        adapters: model.adapter_names(),
        generator: Some(generator),
        briefer: Some(Arc::new(briefer)),
        subscriptions: Some(Arc::new(subscriptions)),
        embedder: Some(embedder),
        model_name: config.model.clone(),
        embedder_name: config.embedder.clone(),
    })
}
