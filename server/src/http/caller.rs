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

fn authorize(parts: &Parts, state: &AppState, scope: Scope) -> Result<KeyRecord, ApiError> {
    let key = bearer(&parts.headers)
        .and_then(|k| state.keys.verify(k))
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
