//! Knowledge-base documents, their append-only revisions, the designations and the search index.
//! The index holds text the service layer has already stemmed (`domain::text`); this module only
//! stores it and turns a parsed query into each database's match syntax.

use skranke_domain::text::Query;

use crate::{Backend, Result};

use super::Conn;

/// A document with the names of its creator and last editor joined in.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DocumentRow {
    pub id: i64,
    pub title: String,
    pub body: String,
    pub visibility: String,
    pub revision: i64,
    pub created_by: i64,
    pub created_at: i64,
    pub updated_by: i64,
    pub updated_at: i64,
    pub created_by_name: String,
    pub updated_by_name: String,
}

const SELECT: &str = "SELECT d.id, d.title, d.body, d.visibility, d.revision, d.created_by, d.created_at, \
    d.updated_by, d.updated_at, c.name AS created_by_name, u.name AS updated_by_name \
    FROM documents d JOIN users c ON c.id = d.created_by JOIN users u ON u.id = d.updated_by";

/// One line of a list or a search: the start of the body instead of all of it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DocumentListRow {
    pub id: i64,
    pub title: String,
    pub excerpt: String,
    pub visibility: String,
    pub revision: i64,
    pub updated_at: i64,
    pub updated_by: i64,
    pub updated_by_name: String,
}

const LIST_COLUMNS: &str = "d.id, d.title, substr(d.body, 1, 300) AS excerpt, d.visibility, d.revision, \
    d.updated_at, d.updated_by, u.name AS updated_by_name";

/// Who may read what, in SQL, so lists and searches never hand out a row the caller may not see:
/// internal readers see everything; everyone else public documents and the designated ones.
/// `$1` is "the reader is internal".
const READABLE: &str = "($1 OR d.visibility = 'public' \
    OR EXISTS (SELECT 1 FROM designations g WHERE g.document_id = d.id))";

pub struct NewDocument<'a> {
    pub title: &'a str,
    pub body: &'a str,
    pub visibility: &'a str,
    pub author_id: i64,
    pub now: i64,
}

/// Inserts a document at revision 1 (the caller adds the revision row and the index entry).
pub async fn insert(conn: &mut Conn, d: NewDocument<'_>) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO documents (title, body, visibility, revision, created_by, created_at, updated_by, updated_at) \
         VALUES ($1, $2, $3, 1, $4, $5, $4, $5) RETURNING id",
    )
    .bind(d.title)
    .bind(d.body)
    .bind(d.visibility)
    .bind(d.author_id)
    .bind(d.now)
    .fetch_one(conn)
    .await?)
}

pub async fn by_id(conn: &mut Conn, id: i64) -> Result<Option<DocumentRow>> {
    Ok(sqlx::query_as(&format!("{SELECT} WHERE d.id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await?)
}

pub struct DocumentUpdate<'a> {
    pub id: i64,
    /// The revision the edit started from.
    pub base_revision: i64,
    pub title: &'a str,
    pub body: &'a str,
    pub visibility: &'a str,
    pub author_id: i64,
    pub now: i64,
}

/// Saves an edit only if nobody saved since `base_revision`, and returns the new revision number;
/// `None` when the document moved on. The check and the write are one statement, so two editors
/// racing on PostgreSQL cannot both pass it (the second re-checks the row after the first commits).
pub async fn update_if_current(conn: &mut Conn, u: DocumentUpdate<'_>) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar(
        "UPDATE documents SET title = $3, body = $4, visibility = $5, revision = revision + 1, \
            updated_by = $6, updated_at = $7 \
         WHERE id = $1 AND revision = $2 RETURNING revision",
    )
    .bind(u.id)
    .bind(u.base_revision)
    .bind(u.title)
    .bind(u.body)
    .bind(u.visibility)
    .bind(u.author_id)
    .bind(u.now)
    .fetch_optional(conn)
    .await?)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RevisionRow {
    pub document_id: i64,
    pub revision: i64,
    pub title: String,
    pub body: String,
    pub visibility: String,
    pub author_id: i64,
    pub author_name: String,
    pub restored_from: Option<i64>,
    pub created_at: i64,
}

pub struct NewRevision<'a> {
    pub document_id: i64,
    pub revision: i64,
    pub title: &'a str,
    pub body: &'a str,
    pub visibility: &'a str,
    pub author_id: i64,
    pub restored_from: Option<i64>,
    pub now: i64,
}

pub async fn insert_revision(conn: &mut Conn, r: NewRevision<'_>) -> Result<()> {
    sqlx::query(
        "INSERT INTO document_revisions (document_id, revision, title, body, visibility, author_id, restored_from, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(r.document_id)
    .bind(r.revision)
    .bind(r.title)
    .bind(r.body)
    .bind(r.visibility)
    .bind(r.author_id)
    .bind(r.restored_from)
    .bind(r.now)
    .execute(conn)
    .await?;
    Ok(())
}

const REVISION_SELECT: &str = "SELECT r.document_id, r.revision, r.title, r.body, r.visibility, r.author_id, \
    u.name AS author_name, r.restored_from, r.created_at \
    FROM document_revisions r JOIN users u ON u.id = r.author_id";

pub async fn revision(
    conn: &mut Conn,
    document_id: i64,
    revision: i64,
) -> Result<Option<RevisionRow>> {
    Ok(sqlx::query_as(&format!(
        "{REVISION_SELECT} WHERE r.document_id = $1 AND r.revision = $2"
    ))
    .bind(document_id)
    .bind(revision)
    .fetch_optional(conn)
    .await?)
}

/// A document's revisions, newest first, one page (one row more than `limit` when there is a
/// next page); `before` is the keyset cursor.
pub async fn revisions(
    conn: &mut Conn,
    document_id: i64,
    before: Option<i64>,
    limit: i64,
) -> Result<Vec<RevisionRow>> {
    Ok(sqlx::query_as(&format!(
        "{REVISION_SELECT} WHERE r.document_id = $1 AND r.revision < $2 \
         ORDER BY r.revision DESC LIMIT $3"
    ))
    .bind(document_id)
    .bind(before.unwrap_or(i64::MAX))
    .bind(limit + 1)
    .fetch_all(conn)
    .await?)
}

/// Documents the reader may see, newest first, one page (keyset on id).
pub async fn list(
    conn: &mut Conn,
    internal_reader: bool,
    before_id: Option<i64>,
    limit: i64,
) -> Result<Vec<DocumentListRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {LIST_COLUMNS} FROM documents d JOIN users u ON u.id = d.updated_by \
         WHERE {READABLE} AND d.id < $2 ORDER BY d.id DESC LIMIT $3"
    ))
    .bind(internal_reader)
    .bind(before_id.unwrap_or(i64::MAX))
    .bind(limit + 1)
    .fetch_all(conn)
    .await?)
}

/// The FTS5 match expression: every group must match, any stem of a group may. Terms are
/// letters and digits only (domain::text), quoted so none can be read as an operator.
fn fts5_match(q: &Query) -> String {
    q.groups
        .iter()
        .map(|g| {
            let alts: Vec<String> = g.iter().map(|t| format!("\"{t}\"")).collect();
            format!("({})", alts.join(" OR "))
        })
        .collect::<Vec<_>>()
        .join(" AND ")
}

/// The same expression as a PostgreSQL tsquery.
fn tsquery(q: &Query) -> String {
    q.groups
        .iter()
        .map(|g| {
            let alts: Vec<String> = g.iter().map(|t| format!("'{t}'")).collect();
            format!("({})", alts.join(" | "))
        })
        .collect::<Vec<_>>()
        .join(" & ")
}

/// Documents matching `q` that the reader may see, best first (title matches weigh more), one
/// page by offset: ranks are not stable keys.
pub async fn search(
    conn: &mut Conn,
    backend: Backend,
    q: &Query,
    internal_reader: bool,
    offset: i64,
    limit: i64,
) -> Result<Vec<DocumentListRow>> {
    let sql = match backend {
        Backend::Sqlite => format!(
            "SELECT {LIST_COLUMNS} FROM documents_fts f JOIN documents d ON d.id = f.rowid \
             JOIN users u ON u.id = d.updated_by \
             WHERE documents_fts MATCH $2 AND {READABLE} \
             ORDER BY bm25(documents_fts, 10.0, 1.0), d.id DESC LIMIT $3 OFFSET $4"
        ),
        Backend::Postgres => format!(
            "SELECT {LIST_COLUMNS} FROM documents d JOIN users u ON u.id = d.updated_by \
             WHERE d.search @@ to_tsquery('simple', $2) AND {READABLE} \
             ORDER BY ts_rank(d.search, to_tsquery('simple', $2)) DESC, d.id DESC LIMIT $3 OFFSET $4"
        ),
    };
    let expr = match backend {
        Backend::Sqlite => fts5_match(q),
        Backend::Postgres => tsquery(q),
    };
    Ok(sqlx::query_as(&sql)
        .bind(internal_reader)
        .bind(expr)
        .bind(limit + 1)
        .bind(offset)
        .fetch_all(conn)
        .await?)
}

/// Replaces a document's entry in the search index with already stemmed title and body text.
pub async fn index(
    conn: &mut Conn,
    backend: Backend,
    id: i64,
    title_terms: &str,
    body_terms: &str,
) -> Result<()> {
    match backend {
        Backend::Sqlite => {
            sqlx::query("DELETE FROM documents_fts WHERE rowid = $1")
                .bind(id)
                .execute(&mut *conn)
                .await?;
            sqlx::query("INSERT INTO documents_fts (rowid, title, body) VALUES ($1, $2, $3)")
                .bind(id)
                .bind(title_terms)
                .bind(body_terms)
                .execute(&mut *conn)
                .await?;
        }
        Backend::Postgres => {
            sqlx::query(
                "UPDATE documents SET search = setweight(to_tsvector('simple', $2), 'A') \
                    || setweight(to_tsvector('simple', $3), 'B') WHERE id = $1",
            )
            .bind(id)
            .bind(title_terms)
            .bind(body_terms)
            .execute(&mut *conn)
            .await?;
        }
    }
    Ok(())
}

/// The designations: (kind, document id), at most one row per kind.
pub async fn designations(conn: &mut Conn) -> Result<Vec<(String, i64)>> {
    Ok(
        sqlx::query_as("SELECT kind, document_id FROM designations ORDER BY kind")
            .fetch_all(conn)
            .await?,
    )
}

pub async fn designate(
    conn: &mut Conn,
    kind: &str,
    document_id: i64,
    by: i64,
    now: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO designations (kind, document_id, updated_by, updated_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (kind) DO UPDATE SET document_id = excluded.document_id, \
            updated_by = excluded.updated_by, updated_at = excluded.updated_at",
    )
    .bind(kind)
    .bind(document_id)
    .bind(by)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn undesignate(conn: &mut Conn, kind: &str) -> Result<()> {
    sqlx::query("DELETE FROM designations WHERE kind = $1")
        .bind(kind)
        .execute(conn)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn match_expressions() {
        let q = Query::parse("printeren kabel").unwrap();
        let f = fts5_match(&q);
        assert!(f.starts_with("(\"print\" OR \"printeren\") AND ("), "{f}");
        let t = tsquery(&q);
        assert!(t.starts_with("('print' | 'printeren') & ("), "{t}");
    }
}
