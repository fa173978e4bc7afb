//! `/api/v1/tickets`: tickets, their comments and history, assignment, escalation. Thin: every
//! rule is in `skranke_app::tickets`.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use skranke_app::AppError;
use skranke_app::tickets::{
    AssigneeFilter, NewComment, NewTicket, Sort, TicketChanges, TicketQuery,
};
use skranke_domain::{Impact, Status, TicketType, Urgency};
use utoipa::{IntoParams, ToSchema};

use super::schema::{self, Conflict, Forbidden, Invalid, NotFound, PayloadTooLarge, Unauthorized};
use super::{
    ApiActor, ApiError, ApiJson, ApiPath, ApiQuery, ApiResult, cursor, dto::*, parse_level,
    parse_opt,
};
use crate::WebState;

/// The ticket number in a path; `#12` is read as `12`.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub(super) struct TicketPath {
    /// The ticket's number (a leading `#` is accepted).
    #[param(value_type = i64, minimum = 1, example = 1001)]
    number: String,
}

impl TicketPath {
    fn number(&self) -> ApiResult<i64> {
        skranke_domain::ticket::parse_number(&self.number)
            .ok_or(ApiError::from(AppError::NotFound("ticket")))
    }
}

#[derive(Deserialize, ToSchema)]
#[schema(as = NewTicket)]
pub(super) struct CreateTicketBody {
    #[schema(min_length = 1, max_length = 200)]
    title: String,
    #[serde(default)]
    description: String,
    #[serde(rename = "type")]
    #[schema(value_type = schema::TicketType)]
    ticket_type: TicketType,
    /// Defaults to the service's urgency, else `medium`.
    #[schema(value_type = Option<schema::Urgency>)]
    urgency: Option<Urgency>,
    /// Agents and admins only; defaults to the service's impact, else `medium`.
    #[schema(value_type = Option<schema::Impact>)]
    impact: Option<Impact>,
    /// An active service of the catalog; the ticket takes its type and defaults.
    service_id: Option<i64>,
    /// Agents and admins: raise the ticket on behalf of this customer.
    requester_id: Option<i64>,
}

/// Raise a ticket. It is assigned (or queued) at once, as the level's mode says.
#[utoipa::path(
    post,
    path = "/tickets",
    tag = "tickets",
    request_body = CreateTicketBody,
    responses(
        (status = 201, description = "The new ticket", body = TicketDto),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 413, response = PayloadTooLarge),
        (status = 422, response = Invalid),
    ),
    security(("bearer" = [])),
)]
pub(super) async fn create_ticket(
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

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct TicketListParams {
    #[param(value_type = Option<schema::Status>)]
    status: Option<String>,
    #[serde(rename = "type")]
    #[param(value_type = Option<schema::TicketType>)]
    ticket_type: Option<String>,
    /// `me`, `none` (unassigned) or a user id.
    #[param(pattern = "^(me|none|[0-9]{1,18})$")]
    assignee: Option<String>,
    /// The support level, 1–3.
    #[param(minimum = 1, maximum = 3)]
    level: Option<i64>,
    /// Words that must all occur in the title or description (not in comments): words of three or
    /// more letters as the start of a word ("printer" finds "printeren"), shorter ones whole. A
    /// ticket number (`1042`, `#1042`) also finds that ticket.
    q: Option<String>,
    /// `newest` (default) or `priority` (P1 first).
    #[param(pattern = "^(newest|priority)$")]
    sort: Option<String>,
    /// Page size, 1–200 (default 50); larger values are cut to 200.
    #[param(minimum = 1, maximum = 200)]
    limit: Option<i64>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
}

/// The tickets the caller may see: customers their own, agents and admins all.
#[utoipa::path(
    get,
    path = "/tickets",
    tag = "tickets",
    params(TicketListParams),
    responses(
        (status = 200, description = "One page of tickets", body = schema::TicketList),
        (status = 401, response = Unauthorized),
        (status = 422, response = Invalid),
    ),
    security(("bearer" = [])),
)]
pub(super) async fn list_tickets(
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
        cursor: cursor(p.cursor),
        limit: p.limit,
        brief: false,
    };
    let page = s.app.list_tickets(&actor, &q).await?;
    Ok(Json(ListDto {
        items: page.items.iter().map(TicketDto::from).collect(),
        next_cursor: page.next_cursor,
    }))
}

/// One ticket.
#[utoipa::path(
    get,
    path = "/tickets/{number}",
    tag = "tickets",
    params(TicketPath),
    responses(
        (status = 200, description = "The ticket", body = TicketDto),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = [])),
)]
pub(super) async fn get_ticket(
    State(s): State<WebState>,
    ApiActor(actor): ApiActor,
    ApiPath(path): ApiPath<TicketPath>,
) -> ApiResult<Json<TicketDto>> {
    let t = s.app.ticket(&actor, path.number()?).await?;
    Ok(Json(TicketDto::from(&t)))
}

/// Only the fields sent change; impact is for agents and admins.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = TicketChanges)]
pub(super) struct PatchTicketBody {
    #[serde(rename = "type")]
    #[schema(value_type = Option<schema::TicketType>)]
    ticket_type: Option<TicketType>,
    #[schema(value_type = Option<schema::Status>)]
    status: Option<Status>,
    #[schema(value_type = Option<schema::Impact>)]
    impact: Option<Impact>,
    #[schema(value_type = Option<schema::Urgency>)]
    urgency: Option<Urgency>,
}

/// Change a ticket's type, status, impact or urgency (SPEC §3 says who may change what).
#[utoipa::path(
    patch,
    path = "/tickets/{number}",
    tag = "tickets",
    params(TicketPath),
    request_body = PatchTicketBody,
    responses(
        (status = 200, description = "The changed ticket", body = TicketDto),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
        (status = 413, response = PayloadTooLarge),
        (status = 422, response = Invalid),
    ),
    security(("bearer" = [])),
)]
pub(super) async fn patch_ticket(
    State(s): State<WebState>,
    ApiActor(actor): ApiActor,
    ApiPath(path): ApiPath<TicketPath>,
    ApiJson(b): ApiJson<PatchTicketBody>,
) -> ApiResult<Json<TicketDto>> {
    let t = s
        .app
        .update_ticket(
            &actor,
            path.number()?,
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

#[derive(Deserialize, ToSchema)]
#[schema(as = NewComment)]
pub(super) struct CommentBody {
    /// Markdown.
    #[schema(min_length = 1)]
    body: String,
    /// An internal note, seen by agents and admins only (agents and admins only).
    #[serde(default)]
    internal: bool,
    /// Change the status in the same step.
    #[schema(value_type = Option<schema::Status>)]
    set_status: Option<Status>,
}

/// Comment on a ticket. A customer's comment on a ticket resolved longer ago than the reopen
/// window starts a follow-up ticket instead (see `follow_up_of` in the answer).
#[utoipa::path(
    post,
    path = "/tickets/{number}/comments",
    tag = "tickets",
    params(TicketPath),
    request_body = CommentBody,
    responses(
        (status = 201, description = "The comment and the ticket it landed on", body = CommentCreatedDto),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
        (status = 413, response = PayloadTooLarge),
        (status = 422, response = Invalid),
    ),
    security(("bearer" = [])),
)]
pub(super) async fn add_comment(
    State(s): State<WebState>,
    ApiActor(actor): ApiActor,
    ApiPath(path): ApiPath<TicketPath>,
    ApiJson(b): ApiJson<CommentBody>,
) -> ApiResult<Response> {
    let out = s
        .app
        .add_comment(
            &actor,
            path.number()?,
            NewComment {
                body: b.body,
                internal: b.internal,
                set_status: b.set_status,
            },
        )
        .await?;
    Ok((StatusCode::CREATED, Json(CommentCreatedDto::from(&out))).into_response())
}

/// A ticket's comments, oldest first; customers do not see internal notes. One page.
#[utoipa::path(
    get,
    path = "/tickets/{number}/comments",
    tag = "tickets",
    params(TicketPath),
    responses(
        (status = 200, description = "Every comment (`next_cursor` is always null)", body = schema::CommentList),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = [])),
)]
pub(super) async fn list_comments(
    State(s): State<WebState>,
    ApiActor(actor): ApiActor,
    ApiPath(path): ApiPath<TicketPath>,
) -> ApiResult<Json<ListDto<CommentDto>>> {
    let comments = s.app.comments(&actor, path.number()?).await?;
    Ok(Json(ListDto {
        items: comments.iter().map(CommentDto::from).collect(),
        next_cursor: None,
    }))
}

/// A ticket's history, oldest first; customers do not see internal events.
#[utoipa::path(
    get,
    path = "/tickets/{number}/events",
    tag = "tickets",
    params(TicketPath),
    responses(
        (status = 200, description = "Every event (`next_cursor` is always null)", body = schema::EventList),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = [])),
)]
pub(super) async fn list_events(
    State(s): State<WebState>,
    ApiActor(actor): ApiActor,
    ApiPath(path): ApiPath<TicketPath>,
) -> ApiResult<Json<ListDto<EventDto>>> {
    let events = s.app.events(&actor, path.number()?).await?;
    Ok(Json(ListDto {
        items: events.iter().map(EventDto::from).collect(),
        next_cursor: None,
    }))
}

#[derive(Deserialize, ToSchema)]
#[schema(as = Assignment)]
pub(super) struct AssignBody {
    /// An active agent of the ticket's level.
    assignee_id: i64,
}

/// Assign a ticket to an agent of its level (agents and admins).
#[utoipa::path(
    post,
    path = "/tickets/{number}/assign",
    tag = "tickets",
    params(TicketPath),
    request_body = AssignBody,
    responses(
        (status = 200, description = "The assigned ticket", body = TicketDto),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
        (status = 413, response = PayloadTooLarge),
        (status = 422, response = Invalid),
    ),
    security(("bearer" = [])),
)]
pub(super) async fn assign(
    State(s): State<WebState>,
    ApiActor(actor): ApiActor,
    ApiPath(path): ApiPath<TicketPath>,
    ApiJson(b): ApiJson<AssignBody>,
) -> ApiResult<Json<TicketDto>> {
    let t = s.app.assign(&actor, path.number()?, b.assignee_id).await?;
    Ok(Json(TicketDto::from(&t)))
}

#[derive(Deserialize, ToSchema)]
#[schema(as = Escalation)]
pub(super) struct EscalateBody {
    /// The level to move the ticket to, 1–3.
    #[schema(minimum = 1, maximum = 3)]
    level: i64,
    /// An agent of that level; without one the level's mode decides.
    assignee_id: Option<i64>,
    /// Why; shown to agents only.
    #[serde(default)]
    #[schema(required = true, min_length = 1)]
    reason: String,
}

/// Move a ticket to another support level (agents and admins).
#[utoipa::path(
    post,
    path = "/tickets/{number}/escalate",
    tag = "tickets",
    params(TicketPath),
    request_body = EscalateBody,
    responses(
        (status = 200, description = "The escalated ticket", body = TicketDto),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
        (status = 413, response = PayloadTooLarge),
        (status = 422, response = Invalid),
    ),
    security(("bearer" = [])),
)]
pub(super) async fn escalate(
    State(s): State<WebState>,
    ApiActor(actor): ApiActor,
    ApiPath(path): ApiPath<TicketPath>,
    ApiJson(b): ApiJson<EscalateBody>,
) -> ApiResult<Json<TicketDto>> {
    let t = s
        .app
        .escalate(&actor, path.number()?, b.level, b.assignee_id, &b.reason)
        .await?;
    Ok(Json(TicketDto::from(&t)))
}

/// Reopen a resolved ticket within the reopen window.
#[utoipa::path(
    post,
    path = "/tickets/{number}/reopen",
    tag = "tickets",
    params(TicketPath),
    responses(
        (status = 200, description = "The reopened ticket", body = TicketDto),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
        (status = 422, response = Invalid),
    ),
    security(("bearer" = [])),
)]
pub(super) async fn reopen(
    State(s): State<WebState>,
    ApiActor(actor): ApiActor,
    ApiPath(path): ApiPath<TicketPath>,
) -> ApiResult<Json<TicketDto>> {
    let t = s.app.reopen(&actor, path.number()?).await?;
    Ok(Json(TicketDto::from(&t)))
}
