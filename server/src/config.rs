//! One typed configuration for every command, filled from flags, then
//! environment variables, then built-in defaults (clap does the layering).

use std::path::PathBuf;

use portolan_model::acquire::ModelHome;

/// The generation model used when none is configured.
pub const DEFAULT_MODEL: &str = "qwen2.5-coder-1.5b-instruct";
/// The small model (tests, constrained machines).
pub const SMALL_MODEL: &str = "qwen2.5-coder-0.5b-instruct";
/// The embedding model used when none is configured.
pub const DEFAULT_EMBEDDER: &str = "embeddinggemma-300m";

/// Settings shared by all commands.
#[derive(Debug, Clone, clap::Args)]
pub struct Config {
    /// Model home: downloaded models, indexes and prompt overrides [default: ~/.cache/portolan].
    #[arg(long, env = "PORTOLAN_HOME", global = true)]
    pub home: Option<PathBuf>,

    /// Generation model: a catalogue name, a local .gguf path, or a Hugging Face `org/repo:file.gguf`.
    #[arg(long, env = "PORTOLAN_MODEL", default_value = DEFAULT_MODEL, global = true)]
    pub model: String,

    /// Embedding model: a catalogue name, a local sentence-transformers folder, or a Hugging Face `org/repo`.
    #[arg(long, env = "PORTOLAN_EMBEDDER", default_value = DEFAULT_EMBEDDER, global = true)]
    pub embedder: String,

    /// Knowledge bundle to index [default: the reference bundle, ../shared/data beside the repository].
    #[arg(long, env = "PORTOLAN_DATA", global = true)]
    pub data: Option<PathBuf>,

    /// Longest text, in tokens, the embedder reads per chunk when indexing.
    /// Embedding is most of an index build; see the README for the trade-off.
    #[arg(
        long,
        env = "PORTOLAN_EMBED_TOKENS",
        default_value_t = 96,
        global = true
    )]
    pub embed_tokens: usize,

    /// Qdrant cluster holding the vectors instead of the embedded store (e.g. http://qdrant:6334).
    #[arg(long, env = "QDRANT_URL", global = true)]
    pub qdrant_url: Option<String>,

    /// API key of the Qdrant cluster.
    #[arg(long, env = "QDRANT_API_KEY", global = true, hide_env_values = true)]
    pub qdrant_api_key: Option<String>,

    /// Qdrant collection.
    #[arg(
        long,
        env = "PORTOLAN_QDRANT_COLLECTION",
        default_value = "portolan",
        global = true
    )]
    pub qdrant_collection: String,

    /// Labelled products (JSON lines in the eval-set shape) whose codes the
    /// classifier transfers to similar descriptions [default: the bundle's
    /// `eval/classify-*.jsonl`]. Comma-separated in the environment.
    #[arg(
        long = "classify-examples",
        env = "PORTOLAN_CLASSIFY_EXAMPLES",
        value_delimiter = ',',
        global = true
    )]
    pub classify_examples: Vec<PathBuf>,

    /// Refuse a question whose closest provision (cosine, by the embedder)
    /// is below this: the knowledge base does not deal with it. Set for
    /// EmbeddingGemma on qa-dev (see the README); 0 turns the gate off and
    /// leaves refusing to the model.
    #[arg(
        long,
        env = "PORTOLAN_MIN_RELEVANCE",
        default_value_t = 0.45,
        global = true
    )]
    pub min_relevance: f32,

    /// LoRA adapters to attach to the generation model (`NAME.safetensors`
    /// beside `NAME.json`, as `portolan train run` writes them); requests
    /// choose one with `"adapter": "NAME"`. Comma-separated in the environment.
    #[arg(
        long = "adapter",
        env = "PORTOLAN_ADAPTERS",
        value_delimiter = ',',
        global = true
    )]
    pub adapters: Vec<PathBuf>,

    /// Compute threads (0 = one per core).
    #[arg(long, env = "PORTOLAN_THREADS", default_value_t = 0, global = true)]
    pub threads: usize,
}

impl Config {
    /// The model home this configuration points at.
    pub fn model_home(&self) -> ModelHome {
        match &self.home {
            Some(p) => ModelHome::new(p),
            None => ModelHome::from_env(),
        }
    }

    /// The knowledge bundle folder.
    pub fn data_dir(&self) -> PathBuf {
        self.data
            .clone()
            .unwrap_or_else(portolan_corpus::bundle::reference_root)
    }

    /// The labelled-example files of the classifier.
    pub fn classify_example_files(&self) -> Vec<PathBuf> {
        if !self.classify_examples.is_empty() {
            return self.classify_examples.clone();
        }
        let dir = self.data_dir().join("eval");
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with("classify-") && n.ends_with(".jsonl"))
            })
            .collect();
        files.sort();
        files
    }

    /// Where documents added through the API are kept (an overlay of the
    /// bundle's shape; the reference bundle is never written).
    pub fn ingest_dir(&self) -> PathBuf {
        self.model_home().root().join("ingested")
    }

    /// The knowledge bundle with its overlay of ingested documents.
    pub fn bundle(&self) -> Result<portolan_corpus::Bundle, portolan_corpus::CorpusError> {
        Ok(portolan_corpus::Bundle::open(self.data_dir())?.with_overlay(self.ingest_dir()))
    }

    /// Where users' trade statistics (long-format CSVs) are kept.
    pub fn trade_dir(&self) -> PathBuf {
        self.model_home().root().join("trade")
    }

    /// Where subscriptions and their delivered briefings are kept.
    pub fn subscriptions_dir(&self) -> PathBuf {
        self.model_home().root().join("subscriptions")
    }

    /// Where the index generations live.
    pub fn index_dir(&self) -> PathBuf {
        self.model_home().root().join("index")
    }

    /// Applies process-wide settings (the thread pools, see
    /// [`portolan_model::threads`]). Call once, at the start of `main`.
    pub fn apply(&self) {
        portolan_model::threads::configure(self.threads);
    }
}
