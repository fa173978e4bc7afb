//! `/api/v1/webhooks` and `/api/v1/jobs/failed`: admins register webhooks, read their delivery
//! logs, and see background jobs that failed for good. Every rule is in `skranke_app::webhooks`.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use skranke_app::jobs::FailedJob;
use skranke_app::webhooks::{Delivery, Webhook};
use utoipa::{IntoParams, ToSchema};

use super::schema::{self, Forbidden, Invalid, NotFound, Unauthorized};
use super::{ApiActor, ApiJson, ApiPath, ApiQuery, ApiResult, cursor, dto::ListDto, dto::rfc3339};
use crate::WebState;

/// A webhook: where Skranke POSTs which events.
#[derive(Serialize, ToSchema)]
#[schema(as = Webhook)]
pub struct WebhookDto {
    pub id: i64,
    pub url: String,
    /// Event kinds it receives, or `["*"]` for all.
    pub events: Vec<String>,
    pub active: bool,
    #[schema(format = DateTime)]
    pub created_at: String,
}

impl From<&Webhook> for WebhookDto {
    fn from(w: &Webhook) -> Self {
        WebhookDto {
            id: w.id,
            url: w.url.clone(),
            events: w.events.clone(),
            active: w.active,
            created_at: rfc3339(w.created_at),
        }
    }
}

/// A new webhook with its signing secret, which is shown only in this answer.
#[derive(Serialize, ToSchema)]
#[schema(as = CreatedWebhook)]
pub struct CreatedWebhookDto {
    #[serde(flatten)]
    pub webhook: WebhookDto,
    /// HMAC-SHA256 key of the `X-Skranke-Signature` header (`t=<unix s>,v1=<hex of HMAC("<t>.<body>")>`).
    pub secret: String,
}

/// One delivery of one event to one webhook, with its latest attempt.
#[derive(Serialize, ToSchema)]
#[schema(as = WebhookDelivery)]
pub struct DeliveryDto {
    pub id: i64,
    pub event_id: i64,
    pub event_kind: String,
    /// `pending` (will be retried), `delivered` or `failed` (out of attempts).
    pub status: String,
    pub attempts: i64,
    #[schema(required = true)]
    pub last_status_code: Option<i64>,
    #[schema(required = true)]
    pub last_error: Option<String>,
    #[schema(format = DateTime)]
    pub created_at: String,
    #[schema(required = true, format = DateTime)]
    pub delivered_at: Option<String>,
}

impl From<&Delivery> for DeliveryDto {
    fn from(d: &Delivery) -> Self {
        DeliveryDto {
            id: d.id,
            event_id: d.event_id,
            event_kind: d.event_kind.clone(),
            status: d.status.clone(),
            attempts: d.attempts,
            last_status_code: d.last_status_code,
            last_error: d.last_error.clone(),
            created_at: rfc3339(d.created_at),
            delivered_at: d.delivered_at.map(rfc3339),
        }
    }
}

/// A background job that ran out of attempts; it stays until someone looks.
#[derive(Serialize, ToSchema)]
#[schema(as = FailedJob)]
pub struct FailedJobDto {
    pub id: i64,
    pub kind: String,
    pub payload: serde_json::Value,
    pub attempts: i64,
    #[schema(required = true)]
    pub last_error: Option<String>,
    #[schema(format = DateTime)]
    pub created_at: String,
    #[schema(required = true, format = DateTime)]
    pub failed_at: Option<String>,
}

impl From<&FailedJob> for FailedJobDto {
    fn from(j: &FailedJob) -> Self {
        FailedJobDto {
            id: j.id,
            kind: j.kind.clone(),
            payload: j.payload.clone(),
            attempts: j.attempts,
            last_error: j.last_error.clone(),
            created_at: rfc3339(j.created_at),
            failed_at: j.failed_at.map(rfc3339),
        }
    }
}

/// Admins: every webhook.
#[utoipa::path(
    get,
    path = "/webhooks",
    tag = "admin",
    responses(
        (status = 200, description = "All webhooks (one page)", body = schema::WebhookList),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
    ),
    security(("bearer" = [])),
)]
pub(super) async fn list_webhooks(
    State(s): State<WebState>,
    ApiActor(actor): ApiActor,
) -> ApiResult<Json<ListDto<WebhookDto>>> {
    let hooks = s.app.webhooks(&actor).await?;
    Ok(Json(ListDto {
        items: hooks.iter().map(WebhookDto::from).collect(),
        next_cursor: None,
    }))
}

#[derive(Deserialize, ToSchema)]
#[schema(as = NewWebhook)]
pub(super) struct NewWebhookBody {
    /// An `http://` or `https://` URL.
    url: String,
    /// Event kinds (as in the event log, e.g. `ticket_created`), or `*` for all.
    events: Vec<String>,
}

/// Admins: register a webhook. The answer carries the signing secret, once.
#[utoipa::path(
    post,
    path = "/webhooks",
    tag = "admin",
    request_body = NewWebhookBody,
    responses(
        (status = 201, description = "Created, with its secret", body = CreatedWebhookDto),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 422, response = Invalid),
    ),
    security(("bearer" = [])),
)]
pub(super) async fn create_webhook(
    State(s): State<WebState>,
    ApiActor(actor): ApiActor,
    ApiJson(b): ApiJson<NewWebhookBody>,
) -> ApiResult<Response> {
    let created = s.app.create_webhook(&actor, &b.url, &b.events).await?;
    let dto = CreatedWebhookDto {
        webhook: WebhookDto::from(&created.webhook),
        secret: created.secret,
    };
    Ok((StatusCode::CREATED, Json(dto)).into_response())
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub(super) struct WebhookPath {
    /// The webhook's id.
    id: i64,
}

#[derive(Deserialize, ToSchema)]
#[schema(as = WebhookChanges)]
pub(super) struct PatchWebhookBody {
    /// Off: no new deliveries, and queued ones fail.
    active: bool,
}

/// Admins: turn a webhook off or on.
#[utoipa::path(
    patch,
    path = "/webhooks/{id}",
    tag = "admin",
    params(WebhookPath),
    request_body = PatchWebhookBody,
    responses(
        (status = 200, description = "The webhook", body = WebhookDto),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 422, response = Invalid),
    ),
    security(("bearer" = [])),
)]
pub(super) async fn patch_webhook(
    State(s): State<WebState>,
    ApiActor(actor): ApiActor,
    ApiPath(WebhookPath { id }): ApiPath<WebhookPath>,
    ApiJson(b): ApiJson<PatchWebhookBody>,
) -> ApiResult<Json<WebhookDto>> {
    let hook = s.app.set_webhook_active(&actor, id, b.active).await?;
    Ok(Json(WebhookDto::from(&hook)))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct DeliveryParams {
    /// Page size, 1–200 (default 50); larger values are cut to 200.
    #[param(minimum = 1, maximum = 200)]
    limit: Option<i64>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
}

/// Admins: a webhook's delivery log, newest first.
#[utoipa::path(
    get,
    path = "/webhooks/{id}/deliveries",
    tag = "admin",
    params(WebhookPath, DeliveryParams),
    responses(
        (status = 200, description = "One page of deliveries", body = schema::WebhookDeliveryList),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 422, response = Invalid),
    ),
    security(("bearer" = [])),
)]
pub(super) async fn list_deliveries(
    State(s): State<WebState>,
    ApiActor(actor): ApiActor,
    ApiPath(WebhookPath { id }): ApiPath<WebhookPath>,
    ApiQuery(p): ApiQuery<DeliveryParams>,
) -> ApiResult<Json<ListDto<DeliveryDto>>> {
    let page = s
        .app
        .webhook_deliveries(&actor, id, cursor(p.cursor).as_deref(), p.limit)
        .await?;
    Ok(Json(ListDto {
        items: page.items.iter().map(DeliveryDto::from).collect(),
        next_cursor: page.next_cursor,
    }))
}

/// Admins: background jobs that ran out of attempts (e.g. webhook deliveries nobody answered).
#[utoipa::path(
    get,
    path = "/jobs/failed",
    tag = "admin",
    responses(
        (status = 200, description = "The latest failed jobs (up to 100)", body = schema::FailedJobList),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
    ),
    security(("bearer" = [])),
)]
pub(super) async fn failed_jobs(
    State(s): State<WebState>,
    ApiActor(actor): ApiActor,
) -> ApiResult<Json<ListDto<FailedJobDto>>> {
    let jobs = s.app.failed_jobs(&actor).await?;
    Ok(Json(ListDto {
        items: jobs.iter().map(FailedJobDto::from).collect(),
        next_cursor: None,
    }))
}
