//! The JSON API under `/api/v1` (SPEC §8): bearer tokens, `application/problem+json` errors,
//! cursor-paginated lists, and an OpenAPI 3.1 document generated from the handlers
//! (`openapi.json`, rendered for people at `docs`). Handlers only translate between JSON and the
//! service layer.

mod admin;
mod dto;
mod error;
mod knowledge;
pub mod openapi;
mod reference;
mod schema;
mod tickets;
mod users;
mod webhooks;

use axum::extract::{DefaultBodyLimit, FromRequest, FromRequestParts, Path, Query, Request};
use axum::handler::Handler;
use axum::http::StatusCode;
use axum::http::{Method, header, request::Parts};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodFilter, on};
use axum::{Json, Router};
use skranke_app::{Actor, AppError};
use skranke_domain::Level;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::limit::RequestBodyLimitLayer;

pub use dto::*;
pub use error::ApiError;
pub use knowledge::UPLOAD_BODY_LIMIT;

use crate::WebState;

type ApiResult<T> = Result<T, ApiError>;

/// Where the API is mounted; the OpenAPI document's paths start with it.
pub const PREFIX: &str = "/api/v1";

pub fn routes(state: WebState) -> Router {
    route_table()
        .router
        .fallback(|| async { ApiError::from(AppError::NotFound("endpoint")) })
        // A bug that panics still answers problem+json (500) instead of dropping the connection.
        .layer(CatchPanicLayer::custom(|_| {
            ApiError::panicked().into_response()
        }))
        .layer(axum::middleware::map_response(problem_for_plain_errors))
        .with_state(state)
}

/// The answers axum and tower-http write themselves (405 for a wrong method, 413 from the body
/// limit), as problem+json like every other error of the API.
async fn problem_for_plain_errors(resp: Response) -> Response {
    let is_problem = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|ct| ct.as_bytes().starts_with(b"application/problem+json"));
    if is_problem {
        return resp;
    }
    match resp.status() {
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::payload_too_large(
            "body",
            format!(
                "the request body may be at most {} KiB",
                crate::BODY_LIMIT / 1024
            ),
        )
        .into_response(),
        StatusCode::METHOD_NOT_ALLOWED => {
            let mut problem = ApiError::method_not_allowed().into_response();
            if let Some(allow) = resp.headers().get(header::ALLOW) {
                problem.headers_mut().insert(header::ALLOW, allow.clone());
            }
            problem
        }
        _ => resp,
    }
}

/// Every method and path the API serves, `/api/v1` included, as the OpenAPI document spells
/// them. The integration test `openapi::every_route_is_documented` holds the document to it.
pub fn served_routes() -> Vec<(Method, String)> {
    route_table()
        .served
        .into_iter()
        .map(|(m, p)| (m, format!("{PREFIX}{p}")))
        .collect()
}

/// The routes, kept as a list as well as a router so that `served_routes` cannot miss one.
#[derive(Default)]
struct RouteTable {
    router: Router<WebState>,
    served: Vec<(Method, &'static str)>,
}

impl RouteTable {
    fn at<H, T>(mut self, method: Method, path: &'static str, handler: H) -> Self
    where
        H: Handler<T, WebState>,
        T: 'static,
    {
        let filter = MethodFilter::try_from(method.clone()).expect("a method axum can route");
        self.router = self.router.route(path, on(filter, handler));
        self.served.push((method, path));
        self
    }

    fn get<H: Handler<T, WebState>, T: 'static>(self, path: &'static str, h: H) -> Self {
        self.at(Method::GET, path, h)
    }

    fn post<H: Handler<T, WebState>, T: 'static>(self, path: &'static str, h: H) -> Self {
        self.at(Method::POST, path, h)
    }

    fn put<H: Handler<T, WebState>, T: 'static>(self, path: &'static str, h: H) -> Self {
        self.at(Method::PUT, path, h)
    }

    fn patch<H: Handler<T, WebState>, T: 'static>(self, path: &'static str, h: H) -> Self {
        self.at(Method::PATCH, path, h)
    }

    fn delete<H: Handler<T, WebState>, T: 'static>(self, path: &'static str, h: H) -> Self {
        self.at(Method::DELETE, path, h)
    }

    /// Applies `f` (a layer) to the routes added so far.
    fn map(mut self, f: impl FnOnce(Router<WebState>) -> Router<WebState>) -> Self {
        self.router = f(self.router);
        self
    }

    fn merge(mut self, other: RouteTable) -> Self {
        self.router = self.router.merge(other.router);
        self.served.extend(other.served);
        self
    }
}

fn route_table() -> RouteTable {
    use {admin::*, knowledge::*, tickets::*, users::*, webhooks::*};
    let limited = RouteTable::default()
        .get("/openapi.json", openapi::openapi_json)
        .get("/docs", reference::reference_page)
        .post("/auth/token", auth_token)
        .get("/me", me)
        .get("/me/tokens", list_tokens)
        .post("/me/tokens", create_token)
        .delete("/me/tokens/{id}", revoke_token)
        .get("/tickets", list_tickets)
        .post("/tickets", create_ticket)
        .get("/tickets/{number}", get_ticket)
        .patch("/tickets/{number}", patch_ticket)
        .get("/tickets/{number}/comments", list_comments)
        .post("/tickets/{number}/comments", add_comment)
        .get("/tickets/{number}/events", list_events)
        .post("/tickets/{number}/assign", assign)
        .post("/tickets/{number}/escalate", escalate)
        .post("/tickets/{number}/reopen", reopen)
        .get("/users", list_users)
        .post("/users", create_user)
        .get("/users/{id}", get_user)
        .patch("/users/{id}", patch_user)
        .get("/notifications", notifications)
        .post("/notifications/read", notifications_read)
        .get("/audit", audit)
        .get("/settings", get_settings)
        .patch("/settings", patch_settings)
        .get("/documents", list_documents)
        .post("/documents", create_document)
        // Static segments win over `{id}` in axum's router, so these never reach get_document.
        .get("/documents/sla", get_sla)
        .get("/documents/service-catalog", get_service_catalog)
        .get("/documents/designations", get_designations)
        .put("/documents/designations", put_designations)
        .get("/documents/{id}", get_document)
        .put("/documents/{id}", put_document)
        .get("/documents/{id}/revisions", list_revisions)
        .get("/documents/{id}/revisions/{revision}", get_revision)
        .get("/documents/{id}/diff", diff)
        .post("/documents/{id}/restore", restore)
        .get("/services", list_services)
        .post("/services", create_service)
        .get("/services/{id}", get_service)
        .patch("/services/{id}", patch_service)
        .get("/webhooks", list_webhooks)
        .post("/webhooks", create_webhook)
        .patch("/webhooks/{id}", patch_webhook)
        .get("/webhooks/{id}/deliveries", list_deliveries)
        .get("/jobs/failed", failed_jobs)
        // Every route above reads at most 1 MiB; the image upload below has its own limit.
        .map(|r| r.layer(RequestBodyLimitLayer::new(crate::BODY_LIMIT)));
    let uploads = RouteTable::default()
        .get("/documents/{id}/attachments", list_images)
        .post("/documents/{id}/attachments", upload_image)
        .map(|r| r.layer(DefaultBodyLimit::max(UPLOAD_BODY_LIMIT)));
    limited.merge(uploads)
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
        let Json(value) = Json::<serde_json::Value>::from_request(req, state)
            .await
            .map_err(|rejection| match rejection.status() {
                StatusCode::PAYLOAD_TOO_LARGE => {
                    ApiError::payload_too_large("body", rejection.body_text())
                }
                _ => ApiError::bad_request(rejection.body_text()),
            })?;
        // Every body is an object: serde would also fill a struct from an array, positionally.
        if !value.is_object() {
            return Err(ApiError::bad_request("the body must be a JSON object"));
        }
        serde_json::from_value::<T>(value)
            .map(ApiJson)
            .map_err(|e| {
                ApiError::bad_request(format!(
                    "Failed to deserialize the JSON body into the target type: {e}"
                ))
            })
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

/// Path parameters, with problem+json rejections: a segment of the wrong type names no
/// resource, so it is a 404 like any other unknown id.
pub struct ApiPath<T>(pub T);

impl<T: serde::de::DeserializeOwned + Send> FromRequestParts<WebState> for ApiPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &WebState,
    ) -> Result<Self, Self::Rejection> {
        match Path::<T>::from_request_parts(parts, state).await {
            Ok(Path(v)) => Ok(ApiPath(v)),
            Err(rejection) => Err(ApiError::from(AppError::NotFound("resource"))
                .with_detail(format!("no such resource: {}", rejection.body_text()))),
        }
    }
}

/// A list's `cursor`; an empty one means the first page, like every other empty parameter.
fn cursor(c: Option<String>) -> Option<String> {
    c.filter(|c| !c.trim().is_empty())
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
