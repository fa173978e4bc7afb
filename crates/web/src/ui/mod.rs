//! The server-rendered UI: thin handlers over the service layer, Askama templates, htmx on top.
//! Every flow works without JavaScript; htmx (`hx-boost` on the body) only makes it smoother.

// Handlers answer `Result<Response, Response>`: the error side is an already rendered error page,
// as axum handlers commonly do; boxing it would only add noise.
#![allow(clippy::result_large_err)]

mod admin;
mod auth;
mod ctx;
mod me;
mod tickets;
mod view;

use axum::Router;
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
        .fallback(auth::not_found)
        .with_state(state)
}
