//! Uploaded files. The bytes live under the data dir; the row says whose they are.

use crate::Result;

use super::Conn;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AttachmentRow {
    pub id: i64,
    pub owner_kind: String,
    pub owner_id: i64,
    pub filename: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    /// Relative to the data dir.
    pub path: String,
    pub uploaded_by: i64,
    pub created_at: i64,
}

const COLUMNS: &str =
    "id, owner_kind, owner_id, filename, content_type, size, sha256, path, uploaded_by, created_at";

pub struct NewAttachment<'a> {
    pub owner_kind: &'a str,
    pub owner_id: i64,
    pub filename: &'a str,
    pub content_type: &'a str,
    pub size: i64,
    pub sha256: &'a str,
    pub path: &'a str,
    pub uploaded_by: i64,
    pub now: i64,
}

pub async fn insert(conn: &mut Conn, a: NewAttachment<'_>) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO attachments (owner_kind, owner_id, filename, content_type, size, sha256, path, uploaded_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(a.owner_kind)
    .bind(a.owner_id)
    .bind(a.filename)
    .bind(a.content_type)
    .bind(a.size)
    .bind(a.sha256)
    .bind(a.path)
    .bind(a.uploaded_by)
    .bind(a.now)
    .fetch_one(conn)
    .await?)
}

pub async fn by_id(conn: &mut Conn, id: i64) -> Result<Option<AttachmentRow>> {
    Ok(
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM attachments WHERE id = $1"))
            .bind(id)
            .fetch_optional(conn)
            .await?,
    )
}

/// An owner's files, oldest first.
pub async fn for_owner(
    conn: &mut Conn,
    owner_kind: &str,
    owner_id: i64,
) -> Result<Vec<AttachmentRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM attachments WHERE owner_kind = $1 AND owner_id = $2 ORDER BY id"
    ))
    .bind(owner_kind)
    .bind(owner_id)
    .fetch_all(conn)
    .await?)
}
