//! `/api/v1/audit` and `/api/v1/settings`: what admins (and, for the audit log, agents) read and
//! change about the desk as a whole. Thin: every rule is in `skranke_app::log` and `settings`.

use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use skranke_app::AppError;
use skranke_app::log::AuditQuery;
use utoipa::{IntoParams, ToSchema};

use super::schema::{self, Forbidden, Invalid, PayloadTooLarge, Unauthorized};
use super::{ApiActor, ApiError, ApiJson, ApiQuery, ApiResult, cursor, dto::*};
use crate::WebState;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct AuditParams {
    /// Events by this user id.
    actor: Option<i64>,
    /// Events of this ticket number.
    ticket: Option<String>,
    /// Events of this kind, e.g. `settings_changed`.
    kind: Option<String>,
    /// From this time on (RFC 3339).
    #[param(format = DateTime)]
    from: Option<String>,
    /// Before this time (RFC 3339).
    #[param(format = DateTime)]
    until: Option<String>,
    /// Page size, 1–200 (default 50); larger values are cut to 200.
    #[param(minimum = 1, maximum = 200)]
    limit: Option<i64>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
}

/// The audit log: every event, newest first (agents and admins).
#[utoipa::path(
    get,
    path = "/audit",
    tag = "admin",
    params(AuditParams),
    responses(
        (status = 200, description = "One page of events", body = schema::EventList),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 422, response = Invalid),
    ),
    security(("bearer" = [])),
)]
pub(super) async fn audit(
    State(s): State<WebState>,
    ApiActor(actor): ApiActor,
    ApiQuery(p): ApiQuery<AuditParams>,
) -> ApiResult<Json<ListDto<EventDto>>> {
    let time = |field: &'static str, v: Option<String>| -> ApiResult<Option<i64>> {
        v.filter(|s| !s.is_empty())
            .map(|s| {
                parse_rfc3339(&s).ok_or(ApiError::from(AppError::invalid(
                    field,
                    "use an RFC 3339 time",
                )))
            })
            .transpose()
    };
    let q = AuditQuery {
        actor_id: p.actor,
        ticket_number: p
            .ticket
            .as_deref()
            .and_then(skranke_domain::ticket::parse_number),
        kind: p.kind.filter(|k| !k.is_empty()),
        from: time("from", p.from)?,
        until: time("until", p.until)?,
        cursor: cursor(p.cursor),
        limit: p.limit,
    };
    let page = s.app.audit(&actor, &q).await?;
    Ok(Json(ListDto {
        items: page.items.iter().map(EventDto::from).collect(),
        next_cursor: page.next_cursor,
    }))
}

/// The run-time settings. Durations are written like `7d`, `36h`, `90s`, `15m`, `500ms`.
#[derive(ToSchema)]
#[schema(as = Settings)]
#[allow(dead_code)]
pub(super) struct SettingsSchema {
    /// Whether people may create their own customer account.
    signup_enabled: bool,
    #[schema(value_type = schema::LevelMode)]
    level1_mode: (),
    #[schema(value_type = schema::LevelMode)]
    level2_mode: (),
    #[schema(value_type = schema::LevelMode)]
    level3_mode: (),
    /// How long after resolution a requester's comment reopens a ticket.
    #[schema(pattern = "^[0-9]+(ms|s|m|h|d|w)$")]
    reopen_window: String,
    /// How long a pending ticket waits on the customer before it is resolved automatically.
    #[schema(pattern = "^[0-9]+(ms|s|m|h|d|w)$")]
    autoclose_after: String,
    /// How long before the auto-close the customer is reminded.
    #[schema(pattern = "^[0-9]+(ms|s|m|h|d|w)$")]
    autoclose_reminder_before: String,
    #[schema(value_type = schema::PriorityMatrix)]
    priority_matrix: (),
}

/// Any subset of the settings; each is validated, and all change together or none does.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = SettingsChanges)]
#[allow(dead_code)]
pub(super) struct SettingsChangesSchema {
    #[schema(value_type = bool, required = false)]
    signup_enabled: Option<bool>,
    #[schema(value_type = schema::LevelMode, required = false)]
    level1_mode: Option<String>,
    #[schema(value_type = schema::LevelMode, required = false)]
    level2_mode: Option<String>,
    #[schema(value_type = schema::LevelMode, required = false)]
    level3_mode: Option<String>,
    #[schema(value_type = String, required = false, pattern = "^[0-9]+(ms|s|m|h|d|w)$")]
    reopen_window: Option<String>,
    #[schema(value_type = String, required = false, pattern = "^[0-9]+(ms|s|m|h|d|w)$")]
    autoclose_after: Option<String>,
    #[schema(value_type = String, required = false, pattern = "^[0-9]+(ms|s|m|h|d|w)$")]
    autoclose_reminder_before: Option<String>,
    #[schema(value_type = schema::PriorityMatrix, required = false)]
    priority_matrix: Option<serde_json::Value>,
}

/// The run-time settings (admins).
#[utoipa::path(
    get,
    path = "/settings",
    tag = "admin",
    responses(
        (status = 200, description = "Every setting", body = SettingsSchema),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
    ),
    security(("bearer" = [])),
)]
pub(super) async fn get_settings(
    State(s): State<WebState>,
    ApiActor(actor): ApiActor,
) -> ApiResult<Json<serde_json::Value>> {
    if !actor.is_admin() {
        return Err(ApiError::from(AppError::Forbidden(
            "only admins can read settings".into(),
        )));
    }
    Ok(Json(settings_json(&s.app.settings().await)))
}

/// Change settings (admins). The change is logged in the audit log.
#[utoipa::path(
    patch,
    path = "/settings",
    tag = "admin",
    request_body = SettingsChangesSchema,
    responses(
        (status = 200, description = "Every setting, after the change", body = SettingsSchema),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 413, response = PayloadTooLarge),
        (status = 422, response = Invalid),
    ),
    security(("bearer" = [])),
)]
pub(super) async fn patch_settings(
    State(s): State<WebState>,
    ApiActor(actor): ApiActor,
    ApiJson(b): ApiJson<serde_json::Map<String, serde_json::Value>>,
) -> ApiResult<Json<serde_json::Value>> {
    let changes: Vec<(String, String)> = b
        .into_iter()
        .map(|(k, v)| {
            let text = match v {
                serde_json::Value::String(s) => s,
                other => other.to_string(),
            };
            (k, text)
        })
        .collect();
    let next = s.app.update_settings(&actor, &changes).await?;
    Ok(Json(settings_json(&next)))
}

/// The settings as JSON: every key the service layer lists, so a new setting shows up here at
/// once (the integration test `settings_match_the_document` checks the document names it too).
fn settings_json(s: &skranke_app::RuntimeSettings) -> serde_json::Value {
    let mut map = serde_json::Map::new();
    for (k, v) in s.entries() {
        let value = match k {
            "signup_enabled" => serde_json::Value::Bool(v == "true"),
            "priority_matrix" => serde_json::from_str(&v).unwrap_or_default(),
            _ => serde_json::Value::String(v),
        };
        map.insert(k.to_string(), value);
    }
    serde_json::Value::Object(map)
}
