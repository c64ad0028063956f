//! The API's one error type and its JSON shape:
//! `{"error": {"code": "…", "message": "…"}}`, with the HTTP status that
//! says whose fault it is. Internal causes are logged, not returned.

use axum::extract::rejection::JsonRejection;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// What went wrong with a request.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The request is malformed or asks for something impossible.
    #[error("{0}")]
    BadRequest(String),
    /// The body is JSON of the wrong shape (types, unknown or missing fields).
    #[error("{0}")]
    Unprocessable(String),
    /// The body is larger than the configured limit.
    #[error("request body too large")]
    TooLarge,
    /// The body is not `application/json`.
    #[error("expected Content-Type: application/json")]
    UnsupportedMediaType,
    /// No or an unknown API key.
    #[error("missing or invalid API key (send Authorization: Bearer KEY)")]
    Unauthorized,
    /// The key lacks the scope the endpoint needs.
    #[error("this key lacks the `{0}` scope")]
    Forbidden(&'static str),
    /// Nothing with this id.
    #[error("{0} not found")]
    NotFound(String),
    /// The request conflicts with what is stored.
    #[error("{0}")]
    Conflict(String),
    /// The key's request budget is spent; retry after the given seconds.
    #[error("rate limit exceeded; retry in {0} s")]
    RateLimited(u64),
    /// The model queue is full; retry after the given seconds.
    #[error("the server is busy; retry in {0} s")]
    Busy(u64),
    /// The service this endpoint needs is not loaded on this server.
    #[error("{0} is not available on this server")]
    Unavailable(&'static str),
    /// The service this endpoint needs is still being prepared after the
    /// server started (see `late`); retry after the given seconds.
    #[error("{0} is being prepared; retry in {1} s (GET /readyz shows when it is ready)")]
    Preparing(&'static str, u64),
    /// The work took longer than the request timeout.
    #[error("the request timed out")]
    Timeout,
    /// A fault on our side; the cause is logged.
    #[error("internal error")]
    Internal(String),
}

impl ApiError {
    fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Unprocessable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::Unauthorized => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::RateLimited(_) => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Busy(_) | ApiError::Unavailable(_) | ApiError::Preparing(..) => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            ApiError::Timeout => StatusCode::GATEWAY_TIMEOUT,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn code(&self) -> &'static str {
        match self {
            ApiError::BadRequest(_) => "bad_request",
            ApiError::Unprocessable(_) => "invalid_body",
            ApiError::TooLarge => "body_too_large",
            ApiError::UnsupportedMediaType => "unsupported_media_type",
            ApiError::Unauthorized => "unauthorized",
            ApiError::Forbidden(_) => "forbidden",
            ApiError::NotFound(_) => "not_found",
            ApiError::Conflict(_) => "conflict",
            ApiError::RateLimited(_) => "rate_limited",
            ApiError::Busy(_) => "busy",
            ApiError::Unavailable(_) => "unavailable",
            ApiError::Preparing(..) => "preparing",
            ApiError::Timeout => "timeout",
            ApiError::Internal(_) => "internal",
        }
    }

    /// The status as a number (for the audit trail and metrics).
    pub fn status_code(&self) -> u16 {
        self.status().as_u16()
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Internal(cause) = &self {
            tracing::error!(%cause, "internal error");
        }
        let body = json!({"error": {"code": self.code(), "message": self.to_string()}});
        let mut res = (self.status(), axum::Json(body)).into_response();
        if let ApiError::RateLimited(s) | ApiError::Busy(s) | ApiError::Preparing(_, s) = self {
            if let Ok(v) = HeaderValue::from_str(&s.max(1).to_string()) {
                res.headers_mut().insert(header::RETRY_AFTER, v);
            }
        }
        res
    }
}

impl From<JsonRejection> for ApiError {
    fn from(r: JsonRejection) -> Self {
        match r {
            JsonRejection::JsonDataError(e) => ApiError::Unprocessable(e.body_text()),
            JsonRejection::JsonSyntaxError(e) => ApiError::BadRequest(e.body_text()),
            JsonRejection::MissingJsonContentType(_) => ApiError::UnsupportedMediaType,
            JsonRejection::BytesRejection(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                ApiError::TooLarge
            }
            other => ApiError::BadRequest(other.body_text()),
        }
    }
}

/// `axum::Json` whose rejections are [`ApiError`]s (JSON bodies, never text).
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiJson<T>(pub T);

impl<T, S> axum::extract::FromRequest<S> for ApiJson<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(ApiJson(v)),
            Err(e) => Err(e.into()),
        }
    }
}

impl From<portolan_model::ModelError> for ApiError {
    fn from(e: portolan_model::ModelError) -> Self {
        match e {
            portolan_model::ModelError::InvalidRequest(m) => ApiError::BadRequest(m),
            other => ApiError::Internal(other.to_string()),
        }
    }
}

impl From<portolan_retrieval::RetrievalError> for ApiError {
    fn from(e: portolan_retrieval::RetrievalError) -> Self {
        use portolan_retrieval::RetrievalError as R;
        match e {
            R::InvalidRequest(m) | R::Query(m) => ApiError::BadRequest(m),
            R::Model(m) => m.into(),
            other => ApiError::Internal(other.to_string()),
        }
    }
}

impl From<crate::ask::AskError> for ApiError {
    fn from(e: crate::ask::AskError) -> Self {
        use crate::ask::AskError as A;
        match e {
            A::InvalidRequest(m) => ApiError::BadRequest(m),
            A::Retrieval(r) => r.into(),
            A::Model(m) => m.into(),
        }
    }
}

impl From<crate::classify::ClassifyError> for ApiError {
    fn from(e: crate::classify::ClassifyError) -> Self {
        use crate::classify::ClassifyError as C;
        match e {
            C::InvalidRequest(m) => ApiError::BadRequest(m),
            C::Retrieval(r) => r.into(),
            C::Model(m) => m.into(),
            other => ApiError::Internal(other.to_string()),
        }
    }
}

impl From<crate::ingest::IngestError> for ApiError {
    fn from(e: crate::ingest::IngestError) -> Self {
        use crate::ingest::IngestError as I;
        match e {
            I::InvalidPath(_) | I::Invalid(_) => ApiError::Unprocessable(e.to_string()),
            I::Reference(_) | I::Exists(_) => ApiError::Conflict(e.to_string()),
            I::NotFound(_) => ApiError::NotFound(e.to_string()),
            I::Retrieval(r) => r.into(),
            other => ApiError::Internal(other.to_string()),
        }
    }
}
