use crate::{DbBool, Result};

use super::Conn;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CommentRow {
    pub id: i64,
    pub ticket_id: i64,
    pub author_id: Option<i64>,
    pub body: String,
    pub body_html: String,
    pub internal: DbBool,
    pub created_at: i64,
    pub author_name: Option<String>,
    pub author_role: Option<String>,
}

pub struct NewComment<'a> {
    pub ticket_id: i64,
    pub author_id: Option<i64>,
    pub body: &'a str,
    pub body_html: &'a str,
    pub internal: bool,
    pub now: i64,
}

pub async fn insert(conn: &mut Conn, c: NewComment<'_>) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO comments (ticket_id, author_id, body, body_html, internal, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(c.ticket_id)
    .bind(c.author_id)
    .bind(c.body)
    .bind(c.body_html)
    .bind(c.internal)
    .bind(c.now)
    .fetch_one(conn)
    .await?)
}

/// A ticket's comments, oldest first; internal notes only when `include_internal`.
pub async fn for_ticket(
    conn: &mut Conn,
    ticket_id: i64,
    include_internal: bool,
) -> Result<Vec<CommentRow>> {
    Ok(sqlx::query_as(
        "SELECT c.id, c.ticket_id, c.author_id, c.body, c.body_html, c.internal, c.created_at, \
                u.name AS author_name, u.role AS author_role \
         FROM comments c LEFT JOIN users u ON u.id = c.author_id \
         WHERE c.ticket_id = $1 AND ($2 OR c.internal = $3) ORDER BY c.id",
    )
    .bind(ticket_id)
    .bind(include_internal)
    .bind(false)
    .fetch_all(conn)
    .await?)
}
