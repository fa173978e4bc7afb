use skranke_domain::validate::FieldError;
use skranke_store::StoreError;

/// The service layer's one error type. The web layer renders it as an HTML page or as
/// `application/problem+json`; only `Internal` is a 500, and its cause goes to the log, not to the user.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Also what a customer gets for someone else's ticket: existence is never revealed.
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("{0}")]
    Forbidden(String),
    #[error("you need to log in")]
    Unauthenticated,
    #[error("{field}: {message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
    #[error("{0}")]
    Conflict(String),
    #[error("internal error: {0}")]
    Internal(#[source] Box<dyn std::error::Error + Send + Sync>),
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        AppError::Invalid {
            field,
            message: message.into(),
        }
    }
}

impl From<FieldError> for AppError {
    fn from(e: FieldError) -> Self {
        AppError::Invalid {
            field: e.field,
            message: e.message,
        }
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Duplicate(what) => {
                AppError::Conflict(format!("a user with this {what} already exists"))
            }
            other => AppError::Internal(Box::new(other)),
        }
    }
}

impl From<sqlx_error::Error> for AppError {
    fn from(e: sqlx_error::Error) -> Self {
        AppError::from(StoreError::from(e))
    }
}

mod sqlx_error {
    pub use skranke_store::sqlx::Error;
}
