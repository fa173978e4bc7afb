//! Webhook subscriptions and their delivery log.

use crate::{DbBool, Result};

use super::Conn;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct WebhookRow {
    pub id: i64,
    pub url: String,
    pub secret: String,
    pub events: String,
    pub active: DbBool,
    pub created_at: i64,
}

const COLUMNS: &str = "id, url, secret, events, active, created_at";

pub async fn insert(
    conn: &mut Conn,
    url: &str,
    secret: &str,
    events: &str,
    by: i64,
    now: i64,
) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO webhooks (url, secret, events, active, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
    )
    .bind(url)
    .bind(secret)
    .bind(events)
    .bind(true)
    .bind(by)
    .bind(now)
    .fetch_one(conn)
    .await?)
}

pub async fn all(conn: &mut Conn) -> Result<Vec<WebhookRow>> {
    Ok(
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM webhooks ORDER BY id"))
            .fetch_all(conn)
            .await?,
    )
}

pub async fn active(conn: &mut Conn) -> Result<Vec<WebhookRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM webhooks WHERE active = $1 ORDER BY id"
    ))
    .bind(true)
    .fetch_all(conn)
    .await?)
}

pub async fn by_id(conn: &mut Conn, id: i64) -> Result<Option<WebhookRow>> {
    Ok(
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM webhooks WHERE id = $1"))
            .bind(id)
            .fetch_optional(conn)
            .await?,
    )
}

pub async fn set_active(conn: &mut Conn, id: i64, active: bool, now: i64) -> Result<bool> {
    Ok(
        sqlx::query("UPDATE webhooks SET active = $2, updated_at = $3 WHERE id = $1")
            .bind(id)
            .bind(active)
            .bind(now)
            .execute(conn)
            .await?
            .rows_affected()
            == 1,
    )
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DeliveryRow {
    pub id: i64,
    pub webhook_id: i64,
    pub event_id: i64,
    pub event_kind: String,
    pub status: String,
    pub attempts: i64,
    pub last_status_code: Option<i64>,
    pub last_error: Option<String>,
    pub created_at: i64,
    pub delivered_at: Option<i64>,
}

const DELIVERY_COLUMNS: &str = "id, webhook_id, event_id, event_kind, status, attempts, last_status_code, last_error, created_at, delivered_at";

pub async fn insert_delivery(
    conn: &mut Conn,
    webhook_id: i64,
    event_id: i64,
    kind: &str,
    now: i64,
) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO webhook_deliveries (webhook_id, event_id, event_kind, status, created_at) \
         VALUES ($1, $2, $3, 'pending', $4) RETURNING id",
    )
    .bind(webhook_id)
    .bind(event_id)
    .bind(kind)
    .bind(now)
    .fetch_one(conn)
    .await?)
}

pub async fn delivery(conn: &mut Conn, id: i64) -> Result<Option<DeliveryRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {DELIVERY_COLUMNS} FROM webhook_deliveries WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(conn)
    .await?)
}

/// Records one attempt's outcome.
pub async fn record_attempt(
    conn: &mut Conn,
    id: i64,
    status: &str,
    code: Option<i64>,
    error: Option<&str>,
    delivered_at: Option<i64>,
) -> Result<()> {
    sqlx::query(
        "UPDATE webhook_deliveries SET status = $2, attempts = attempts + 1, last_status_code = $3, \
         last_error = $4, delivered_at = $5 WHERE id = $1",
    )
    .bind(id)
    .bind(status)
    .bind(code)
    .bind(error)
    .bind(delivered_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// A webhook's deliveries, newest first (one extra row signals a next page).
pub async fn deliveries(
    conn: &mut Conn,
    webhook_id: i64,
    before_id: Option<i64>,
    limit: i64,
) -> Result<Vec<DeliveryRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {DELIVERY_COLUMNS} FROM webhook_deliveries WHERE webhook_id = $1 AND id < $2 \
         ORDER BY id DESC LIMIT $3"
    ))
    .bind(webhook_id)
    .bind(before_id.unwrap_or(i64::MAX))
    .bind(limit + 1)
    .fetch_all(conn)
    .await?)
}
