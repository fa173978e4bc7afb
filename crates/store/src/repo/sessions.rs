//! Web sessions. Only a hash of the session id is stored, so a leaked database cannot be used to
//! take over sessions.

use crate::{DbBool, Result};

use super::Conn;

/// A live session with the user it names, read in one statement: every signed-in page needs
/// both, and a second statement per page is a measurable share of a page's cost (see
/// docs/benchmarks.md). The user's columns are NULL when the session names no user or one that
/// no longer exists.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionWithUser {
    pub data: String,
    pub user_id: Option<i64>,
    pub name: Option<String>,
    pub email: Option<String>,
    pub role: Option<String>,
    pub level: Option<i64>,
    pub active: Option<DbBool>,
    pub locale: Option<String>,
}

pub async fn load(conn: &mut Conn, id_hash: &str, now: i64) -> Result<Option<SessionWithUser>> {
    Ok(sqlx::query_as(
        "SELECT s.data, u.id AS user_id, u.name, u.email, u.role, u.level, u.active, u.locale \
         FROM sessions s LEFT JOIN users u ON u.id = s.user_id \
         WHERE s.id_hash = $1 AND s.expires_at > $2",
    )
    .bind(id_hash)
    .bind(now)
    .fetch_optional(conn)
    .await?)
}

/// `user_id` is the user the session's data signs in (the column `load` joins on).
pub async fn upsert(
    conn: &mut Conn,
    id_hash: &str,
    data: &str,
    user_id: Option<i64>,
    expires_at: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO sessions (id_hash, data, user_id, expires_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (id_hash) DO UPDATE SET data = excluded.data, user_id = excluded.user_id, \
         expires_at = excluded.expires_at",
    )
    .bind(id_hash)
    .bind(data)
    .bind(user_id)
    .bind(expires_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Inserts a new session; false when the id is taken (the caller draws another).
pub async fn insert_new(
    conn: &mut Conn,
    id_hash: &str,
    data: &str,
    user_id: Option<i64>,
    expires_at: i64,
) -> Result<bool> {
    let r = sqlx::query(
        "INSERT INTO sessions (id_hash, data, user_id, expires_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (id_hash) DO NOTHING",
    )
    .bind(id_hash)
    .bind(data)
    .bind(user_id)
    .bind(expires_at)
    .execute(conn)
    .await?;
    Ok(r.rows_affected() == 1)
}

pub async fn delete(conn: &mut Conn, id_hash: &str) -> Result<()> {
    sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
        .bind(id_hash)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn delete_expired(conn: &mut Conn, now: i64) -> Result<u64> {
    Ok(sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
        .bind(now)
        .execute(conn)
        .await?
        .rows_affected())
}
