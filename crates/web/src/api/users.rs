//! `/api/v1/auth/token`, `/me`, `/me/tokens`, `/users` and `/notifications`: people, their tokens
//! and their notifications. Thin: every rule is in `skranke_app::users`, `auth` and `log`.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use skranke_app::AppError;
use skranke_app::users::{NewUser, UserQuery, UserUpdate};
use skranke_domain::Role;
use utoipa::{IntoParams, ToSchema};

use super::schema::{self, Conflict, Forbidden, Invalid, NotFound, PayloadTooLarge, Unauthorized};
use super::{
    ApiActor, ApiError, ApiJson, ApiPath, ApiQuery, ApiResult, cursor, dto::*, parse_level,
    parse_opt,
};
use crate::WebState;

#[derive(Deserialize, ToSchema)]
#[schema(as = Credentials)]
pub(super) struct TokenRequest {
    email: String,
    password: String,
}

/// A new API token; send it as `Authorization: Bearer <token>`.
#[derive(Serialize, ToSchema)]
#[schema(as = Token)]
pub(super) struct TokenDto {
    token: String,
}

/// Trade an e-mail address and password for an API token.
#[utoipa::path(
    post,
    path = "/auth/token",
    tag = "auth",
    request_body = TokenRequest,
    responses(
        (status = 201, description = "A new token", body = TokenDto),
        (status = 401, response = Unauthorized),
        (status = 413, response = PayloadTooLarge),
        (status = 422, response = Invalid),
    ),
)]
pub(super) async fn auth_token(
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
    Ok((StatusCode::CREATED, Json(TokenDto { token })).into_response())
}

/// Who the token belongs to.
#[utoipa::path(
    get,
    path = "/me",
    tag = "users",
    responses(
        (status = 200, description = "The caller", body = MeDto),
        (status = 401, response = Unauthorized),
    ),
    security(("bearer" = [])),
)]
pub(super) async fn me(ApiActor(actor): ApiActor) -> Json<MeDto> {
    Json(MeDto::from(&actor))
}

/// One of the caller's API tokens. Its secret is shown only when it is created.
#[derive(Serialize, ToSchema)]
#[schema(as = TokenInfo)]
pub(super) struct TokenInfoDto {
    id: i64,
    name: String,
    created_at: String,
    /// When a request last used it.
    #[schema(required = true)]
    last_used_at: Option<String>,
}

impl From<&skranke_app::store::repo::tokens::TokenRow> for TokenInfoDto {
    fn from(t: &skranke_app::store::repo::tokens::TokenRow) -> Self {
        TokenInfoDto {
            id: t.id,
            name: t.name.clone(),
            created_at: rfc3339(t.created_at),
            last_used_at: t.last_used_at.map(rfc3339),
        }
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = TokenCreate)]
pub(super) struct TokenCreateRequest {
    /// What the token is for; "API token" when left out or blank.
    #[serde(default)]
    #[schema(max_length = 100)]
    name: String,
}

/// A token just created, with its secret: store it now, it is not shown again.
#[derive(Serialize, ToSchema)]
#[schema(as = CreatedToken)]
pub(super) struct CreatedTokenDto {
    id: i64,
    name: String,
    created_at: String,
    /// Send it as `Authorization: Bearer <token>`.
    token: String,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct TokenListParams {
    /// Page size, 1–200 (default 50); larger values are cut to 200.
    #[param(minimum = 1, maximum = 200)]
    limit: Option<i64>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
}

/// The caller's API tokens, oldest first.
#[utoipa::path(
    get,
    path = "/me/tokens",
    tag = "users",
    params(TokenListParams),
    responses(
        (status = 200, description = "One page of the caller's tokens", body = schema::TokenList),
        (status = 401, response = Unauthorized),
        (status = 422, response = Invalid),
    ),
    security(("bearer" = [])),
)]
pub(super) async fn list_tokens(
    State(s): State<WebState>,
    ApiActor(actor): ApiActor,
    ApiQuery(p): ApiQuery<TokenListParams>,
) -> ApiResult<Json<ListDto<TokenInfoDto>>> {
    let page = s
        .app
        .token_page(&actor, cursor(p.cursor).as_deref(), p.limit)
        .await?;
    Ok(Json(ListDto {
        items: page.items.iter().map(TokenInfoDto::from).collect(),
        next_cursor: page.next_cursor,
    }))
}

/// A new API token for the caller.
#[utoipa::path(
    post,
    path = "/me/tokens",
    tag = "users",
    request_body = TokenCreateRequest,
    responses(
        (status = 201, description = "The new token and its secret", body = CreatedTokenDto),
        (status = 401, response = Unauthorized),
        (status = 413, response = PayloadTooLarge),
        (status = 422, response = Invalid),
    ),
    security(("bearer" = [])),
)]
pub(super) async fn create_token(
    State(s): State<WebState>,
    ApiActor(actor): ApiActor,
    ApiJson(req): ApiJson<TokenCreateRequest>,
) -> ApiResult<Response> {
    let created = s.app.create_token(actor.id, &req.name).await?;
    let body = CreatedTokenDto {
        id: created.row.id,
        name: created.row.name,
        created_at: rfc3339(created.row.created_at),
        token: created.token,
    };
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub(super) struct TokenPath {
    /// The token's id (from the list, never the secret).
    #[param(example = 1)]
    id: i64,
}

/// Revokes one of the caller's tokens at once; it may be the one making this request.
#[utoipa::path(
    delete,
    path = "/me/tokens/{id}",
    tag = "users",
    params(TokenPath),
    responses(
        (status = 204, description = "Revoked"),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = [])),
)]
pub(super) async fn revoke_token(
    State(s): State<WebState>,
    ApiActor(actor): ApiActor,
    ApiPath(TokenPath { id }): ApiPath<TokenPath>,
) -> ApiResult<StatusCode> {
    s.app.revoke_token(&actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct UserListParams {
    #[param(value_type = Option<schema::Role>)]
    role: Option<String>,
    /// Agents of this support level, 1–3.
    #[param(minimum = 1, maximum = 3)]
    level: Option<i64>,
    active: Option<bool>,
    /// Page size, 1–200 (default 50); larger values are cut to 200.
    #[param(minimum = 1, maximum = 200)]
    limit: Option<i64>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
}

/// The desk's users (agents and admins).
#[utoipa::path(
    get,
    path = "/users",
    tag = "users",
    params(UserListParams),
    responses(
        (status = 200, description = "One page of users", body = schema::UserList),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 422, response = Invalid),
    ),
    security(("bearer" = [])),
)]
pub(super) async fn list_users(
    State(s): State<WebState>,
    ApiActor(actor): ApiActor,
    ApiQuery(p): ApiQuery<UserListParams>,
) -> ApiResult<Json<ListDto<UserDto>>> {
    let q = UserQuery {
        role: parse_opt::<Role>("role", p.role.as_deref())?,
        level: parse_level(p.level)?.map(|l| i64::from(l.get())),
        active: p.active,
        cursor: cursor(p.cursor),
        limit: p.limit,
    };
    let page = s.app.list_users(&actor, &q).await?;
    Ok(Json(ListDto {
        items: page.items.iter().map(UserDto::from).collect(),
        next_cursor: page.next_cursor,
    }))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub(super) struct UserPath {
    /// The user's id.
    #[param(example = 2)]
    id: i64,
}

/// One user: any user for agents and admins, only themselves for customers.
#[utoipa::path(
    get,
    path = "/users/{id}",
    tag = "users",
    params(UserPath),
    responses(
        (status = 200, description = "The user", body = UserDto),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = [])),
)]
pub(super) async fn get_user(
    State(s): State<WebState>,
    ApiActor(actor): ApiActor,
    ApiPath(UserPath { id }): ApiPath<UserPath>,
) -> ApiResult<Json<UserDto>> {
    if !actor.is_internal() && actor.id != id {
        return Err(ApiError::from(AppError::NotFound("user")));
    }
    Ok(Json(UserDto::from(&s.app.user(id).await?)))
}

#[derive(Deserialize, ToSchema)]
#[schema(as = NewUser)]
pub(super) struct CreateUserBody {
    #[schema(format = Email)]
    email: String,
    #[schema(min_length = 1, max_length = 200)]
    name: String,
    #[schema(value_type = schema::Role)]
    role: Role,
    /// Required for agents (1–3); ignored for customers and admins.
    #[schema(minimum = 1, maximum = 3)]
    level: Option<i64>,
    /// Without one the user cannot sign in with a password until an admin sets one.
    #[schema(min_length = 8)]
    password: Option<String>,
}

/// Create a user (admins).
#[utoipa::path(
    post,
    path = "/users",
    tag = "users",
    request_body = CreateUserBody,
    responses(
        (status = 201, description = "The new user", body = UserDto),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 409, response = Conflict),
        (status = 413, response = PayloadTooLarge),
        (status = 422, response = Invalid),
    ),
    security(("bearer" = [])),
)]
pub(super) async fn create_user(
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

/// Only the fields sent change.
#[derive(Deserialize, ToSchema)]
#[schema(as = UserChanges)]
pub(super) struct PatchUserBody {
    #[schema(format = Email)]
    email: Option<String>,
    #[schema(min_length = 1, max_length = 200)]
    name: Option<String>,
    #[schema(value_type = Option<schema::Role>)]
    role: Option<Role>,
    /// For agents, 1–3; ignored for customers and admins.
    #[schema(minimum = 1, maximum = 3)]
    level: Option<i64>,
    /// A deactivated user can no longer sign in, and their tokens stop working.
    active: Option<bool>,
    /// A new password.
    #[schema(min_length = 8)]
    password: Option<String>,
}

/// Edit a user (admins).
#[utoipa::path(
    patch,
    path = "/users/{id}",
    tag = "users",
    params(UserPath),
    request_body = PatchUserBody,
    responses(
        (status = 200, description = "The changed user", body = UserDto),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
        (status = 413, response = PayloadTooLarge),
        (status = 422, response = Invalid),
    ),
    security(("bearer" = [])),
)]
pub(super) async fn patch_user(
    State(s): State<WebState>,
    ApiActor(actor): ApiActor,
    ApiPath(UserPath { id }): ApiPath<UserPath>,
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

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct PageParams {
    /// Page size, 1–200 (default 50); larger values are cut to 200.
    #[param(minimum = 1, maximum = 200)]
    pub(super) limit: Option<i64>,
    /// `next_cursor` of the previous page.
    pub(super) cursor: Option<String>,
}

/// The caller's in-app notifications, newest first, in the caller's language.
#[utoipa::path(
    get,
    path = "/notifications",
    tag = "notifications",
    params(PageParams),
    responses(
        (status = 200, description = "One page of notifications", body = schema::NotificationList),
        (status = 401, response = Unauthorized),
        (status = 422, response = Invalid),
    ),
    security(("bearer" = [])),
)]
pub(super) async fn notifications(
    State(s): State<WebState>,
    ApiActor(actor): ApiActor,
    ApiQuery(p): ApiQuery<PageParams>,
) -> ApiResult<Json<ListDto<NotificationDto>>> {
    let page = s
        .app
        .notifications(&actor, cursor(p.cursor).as_deref(), p.limit)
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

#[derive(Serialize, ToSchema)]
#[schema(as = MarkedRead)]
pub(super) struct MarkedReadDto {
    /// How many notifications were unread.
    marked_read: u64,
}

/// Mark all the caller's notifications read.
#[utoipa::path(
    post,
    path = "/notifications/read",
    tag = "notifications",
    responses(
        (status = 200, description = "How many were marked", body = MarkedReadDto),
        (status = 401, response = Unauthorized),
    ),
    security(("bearer" = [])),
)]
pub(super) async fn notifications_read(
    State(s): State<WebState>,
    ApiActor(actor): ApiActor,
) -> ApiResult<Json<MarkedReadDto>> {
    let marked_read = s.app.mark_notifications_read(&actor).await?;
    Ok(Json(MarkedReadDto { marked_read }))
}
