//! Signing in and out, the one-time setup page, self sign-up, and the start page redirect.

use askama::Template;
use axum::Form;
use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use skranke_app::AppError;

use super::ctx::{Chrome, FormErr, Guest, USER_KEY, render, render_status, see_other};

/// `next` is followed only to a local path, never to another site.
fn safe_next(next: Option<&str>) -> Option<String> {
    let n = next?.trim();
    (n.starts_with('/') && !n.starts_with("//") && !n.starts_with("/\\")).then(|| n.to_string())
}

fn home_for(actor: &skranke_app::Actor) -> &'static str {
    if actor.is_internal() {
        "/work"
    } else {
        "/portal"
    }
}

pub async fn root(g: Guest) -> Response {
    match &g.actor {
        Some(a) => see_other(home_for(a)),
        None => match g.app.needs_setup().await {
            Ok(true) => see_other("/setup"),
            Ok(false) => see_other("/login"),
            Err(e) => g.fail(e),
        },
    }
}

pub async fn not_found(g: Guest) -> Response {
    g.fail(AppError::NotFound("page"))
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    c: Chrome,
    email: String,
    next: String,
    err: FormErr,
    signup: bool,
}

#[derive(Deserialize, Default)]
pub struct NextQuery {
    next: Option<String>,
}

pub async fn login_page(g: Guest, Query(q): Query<NextQuery>) -> Response {
    if let Some(a) = &g.actor {
        return see_other(&safe_next(q.next.as_deref()).unwrap_or_else(|| home_for(a).into()));
    }
    let signup = g.app.settings().await.signup_enabled;
    render(&LoginPage {
        c: g.chrome(),
        email: String::new(),
        next: safe_next(q.next.as_deref()).unwrap_or_default(),
        err: FormErr::default(),
        signup,
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LoginForm {
    email: String,
    password: String,
    next: String,
}

/// Starts a session: a fresh session id (no fixation), then the user id.
async fn start_session(g: &Guest, actor: &skranke_app::Actor) -> Result<(), Response> {
    let ok =
        g.session.cycle_id().await.is_ok() && g.session.insert(USER_KEY, actor.id).await.is_ok();
    if ok {
        Ok(())
    } else {
        Err(g.fail(AppError::Internal("could not start the session".into())))
    }
}

pub async fn login(g: Guest, Form(f): Form<LoginForm>) -> Response {
    match g.app.login(&f.email, &f.password).await {
        Ok(actor) => {
            if let Err(r) = start_session(&g, &actor).await {
                return r;
            }
            see_other(&safe_next(Some(&f.next)).unwrap_or_else(|| home_for(&actor).into()))
        }
        Err(AppError::Forbidden(_)) | Err(AppError::Invalid { .. }) => {
            let signup = g.app.settings().await.signup_enabled;
            render_status(
                StatusCode::UNAUTHORIZED,
                &LoginPage {
                    c: g.chrome(),
                    email: f.email,
                    next: safe_next(Some(&f.next)).unwrap_or_default(),
                    err: FormErr::msg(g.tr.t("login-failed")),
                    signup,
                },
            )
        }
        Err(e) => g.fail(e),
    }
}

pub async fn logout(g: Guest) -> Response {
    let _ = g.session.flush().await;
    see_other("/login")
}

#[derive(Template)]
#[template(path = "account_form.html")]
struct AccountPage {
    c: Chrome,
    mode: &'static str,
    name: String,
    email: String,
    err: FormErr,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AccountForm {
    name: String,
    email: String,
    password: String,
}

pub async fn setup_page(g: Guest) -> Response {
    match g.app.needs_setup().await {
        Ok(true) => render(&AccountPage {
            c: g.chrome(),
            mode: "setup",
            name: String::new(),
            email: String::new(),
            err: FormErr::default(),
        }),
        Ok(false) => g.fail(AppError::NotFound("page")),
        Err(e) => g.fail(e),
    }
}

pub async fn setup(g: Guest, Form(f): Form<AccountForm>) -> Response {
    match g.app.needs_setup().await {
        Ok(true) => {}
        Ok(false) => return g.fail(AppError::NotFound("page")),
        Err(e) => return g.fail(e),
    }
    match g
        .app
        .setup_first_admin(&f.email, &f.name, &f.password)
        .await
    {
        Ok(actor) => match start_session(&g, &actor).await {
            Ok(()) => see_other("/admin/users"),
            Err(r) => r,
        },
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict(_))) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &AccountPage {
                err: FormErr::from_app(g.tr, &e),
                c: g.chrome(),
                mode: "setup",
                name: f.name,
                email: f.email,
            },
        ),
        Err(e) => g.fail(e),
    }
}

pub async fn signup_page(g: Guest) -> Response {
    if !g.app.settings().await.signup_enabled {
        return g.fail(AppError::NotFound("page"));
    }
    render(&AccountPage {
        c: g.chrome(),
        mode: "signup",
        name: String::new(),
        email: String::new(),
        err: FormErr::default(),
    })
}

pub async fn signup(g: Guest, Form(f): Form<AccountForm>) -> Response {
    if !g.app.settings().await.signup_enabled {
        return g.fail(AppError::NotFound("page"));
    }
    match g.app.sign_up(&f.email, &f.name, &f.password).await {
        Ok(actor) => match start_session(&g, &actor).await {
            Ok(()) => see_other("/portal"),
            Err(r) => r,
        },
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict(_))) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &AccountPage {
                err: FormErr::from_app(g.tr, &e),
                c: g.chrome(),
                mode: "signup",
                name: f.name,
                email: f.email,
            },
        ),
        Err(e) => g.fail(e),
    }
}
