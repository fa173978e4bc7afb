//! In-app notifications.

use crate::Result;

use super::Conn;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct NotificationRow {
    pub id: i64,
    pub user_id: i64,
    pub ticket_id: Option<i64>,
    pub kind: String,
    pub data: String,
    pub read_at: Option<i64>,
    pub created_at: i64,
    pub ticket_number: Option<i64>,
}

pub async fn insert(
    conn: &mut Conn,
    user_id: i64,
    ticket_id: Option<i64>,
    event_id: Option<i64>,
    kind: &str,
    data: &serde_json::Value,
    now: i64,
) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO notifications (user_id, ticket_id, event_id, kind, data, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(user_id)
    .bind(ticket_id)
    .bind(event_id)
    .bind(kind)
    .bind(data.to_string())
    .bind(now)
    .fetch_one(conn)
    .await?)
}

/// Newest first, one page (one extra row signals a next page).
pub async fn for_user(
    conn: &mut Conn,
    user_id: i64,
    before_id: Option<i64>,
    limit: i64,
) -> Result<Vec<NotificationRow>> {
    Ok(sqlx::query_as(
        "SELECT n.id, n.user_id, n.ticket_id, n.kind, n.data, n.read_at, n.created_at, t.number AS ticket_number \
         FROM notifications n LEFT JOIN tickets t ON t.id = n.ticket_id \
         WHERE n.user_id = $1 AND n.id < $2 ORDER BY n.id DESC LIMIT $3",
    )
    .bind(user_id)
    .bind(before_id.unwrap_or(i64::MAX))
    .bind(limit + 1)
    .fetch_all(conn)
    .await?)
}

pub async fn mark_all_read(conn: &mut Conn, user_id: i64, now: i64) -> Result<u64> {
    Ok(
        sqlx::query("UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL")
            .bind(user_id)
            .bind(now)
            .execute(conn)
            .await?
            .rows_affected(),
    )
}
