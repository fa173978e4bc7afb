//! CSRF protection for the cookie-authenticated UI: every state-changing request must carry the
//! session's token (a hidden `csrf_token` form field, or the `x-csrf-token` header that htmx sends),
//! and a cross-site `Origin` is refused outright.

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower_sessions::Session;

use crate::WebState;

pub const SESSION_KEY: &str = "csrf";
pub const FORM_FIELD: &str = "csrf_token";
pub const HEADER: &str = "x-csrf-token";

/// The session's token, created on first use.
#[allow(dead_code)] // used by the UI forms
pub async fn token(session: &Session) -> String {
    if let Ok(Some(t)) = session.get::<String>(SESSION_KEY).await {
        return t;
    }
    let t = skranke_app::auth::random_secret();
    // If the session cannot be written the form will be refused on submit, with a clear message.
    let _ = session.insert(SESSION_KEY, &t).await;
    t
}

fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Whether a request's `Origin` (when the browser sends one) is this site.
pub fn same_origin(state: &WebState, headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) else {
        return true;
    };
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    let same_host = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"))
        == Some(host);
    same_host || origin == state.public_url.trim_end_matches('/')
}

/// Checks a token sent some other way than the middleware reads it: the UI's image upload is
/// `multipart/form-data` (for a browser without JavaScript the token can only travel as a form
/// field, which this middleware does not parse), so that handler checks the token itself.
pub async fn check(
    state: &WebState,
    session: &Session,
    headers: &HeaderMap,
    sent: Option<&str>,
) -> Result<(), Response> {
    if !same_origin(state, headers) {
        return Err(refuse("the request came from another site"));
    }
    let expected = match session.get::<String>(SESSION_KEY).await {
        Ok(Some(t)) => t,
        _ => return Err(refuse("the form has expired (no session)")),
    };
    let sent = sent.or_else(|| headers.get(HEADER).and_then(|h| h.to_str().ok()));
    match sent {
        Some(sent) if constant_time_eq(sent, &expected) => Ok(()),
        _ => Err(refuse("missing or invalid security token")),
    }
}

fn refuse(why: &str) -> Response {
    (
        StatusCode::FORBIDDEN,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        format!("Refused: {why}. Go back, reload the page and try again."),
    )
        .into_response()
}

pub async fn verify(
    State(state): State<WebState>,
    session: Session,
    req: Request,
    next: Next,
) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    if !same_origin(&state, req.headers()) {
        return refuse("the request came from another site");
    }
    let expected = match session.get::<String>(SESSION_KEY).await {
        Ok(Some(t)) => t,
        _ => return refuse("the form has expired (no session)"),
    };
    if let Some(sent) = req.headers().get(HEADER).and_then(|h| h.to_str().ok()) {
        return if constant_time_eq(sent, &expected) {
            next.run(req).await
        } else {
            refuse("invalid security token")
        };
    }
    let is_form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|c| c.to_str().ok())
        .is_some_and(|c| c.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return refuse("missing security token");
    }
    let (parts, body) = req.into_parts();
    let Ok(bytes) = to_bytes(body, crate::BODY_LIMIT).await else {
        return (StatusCode::PAYLOAD_TOO_LARGE, "The form is too large.").into_response();
    };
    let sent = form_urlencoded_value(&bytes, FORM_FIELD);
    match sent {
        Some(sent) if constant_time_eq(&sent, &expected) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        _ => refuse("missing or invalid security token"),
    }
}

/// The value of one field of an urlencoded body.
fn form_urlencoded_value(body: &[u8], name: &str) -> Option<String> {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(body)
        .ok()?
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}
