//! Briefings, subscriptions and trade data over HTTP: `POST /v1/briefings`,
//! `/v1/subscriptions` (create, list, get, delete, and the briefings
//! delivered), and `POST /v1/trade-data` to load a long-format CSV.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::json;

use portolan_corpus::trade::{Month, TradeError};

use super::caller::{IngestCaller, QueryCaller};
use super::error::{ApiError, ApiJson};
use super::keys::{KeyRecord, Scope};
use super::{AppState, AuditNote};
use crate::briefing::subscriptions::{SubscriptionError, SubscriptionRequest, SubscriptionStore};
use crate::briefing::{BriefError, BriefLang, BriefRequest, BriefScope, Briefer, Format};

impl From<BriefError> for ApiError {
    fn from(e: BriefError) -> Self {
        match e {
            BriefError::UnknownTopic(..) | BriefError::NoPeriod { .. } | BriefError::NoData(_) => {
                ApiError::Unprocessable(e.to_string())
            }
            BriefError::Trade(TradeError::Invalid { .. }) => ApiError::Unprocessable(e.to_string()),
            BriefError::Model(m) => m.into(),
            other => ApiError::Internal(other.to_string()),
        }
    }
}

impl From<SubscriptionError> for ApiError {
    fn from(e: SubscriptionError) -> Self {
        match e {
            SubscriptionError::Invalid(m) => ApiError::Unprocessable(m),
            SubscriptionError::NotFound(m) => ApiError::NotFound(format!("subscription {m}")),
            other => ApiError::Internal(other.to_string()),
        }
    }
}

fn briefer(state: &AppState) -> Result<std::sync::Arc<Briefer>, ApiError> {
    state
        .services
        .briefer
        .clone()
        .ok_or(ApiError::Unavailable("briefings"))
}

fn store(state: &AppState) -> Result<std::sync::Arc<SubscriptionStore>, ApiError> {
    state
        .services
        .subscriptions
        .clone()
        .ok_or(ApiError::Unavailable("subscriptions"))
}

/// Admins see every subscription; other keys their own.
fn owner(key: &KeyRecord) -> Option<&str> {
    (!key.allows(Scope::Admin)).then_some(key.id.as_str())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BriefingBody {
    topic: String,
    #[serde(default)]
    period: Option<Month>,
    #[serde(default = "en")]
    lang: BriefLang,
    #[serde(default = "json_format")]
    format: Format,
    #[serde(default)]
    hs_chapters: Vec<String>,
    #[serde(default)]
    partners: Vec<String>,
    #[serde(default)]
    currencies: Vec<String>,
    /// Write the model's narrative (default true).
    #[serde(default = "yes")]
    narrate: bool,
}

fn en() -> BriefLang {
    BriefLang::En
}
fn json_format() -> Format {
    Format::Json
}
fn yes() -> bool {
    true
}

pub async fn create_briefing(
    State(state): State<AppState>,
    _: QueryCaller,
    ApiJson(body): ApiJson<BriefingBody>,
) -> Result<Response, ApiError> {
    if body.topic.trim().is_empty() || body.topic.chars().count() > 100 {
        return Err(ApiError::BadRequest(
            "`topic` must be 1–100 characters".into(),
        ));
    }
    let briefer = briefer(&state)?;
    let note = AuditNote {
        documents: Vec::new(),
        summary: format!(
            "brief {} {:?}",
            body.topic,
            body.period.map(|p| p.to_string())
        ),
    };
    let format = body.format;
    let request = BriefRequest {
        topic: body.topic,
        period: body.period,
        lang: body.lang,
        scope: BriefScope {
            hs_chapters: body.hs_chapters,
            partners: body.partners.iter().map(|p| p.to_uppercase()).collect(),
            currencies: body.currencies.iter().map(|c| c.to_uppercase()).collect(),
        },
        narrate: body.narrate,
    };
    // Narrated briefings take the model queue; facts-only ones the fast lane.
    let narrate = request.narrate;
    let job = move || briefer.brief(&request).map_err(ApiError::from);
    let briefing = if narrate {
        state.run_model(job).await?
    } else {
        state.run_fast(job).await?
    };
    let mut res = match format {
        Format::Json => Json(&briefing).into_response(),
        Format::Md => (
            [(header::CONTENT_TYPE, "text/markdown; charset=utf-8")],
            briefing.render(format),
        )
            .into_response(),
        Format::Html => (
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            briefing.render(format),
        )
            .into_response(),
    };
    res.extensions_mut().insert(note);
    Ok(res)
}

pub async fn create_subscription(
    State(state): State<AppState>,
    QueryCaller(key): QueryCaller,
    ApiJson(body): ApiJson<SubscriptionRequest>,
) -> Result<Response, ApiError> {
    let store = store(&state)?;
    let briefer = briefer(&state)?;
    let summary = format!("subscribe {} → {}", body.topic, body.webhook);
    let sub = state
        .run_fast(move || {
            store
                .create(body, &key.id, &briefer)
                .map_err(ApiError::from)
        })
        .await?;
    let mut res = (StatusCode::CREATED, Json(&sub)).into_response();
    res.extensions_mut().insert(AuditNote {
        documents: vec![sub.id.clone()],
        summary,
    });
    Ok(res)
}

pub async fn list_subscriptions(
    State(state): State<AppState>,
    QueryCaller(key): QueryCaller,
) -> Result<Response, ApiError> {
    let store = store(&state)?;
    let owner = owner(&key);
    let subs: Vec<_> = store
        .all()
        .into_iter()
        .filter(|s| owner.is_none_or(|o| o == s.owner))
        .map(|s| s.public())
        .collect();
    Ok(Json(json!({ "subscriptions": subs })).into_response())
}

pub async fn get_subscription(
    State(state): State<AppState>,
    QueryCaller(key): QueryCaller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let sub = store(&state)?.get(&id, owner(&key))?;
    Ok(Json(sub.public()).into_response())
}

pub async fn delete_subscription(
    State(state): State<AppState>,
    QueryCaller(key): QueryCaller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    store(&state)?.delete(&id, owner(&key))?;
    let mut res = StatusCode::NO_CONTENT.into_response();
    res.extensions_mut().insert(AuditNote {
        documents: vec![id],
        summary: String::new(),
    });
    Ok(res)
}

pub async fn subscription_briefings(
    State(state): State<AppState>,
    QueryCaller(key): QueryCaller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let records = store(&state)?.deliveries(&id, owner(&key))?;
    Ok(Json(json!({ "subscription": id, "briefings": records })).into_response())
}

pub async fn subscription_briefing(
    State(state): State<AppState>,
    QueryCaller(key): QueryCaller,
    Path((id, briefing_id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let briefing = store(&state)?.briefing(&id, &briefing_id, owner(&key))?;
    Ok(Json(briefing).into_response())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TradeDataQuery {
    /// File name to keep it under (`*.csv`).
    name: String,
}

/// A long-format CSV in the body (`text/csv`). All of it is loaded or none:
/// a bad row answers 422 with every bad row by line.
pub async fn load_trade_data(
    State(state): State<AppState>,
    _: IngestCaller,
    Query(query): Query<TradeDataQuery>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let briefer = briefer(&state)?;
    let text = String::from_utf8(body.to_vec())
        .map_err(|_| ApiError::BadRequest("the CSV is not UTF-8".into()))?;
    let name = query.name.clone();
    let result = state
        .run_fast(move || Ok(briefer.add_data(&name, &text)))
        .await?;
    let rows = match result {
        Ok(rows) => rows,
        Err(BriefError::Trade(TradeError::Invalid { doc, rows })) => {
            let body = json!({"error": {
                "code": "invalid_rows",
                "message": format!("{doc}: {} invalid row(s); nothing was loaded", rows.len()),
                "rows": rows,
            }});
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response());
        }
        Err(e) => return Err(e.into()),
    };
    let mut res = (
        StatusCode::CREATED,
        Json(json!({"name": query.name, "rows": rows})),
    )
        .into_response();
    res.extensions_mut().insert(AuditNote {
        documents: vec![format!("trade/{}", query.name)],
        summary: String::new(),
    });
    Ok(res)
}
