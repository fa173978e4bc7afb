//! Storage: one pool type over SQLite and PostgreSQL (sqlx `Any`), the migrations of both, and the
//! repositories. SQL is written once with `$1` placeholders; the few places where the dialects must
//! differ branch on [`Backend`].

mod db;
mod migrate;
pub mod repo;

pub use db::{Backend, Db, DbBool, Tx};
pub use migrate::{MIGRATIONS_POSTGRES, MIGRATIONS_SQLITE, Migration};
pub use sqlx;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Sqlx(#[from] sqlx::Error),
    #[error("a row with this {0} already exists")]
    Duplicate(&'static str),
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    #[error("unsupported database URL `{0}`: use sqlite://PATH or postgres://...")]
    UnsupportedUrl(String),
    #[error("migration {version} failed: {source}")]
    Migration { version: i64, source: sqlx::Error },
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Maps a unique-constraint violation to [`StoreError::Duplicate`] so the service layer can tell a
/// person "that e-mail is taken" instead of failing with a 500.
pub(crate) fn unique_violation(field: &'static str) -> impl FnOnce(sqlx::Error) -> StoreError {
    move |e| match &e {
        sqlx::Error::Database(d) if d.is_unique_violation() => StoreError::Duplicate(field),
        _ => StoreError::Sqlx(e),
    }
}
