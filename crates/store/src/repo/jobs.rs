//! The jobs table: background work as rows, claimed with a lease. A worker that dies mid-job
//! leaves the lease to expire and another worker (or process) picks the job up again; the
//! idempotency key keeps the same work from being queued twice.

use crate::{Backend, Result};

use super::Conn;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct JobRow {
    pub id: i64,
    pub kind: String,
    pub payload: String,
    pub attempts: i64,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct FailedJobRow {
    pub id: i64,
    pub kind: String,
    pub payload: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub created_at: i64,
    pub failed_at: Option<i64>,
}

/// Queues a job; a second job with the same idempotency key is ignored (returns false).
pub async fn enqueue(
    conn: &mut Conn,
    kind: &str,
    payload: &serde_json::Value,
    run_at: i64,
    idempotency_key: &str,
    now: i64,
) -> Result<bool> {
    let r = sqlx::query(
        "INSERT INTO jobs (kind, payload, run_at, idempotency_key, created_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (idempotency_key) DO NOTHING",
    )
    .bind(kind)
    .bind(payload.to_string())
    .bind(run_at)
    .bind(idempotency_key)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// Claims up to `limit` due jobs by setting their lease, in one statement. On PostgreSQL
/// `SKIP LOCKED` lets several processes claim side by side without waiting on each other.
pub async fn claim(
    conn: &mut Conn,
    backend: Backend,
    now: i64,
    lease_ms: i64,
    limit: i64,
) -> Result<Vec<JobRow>> {
    let skip_locked = match backend {
        Backend::Postgres => "FOR UPDATE SKIP LOCKED",
        Backend::Sqlite => "",
    };
    let sql = format!(
        "UPDATE jobs SET lease_until = $1, attempts = attempts + 1 WHERE id IN ( \
            SELECT id FROM jobs WHERE run_at <= $2 AND failed_at IS NULL \
            AND (lease_until IS NULL OR lease_until < $2) ORDER BY run_at, id LIMIT $3 {skip_locked}) \
         RETURNING id, kind, payload, attempts"
    );
    Ok(sqlx::query_as(&sql)
        .bind(now + lease_ms)
        .bind(now)
        .bind(limit)
        .fetch_all(conn)
        .await?)
}

pub async fn complete(conn: &mut Conn, id: i64) -> Result<()> {
    sqlx::query("DELETE FROM jobs WHERE id = $1")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Gives the job back for another try at `run_at`, keeping the error for admins.
pub async fn retry_at(conn: &mut Conn, id: i64, run_at: i64, error: &str) -> Result<()> {
    sqlx::query("UPDATE jobs SET run_at = $2, lease_until = NULL, last_error = $3 WHERE id = $1")
        .bind(id)
        .bind(run_at)
        .bind(error)
        .execute(conn)
        .await?;
    Ok(())
}

/// Out of attempts: the job stays, marked failed, visible to admins.
pub async fn fail(conn: &mut Conn, id: i64, error: &str, now: i64) -> Result<()> {
    sqlx::query(
        "UPDATE jobs SET failed_at = $2, lease_until = NULL, last_error = $3 WHERE id = $1",
    )
    .bind(id)
    .bind(now)
    .bind(error)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn failed(conn: &mut Conn, limit: i64) -> Result<Vec<FailedJobRow>> {
    Ok(sqlx::query_as(
        "SELECT id, kind, payload, attempts, last_error, created_at, failed_at FROM jobs \
         WHERE failed_at IS NOT NULL ORDER BY id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(conn)
    .await?)
}

/// When the next job is due, so an idle worker can sleep exactly that long.
pub async fn next_due(conn: &mut Conn) -> Result<Option<i64>> {
    Ok(
        sqlx::query_scalar("SELECT MIN(run_at) FROM jobs WHERE failed_at IS NULL")
            .fetch_one(conn)
            .await?,
    )
}
