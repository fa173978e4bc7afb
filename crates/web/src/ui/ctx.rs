//! What every UI handler works with: the signed-in actor (or a guest), the language, the CSRF
//! token, the page chrome (navigation, counts, flash message), rendering and error pages.

use askama::Template;
use axum::extract::FromRequestParts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header, request::Parts};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};
use skranke_app::documents::Designations;
use skranke_app::{Actor, App, AppError};
use tower_sessions::Session;

use crate::i18n::{Lang, Tr};
use crate::{WebState, csrf};

pub use crate::session::USER_KEY;
const FLASH_KEY: &str = "flash";

/// A one-time message shown on the next page (after a redirect).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Flash {
    pub kind: String,
    pub message: String,
}

/// The page frame every template extends: language, navigation, counts, flash.
#[derive(Debug, Clone)]
pub struct Chrome {
    pub tr: Tr,
    pub csrf: String,
    pub actor: Option<Actor>,
    pub nav: &'static str,
    pub mine: i64,
    pub queue: i64,
    pub unread: i64,
    pub flash: Option<Flash>,
    /// The SLA and Service catalog documents, for the navigation (empty on error pages).
    pub desig: Designations,
}

impl Chrome {
    pub fn t(&self, key: &str) -> String {
        self.tr.t(key)
    }

    /// A message with one argument, for templates.
    pub fn a(&self, key: &str, name: &str, value: &str) -> String {
        self.tr.a(key, &[(name, value)])
    }

    pub fn lang(&self) -> &'static str {
        self.tr.lang.code()
    }

    pub fn signed_in(&self) -> bool {
        self.actor.is_some()
    }

    pub fn is_internal(&self) -> bool {
        self.actor.as_ref().is_some_and(|a| a.is_internal())
    }

    pub fn is_admin(&self) -> bool {
        self.actor.as_ref().is_some_and(|a| a.is_admin())
    }

    pub fn user_name(&self) -> &str {
        self.actor.as_ref().map(|a| a.name.as_str()).unwrap_or("")
    }

    pub fn user_id(&self) -> i64 {
        self.actor.as_ref().map(|a| a.id).unwrap_or(0)
    }

    pub fn user_role(&self) -> String {
        match &self.actor {
            Some(a) => match a.level {
                Some(l) => format!(
                    "{} · {}",
                    super::view::role_label(self.tr, a.role),
                    self.tr.a("level-n", &[("level", &l.to_string())])
                ),
                None => super::view::role_label(self.tr, a.role),
            },
            None => String::new(),
        }
    }

    pub fn has_flash(&self) -> bool {
        self.flash.is_some()
    }

    pub fn flash_class(&self) -> &'static str {
        match self.flash.as_ref().map(|f| f.kind.as_str()) {
            Some("error") => "flash flash-error",
            Some("ok") => "flash flash-ok",
            _ => "flash",
        }
    }

    pub fn flash_msg(&self) -> &str {
        self.flash
            .as_ref()
            .map(|f| f.message.as_str())
            .unwrap_or("")
    }

    pub fn has_sla(&self) -> bool {
        self.desig.sla.is_some()
    }

    pub fn has_catalog(&self) -> bool {
        self.desig.service_catalog.is_some()
    }

    /// Whether `key` is the page being shown (for `aria-current`).
    pub fn cur(&self, key: &str) -> bool {
        self.nav == key
    }

    /// htmx sends the CSRF token as a header on every request it makes.
    pub fn hx_headers(&self) -> String {
        format!(r#"{{"x-csrf-token": "{}"}}"#, self.csrf)
    }
}

fn negotiate(headers: &HeaderMap) -> Lang {
    Lang::negotiate(
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or(""),
    )
}

fn login_redirect(parts: &Parts) -> Response {
    let next = if parts.method == Method::GET {
        parts
            .uri
            .path_and_query()
            .map(|p| p.as_str())
            .unwrap_or("/")
    } else {
        "/"
    };
    let q = serde_urlencoded::to_string([("next", next)]).unwrap_or_default();
    Redirect::to(&format!("/login?{q}")).into_response()
}

/// A visitor who may or may not be signed in (login, setup, sign-up, error pages).
pub struct Guest {
    pub app: App,
    pub session: Session,
    pub actor: Option<Actor>,
    pub tr: Tr,
    pub csrf: String,
}

impl FromRequestParts<WebState> for Guest {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &WebState,
    ) -> Result<Self, Self::Rejection> {
        let session = Session::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let actor = crate::session::signed_in(&state.app, &session)
            .await
            .ok()
            .flatten();
        let lang = actor
            .as_ref()
            .and_then(|a| a.locale.as_deref())
            .and_then(Lang::from_code)
            .unwrap_or_else(|| negotiate(&parts.headers));
        let csrf = csrf::token(&session).await;
        Ok(Guest {
            app: state.app.clone(),
            session,
            actor,
            tr: Tr::new(lang),
            csrf,
        })
    }
}

impl Guest {
    pub fn chrome(&self) -> Chrome {
        Chrome {
            tr: self.tr,
            csrf: self.csrf.clone(),
            actor: self.actor.clone(),
            nav: "",
            mine: 0,
            queue: 0,
            unread: 0,
            flash: None,
            desig: Designations::default(),
        }
    }

    pub fn fail(&self, e: AppError) -> Response {
        error_page(self.chrome(), e)
    }
}

/// A signed-in person. Extracting it redirects to the login page when nobody is signed in.
pub struct Ctx {
    pub app: App,
    pub session: Session,
    pub actor: Actor,
    pub tr: Tr,
    pub csrf: String,
}

impl FromRequestParts<WebState> for Ctx {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &WebState,
    ) -> Result<Self, Self::Rejection> {
        let session = Session::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        if session.get::<i64>(USER_KEY).await.ok().flatten().is_none() {
            return Err(login_redirect(parts));
        }
        let actor = match crate::session::signed_in(&state.app, &session).await {
            Ok(Some(a)) => a,
            Ok(None) => {
                // A user deactivated since signing in: the session ends here.
                let _ = session.flush().await;
                return Err(login_redirect(parts));
            }
            Err(e) => {
                tracing::error!(error = ?e, "loading the signed-in user");
                return Err(
                    (StatusCode::INTERNAL_SERVER_ERROR, "Something went wrong.").into_response()
                );
            }
        };
        let lang = actor
            .locale
            .as_deref()
            .and_then(Lang::from_code)
            .unwrap_or_else(|| negotiate(&parts.headers));
        let csrf = csrf::token(&session).await;
        Ok(Ctx {
            app: state.app.clone(),
            session,
            actor,
            tr: Tr::new(lang),
            csrf,
        })
    }
}

impl Ctx {
    pub fn t(&self, key: &str) -> String {
        self.tr.t(key)
    }

    /// The frame without counts, for error pages (no database round trips).
    pub fn chrome_basic(&self, nav: &'static str) -> Chrome {
        Chrome {
            tr: self.tr,
            csrf: self.csrf.clone(),
            actor: Some(self.actor.clone()),
            nav,
            mine: 0,
            queue: 0,
            unread: 0,
            flash: None,
            desig: Designations::default(),
        }
    }

    /// The full frame: work counts, unread notifications and the pending flash message.
    pub async fn chrome(&self, nav: &'static str) -> Chrome {
        let mut c = self.chrome_basic(nav);
        match self.app.page_frame(&self.actor).await {
            Ok(f) => {
                c.mine = f.mine;
                c.queue = f.queue;
                c.unread = f.unread;
                c.desig = f.designations;
            }
            // The frame is decoration; the page itself still renders.
            Err(e) => tracing::warn!(error = %e, "reading the page frame"),
        }
        // Read first and remove only when there is one: `remove` marks the session changed even
        // when the key is absent, and then every page view would write the session.
        c.flash = self.session.get::<Flash>(FLASH_KEY).await.ok().flatten();
        if c.flash.is_some() {
            let _ = self.session.remove::<Flash>(FLASH_KEY).await;
        }
        c
    }

    pub async fn flash(&self, kind: &str, message: String) {
        let _ = self
            .session
            .insert(
                FLASH_KEY,
                Flash {
                    kind: kind.into(),
                    message,
                },
            )
            .await;
    }

    pub fn fail(&self, e: AppError) -> Response {
        error_page(self.chrome_basic(""), e)
    }

    /// Agents and admins only; customers get a 404 (nothing internal is revealed).
    pub fn require_internal(&self) -> Result<(), Response> {
        if self.actor.is_internal() {
            Ok(())
        } else {
            Err(self.fail(AppError::NotFound("page")))
        }
    }

    pub fn require_admin(&self) -> Result<(), Response> {
        if self.actor.is_admin() {
            Ok(())
        } else {
            Err(self.fail(AppError::NotFound("page")))
        }
    }
}

/// `?`-friendly conversion of service errors into error pages.
pub trait OrFail<T> {
    fn or_fail(self, ctx: &Ctx) -> Result<T, Response>;
}

impl<T> OrFail<T> for Result<T, AppError> {
    fn or_fail(self, ctx: &Ctx) -> Result<T, Response> {
        self.map_err(|e| ctx.fail(e))
    }
}

pub type Page = Result<Response, Response>;

pub fn render(t: &impl Template) -> Response {
    render_status(StatusCode::OK, t)
}

/// Renders with a status; error re-renders tell htmx not to put the POST's URL in the history.
pub fn render_status(status: StatusCode, t: &impl Template) -> Response {
    match t.render() {
        Ok(html) => {
            let mut r = (status, Html(html)).into_response();
            if !status.is_success() {
                r.headers_mut()
                    .insert("hx-push-url", HeaderValue::from_static("false"));
            }
            r
        }
        Err(e) => {
            tracing::error!(error = %e, "rendering a template");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "Something went wrong while showing this page.",
            )
                .into_response()
        }
    }
}

pub fn see_other(url: &str) -> Response {
    Redirect::to(url).into_response()
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    c: Chrome,
    heading: String,
    message: String,
}

/// The HTTP status a service error maps to.
pub fn status_of(e: &AppError) -> StatusCode {
    match e {
        AppError::NotFound(_) => StatusCode::NOT_FOUND,
        AppError::Forbidden(_) => StatusCode::FORBIDDEN,
        AppError::Unauthenticated => StatusCode::UNAUTHORIZED,
        AppError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
        AppError::Conflict(_) => StatusCode::CONFLICT,
        AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// The message to show a person for a service error (never the cause of an internal error).
pub fn message_of(tr: Tr, e: &AppError) -> String {
    match e {
        AppError::Internal(_) => tr.t("error-internal"),
        AppError::NotFound(_) => tr.t("error-not-found-text"),
        AppError::Invalid { message, .. } => message.clone(),
        other => capitalise(&other.to_string()),
    }
}

pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

pub fn error_page(c: Chrome, e: AppError) -> Response {
    if let AppError::Unauthenticated = e {
        return see_other("/login");
    }
    if let AppError::Internal(cause) = &e {
        tracing::error!(error = ?cause, "internal error");
    }
    let status = match status_of(&e) {
        StatusCode::UNPROCESSABLE_ENTITY => StatusCode::BAD_REQUEST,
        s => s,
    };
    let heading = match status {
        StatusCode::NOT_FOUND => c.t("error-not-found"),
        StatusCode::FORBIDDEN => c.t("error-forbidden"),
        StatusCode::CONFLICT => c.t("error-conflict"),
        StatusCode::BAD_REQUEST => c.t("error-bad-request"),
        _ => c.t("error-internal-title"),
    };
    let message = message_of(c.tr, &e);
    render_status(
        status,
        &ErrorPage {
            c,
            heading,
            message,
        },
    )
}

/// A form's error: the field it belongs to (if any) and the message.
#[derive(Debug, Clone, Default)]
pub struct FormErr {
    pub field: String,
    pub message: String,
}

impl FormErr {
    pub fn from_app(tr: Tr, e: &AppError) -> FormErr {
        match e {
            AppError::Invalid { field, message } => FormErr {
                field: field.to_string(),
                message: capitalise(message),
            },
            AppError::Conflict(m) if m.contains("email") || m.contains("e-mail") => FormErr {
                field: "email".into(),
                message: capitalise(m),
            },
            other => FormErr {
                field: String::new(),
                message: message_of(tr, other),
            },
        }
    }

    pub fn msg(message: String) -> FormErr {
        FormErr {
            field: String::new(),
            message,
        }
    }

    pub fn any(&self) -> bool {
        !self.message.is_empty()
    }

    pub fn on(&self, field: &str) -> bool {
        !self.message.is_empty() && self.field == field
    }

    /// For `aria-invalid`.
    pub fn inv(&self, field: &str) -> &'static str {
        if self.on(field) { "true" } else { "false" }
    }
}
