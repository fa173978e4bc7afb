//! What every UI page shows around its content, read in one statement: the page frame is on every
//! request, and on SQLite each statement is a round trip to a connection thread.

use crate::{Backend, Result};

use super::Conn;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct FrameRow {
    /// The user's unresolved tickets (agents), kept by triggers on `tickets`.
    pub mine: i64,
    /// Unassigned, unresolved tickets waiting at the user's level.
    pub queue: i64,
    pub unread: i64,
    pub sla_id: Option<i64>,
    pub sla_title: Option<String>,
    pub catalog_id: Option<i64>,
    pub catalog_title: Option<String>,
}

/// `level` is `None` for people without one (customers, admins): no queue to count.
pub async fn frame(
    conn: &mut Conn,
    backend: Backend,
    user_id: i64,
    level: Option<i64>,
) -> Result<FrameRow> {
    // The conditions repeat the partial indexes' own (`tickets_level_queue`,
    // `notifications_unread`) so both databases count through them. SQLite is told which index
    // to count the queue with: it chose `tickets_level_id` (migration 0012) for `level = $2`,
    // and counted every unresolved ticket of the level one by one (0.7 s per page at 1M tickets).
    let queue_index = match backend {
        Backend::Sqlite => " INDEXED BY tickets_level_queue",
        Backend::Postgres => "",
    };
    Ok(sqlx::query_as(&format!(
        "SELECT \
           COALESCE((SELECT unresolved_count FROM users WHERE id = $1), 0) AS mine, \
           (SELECT COUNT(*) FROM tickets{queue_index} WHERE level = $2 AND assignee_id IS NULL AND status IN ('open', 'pending')) AS queue, \
           (SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL) AS unread, \
           (SELECT g.document_id FROM designations g WHERE g.kind = 'sla') AS sla_id, \
           (SELECT d.title FROM designations g JOIN documents d ON d.id = g.document_id WHERE g.kind = 'sla') AS sla_title, \
           (SELECT g.document_id FROM designations g WHERE g.kind = 'service_catalog') AS catalog_id, \
           (SELECT d.title FROM designations g JOIN documents d ON d.id = g.document_id WHERE g.kind = 'service_catalog') AS catalog_title",
    ))
    .bind(user_id)
    .bind(level.unwrap_or(0))
    .fetch_one(conn)
    .await?)
}
