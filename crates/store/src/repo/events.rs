//! The append-only event log. There is deliberately no update or delete here.

use sqlx::Any;
use sqlx::any::AnyArguments;

use crate::{Backend, DbBool, Result};

use super::{Bind, Conn, bind_all, param};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EventRow {
    pub id: i64,
    pub ticket_id: Option<i64>,
    pub actor_id: Option<i64>,
    pub kind: String,
    pub internal: DbBool,
    pub data: String,
    pub created_at: i64,
    pub actor_name: Option<String>,
    pub ticket_number: Option<i64>,
}

pub struct NewEvent<'a> {
    pub ticket_id: Option<i64>,
    pub actor_id: Option<i64>,
    pub kind: &'a str,
    /// Internal events (internal notes, escalation reasons, routing details) never reach customers.
    pub internal: bool,
    pub data: &'a serde_json::Value,
    pub now: i64,
}

/// The columns `insert_many` writes (and `insert`, spelled out in its SQL), in `bind_values` order.
const INSERT_COLUMNS: &[&str] = &[
    "ticket_id",
    "actor_id",
    "kind",
    "internal",
    "data",
    "created_at",
];

type InsertQuery<'q> = sqlx::query::QueryScalar<'q, Any, i64, AnyArguments<'q>>;

/// Binds one event's values in `INSERT_COLUMNS` order.
fn bind_values<'q>(q: InsertQuery<'q>, e: &NewEvent<'q>) -> InsertQuery<'q> {
    q.bind(e.ticket_id)
        .bind(e.actor_id)
        .bind(e.kind)
        .bind(e.internal)
        .bind(e.data.to_string())
        .bind(e.now)
}

pub async fn insert(conn: &mut Conn, e: NewEvent<'_>) -> Result<i64> {
    Ok(bind_values(
        sqlx::query_scalar(
            "INSERT INTO events (ticket_id, actor_id, kind, internal, data, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        ),
        &e,
    )
    .fetch_one(conn)
    .await?)
}

/// Inserts events in one statement; answers their ids in the order given. (Both databases number
/// the rows of one multi-row INSERT in VALUES order, but the RETURNING order is not promised, so
/// the ids are sorted.)
pub async fn insert_many(
    conn: &mut Conn,
    backend: Backend,
    events: &[NewEvent<'_>],
) -> Result<Vec<i64>> {
    if events.is_empty() {
        return Ok(Vec::new());
    }
    let sql = super::values_sql(backend, "events", INSERT_COLUMNS, events.len()) + " RETURNING id";
    let mut q = sqlx::query_scalar(&sql);
    for e in events {
        q = bind_values(q, e);
    }
    let mut ids: Vec<i64> = q.fetch_all(conn).await?;
    ids.sort_unstable();
    Ok(ids)
}

const SELECT: &str = "SELECT e.id, e.ticket_id, e.actor_id, e.kind, e.internal, e.data, e.created_at, \
    u.name AS actor_name, t.number AS ticket_number \
    FROM events e LEFT JOIN users u ON u.id = e.actor_id LEFT JOIN tickets t ON t.id = e.ticket_id";

pub async fn by_id(conn: &mut Conn, id: i64) -> Result<Option<EventRow>> {
    Ok(sqlx::query_as(&format!("{SELECT} WHERE e.id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await?)
}

pub async fn for_ticket(
    conn: &mut Conn,
    ticket_id: i64,
    include_internal: bool,
) -> Result<Vec<EventRow>> {
    Ok(sqlx::query_as(&format!(
        "{SELECT} WHERE e.ticket_id = $1 AND ($2 OR e.internal = $3) ORDER BY e.id"
    ))
    .bind(ticket_id)
    .bind(include_internal)
    .bind(false)
    .fetch_all(conn)
    .await?)
}

#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub actor_id: Option<i64>,
    pub ticket_id: Option<i64>,
    pub kind: Option<String>,
    pub from: Option<i64>,
    pub until: Option<i64>,
    /// Keyset cursor: events with a smaller id (newest first).
    pub before_id: Option<i64>,
    pub limit: i64,
}

/// The admins' log, newest first. The WHERE holds only the filters that are set, so each can use
/// its index (`events_actor`, `events_ticket`, `events_kind`: each ends in the id, which orders the
/// page and holds its cursor); `($1 IS NULL OR e.actor_id = $1)` made both databases plan without
/// the values and walk all events (7.8 million at 1M tickets) to find a rare actor's.
///
/// A time range has no index that gives the page's order: its events are sorted first. That sorts
/// ids from `events_created` alone and joins only the page's rows (a day at 1M tickets, about
/// 10,000 events: 100-170 ms joined and then sorted, a few ms this way).
pub async fn audit(conn: &mut Conn, f: &AuditFilter) -> Result<Vec<EventRow>> {
    let mut clauses = vec!["TRUE".to_string()];
    let mut binds = Vec::new();
    let ints = [
        ("e.actor_id = {}", f.actor_id),
        ("e.ticket_id = {}", f.ticket_id),
        ("e.created_at >= {}", f.from),
        ("e.created_at < {}", f.until),
        ("e.id < {}", f.before_id),
    ];
    for (sql, value) in ints {
        if let Some(v) = value {
            param(&mut clauses, &mut binds, sql, Bind::Int(v));
        }
    }
    if let Some(kind) = &f.kind {
        param(
            &mut clauses,
            &mut binds,
            "e.kind = {}",
            Bind::Text(kind.clone()),
        );
    }
    binds.push(Bind::Int(f.limit + 1));
    let page = format!(
        "WHERE {} ORDER BY e.id DESC LIMIT ${}",
        clauses.join(" AND "),
        binds.len()
    );
    let sql = if f.from.is_some() || f.until.is_some() {
        format!("{SELECT} WHERE e.id IN (SELECT e.id FROM events e {page}) ORDER BY e.id DESC")
    } else {
        format!("{SELECT} {page}")
    };
    Ok(bind_all(sqlx::query_as(&sql), binds)
        .fetch_all(conn)
        .await?)
}

/// The kinds of event that occur, for the log's filter. `SELECT DISTINCT kind` reads every entry of
/// `events_kind` (0.6 s at 1M tickets); this jumps from each kind to the next in the index, one
/// look-up per kind.
pub async fn distinct_kinds(conn: &mut Conn) -> Result<Vec<String>> {
    Ok(sqlx::query_scalar(
        "WITH RECURSIVE k (kind) AS ( \
           SELECT min(kind) FROM events \
           UNION ALL \
           SELECT (SELECT min(e.kind) FROM events e WHERE e.kind > k.kind) FROM k WHERE k.kind IS NOT NULL \
         ) SELECT kind FROM k WHERE kind IS NOT NULL ORDER BY kind",
    )
    .fetch_all(conn)
    .await?)
}
