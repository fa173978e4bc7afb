//! HTTP: the server-rendered UI (`ui`) and the JSON API (`api`) over one service layer.

pub mod api;
mod assets;
pub mod csrf;
pub mod files;
pub mod i18n;
pub mod session;
pub mod ui;

use std::time::Duration;

use axum::Router;
use axum::http::{HeaderValue, header};
use skranke_app::App;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

/// What every handler gets.
#[derive(Clone)]
pub struct WebState {
    pub app: App,
    /// Scheme, host and port people reach the desk at, for the `Origin` check and cookies.
    pub public_url: String,
}

/// Request bodies larger than this are refused before they are read.
pub const BODY_LIMIT: usize = 1024 * 1024;

const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

pub fn router(state: WebState) -> Router {
    let secure = state.public_url.starts_with("https://");
    let sessions =
        tower_sessions::SessionManagerLayer::new(session::DbSessionStore::new(state.app.clone()))
            .with_name("skranke_session")
            .with_http_only(true)
            .with_same_site(tower_sessions::cookie::SameSite::Lax)
            .with_secure(secure)
            .with_expiry(tower_sessions::Expiry::OnInactivity(
                tower_sessions::cookie::time::Duration::days(14),
            ));

    let ui = ui::routes(state.clone())
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            csrf::verify,
        ))
        .layer(sessions.clone())
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT));
    // The editor's image upload (multipart, larger body); it checks the CSRF token itself.
    let uploads = ui::upload_routes(state.clone()).layer(sessions.clone());
    // Images in documents: the browser sends the session cookie, API clients a token.
    let files = files::routes(state.clone()).layer(sessions);

    // The body limit is set per router (the API's image upload accepts more than BODY_LIMIT).
    Router::new()
        .nest("/api/v1", api::routes(state.clone()))
        .merge(ui)
        .merge(uploads)
        .merge(files)
        .merge(assets::routes())
        .route("/healthz", axum::routing::get(|| async { "ok" }))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(30),
        ))
        .layer(TraceLayer::new_for_http())
}
