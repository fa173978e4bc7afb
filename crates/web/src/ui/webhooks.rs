//! Admin pages for integrations: webhooks with their delivery log, and jobs that failed for good.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use serde::Deserialize;
use skranke_domain::EventKind;

use super::ctx::{Chrome, Ctx, FormErr, OrFail, Page, render, render_status, see_other};
use super::view::fmt_time;

const NEW_SECRET_KEY: &str = "new_webhook_secret";

struct HookView {
    id: i64,
    url: String,
    events: String,
    active: bool,
    created: String,
}

struct FailedView {
    kind: String,
    attempts: i64,
    error: String,
    failed: String,
}

#[derive(Template)]
#[template(path = "admin_webhooks.html")]
struct WebhooksPage {
    c: Chrome,
    hooks: Vec<HookView>,
    failed: Vec<FailedView>,
    kinds: Vec<String>,
    new_secret: String,
    url: String,
    chosen: Vec<String>,
    err: FormErr,
}

impl WebhooksPage {
    fn chosen(&self, kind: &str) -> bool {
        self.chosen.iter().any(|k| k == kind)
    }
}

async fn page(
    ctx: &Ctx,
    url: String,
    chosen: Vec<String>,
    err: FormErr,
) -> Result<WebhooksPage, axum::response::Response> {
    let hooks = ctx.app.webhooks(&ctx.actor).await.or_fail(ctx)?;
    let failed = ctx.app.failed_jobs(&ctx.actor).await.or_fail(ctx)?;
    let new_secret = ctx
        .session
        .remove::<String>(NEW_SECRET_KEY)
        .await
        .ok()
        .flatten()
        .unwrap_or_default();
    Ok(WebhooksPage {
        c: ctx.chrome("webhooks").await,
        hooks: hooks
            .into_iter()
            .map(|h| HookView {
                id: h.id,
                url: h.url,
                events: h.events.join(", "),
                active: h.active,
                created: fmt_time(h.created_at),
            })
            .collect(),
        failed: failed
            .into_iter()
            .map(|j| FailedView {
                kind: j.kind,
                attempts: j.attempts,
                error: j.last_error.unwrap_or_default(),
                failed: j.failed_at.map(fmt_time).unwrap_or_default(),
            })
            .collect(),
        kinds: std::iter::once("*".to_string())
            .chain(EventKind::ALL.iter().map(|k| k.as_str().to_string()))
            .collect(),
        new_secret,
        url,
        chosen,
        err,
    })
}

pub async fn list(ctx: Ctx) -> Page {
    ctx.require_admin()?;
    Ok(render(
        &page(&ctx, String::new(), vec![], FormErr::default()).await?,
    ))
}

pub async fn create(ctx: Ctx, Form(form): Form<Vec<(String, String)>>) -> Page {
    ctx.require_admin()?;
    let url = form
        .iter()
        .find(|(k, _)| k == "url")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let events: Vec<String> = form
        .iter()
        .filter(|(k, _)| k == "events")
        .map(|(_, v)| v.clone())
        .collect();
    match ctx.app.create_webhook(&ctx.actor, &url, &events).await {
        Ok(created) => {
            let _ = ctx.session.insert(NEW_SECRET_KEY, created.secret).await;
            Ok(see_other("/admin/webhooks"))
        }
        Err(e @ skranke_app::AppError::Invalid { .. }) => {
            let err = FormErr::from_app(ctx.tr, &e);
            Ok(render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &page(&ctx, url, events, err).await?,
            ))
        }
        Err(e) => Err(ctx.fail(e)),
    }
}

#[derive(Deserialize)]
pub struct ActiveForm {
    active: String,
}

pub async fn set_active(ctx: Ctx, Path(id): Path<i64>, Form(f): Form<ActiveForm>) -> Page {
    ctx.require_admin()?;
    ctx.app
        .set_webhook_active(&ctx.actor, id, f.active == "true")
        .await
        .or_fail(&ctx)?;
    Ok(see_other("/admin/webhooks"))
}

struct DeliveryView {
    id: i64,
    kind: String,
    status: String,
    attempts: i64,
    code: String,
    error: String,
    created: String,
    delivered: String,
}

#[derive(Template)]
#[template(path = "admin_webhook_deliveries.html")]
struct DeliveriesPage {
    c: Chrome,
    url: String,
    rows: Vec<DeliveryView>,
    next_url: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CursorQuery {
    cursor: Option<String>,
}

pub async fn deliveries(ctx: Ctx, Path(id): Path<i64>, Query(q): Query<CursorQuery>) -> Page {
    ctx.require_admin()?;
    let hook = ctx
        .app
        .webhooks(&ctx.actor)
        .await
        .or_fail(&ctx)?
        .into_iter()
        .find(|h| h.id == id)
        .ok_or_else(|| ctx.fail(skranke_app::AppError::NotFound("webhook")))?;
    let cursor = q.cursor.filter(|c| !c.is_empty());
    let page = ctx
        .app
        .webhook_deliveries(&ctx.actor, id, cursor.as_deref(), Some(50))
        .await
        .or_fail(&ctx)?;
    Ok(render(&DeliveriesPage {
        c: ctx.chrome("webhooks").await,
        url: hook.url,
        rows: page
            .items
            .into_iter()
            .map(|d| DeliveryView {
                id: d.id,
                kind: d.event_kind,
                status: d.status,
                attempts: d.attempts,
                code: d
                    .last_status_code
                    .map(|c| c.to_string())
                    .unwrap_or_default(),
                error: d.last_error.unwrap_or_default(),
                created: fmt_time(d.created_at),
                delivered: d.delivered_at.map(fmt_time).unwrap_or_default(),
            })
            .collect(),
        next_url: page
            .next_cursor
            .map(|c| format!("/admin/webhooks/{id}?cursor={c}"))
            .unwrap_or_default(),
    }))
}
