//! The HTTP API (axum): the services as JSON endpoints, an OpenAI-compatible
//! surface, and the controls the single window's data-security rules ask
//! for: scoped API keys ([`keys`]), a request budget per key and a bounded
//! model queue ([`limits`]), an append-only audit trail with personal data
//! masked ([`audit`], [`mask`]), body-size limits and timeouts. CORS is off:
//! browsers may call the API only from the page it serves itself.
//!
//! Handlers are thin: they check the caller, admit the work, run the
//! library service on a blocking thread and shape its result. Every failure
//! is an [`ApiError`], answered as JSON.

pub mod audit;
mod briefings;
mod caller;
mod documents;
pub mod error;
pub mod keys;
pub mod late;
pub mod limits;
pub mod mask;
mod metrics;
mod openai;
mod routes;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use axum::extract::{DefaultBodyLimit, Request, State};
use axum::middleware::Next;
use std::convert::Infallible;

use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use tokio_stream::wrappers::ReceiverStream;

use portolan_model::{Embedder, Generator};
use portolan_retrieval::Searcher;

use crate::ask::Asker;
use crate::classify::Classifier;
pub use audit::AuditLog;
pub use error::ApiError;
pub use keys::{KeyStore, Scope};
pub use late::{Late, Readiness};
use limits::{RateLimiter, WorkQueue};
use metrics::Metrics;

/// The library services a server exposes. What is `None` answers 503.
pub struct Services {
    /// Search over the knowledge base.
    pub searcher: Arc<Searcher>,
    /// HS classification (prepared in the background on a first start).
    pub classifier: Late<Classifier>,
    /// Grounded Q&A.
    pub asker: Option<Arc<Asker>>,
    /// Adding and removing documents (not with a remote vector store:
    /// ingestion updates the embedded one).
    pub ingester: Option<Arc<crate::ingest::Ingester>>,
    /// Plain chat completions.
    pub generator: Option<Arc<dyn Generator>>,
    /// Embeddings.
    pub embedder: Option<Arc<dyn Embedder>>,
    /// Trade-trend briefings.
    pub briefer: Option<Arc<crate::briefing::Briefer>>,
    /// Briefing subscriptions.
    pub subscriptions: Option<Arc<crate::briefing::subscriptions::SubscriptionStore>>,
    /// LoRA adapters attached to the generation model (`/v1/models`;
    /// requests choose one with `"adapter"`).
    pub adapters: Vec<String>,
    /// The generation model's name (`/v1/models`).
    pub model_name: String,
    /// The embedder's name.
    pub embedder_name: String,
}

/// Limits and policies of a server.
#[derive(Debug, Clone)]
pub struct HttpSettings {
    /// Concurrent model jobs.
    pub workers: usize,
    /// Model jobs allowed to wait for a worker; more are refused with 503.
    pub queue: usize,
    /// Concurrent short jobs (search, classify, embeddings).
    pub fast_workers: usize,
    /// Short jobs allowed to wait; more are refused with 503.
    pub fast_queue: usize,
    /// Requests per minute per key (0 = unlimited).
    pub rate_per_minute: u32,
    /// Requests a key may make at once before the per-minute rate applies.
    pub rate_burst: u32,
    /// Largest request body, bytes.
    pub body_limit: usize,
    /// Longest a request may wait for its result.
    pub timeout: Duration,
    /// Most tokens a completion may ask for.
    pub max_tokens: usize,
}

impl Default for HttpSettings {
    fn default() -> Self {
        Self {
            workers: 1,
            queue: 16,
            fast_workers: 1,
            fast_queue: 64,
            rate_per_minute: 600,
            rate_burst: 60,
            body_limit: 256 * 1024,
            timeout: Duration::from_secs(120),
            max_tokens: 1024,
        }
    }
}

/// Everything a handler can reach.
#[derive(Clone)]
pub struct AppState {
    services: Arc<Services>,
    keys: Arc<KeyStore>,
    limiter: Arc<RateLimiter>,
    queue: Arc<WorkQueue>,
    fast: Arc<WorkQueue>,
    /// Searches waiting for their query's vector ([`AppState::run_query_vector`]).
    query_vectors: Arc<WorkQueue>,
    audit: Arc<AuditLog>,
    metrics: Arc<Metrics>,
    settings: Arc<HttpSettings>,
}

impl AppState {
    /// A server's state from its parts.
    pub fn new(
        services: Services,
        keys: KeyStore,
        audit: AuditLog,
        settings: HttpSettings,
    ) -> Self {
        Self {
            services: Arc::new(services),
            keys: Arc::new(keys),
            limiter: Arc::new(RateLimiter::new(
                settings.rate_per_minute,
                settings.rate_burst,
            )),
            queue: Arc::new(WorkQueue::new(settings.workers, settings.queue)),
            fast: Arc::new(WorkQueue::new(settings.fast_workers, settings.fast_queue)),
            query_vectors: Arc::new(WorkQueue::new(
                portolan_retrieval::query_batch::MAX_BATCH,
                settings.fast_queue,
            )),
            audit: Arc::new(audit),
            metrics: Arc::new(Metrics::default()),
            settings: Arc::new(settings),
        }
    }

    /// Runs `job` on a blocking thread once the model queue admits it,
    /// within the request timeout: generation (ask, chat) and ingestion.
    async fn run_model<T: Send + 'static>(
        &self,
        job: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        self.run_on(&self.queue, job).await
    }

    /// Runs `job` once the fast lane admits it: search, classification and
    /// embeddings, tens of milliseconds each. They have their own lane so
    /// that they neither wait behind answers that take seconds nor, in any
    /// number, starve those answers of the cores.
    async fn run_fast<T: Send + 'static>(
        &self,
        job: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        self.run_on(&self.fast, job).await
    }

    /// Runs `job`, which computes a search's query vector, once admitted:
    /// as many at once as one batch of query embeddings holds (they wait
    /// for each other's batch inside, one batch running at a time; see
    /// `portolan_retrieval::query_batch`), and the fast lane's number
    /// waiting; more are refused with 503.
    async fn run_query_vector<T: Send + 'static>(
        &self,
        job: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        self.run_on(&self.query_vectors, job).await
    }

    /// Streams the server-sent events a model job sends: admitted like any
    /// model job, the events flow through a small channel, and a client that
    /// goes away makes the job's sends fail, which stops its generation.
    async fn stream_model(
        &self,
        note: AuditNote,
        job: impl FnOnce(&tokio::sync::mpsc::Sender<Event>) + Send + 'static,
    ) -> Result<Response, ApiError> {
        let slot = self.queue.admit().await?;
        let (tx, rx) = tokio::sync::mpsc::channel::<Event>(64);
        tokio::task::spawn_blocking(move || {
            let _slot = slot;
            job(&tx);
        });
        let stream = tokio_stream::StreamExt::map(ReceiverStream::new(rx), Ok::<Event, Infallible>);
        let mut res = Sse::new(stream)
            .keep_alive(KeepAlive::default())
            .into_response();
        res.extensions_mut().insert(note);
        Ok(res)
    }

    /// Runs `job` once `lane` admits it. The request timeout counts from
    /// here, the wait in line included: a caller is answered within it
    /// whether the time went to waiting or to working. A job past it runs
    /// on to its end (a blocking job cannot be stopped), holding its slot.
    async fn run_on<T: Send + 'static>(
        &self,
        lane: &WorkQueue,
        job: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        self.within_timeout(async {
            let slot = lane.admit().await?;
            let handle = tokio::task::spawn_blocking(move || {
                let out = job();
                drop(slot);
                out
            });
            handle
                .await
                .map_err(|e| ApiError::Internal(format!("worker failed: {e}")))?
        })
        .await
    }

    /// `work` cut off at the request timeout: for a handler whose request
    /// passes through more than one lane (a search waits for its query
    /// vector, then for the search), so that the stages share one timeout
    /// instead of having one each.
    async fn within_timeout<T>(
        &self,
        work: impl std::future::Future<Output = Result<T, ApiError>>,
    ) -> Result<T, ApiError> {
        tokio::time::timeout(self.settings.timeout, work)
            .await
            .unwrap_or(Err(ApiError::Timeout))
    }
}

/// What a handler tells the audit trail about its request.
#[derive(Debug, Clone, Default)]
pub struct AuditNote {
    /// Documents read or changed.
    pub documents: Vec<String>,
    /// The request's text (masked before it is written).
    pub summary: String,
}

/// The API's routes over `state`.
pub fn router(state: AppState) -> Router {
    let body_limit = state.settings.body_limit;
    let v1 = Router::new()
        .route("/v1/classify", post(routes::classify))
        .route("/v1/search", post(routes::search))
        .route("/v1/ask", post(routes::ask))
        .route("/v1/documents/{id}", get(routes::document))
        .route(
            "/v1/documents",
            post(documents::create)
                .put(documents::replace)
                .delete(documents::remove),
        )
        .route("/v1/briefings", post(briefings::create_briefing))
        .route(
            "/v1/subscriptions",
            post(briefings::create_subscription).get(briefings::list_subscriptions),
        )
        .route(
            "/v1/subscriptions/{id}",
            get(briefings::get_subscription).delete(briefings::delete_subscription),
        )
        .route(
            "/v1/subscriptions/{id}/briefings",
            get(briefings::subscription_briefings),
        )
        .route(
            "/v1/subscriptions/{id}/briefings/{briefing_id}",
            get(briefings::subscription_briefing),
        )
        .route("/v1/trade-data", post(briefings::load_trade_data))
        .route("/v1/chat/completions", post(openai::chat_completions))
        .route("/v1/embeddings", post(openai::embeddings))
        .route("/v1/models", get(openai::models))
        .route("/metrics", get(routes::metrics))
        .layer(axum::middleware::from_fn_with_state(state.clone(), audited));
    Router::new()
        .route("/", get(routes::page))
        .route("/healthz", get(routes::healthz))
        .route("/readyz", get(routes::readyz))
        .route("/openapi.json", get(routes::openapi))
        .merge(v1)
        .fallback(routes::not_found)
        .layer(DefaultBodyLimit::max(body_limit))
        .with_state(state)
}

/// Records every API request in the audit trail and the metrics.
/// The presented key is verified here, once: the record (or its absence)
/// goes into the request's extensions, where the caller extractors read it.
async fn audited(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let started = Instant::now();
    let endpoint = format!("{} {}", req.method(), req.uri().path());
    let key = caller::bearer(req.headers()).and_then(|k| state.keys.verify(k));
    let key_id = key
        .as_ref()
        .map_or_else(|| "-".to_string(), |k| k.id.clone());
    req.extensions_mut().insert(caller::Presented(key));
    let res = next.run(req).await;
    let note = res
        .extensions()
        .get::<AuditNote>()
        .cloned()
        .unwrap_or_default();
    let status = res.status().as_u16();
    let elapsed = started.elapsed();
    state.metrics.request(&endpoint, status, elapsed);
    state.audit.record(&audit::AuditEntry {
        time: audit::rfc3339(SystemTime::now()),
        key_id,
        endpoint,
        status,
        documents: note.documents,
        summary: audit::summary(&note.summary),
        millis: elapsed.as_millis() as u64,
    });
    res
}

/// Serves `router` on `listener` until Ctrl-C or SIGTERM; requests in
/// flight are finished first.
pub async fn serve(listener: tokio::net::TcpListener, router: Router) -> std::io::Result<()> {
    serve_until(listener, router, shutdown_signal()).await
}

/// Serves `router` until `shutdown` completes, then stops accepting
/// connections and returns once the requests in flight are answered.
pub async fn serve_until(
    listener: tokio::net::TcpListener,
    router: Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = router.into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
