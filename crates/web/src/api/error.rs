//! `application/problem+json` (RFC 9457) for every API error. The cause of a 500 goes to the log;
//! the caller only learns that it happened.

use axum::Json;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use skranke_app::AppError;

pub struct ApiError {
    pub error: AppError,
    /// Replaces the default explanation (a 401's, or a 404's where the endpoint knows better).
    detail: Option<String>,
    /// A status the service layer has no error for: 413 when a body exceeds the limit, 405.
    status: Option<StatusCode>,
}

impl ApiError {
    pub fn bad_request(detail: impl Into<String>) -> Self {
        ApiError::from(AppError::Invalid {
            field: "body",
            message: detail.into(),
        })
    }

    pub fn unauthorized(detail: impl Into<String>) -> Self {
        ApiError {
            detail: Some(detail.into()),
            ..ApiError::from(AppError::Unauthenticated)
        }
    }

    /// 413: the request body is larger than the endpoint accepts.
    pub fn payload_too_large(field: &'static str, detail: impl Into<String>) -> Self {
        let message = detail.into();
        ApiError {
            detail: Some(message.clone()),
            status: Some(StatusCode::PAYLOAD_TOO_LARGE),
            ..ApiError::from(AppError::Invalid { field, message })
        }
    }

    /// 405: the path exists but not with this method (the caller keeps axum's `Allow` header).
    pub fn method_not_allowed() -> Self {
        ApiError {
            detail: Some("this endpoint does not answer that method; see the Allow header".into()),
            status: Some(StatusCode::METHOD_NOT_ALLOWED),
            ..ApiError::from(AppError::NotFound("method"))
        }
    }

    /// A handler panicked (the panic hook has already printed where).
    pub fn panicked() -> Self {
        ApiError::from(AppError::Internal("a request handler panicked".into()))
    }

    /// Keeps the error and its status but explains it in the endpoint's own words.
    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }
}

impl From<AppError> for ApiError {
    fn from(error: AppError) -> Self {
        ApiError {
            error,
            detail: None,
            status: None,
        }
    }
}

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

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status.unwrap_or_else(|| status_of(&self.error));
        let (title, detail, field) = match &self.error {
            AppError::Invalid { field, message } if status == StatusCode::PAYLOAD_TOO_LARGE => {
                ("Payload too large", message.clone(), Some(*field))
            }
            _ if status == StatusCode::METHOD_NOT_ALLOWED => (
                "Method not allowed",
                self.detail.clone().unwrap_or_default(),
                None,
            ),
            AppError::NotFound(what) => (
                "Not found",
                self.detail
                    .clone()
                    .unwrap_or_else(|| format!("{what} not found")),
                None,
            ),
            AppError::Forbidden(m) => ("Forbidden", m.clone(), None),
            AppError::Unauthenticated => (
                "Unauthorized",
                self.detail.clone().unwrap_or_else(|| {
                    "a valid bearer token is required: Authorization: Bearer <token>".to_string()
                }),
                None,
            ),
            AppError::Invalid { field, message } => {
                ("Invalid request", message.clone(), Some(*field))
            }
            AppError::Conflict(m) => ("Conflict", m.clone(), None),
            AppError::Internal(cause) => {
                tracing::error!(error = %cause, source = ?cause.source(), "internal error in API request");
                (
                    "Internal server error",
                    "something went wrong on our side; it has been logged".to_string(),
                    None,
                )
            }
        };
        let mut body = json!({ "type": "about:blank", "title": title, "status": status.as_u16(), "detail": detail });
        if let Some(f) = field {
            body["field"] = json!(f);
        }
        let mut resp = (status, Json(body)).into_response();
        resp.headers_mut().insert(
            header::CONTENT_TYPE,
            header::HeaderValue::from_static("application/problem+json"),
        );
        if status == StatusCode::UNAUTHORIZED {
            resp.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Bearer"),
            );
        }
        resp
    }
}
