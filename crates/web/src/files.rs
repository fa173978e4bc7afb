//! `GET /attachments/{id}`: uploaded files, for `<img>` tags in rendered documents (the browser
//! sends the session cookie) and for API clients (bearer token). The service layer decides who
//! may read a file: whoever may read the document it belongs to; anyone else gets 404.

use axum::Router;
use axum::extract::{FromRequestParts, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header, request::Parts};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use skranke_app::{Actor, App, AppError};
use tower_sessions::Session;

use crate::WebState;
use crate::api::{ApiActor, ApiError};

/// The person behind a browser session, if one is signed in and still active. For routes outside
/// the UI router that must accept the session cookie as well as a bearer token.
pub async fn session_actor(app: &App, session: &Session) -> Option<Actor> {
    crate::session::signed_in(app, session).await.ok().flatten()
}

/// The requester by bearer token when one is sent (a wrong token is 401, never a fallback to the
/// cookie), else by session cookie.
pub struct TokenOrSession(pub Actor);

impl FromRequestParts<WebState> for TokenOrSession {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &WebState,
    ) -> Result<Self, Self::Rejection> {
        if parts.headers.contains_key(header::AUTHORIZATION) {
            return ApiActor::from_request_parts(parts, state)
                .await
                .map(|a| TokenOrSession(a.0));
        }
        let session = Session::from_request_parts(parts, state)
            .await
            .map_err(|_| ApiError::from(AppError::Unauthenticated))?;
        session_actor(&state.app, &session)
            .await
            .map(TokenOrSession)
            .ok_or_else(|| ApiError::unauthorized("log in, or send Authorization: Bearer <token>"))
    }
}

/// The routes; the caller adds the session layer (see `crate::router`).
pub fn routes(state: WebState) -> Router {
    Router::new()
        .route("/attachments/{id}", get(attachment))
        .with_state(state)
}

/// A `filename` parameter for `Content-Disposition`: printable ASCII only (the stored name is
/// already free of quotes and control characters).
fn ascii_filename(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_graphic() || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .filter(|c| *c != '"' && *c != '\\')
        .collect()
}

async fn attachment(
    State(state): State<WebState>,
    TokenOrSession(actor): TokenOrSession,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let id: i64 = id
        .parse()
        .map_err(|_| ApiError::from(AppError::NotFound("attachment")))?;
    let file = state.app.attachment(&actor, id).await?;
    let a = &file.attachment;
    let etag = format!("\"{}\"", a.sha256);
    // The permission check above runs on every request; the browser revalidates each time
    // (`no-cache`) so a document made internal stops showing its images to customers at once.
    let cache = [
        (header::ETAG, HeaderValue::from_str(&etag).ok()),
        (
            header::CACHE_CONTROL,
            Some(HeaderValue::from_static("private, no-cache")),
        ),
    ];
    let not_modified = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag));
    let mut resp = if not_modified {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let mut r = file.bytes.into_response();
        if let Ok(ct) = HeaderValue::from_str(&a.content_type) {
            r.headers_mut().insert(header::CONTENT_TYPE, ct);
        }
        if let Ok(cd) = HeaderValue::from_str(&format!(
            "inline; filename=\"{}\"",
            ascii_filename(&a.filename)
        )) {
            r.headers_mut().insert(header::CONTENT_DISPOSITION, cd);
        }
        r
    };
    for (name, value) in cache {
        if let Some(v) = value {
            resp.headers_mut().insert(name, v);
        }
    }
    Ok(resp)
}

#[cfg(test)]
mod tests {
    use super::ascii_filename;

    #[test]
    fn filenames_for_headers() {
        assert_eq!(ascii_filename("skærm billede.png"), "sk_rm billede.png");
        assert_eq!(ascii_filename("a\"b\\c.png"), "abc.png");
    }
}
