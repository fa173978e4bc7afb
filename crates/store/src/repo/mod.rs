//! Repositories: one module per table, plain functions over a connection so the service layer
//! decides the transaction boundaries.

pub mod attachments;
pub mod comments;
pub mod documents;
pub mod events;
pub mod frame;
pub mod jobs;
pub mod notifications;
pub mod services;
pub mod sessions;
pub mod settings;
pub mod tickets;
pub mod tokens;
pub mod users;
pub mod webhooks;

pub use sqlx::AnyConnection as Conn;

/// Clamps a requested page size: lists are never unbounded.
pub fn page_limit(requested: Option<i64>) -> i64 {
    requested.unwrap_or(50).clamp(1, 200)
}
