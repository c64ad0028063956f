//! The OpenAI-compatible surface: `/v1/chat/completions` (streamed or not;
//! grounded in the knowledge base with `"portolan": {"grounded": true}`),
//! `/v1/embeddings` and `/v1/models`, so existing clients work unchanged.
//!
//! Fields OpenAI defines that Portolan does not use (`n`, `user`,
//! `logprobs`, …) are accepted and ignored, as clients send them routinely.

use axum::extract::State;
use axum::response::sse::Event;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::json;

use portolan_model::{ChatMessage, EmbedKind, FinishReason, Role, SamplingParams};

use super::caller::QueryCaller;
use super::error::{ApiError, ApiJson};
use super::{AppState, AuditNote};
use crate::ask::AskRequest;

/// Most inputs one embeddings request may carry.
const MAX_INPUTS: usize = 64;

#[derive(Debug, Deserialize)]
pub struct ChatBody {
    #[serde(default)]
    model: Option<String>,
    messages: Vec<MessageBody>,
    #[serde(default)]
    stream: bool,
    #[serde(default)]
    max_tokens: Option<usize>,
    #[serde(default)]
    max_completion_tokens: Option<usize>,
    #[serde(default)]
    temperature: Option<f64>,
    #[serde(default)]
    top_p: Option<f64>,
    #[serde(default)]
    seed: Option<u64>,
    #[serde(default)]
    stop: Option<StopBody>,
    #[serde(default)]
    portolan: Option<PortolanOptions>,
    /// A LoRA adapter attached to the server's model (`GET /v1/models`
    /// lists them) to answer with.
    #[serde(default)]
    adapter: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct MessageBody {
    role: String,
    content: String,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum StopBody {
    One(String),
    Many(Vec<String>),
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PortolanOptions {
    /// Answer from the knowledge base, with citations.
    #[serde(default)]
    grounded: bool,
}

fn role(name: &str) -> Result<Role, ApiError> {
    match name {
        "system" | "developer" => Ok(Role::System),
        "user" => Ok(Role::User),
        "assistant" => Ok(Role::Assistant),
        other => Err(ApiError::Unprocessable(format!(
            "unknown message role {other:?}"
        ))),
    }
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

fn completion_id() -> String {
    use rand::Rng;
    let n: u64 = rand::rng().random();
    format!("chatcmpl-{n:016x}")
}

fn finish_reason(r: FinishReason) -> &'static str {
    match r {
        FinishReason::Length => "length",
        _ => "stop",
    }
}

pub async fn chat_completions(
    State(state): State<AppState>,
    _: QueryCaller,
    ApiJson(body): ApiJson<ChatBody>,
) -> Result<Response, ApiError> {
    if body.messages.is_empty() {
        return Err(ApiError::BadRequest("`messages` is empty".into()));
    }
    let messages = body
        .messages
        .iter()
        .map(|m| Ok(ChatMessage::new(role(&m.role)?, m.content.clone())))
        .collect::<Result<Vec<_>, ApiError>>()?;
    let chars: usize = body
        .messages
        .iter()
        .map(|m| m.content.chars().count())
        .sum();
    if chars > 32_000 {
        return Err(ApiError::BadRequest(
            "the conversation is longer than 32000 characters".into(),
        ));
    }
    let max_tokens = body
        .max_completion_tokens
        .or(body.max_tokens)
        .unwrap_or(512);
    if max_tokens == 0 || max_tokens > state.settings.max_tokens {
        return Err(ApiError::BadRequest(format!(
            "`max_tokens` must be 1..={}",
            state.settings.max_tokens
        )));
    }
    let temperature = body.temperature.unwrap_or(0.0);
    if !(0.0..=2.0).contains(&temperature) {
        return Err(ApiError::BadRequest("`temperature` must be 0..=2".into()));
    }
    let params = SamplingParams {
        temperature,
        top_p: body.top_p.unwrap_or(1.0).clamp(0.0, 1.0),
        seed: body.seed.unwrap_or(0),
        max_tokens,
        stop: match body.stop {
            None => Vec::new(),
            Some(StopBody::One(s)) => vec![s],
            Some(StopBody::Many(v)) => v.into_iter().take(4).collect(),
        },
        adapter: body.adapter.clone(),
        ..SamplingParams::default()
    };
    let model = body
        .model
        .clone()
        .unwrap_or_else(|| state.services.model_name.clone());
    let summary = body
        .messages
        .last()
        .map(|m| m.content.clone())
        .unwrap_or_default();
    let grounded = body.portolan.as_ref().is_some_and(|p| p.grounded);
    let job = if grounded {
        Job::Grounded(AskRequest {
            adapter: body.adapter.clone(),
            ..grounded_request(&messages)?
        })
    } else {
        Job::Plain(messages, params)
    };
    let note = AuditNote {
        documents: Vec::new(),
        summary,
    };
    if body.stream {
        stream(state, job, model, note).await
    } else {
        complete(state, job, model, note).await
    }
}

/// A grounded chat: the last user message is the question, earlier
/// user/assistant pairs its history.
fn grounded_request(messages: &[ChatMessage]) -> Result<AskRequest, ApiError> {
    let turns: Vec<&ChatMessage> = messages.iter().filter(|m| m.role != Role::System).collect();
    let Some((last, earlier)) = turns.split_last() else {
        return Err(ApiError::BadRequest("no user message".into()));
    };
    if last.role != Role::User {
        return Err(ApiError::BadRequest(
            "the last message must be the user's".into(),
        ));
    }
    let history = earlier
        .chunks(2)
        .filter_map(|pair| match pair {
            [q, a] if q.role == Role::User && a.role == Role::Assistant => {
                Some((q.content.clone(), a.content.clone()))
            }
            _ => None,
        })
        .collect();
    Ok(AskRequest {
        question: last.content.clone(),
        history,
        ..Default::default()
    })
}

enum Job {
    Plain(Vec<ChatMessage>, SamplingParams),
    Grounded(AskRequest),
}

/// What a finished job reports, whichever kind it was.
struct Done {
    text: String,
    finish: &'static str,
    prompt_tokens: usize,
    completion_tokens: usize,
    citations: Option<serde_json::Value>,
}

/// Runs a job on the current (blocking) thread, passing text pieces on.
fn run(
    state: &AppState,
    job: Job,
    on_text: &mut dyn FnMut(&str) -> bool,
) -> Result<Done, ApiError> {
    match job {
        Job::Plain(messages, params) => {
            let generator = state
                .services
                .generator
                .clone()
                .ok_or(ApiError::Unavailable("chat"))?;
            let c = generator.chat(&messages, &params, on_text)?;
            state.metrics.generation(c.completion_tokens, c.total_time);
            state.metrics.first_token(c.time_to_first_token);
            Ok(Done {
                text: c.text,
                finish: finish_reason(c.finish_reason),
                prompt_tokens: c.prompt_tokens,
                completion_tokens: c.completion_tokens,
                citations: None,
            })
        }
        Job::Grounded(req) => {
            let asker = state
                .services
                .asker
                .clone()
                .ok_or(ApiError::Unavailable("grounded chat"))?;
            let a = asker.ask(&req, on_text)?;
            state.metrics.first_token(a.time_to_first_token);
            Ok(Done {
                text: a.answer.clone(),
                finish: "stop",
                prompt_tokens: 0,
                completion_tokens: 0,
                citations: Some(json!({
                    "citations": a.citations,
                    "refused": a.refused,
                    "unsupported": a.unsupported,
                    "notes": a.notes,
                    "left_out": a.left_out,
                })),
            })
        }
    }
}

async fn complete(
    state: AppState,
    job: Job,
    model: String,
    note: AuditNote,
) -> Result<Response, ApiError> {
    let worker = state.clone();
    let done = state
        .run_model(move || run(&worker, job, &mut |_| true))
        .await?;
    let mut body = json!({
        "id": completion_id(),
        "object": "chat.completion",
        "created": now(),
        "model": model,
        "choices": [{
            "index": 0,
            "message": {"role": "assistant", "content": done.text},
            "finish_reason": done.finish,
        }],
        "usage": {
            "prompt_tokens": done.prompt_tokens,
            "completion_tokens": done.completion_tokens,
            "total_tokens": done.prompt_tokens + done.completion_tokens,
        },
    });
    if let Some(c) = done.citations {
        body["portolan"] = c;
    }
    let mut res = Json(body).into_response();
    res.extensions_mut().insert(note);
    Ok(res)
}

async fn stream(
    state: AppState,
    job: Job,
    model: String,
    note: AuditNote,
) -> Result<Response, ApiError> {
    let (id, created) = (completion_id(), now());
    let chunk = move |delta: serde_json::Value, finish: Option<&str>| {
        json!({
            "id": id,
            "object": "chat.completion.chunk",
            "created": created,
            "model": model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
        })
    };
    let worker = state.clone();
    state
        .stream_model(note, move |tx| {
            let state = worker;
            let send = |v: serde_json::Value| {
                tx.blocking_send(Event::default().data(v.to_string()))
                    .is_ok()
            };
            send(chunk(json!({"role": "assistant", "content": ""}), None));
            let grounded = matches!(job, Job::Grounded(_));
            let result = run(&state, job, &mut |piece| {
                // A grounded answer is rewritten by its post-check (citations
                // renumbered, unsupported markers dropped): its text is sent
                // once, checked, at the end.
                grounded || send(chunk(json!({"content": piece}), None))
            });
            match result {
                Ok(done) => {
                    if grounded {
                        send(chunk(json!({"content": done.text}), None));
                    }
                    let mut last = chunk(json!({}), Some(done.finish));
                    if let Some(c) = done.citations {
                        last["portolan"] = c;
                    }
                    send(last);
                }
                Err(e) => {
                    send(json!({"error": {"message": e.to_string(), "status": e.status_code()}}));
                }
            }
            let _ = tx.blocking_send(Event::default().data("[DONE]"));
        })
        .await
}

#[derive(Debug, Deserialize)]
pub struct EmbeddingsBody {
    input: EmbeddingInput,
    #[serde(default)]
    model: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum EmbeddingInput {
    One(String),
    Many(Vec<String>),
}

pub async fn embeddings(
    State(state): State<AppState>,
    _: QueryCaller,
    ApiJson(body): ApiJson<EmbeddingsBody>,
) -> Result<Response, ApiError> {
    let inputs = match body.input {
        EmbeddingInput::One(s) => vec![s],
        EmbeddingInput::Many(v) => v,
    };
    if inputs.is_empty() || inputs.len() > MAX_INPUTS {
        return Err(ApiError::BadRequest(format!(
            "`input` must hold 1..={MAX_INPUTS} texts"
        )));
    }
    if inputs
        .iter()
        .any(|s| s.trim().is_empty() || s.chars().count() > 8000)
    {
        return Err(ApiError::BadRequest(
            "each input must be 1..=8000 characters".into(),
        ));
    }
    let embedder = state
        .services
        .embedder
        .clone()
        .ok_or(ApiError::Unavailable("embeddings"))?;
    let texts = inputs.clone();
    let vectors = state
        .run_fast(move || {
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            Ok(embedder.embed(&refs, EmbedKind::Document)?)
        })
        .await?;
    let data: Vec<_> = vectors
        .into_iter()
        .enumerate()
        .map(|(i, v)| json!({"object": "embedding", "index": i, "embedding": v}))
        .collect();
    let tokens: usize = inputs.iter().map(|s| s.chars().count()).sum();
    let model = body
        .model
        .unwrap_or_else(|| state.services.embedder_name.clone());
    Ok(Json(json!({
        "object": "list",
        "data": data,
        "model": model,
        // Characters, as an upper bound: the embedder's own count is not exposed.
        "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
    }))
    .into_response())
}

pub async fn models(State(state): State<AppState>, _: QueryCaller) -> Json<serde_json::Value> {
    let s = &state.services;
    let mut data = Vec::new();
    if s.generator.is_some() || s.asker.is_some() {
        data.push(
            json!({"id": s.model_name, "object": "model", "created": 0, "owned_by": "portolan"}),
        );
    }
    for adapter in &s.adapters {
        data.push(json!({
            "id": adapter, "object": "model", "created": 0, "owned_by": "portolan",
            "portolan": {"adapter_of": s.model_name}
        }));
    }
    if s.embedder.is_some() {
        data.push(
            json!({"id": s.embedder_name, "object": "model", "created": 0, "owned_by": "portolan"}),
        );
    }
    Json(json!({"object": "list", "data": data}))
}
