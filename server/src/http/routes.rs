//! Portolan's own endpoints: classify, search, ask (streamed), documents,
//! and the operational ones (health, readiness, metrics, the spec, the page).

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::sse::Event;
use axum::response::{Html, IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::json;

use portolan_corpus::{DocType, Lang};
use portolan_retrieval::{Filter, Mode};

use super::caller::{AdminCaller, QueryCaller};
use super::error::{ApiError, ApiJson};
use super::{AppState, AuditNote, Readiness};
use crate::ask::{AskRequest, Asker};
use crate::classify::{ClassifyOptions, ClassifyRequest};

/// Most results a search or classification may ask for.
const MAX_K: usize = 50;
/// Seconds a client is told to wait for a service still being prepared:
/// embedding the tariff lines takes minutes to hours, so polling often
/// gains nothing.
const PREPARING_RETRY: u64 = 60;
/// Longest text field accepted (characters): a description or a question,
/// not a document.
const MAX_TEXT_CHARS: usize = 4000;

fn check_text(field: &str, text: &str) -> Result<(), ApiError> {
    if text.trim().is_empty() {
        return Err(ApiError::BadRequest(format!("`{field}` is empty")));
    }
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(ApiError::BadRequest(format!(
            "`{field}` is longer than {MAX_TEXT_CHARS} characters"
        )));
    }
    Ok(())
}

/// A JSON response carrying a note for the audit trail.
fn audited_json(body: serde_json::Value, note: AuditNote) -> Response {
    let mut res = Json(body).into_response();
    res.extensions_mut().insert(note);
    res
}

pub async fn healthz() -> Json<serde_json::Value> {
    Json(json!({"status": "ok"}))
}

pub async fn readyz(State(state): State<AppState>) -> Json<serde_json::Value> {
    let s = &state.services;
    let preparing: Vec<&str> = match s.classifier.get() {
        Readiness::Preparing => vec!["classify"],
        _ => Vec::new(),
    };
    Json(json!({
        "status": "ready",
        "chunks": s.searcher.lexical_len(),
        "classify": s.classifier.ready_now().is_some(),
        "preparing": preparing,
        "ask": s.asker.is_some(),
        "chat": s.generator.is_some(),
        "embeddings": s.embedder.is_some(),
    }))
}

pub async fn openapi() -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        include_str!("../../openapi.json"),
    )
        .into_response()
}

pub async fn page() -> Html<&'static str> {
    Html(include_str!("../../web/index.html"))
}

pub async fn not_found() -> ApiError {
    ApiError::NotFound("route".into())
}

pub async fn metrics(State(state): State<AppState>, _: AdminCaller) -> Response {
    let mut body = state.metrics.render(
        state.queue.depth() + state.fast.depth() + state.query_vectors.depth(),
        state.queue.running() + state.fast.running() + state.query_vectors.running(),
    );
    let (hits, misses) = state.services.searcher.query_cache_stats();
    body.push_str(&format!(
        "# TYPE portolan_query_vectors_total counter\nportolan_query_vectors_total{{source=\"cache\"}} {hits}\nportolan_query_vectors_total{{source=\"embedder\"}} {misses}\n"
    ));
    let (batches, embedded) = state.services.searcher.query_batch_stats();
    body.push_str(&format!(
        "# TYPE portolan_query_embed_batches_total counter\nportolan_query_embed_batches_total {batches}\n# TYPE portolan_query_embedded_total counter\nportolan_query_embedded_total {embedded}\n"
    ));
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], body).into_response()
}

/// `POST /v1/classify`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClassifyBody {
    description: String,
    #[serde(default)]
    attributes: Option<serde_json::Map<String, serde_json::Value>>,
    #[serde(default)]
    category_path: Option<String>,
    #[serde(default)]
    category_path_zh: Option<String>,
    #[serde(default = "default_top_k")]
    top_k: usize,
    #[serde(default)]
    explain: bool,
}

fn default_top_k() -> usize {
    5
}

pub async fn classify(
    State(state): State<AppState>,
    _: QueryCaller,
    ApiJson(body): ApiJson<ClassifyBody>,
) -> Result<Response, ApiError> {
    check_text("description", &body.description)?;
    if !(1..=MAX_K).contains(&body.top_k) {
        return Err(ApiError::BadRequest(format!("`top_k` must be 1..={MAX_K}")));
    }
    let classifier = match state.services.classifier.get() {
        Readiness::Ready(c) => c.clone(),
        Readiness::Preparing => return Err(ApiError::Preparing("classification", PREPARING_RETRY)),
        Readiness::Absent(_) => return Err(ApiError::Unavailable("classification")),
    };
    let summary = body.description.clone();
    let req = ClassifyRequest {
        description: body.description,
        attributes: body.attributes,
        category_path: body.category_path,
        category_path_zh: body.category_path_zh,
    };
    let opts = ClassifyOptions {
        top_k: body.top_k,
        explain: body.explain,
        exclude_example: None,
    };
    let result = state
        .run_fast(move || Ok(classifier.classify_with(&req, &opts)?))
        .await?;
    let value = serde_json::to_value(&result).map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(audited_json(
        value,
        AuditNote {
            documents: Vec::new(),
            summary,
        },
    ))
}

/// `POST /v1/search`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchBody {
    query: String,
    #[serde(default = "default_k")]
    k: usize,
    #[serde(default)]
    mode: Option<String>,
    #[serde(default)]
    filter: FilterBody,
}

fn default_k() -> usize {
    10
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FilterBody {
    #[serde(default)]
    doc_types: Vec<DocType>,
    #[serde(default)]
    langs: Vec<Lang>,
    #[serde(default)]
    jurisdictions: Vec<String>,
    #[serde(default)]
    in_force_only: bool,
}

pub async fn search(
    State(state): State<AppState>,
    _: QueryCaller,
    ApiJson(body): ApiJson<SearchBody>,
) -> Result<Response, ApiError> {
    check_text("query", &body.query)?;
    if !(1..=MAX_K).contains(&body.k) {
        return Err(ApiError::BadRequest(format!("`k` must be 1..={MAX_K}")));
    }
    let searcher = state.services.searcher.clone();
    let mode = match body.mode.as_deref() {
        None | Some("hybrid") if searcher.vector_len() > 0 => Mode::Hybrid,
        None | Some("hybrid") | Some("lexical") => Mode::Lexical,
        Some("dense") if searcher.vector_len() > 0 => Mode::Dense,
        Some("dense") => return Err(ApiError::Unavailable("dense search")),
        Some(other) => {
            return Err(ApiError::BadRequest(format!(
                "unknown mode {other:?} (hybrid, lexical or dense)"
            )))
        }
    };
    let filter = Filter {
        doc_types: body.filter.doc_types,
        langs: body.filter.langs,
        jurisdictions: body.filter.jurisdictions,
        in_force_only: body.filter.in_force_only,
    };
    let (query, k) = (body.query.clone(), body.k);
    let stages = async {
        // The query's vector first, outside the fast lane, so that the
        // vectors of concurrent searches are computed in one batch. A query
        // asked before has its vector already: it does not wait in line
        // behind the ones being computed.
        let vector = match mode {
            Mode::Lexical => None,
            Mode::Hybrid | Mode::Dense => Some(match searcher.cached_query_vector(&query) {
                Some(v) => v,
                None => {
                    let (searcher, query) = (searcher.clone(), query.clone());
                    state
                        .run_query_vector(move || Ok(searcher.embed_query(&query)?))
                        .await?
                }
            }),
        };
        state
            .run_fast(move || {
                Ok(searcher.search_with_vector(&query, vector.as_deref(), k, &filter, mode)?)
            })
            .await
    };
    let hits = state.within_timeout(stages).await?;
    let documents = hits.iter().map(|h| h.chunk.id.clone()).collect();
    let hits: Vec<_> = hits
        .into_iter()
        .map(|h| {
            json!({
                "id": h.chunk.id,
                "doc": h.chunk.doc,
                "locator": h.chunk.locator,
                "title": h.chunk.title,
                "lang": h.chunk.lang,
                "status": h.chunk.status,
                "score": h.score,
                "text": h.chunk.text,
            })
        })
        .collect();
    Ok(audited_json(
        json!({"hits": hits}),
        AuditNote {
            documents,
            summary: body.query,
        },
    ))
}

pub async fn document(
    State(state): State<AppState>,
    _: QueryCaller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let searcher = state.services.searcher.clone();
    let lookup = id.clone();
    let chunk = tokio::task::spawn_blocking(move || searcher.chunk(&lookup))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))??
        .ok_or_else(|| ApiError::NotFound(format!("document {id:?}")))?;
    let value = serde_json::to_value(&chunk).map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(audited_json(
        value,
        AuditNote {
            documents: vec![id],
            summary: String::new(),
        },
    ))
}

/// `POST /v1/ask`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AskBody {
    question: String,
    #[serde(default)]
    history: Vec<Turn>,
    /// Server-sent events (default) or one JSON answer.
    #[serde(default = "default_stream")]
    stream: bool,
    /// A LoRA adapter attached to the server's model to answer with.
    #[serde(default)]
    adapter: Option<String>,
}

/// An earlier turn of the conversation.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Turn {
    question: String,
    answer: String,
}

fn default_stream() -> bool {
    true
}

pub async fn ask(
    State(state): State<AppState>,
    _: QueryCaller,
    ApiJson(body): ApiJson<AskBody>,
) -> Result<Response, ApiError> {
    check_text("question", &body.question)?;
    let asker = state
        .services
        .asker
        .clone()
        .ok_or(ApiError::Unavailable("question answering"))?;
    let req = AskRequest {
        question: body.question.clone(),
        history: body
            .history
            .into_iter()
            .map(|t| (t.question, t.answer))
            .collect(),
        adapter: body.adapter,
    };
    let note = |answer: &crate::ask::Answer| AuditNote {
        documents: answer
            .citations
            .iter()
            .map(|c| format!("{} {}", c.doc, c.locator))
            .collect(),
        summary: body.question.clone(),
    };
    if !body.stream {
        let answer = state
            .run_model(move || Ok(asker.ask(&req, &mut |_| true)?))
            .await?;
        state.metrics.first_token(answer.time_to_first_token);
        let value = serde_json::to_value(&answer).map_err(|e| ApiError::Internal(e.to_string()))?;
        let n = note(&answer);
        return Ok(audited_json(value, n));
    }
    let metrics = state.metrics.clone();
    let note = AuditNote {
        documents: Vec::new(),
        summary: body.question,
    };
    state
        .stream_model(note, move |tx| stream_answer(&asker, &req, tx, &metrics))
        .await
}

/// Runs the answer, sending `token` events, then one `answer` event (the
/// full answer with citations) or an `error` event.
fn stream_answer(
    asker: &Asker,
    req: &AskRequest,
    tx: &tokio::sync::mpsc::Sender<Event>,
    metrics: &super::metrics::Metrics,
) {
    let event =
        |name: &str, data: serde_json::Value| Event::default().event(name).data(data.to_string());
    let result = asker.ask(req, &mut |piece| {
        tx.blocking_send(event("token", json!({"text": piece})))
            .is_ok()
    });
    let last = match result {
        Ok(answer) => {
            metrics.first_token(answer.time_to_first_token);
            event("answer", serde_json::to_value(&answer).unwrap_or_default())
        }
        Err(e) => {
            let e = ApiError::from(e);
            event(
                "error",
                json!({"error": {"status": e.status_code(), "message": e.to_string()}}),
            )
        }
    };
    let _ = tx.blocking_send(last);
}
