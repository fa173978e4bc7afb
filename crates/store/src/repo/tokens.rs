//! API tokens, stored as SHA-256 hashes (a long random token gains nothing from a slow hash).

use crate::Result;

use super::Conn;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TokenRow {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
}

pub async fn insert(
    conn: &mut Conn,
    user_id: i64,
    token_hash: &str,
    name: &str,
    now: i64,
) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO api_tokens (user_id, token_hash, name, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(user_id)
    .bind(token_hash)
    .bind(name)
    .bind(now)
    .fetch_one(conn)
    .await?)
}

/// One page of a user's tokens in id order, after `after_id` (keyset), `limit` rows.
pub async fn page_for_user(
    conn: &mut Conn,
    user_id: i64,
    after_id: i64,
    limit: i64,
) -> Result<Vec<TokenRow>> {
    Ok(sqlx::query_as(
        "SELECT id, user_id, name, created_at, last_used_at FROM api_tokens \
         WHERE user_id = $1 AND id > $2 ORDER BY id LIMIT $3",
    )
    .bind(user_id)
    .bind(after_id)
    .bind(limit)
    .fetch_all(conn)
    .await?)
}

/// Records a use of the token (the app does it at most once an hour per token, `TOKEN_USE_PRECISION_MS`,
/// so that API reads stay reads).
pub async fn touch(conn: &mut Conn, id: i64, now: i64) -> Result<()> {
    sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
        .bind(now)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn delete(conn: &mut Conn, user_id: i64, id: i64) -> Result<bool> {
    Ok(
        sqlx::query("DELETE FROM api_tokens WHERE user_id = $1 AND id = $2")
            .bind(user_id)
            .bind(id)
            .execute(conn)
            .await?
            .rows_affected()
            == 1,
    )
}
