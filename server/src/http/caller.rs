//! Who is calling: the API key from `Authorization: Bearer …`, checked for
//! the scope an endpoint needs and charged against the key's request budget.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::HeaderMap;

use super::error::ApiError;
use super::keys::{KeyRecord, Scope};
use super::AppState;

/// The bearer token of a request, if any.
pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers
        .get(axum::http::header::AUTHORIZATION)?
        .to_str()
        .ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// The key the audit middleware verified for this request (`None`: no
/// valid key was presented).
#[derive(Debug, Clone)]
pub struct Presented(pub Option<KeyRecord>);

/// The request's verified key, with the scope and budget the endpoint needs.
/// Routes outside the audit middleware have no verified key, so they refuse
/// every caller rather than serve one unaudited.
fn authorize(parts: &Parts, state: &AppState, scope: Scope) -> Result<KeyRecord, ApiError> {
    let key = parts
        .extensions
        .get::<Presented>()
        .and_then(|p| p.0.clone())
        .ok_or(ApiError::Unauthorized)?;
    if !key.allows(scope) {
        return Err(ApiError::Forbidden(scope.as_str()));
    }
    state.limiter.check(&key.id)?;
    Ok(key)
}

macro_rules! caller {
    ($name:ident, $scope:expr, $doc:literal) => {
        #[doc = $doc]
        #[derive(Debug)]
        #[allow(dead_code)]
        pub struct $name(pub KeyRecord);

        impl FromRequestParts<AppState> for $name {
            type Rejection = ApiError;

            async fn from_request_parts(
                parts: &mut Parts,
                state: &AppState,
            ) -> Result<Self, Self::Rejection> {
                authorize(parts, state, $scope).map($name)
            }
        }
    };
}

caller!(
    QueryCaller,
    Scope::Query,
    "A caller with the `query` scope."
);
caller!(
    AdminCaller,
    Scope::Admin,
    "A caller with the `admin` scope."
);
caller!(
    IngestCaller,
    Scope::Ingest,
    "A caller with the `ingest` scope."
);
