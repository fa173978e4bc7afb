//! The server-rendered UI: thin handlers over the service layer, Askama templates, htmx on top.
//! Every flow works without JavaScript; htmx (`hx-boost` on the body) only makes it smoother.

// Handlers answer `Result<Response, Response>`: the error side is an already rendered error page,
// as axum handlers commonly do; boxing it would only add noise.
#![allow(clippy::result_large_err)]

mod admin;
mod auth;
mod ctx;
mod kb;
mod me;
mod services;
mod tickets;
mod view;
mod webhooks;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

use crate::WebState;

pub use ctx::{Chrome, Ctx, Guest};

pub fn routes(state: WebState) -> Router {
    Router::new()
        .route("/", get(auth::root))
        .route("/login", get(auth::login_page).post(auth::login))
        .route("/logout", post(auth::logout))
        .route("/setup", get(auth::setup_page).post(auth::setup))
        .route("/signup", get(auth::signup_page).post(auth::signup))
        .route("/portal", get(tickets::portal))
        .route("/portal/new", get(tickets::portal_new))
        .route("/tickets", post(tickets::create))
        .route("/tickets/new", get(tickets::agent_new))
        .route("/tickets/{number}", get(tickets::show))
        .route("/tickets/{number}/comments", post(tickets::comment))
        .route("/tickets/{number}/type", post(tickets::set_type))
        .route("/tickets/{number}/priority", post(tickets::set_priority))
        .route("/tickets/{number}/status", post(tickets::set_status))
        .route("/tickets/{number}/assign", post(tickets::assign))
        .route("/tickets/{number}/escalate", post(tickets::escalate))
        .route("/tickets/{number}/reopen", post(tickets::reopen))
        .route("/work", get(tickets::work_mine))
        .route("/work/queue", get(tickets::work_queue))
        .route("/work/all", get(tickets::work_all))
        .route("/notifications", get(me::notifications))
        .route("/notifications/read", post(me::mark_read))
        .route("/profile", get(me::profile))
        .route("/profile/locale", post(me::set_locale))
        .route("/profile/tokens", post(me::create_token))
        .route("/profile/tokens/{id}/revoke", post(me::revoke_token))
        .route("/admin/users", get(admin::users))
        .route(
            "/admin/users/new",
            get(admin::new_user_page).post(admin::create_user),
        )
        .route(
            "/admin/users/{id}",
            get(admin::edit_user_page).post(admin::update_user),
        )
        .route("/admin/users/{id}/password", post(admin::reset_password))
        .route(
            "/admin/settings",
            get(admin::settings_page).post(admin::save_settings),
        )
        .route("/admin/audit", get(admin::audit))
        .route(
            "/admin/webhooks",
            get(webhooks::list).post(webhooks::create),
        )
        .route("/admin/webhooks/{id}", get(webhooks::deliveries))
        .route("/admin/webhooks/{id}/active", post(webhooks::set_active))
        .route("/kb", get(kb::list).post(kb::create))
        .route("/kb/new", get(kb::new_page))
        .route("/kb/{id}", get(kb::show).post(kb::save))
        .route("/kb/{id}/edit", get(kb::edit_page))
        .route("/kb/{id}/history", get(kb::history))
        .route("/kb/{id}/diff", get(kb::diff))
        .route("/kb/{id}/revisions/{rev}", get(kb::revision))
        .route("/kb/{id}/restore", post(kb::restore))
        .route("/sla", get(kb::sla))
        .route("/service-catalog", get(kb::service_catalog))
        .route("/services", get(services::catalog))
        .route("/admin/designations", post(kb::designate))
        .route("/admin/services", get(services::admin_list))
        .route(
            "/admin/services/new",
            get(services::new_page).post(services::create),
        )
        .route(
            "/admin/services/{id}",
            get(services::edit_page).post(services::update),
        )
        .fallback(auth::not_found)
        .with_state(state)
}

/// The edit page's image upload: `multipart/form-data` with a body limit of its own, so it lives
/// outside the UI router (and its CSRF middleware, which reads only urlencoded forms); the handler
/// checks the form's token itself. The caller adds the session layer (see `crate::router`).
pub fn upload_routes(state: WebState) -> Router {
    Router::new()
        .route(
            "/kb/{id}/images",
            post(kb::upload)
                .get(kb::upload_get)
                .layer(DefaultBodyLimit::max(kb::UPLOAD_LIMIT)),
        )
        .with_state(state)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    fn keys(ftl: &str) -> BTreeSet<&str> {
        ftl.lines()
            .filter(|l| l.starts_with(|c: char| c.is_ascii_alphabetic()))
            .filter_map(|l| l.split_once(" =").map(|(k, _)| k.trim()))
            .collect()
    }

    /// Every message exists in both languages (a missing one shows its key on the page).
    #[test]
    fn english_and_danish_have_the_same_messages() {
        let en = keys(include_str!("../../locales/en-US/main.ftl"));
        let da = keys(include_str!("../../locales/da/main.ftl"));
        let only_en: Vec<_> = en.difference(&da).collect();
        let only_da: Vec<_> = da.difference(&en).collect();
        assert!(
            only_en.is_empty() && only_da.is_empty(),
            "only English: {only_en:?}; only Danish: {only_da:?}"
        );
        assert!(en.contains("kb-title") && en.len() > 300, "{}", en.len());
    }
}
