//! The JSON API under `/api/v1` (SPEC §8): bearer tokens, `application/problem+json` errors,
//! cursor-paginated lists. Handlers only translate between JSON and the service layer.

mod dto;
mod error;
mod knowledge;

use axum::extract::{FromRequest, FromRequestParts, Path, Query, Request, State};
use axum::http::{StatusCode, header, request::Parts};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use skranke_app::tickets::{
    AssigneeFilter, NewComment, NewTicket, Sort, TicketChanges, TicketQuery,
};
use skranke_app::users::{NewUser, UserQuery, UserUpdate};
use skranke_app::{Actor, AppError, log::AuditQuery};
use skranke_domain::{Impact, Level, Role, Status, TicketType, Urgency};

pub use dto::*;
pub use error::ApiError;
pub use knowledge::UPLOAD_BODY_LIMIT;
use tower_http::limit::RequestBodyLimitLayer;

use crate::WebState;

type ApiResult<T> = Result<T, ApiError>;

pub fn routes(state: WebState) -> Router {
    Router::new()
        .route("/auth/token", post(auth_token))
        .route("/me", get(me))
        .route("/tickets", get(list_tickets).post(create_ticket))
        .route("/tickets/{number}", get(get_ticket).patch(patch_ticket))
        .route(
            "/tickets/{number}/comments",
            get(list_comments).post(add_comment),
        )
        .route("/tickets/{number}/events", get(list_events))
        .route("/tickets/{number}/assign", post(assign))
        .route("/tickets/{number}/escalate", post(escalate))
        .route("/tickets/{number}/reopen", post(reopen))
        .route("/users", get(list_users).post(create_user))
        .route("/users/{id}", get(get_user).patch(patch_user))
        .route("/notifications", get(notifications))
        .route("/notifications/read", post(notifications_read))
        .route("/audit", get(audit))
        .route("/settings", get(get_settings).patch(patch_settings))
        .route(
            "/documents",
            get(knowledge::list_documents).post(knowledge::create_document),
        )
        // Static segments win over `{id}` in axum's router, so these never reach get_document.
        .route("/documents/sla", get(knowledge::get_sla))
        .route(
            "/documents/service-catalog",
            get(knowledge::get_service_catalog),
        )
        .route(
            "/documents/designations",
            get(knowledge::get_designations).put(knowledge::put_designations),
        )
        .route(
            "/documents/{id}",
            get(knowledge::get_document).put(knowledge::put_document),
        )
        .route("/documents/{id}/revisions", get(knowledge::list_revisions))
        .route(
            "/documents/{id}/revisions/{revision}",
            get(knowledge::get_revision),
        )
        .route("/documents/{id}/diff", get(knowledge::diff))
        .route("/documents/{id}/restore", post(knowledge::restore))
        .route(
            "/services",
            get(knowledge::list_services).post(knowledge::create_service),
        )
        .route(
            "/services/{id}",
            get(knowledge::get_service).patch(knowledge::patch_service),
        )
        // Every route above reads at most 1 MiB; the image upload below has its own limit.
        .layer(RequestBodyLimitLayer::new(crate::BODY_LIMIT))
        .merge(knowledge::upload_routes())
        .fallback(|| async { ApiError::from(AppError::NotFound("endpoint")) })
        .with_state(state)
}

/// The caller, from `Authorization: Bearer <token>`.
pub struct ApiActor(pub Actor);

impl FromRequestParts<WebState> for ApiActor {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &WebState,
    ) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|h| h.to_str().ok())
            .and_then(|h| {
                h.strip_prefix("Bearer ")
                    .or_else(|| h.strip_prefix("bearer "))
            })
            .map(str::trim)
            .ok_or_else(|| ApiError::from(AppError::Unauthenticated))?;
        match state.app.actor_for_token(token).await? {
            Some(actor) => Ok(ApiActor(actor)),
            None => Err(ApiError::from(AppError::Unauthenticated)),
        }
    }
}

/// `Json` whose rejections are problem+json with serde's explanation (unknown enum value, missing
/// field, wrong type) instead of plain text.
pub struct ApiJson<T>(pub T);

impl<T: serde::de::DeserializeOwned> FromRequest<WebState> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &WebState) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(v)) => Ok(ApiJson(v)),
            Err(rejection) => Err(ApiError::bad_request(rejection.body_text())),
        }
    }
}

/// Query strings, with the same problem+json rejections.
pub struct ApiQuery<T>(pub T);

impl<T: serde::de::DeserializeOwned> FromRequestParts<WebState> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &WebState,
    ) -> Result<Self, Self::Rejection> {
        match Query::<T>::from_request_parts(parts, state).await {
            Ok(Query(v)) => Ok(ApiQuery(v)),
            Err(rejection) => Err(ApiError::bad_request(rejection.body_text())),
        }
    }
}

fn ticket_number(raw: &str) -> ApiResult<i64> {
    skranke_domain::ticket::parse_number(raw).ok_or(ApiError::from(AppError::NotFound("ticket")))
}

fn parse_opt<T: std::str::FromStr<Err = skranke_domain::UnknownValue>>(
    field: &'static str,
    v: Option<&str>,
) -> ApiResult<Option<T>> {
    match v.map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => s
            .parse()
            .map(Some)
            .map_err(|e: skranke_domain::UnknownValue| {
                ApiError::from(AppError::invalid(field, e.to_string()))
            }),
        None => Ok(None),
    }
}

fn parse_level(v: Option<i64>) -> ApiResult<Option<Level>> {
    v.map(|n| {
        Level::new(n).ok_or(ApiError::from(AppError::invalid(
            "level",
            "the level must be 1, 2 or 3",
        )))
    })
    .transpose()
}

#[derive(Deserialize)]
struct TokenRequest {
    email: String,
    password: String,
}

async fn auth_token(
    State(s): State<WebState>,
    ApiJson(req): ApiJson<TokenRequest>,
) -> ApiResult<Response> {
    let token = s
        .app
        .token_for_password(&req.email, &req.password)
        .await
        .map_err(|e| match e {
            AppError::Forbidden(m) => ApiError::unauthorized(m),
            other => ApiError::from(other),
        })?;
    Ok((
        StatusCode::CREATED,
        Json(serde_json::json!({ "token": token })),
    )
        .into_response())
}

async fn me(ApiActor(actor): ApiActor) -> Json<MeDto> {
    Json(MeDto::from(&actor))
}

#[derive(Deserialize)]
struct CreateTicketBody {
    title: String,
    #[serde(default)]
    description: String,
    #[serde(rename = "type")]
    ticket_type: TicketType,
    urgency: Option<Urgency>,
    impact: Option<Impact>,
    service_id: Option<i64>,
    requester_id: Option<i64>,
}

async fn create_ticket(
    State(s): State<WebState>,
    ApiActor(actor): ApiActor,
    ApiJson(b): ApiJson<CreateTicketBody>,
) -> ApiResult<Response> {
    let t = s
        .app
        .create_ticket(
            &actor,
            NewTicket {
                title: b.title,
                description: b.description,
                ticket_type: Some(b.ticket_type),
                urgency: b.urgency,
                impact: b.impact,
                service_id: b.service_id,
                requester_id: b.requester_id,
            },
        )
        .await?;
    Ok((StatusCode::CREATED, Json(TicketDto::from(&t))).into_response())
}

#[derive(Deserialize, Default)]
struct TicketListParams {
    status: Option<String>,
    #[serde(rename = "type")]
    ticket_type: Option<String>,
    assignee: Option<String>,
    level: Option<i64>,
    q: Option<String>,
    sort: Option<String>,
    limit: Option<i64>,
    cursor: Option<String>,
}

async fn list_tickets(
    State(s): State<WebState>,
    ApiActor(actor): ApiActor,
    ApiQuery(p): ApiQuery<TicketListParams>,
) -> ApiResult<Json<ListDto<TicketDto>>> {
    let assignee = match p.assignee.as_deref().map(str::trim) {
        None | Some("") => None,
        Some("me") => Some(AssigneeFilter::Me),
        Some("none") => Some(AssigneeFilter::Unassigned),
        Some(id) => Some(AssigneeFilter::Id(id.parse().map_err(|_| {
            ApiError::from(AppError::invalid("assignee", "use me, none or a user id"))
        })?)),
    };
    let sort = match p.sort.as_deref() {
        None | Some("") | Some("newest") => Sort::Newest,
        Some("priority") => Sort::Priority,
        Some(_) => {
            return Err(ApiError::from(AppError::invalid(
                "sort",
                "use newest or priority",
            )));
        }
    };
    let q = TicketQuery {
        status: parse_opt("status", p.status.as_deref())?,
        unresolved: false,
        ticket_type: parse_opt("type", p.ticket_type.as_deref())?,
        assignee,
        level: parse_level(p.level)?,
        q: p.q,
        sort,
        cursor: p.cursor,
        limit: p.limit,
    };
    let page = s.app.list_tickets(&actor, &q).await?;
    Ok(Json(ListDto {
        items: page.items.iter().map(TicketDto::from).collect(),
        next_cursor: page.next_cursor,
    }))
}

async fn get_ticket(
    State(s): State<WebState>,
    ApiActor(actor): ApiActor,
    Path(number): Path<String>,
) -> ApiResult<Json<TicketDto>> {
    let t = s.app.ticket(&actor, ticket_number(&number)?).await?;
    Ok(Json(TicketDto::from(&t)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PatchTicketBody {
    #[serde(rename = "type")]
    ticket_type: Option<TicketType>,
    status: Option<Status>,
    impact: Option<Impact>,
    urgency: Option<Urgency>,
}

async fn patch_ticket(
    State(s): State<WebState>,
    ApiActor(actor): ApiActor,
    Path(number): Path<String>,
    ApiJson(b): ApiJson<PatchTicketBody>,
) -> ApiResult<Json<TicketDto>> {
    let t = s
        .app
        .update_ticket(
            &actor,
            ticket_number(&number)?,
            TicketChanges {
                ticket_type: b.ticket_type,
                status: b.status,
                impact: b.impact,
                urgency: b.urgency,
            },
        )
        .await?;
    Ok(Json(TicketDto::from(&t)))
}

#[derive(Deserialize)]
struct CommentBody {
    body: String,
    #[serde(default)]
    internal: bool,
    set_status: Option<Status>,
}

async fn add_comment(
    State(s): State<WebState>,
    ApiActor(actor): ApiActor,
    Path(number): Path<String>,
    ApiJson(b): ApiJson<CommentBody>,
) -> ApiResult<Response> {
    let out = s
        .app
        .add_comment(
            &actor,
            ticket_number(&number)?,
            NewComment {
                body: b.body,
                internal: b.internal,
                set_status: b.set_status,
            },
        )
        .await?;
    Ok((StatusCode::CREATED, Json(CommentCreatedDto::from(&out))).into_response())
}

async fn list_comments(
    State(s): State<WebState>,
    ApiActor(actor): ApiActor,
    Path(number): Path<String>,
) -> ApiResult<Json<ListDto<CommentDto>>> {
    let comments = s.app.comments(&actor, ticket_number(&number)?).await?;
    Ok(Json(ListDto {
        items: comments.iter().map(CommentDto::from).collect(),
        next_cursor: None,
    }))
}

async fn list_events(
    State(s): State<WebState>,
    ApiActor(actor): ApiActor,
    Path(number): Path<String>,
) -> ApiResult<Json<ListDto<EventDto>>> {
    let events = s.app.events(&actor, ticket_number(&number)?).await?;
    Ok(Json(ListDto {
        items: events.iter().map(EventDto::from).collect(),
        next_cursor: None,
    }))
}

#[derive(Deserialize)]
struct AssignBody {
    assignee_id: i64,
}

async fn assign(
    State(s): State<WebState>,
    ApiActor(actor): ApiActor,
    Path(number): Path<String>,
    ApiJson(b): ApiJson<AssignBody>,
) -> ApiResult<Json<TicketDto>> {
    let t = s
        .app
        .assign(&actor, ticket_number(&number)?, b.assignee_id)
        .await?;
    Ok(Json(TicketDto::from(&t)))
}

#[derive(Deserialize)]
struct EscalateBody {
    level: i64,
    assignee_id: Option<i64>,
    #[serde(default)]
    reason: String,
}

async fn escalate(
    State(s): State<WebState>,
    ApiActor(actor): ApiActor,
    Path(number): Path<String>,
    ApiJson(b): ApiJson<EscalateBody>,
) -> ApiResult<Json<TicketDto>> {
    let t = s
        .app
        .escalate(
            &actor,
            ticket_number(&number)?,
            b.level,
            b.assignee_id,
            &b.reason,
        )
        .await?;
    Ok(Json(TicketDto::from(&t)))
}

async fn reopen(
    State(s): State<WebState>,
    ApiActor(actor): ApiActor,
    Path(number): Path<String>,
) -> ApiResult<Json<TicketDto>> {
    let t = s.app.reopen(&actor, ticket_number(&number)?).await?;
    Ok(Json(TicketDto::from(&t)))
}

#[derive(Deserialize)]
struct UserListParams {
    role: Option<String>,
    level: Option<i64>,
    active: Option<bool>,
    limit: Option<i64>,
    cursor: Option<String>,
}

async fn list_users(
    State(s): State<WebState>,
    ApiActor(actor): ApiActor,
    ApiQuery(p): ApiQuery<UserListParams>,
) -> ApiResult<Json<ListDto<UserDto>>> {
    let q = UserQuery {
        role: parse_opt::<Role>("role", p.role.as_deref())?,
        level: parse_level(p.level)?.map(|l| i64::from(l.get())),
        active: p.active,
        cursor: p.cursor,
        limit: p.limit,
    };
    let page = s.app.list_users(&actor, &q).await?;
    Ok(Json(ListDto {
        items: page.items.iter().map(UserDto::from).collect(),
        next_cursor: page.next_cursor,
    }))
}

async fn get_user(
    State(s): State<WebState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
) -> ApiResult<Json<UserDto>> {
    if !actor.is_internal() && actor.id != id {
        return Err(ApiError::from(AppError::NotFound("user")));
    }
    Ok(Json(UserDto::from(&s.app.user(id).await?)))
}

#[derive(Deserialize)]
struct CreateUserBody {
    email: String,
    name: String,
    role: Role,
    level: Option<i64>,
    password: Option<String>,
}

async fn create_user(
    State(s): State<WebState>,
    ApiActor(actor): ApiActor,
    ApiJson(b): ApiJson<CreateUserBody>,
) -> ApiResult<Response> {
    let u = s
        .app
        .create_user(
            Some(&actor),
            NewUser {
                email: b.email,
                name: b.name,
                role: b.role,
                level: b.level,
                password: b.password,
            },
        )
        .await?;
    Ok((StatusCode::CREATED, Json(UserDto::from(&u))).into_response())
}

#[derive(Deserialize)]
struct PatchUserBody {
    email: Option<String>,
    name: Option<String>,
    role: Option<Role>,
    level: Option<i64>,
    active: Option<bool>,
    password: Option<String>,
}

async fn patch_user(
    State(s): State<WebState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<PatchUserBody>,
) -> ApiResult<Json<UserDto>> {
    if !actor.is_admin() {
        return Err(ApiError::from(AppError::Forbidden(
            "only admins can edit users".into(),
        )));
    }
    let current = s.app.user(id).await?;
    let role = b.role.unwrap_or(current.role);
    let level = if role == Role::Agent {
        b.level.or(current.level.map(|l| i64::from(l.get())))
    } else {
        None
    };
    let u = s
        .app
        .update_user(
            &actor,
            id,
            UserUpdate {
                email: b.email.unwrap_or(current.email),
                name: b.name.unwrap_or(current.name),
                role,
                level,
                active: b.active.unwrap_or(current.active),
            },
        )
        .await?;
    if let Some(p) = b.password {
        s.app.reset_password(&actor, id, &p).await?;
    }
    Ok(Json(UserDto::from(&u)))
}

#[derive(Deserialize)]
struct PageParams {
    limit: Option<i64>,
    cursor: Option<String>,
}

async fn notifications(
    State(s): State<WebState>,
    ApiActor(actor): ApiActor,
    ApiQuery(p): ApiQuery<PageParams>,
) -> ApiResult<Json<ListDto<NotificationDto>>> {
    let page = s
        .app
        .notifications(&actor, p.cursor.as_deref(), p.limit)
        .await?;
    let lang = actor
        .locale
        .as_deref()
        .and_then(crate::i18n::Lang::from_code)
        .unwrap_or_default();
    let tr = crate::i18n::Tr::new(lang);
    Ok(Json(ListDto {
        items: page
            .items
            .iter()
            .map(|n| NotificationDto::new(n, tr))
            .collect(),
        next_cursor: page.next_cursor,
    }))
}

async fn notifications_read(
    State(s): State<WebState>,
    ApiActor(actor): ApiActor,
) -> ApiResult<Json<serde_json::Value>> {
    let n = s.app.mark_notifications_read(&actor).await?;
    Ok(Json(serde_json::json!({ "marked_read": n })))
}

#[derive(Deserialize)]
struct AuditParams {
    actor: Option<i64>,
    ticket: Option<String>,
    kind: Option<String>,
    from: Option<String>,
    until: Option<String>,
    limit: Option<i64>,
    cursor: Option<String>,
}

async fn audit(
    State(s): State<WebState>,
    ApiActor(actor): ApiActor,
    ApiQuery(p): ApiQuery<AuditParams>,
) -> ApiResult<Json<ListDto<EventDto>>> {
    let time = |field: &'static str, v: Option<String>| -> ApiResult<Option<i64>> {
        v.filter(|s| !s.is_empty())
            .map(|s| {
                dto::parse_rfc3339(&s).ok_or(ApiError::from(AppError::invalid(
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
        cursor: p.cursor,
        limit: p.limit,
    };
    let page = s.app.audit(&actor, &q).await?;
    Ok(Json(ListDto {
        items: page.items.iter().map(EventDto::from).collect(),
        next_cursor: page.next_cursor,
    }))
}

async fn get_settings(
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

async fn patch_settings(
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
