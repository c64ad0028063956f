//! `POST`/`PUT`/`DELETE /v1/documents` (scope `ingest`): add, replace or
//! remove one document of the overlay ([`crate::ingest`]).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;

use super::caller::IngestCaller;
use super::error::{ApiError, ApiJson};
use super::{AppState, AuditNote};
use crate::ingest::IngestReport;

/// A document to add or replace.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentBody {
    /// Bundle-relative path (decides the parser and the citation name).
    path: String,
    /// The markdown text.
    content: String,
}

/// A document to remove.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeleteBody {
    path: String,
}

fn answered(status: StatusCode, report: IngestReport) -> Response {
    let documents = if report.chunks.is_empty() {
        vec![report.document.clone()]
    } else {
        report.chunks.clone()
    };
    let mut res = (status, Json(report)).into_response();
    res.extensions_mut().insert(AuditNote {
        documents,
        summary: String::new(),
    });
    res
}

async fn put(state: AppState, body: DocumentBody, replace: bool) -> Result<IngestReport, ApiError> {
    let ingester = state
        .services
        .ingester
        .clone()
        .ok_or(ApiError::Unavailable("document ingestion"))?;
    state
        .run_model(move || Ok(ingester.put(&body.path, &body.content, replace)?))
        .await
}

pub async fn create(
    State(state): State<AppState>,
    _: IngestCaller,
    ApiJson(body): ApiJson<DocumentBody>,
) -> Result<Response, ApiError> {
    let report = put(state, body, false).await?;
    Ok(answered(StatusCode::CREATED, report))
}

pub async fn replace(
    State(state): State<AppState>,
    _: IngestCaller,
    ApiJson(body): ApiJson<DocumentBody>,
) -> Result<Response, ApiError> {
    let report = put(state, body, true).await?;
    Ok(answered(StatusCode::OK, report))
}

pub async fn remove(
    State(state): State<AppState>,
    _: IngestCaller,
    ApiJson(body): ApiJson<DeleteBody>,
) -> Result<Response, ApiError> {
    let ingester = state
        .services
        .ingester
        .clone()
        .ok_or(ApiError::Unavailable("document ingestion"))?;
    let report = state
        .run_model(move || Ok(ingester.delete(&body.path)?))
        .await?;
    Ok(answered(StatusCode::OK, report))
}
