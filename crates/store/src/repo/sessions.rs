//! Web sessions. Only a hash of the session id is stored, so a leaked database cannot be used to
//! take over sessions.

use crate::Result;

use super::Conn;

pub async fn load(conn: &mut Conn, id_hash: &str, now: i64) -> Result<Option<String>> {
    Ok(
        sqlx::query_scalar("SELECT data FROM sessions WHERE id_hash = $1 AND expires_at > $2")
            .bind(id_hash)
            .bind(now)
            .fetch_optional(conn)
            .await?,
    )
}

pub async fn upsert(conn: &mut Conn, id_hash: &str, data: &str, expires_at: i64) -> Result<()> {
    sqlx::query(
        "INSERT INTO sessions (id_hash, data, expires_at) VALUES ($1, $2, $3) \
         ON CONFLICT (id_hash) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at",
    )
    .bind(id_hash)
    .bind(data)
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
    expires_at: i64,
) -> Result<bool> {
    let r = sqlx::query(
        "INSERT INTO sessions (id_hash, data, expires_at) VALUES ($1, $2, $3) ON CONFLICT (id_hash) DO NOTHING",
    )
    .bind(id_hash)
    .bind(data)
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
