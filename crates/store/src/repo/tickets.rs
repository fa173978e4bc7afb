use skranke_domain::text::{QUERY_MAX_WORDS, words};

use crate::{Backend, Result};

use super::{Bind, Conn, bind_all, param};

/// A ticket with the names of its requester and assignee joined in, so a list of tickets is one
/// query however long it is. One made from a `BriefRow` (lists, `TicketFilter::brief`) has only
/// what a row shows and the rest empty; it is for showing, never for `save`.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TicketRow {
    pub id: i64,
    pub number: i64,
    pub title: String,
    pub description: String,
    #[sqlx(rename = "type")]
    pub ticket_type: String,
    pub status: String,
    pub impact: String,
    pub urgency: String,
    pub priority: i64,
    pub level: i64,
    pub assignee_id: Option<i64>,
    pub requester_id: i64,
    pub service_id: Option<i64>,
    pub parent_id: Option<i64>,
    pub follow_up_of: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
    pub first_response_at: Option<i64>,
    pub resolved_at: Option<i64>,
    pub pending_since: Option<i64>,
    pub last_customer_activity_at: Option<i64>,
    pub first_response_due_at: Option<i64>,
    pub resolution_due_at: Option<i64>,
    pub sla_consumed_ms: i64,
    pub sla_clock_started_at: Option<i64>,
    pub requester_name: String,
    pub requester_email: String,
    pub assignee_name: Option<String>,
    pub assignee_email: Option<String>,
    pub assignee_level: Option<i64>,
    pub follow_up_of_number: Option<i64>,
    pub service_name: Option<String>,
}

const COLUMNS: &str = "t.id, t.number, t.title, t.description, t.type, t.status, t.impact, t.urgency, \
    t.priority, t.level, t.assignee_id, t.requester_id, t.service_id, t.parent_id, t.follow_up_of, t.created_at, \
    t.updated_at, t.first_response_at, t.resolved_at, t.pending_since, t.last_customer_activity_at, \
    t.first_response_due_at, t.resolution_due_at, t.sla_consumed_ms, t.sla_clock_started_at, \
    r.name AS requester_name, r.email AS requester_email, \
    a.name AS assignee_name, a.email AS assignee_email, a.level AS assignee_level, \
    f.number AS follow_up_of_number, s.name AS service_name";

/// What a list row shows (`TicketFilter::brief`): every value costs two copies on its way out of
/// SQLite, and the queue page reads 51 rows, so lists read 15 columns instead of 32.
#[derive(Debug, Clone, sqlx::FromRow)]
struct BriefRow {
    id: i64,
    number: i64,
    title: String,
    #[sqlx(rename = "type")]
    ticket_type: String,
    status: String,
    impact: String,
    urgency: String,
    priority: i64,
    level: i64,
    assignee_id: Option<i64>,
    requester_id: i64,
    created_at: i64,
    updated_at: i64,
    requester_name: String,
    assignee_name: Option<String>,
}

const BRIEF_COLUMNS: &str = "t.id, t.number, t.title, t.type, t.status, t.impact, t.urgency, t.priority, \
    t.level, t.assignee_id, t.requester_id, t.created_at, t.updated_at, \
    r.name AS requester_name, a.name AS assignee_name";

impl From<BriefRow> for TicketRow {
    fn from(b: BriefRow) -> TicketRow {
        TicketRow {
            id: b.id,
            number: b.number,
            title: b.title,
            description: String::new(),
            ticket_type: b.ticket_type,
            status: b.status,
            impact: b.impact,
            urgency: b.urgency,
            priority: b.priority,
            level: b.level,
            assignee_id: b.assignee_id,
            requester_id: b.requester_id,
            service_id: None,
            parent_id: None,
            follow_up_of: None,
            created_at: b.created_at,
            updated_at: b.updated_at,
            first_response_at: None,
            resolved_at: None,
            pending_since: None,
            last_customer_activity_at: None,
            first_response_due_at: None,
            resolution_due_at: None,
            sla_consumed_ms: 0,
            sla_clock_started_at: None,
            requester_name: b.requester_name,
            requester_email: String::new(),
            assignee_name: b.assignee_name,
            assignee_email: None,
            assignee_level: None,
            follow_up_of_number: None,
            service_name: None,
        }
    }
}

/// The joins `BRIEF_COLUMNS` needs.
const BRIEF_JOINS: &str =
    "JOIN users r ON r.id = t.requester_id LEFT JOIN users a ON a.id = t.assignee_id";

/// The names joined to a ticket `t`.
const JOINS: &str = "JOIN users r ON r.id = t.requester_id LEFT JOIN users a ON a.id = t.assignee_id \
    LEFT JOIN tickets f ON f.id = t.follow_up_of LEFT JOIN services s ON s.id = t.service_id";

/// Reserves `count` consecutive human ticket numbers (a counter separate from the row id);
/// answers the first.
pub async fn next_numbers(conn: &mut Conn, count: i64) -> Result<i64> {
    let last: i64 = sqlx::query_scalar(
        "UPDATE counters SET value = value + $1 WHERE name = 'ticket_number' RETURNING value",
    )
    .bind(count)
    .fetch_one(conn)
    .await?;
    Ok(last - count + 1)
}

pub struct NewTicket<'a> {
    pub number: i64,
    pub title: &'a str,
    pub description: &'a str,
    pub ticket_type: &'a str,
    pub impact: &'a str,
    pub urgency: &'a str,
    pub priority: i64,
    pub level: i64,
    pub assignee_id: Option<i64>,
    pub requester_id: i64,
    pub service_id: Option<i64>,
    pub follow_up_of: Option<i64>,
    pub now: i64,
}

const INSERT_COLUMNS: &[&str] = &[
    "number",
    "title",
    "description",
    "type",
    "status",
    "impact",
    "urgency",
    "priority",
    "level",
    "assignee_id",
    "requester_id",
    "service_id",
    "follow_up_of",
    "created_at",
    "updated_at",
    "last_customer_activity_at",
    "sla_clock_started_at",
];

/// What a ticket row joins in from other tables, for [`NewTicket::as_stored`].
pub struct Joined {
    pub requester_name: String,
    pub requester_email: String,
    /// The assignee's name, e-mail address and level.
    pub assignee: Option<(String, String, i64)>,
    pub follow_up_of_number: Option<i64>,
    pub service_name: Option<String>,
}

impl NewTicket<'_> {
    /// The row [`insert_many`] stores for this ticket, as [`by_id`] would read it back: the
    /// creator answers with it without another query.
    pub fn as_stored(&self, id: i64, joined: Joined) -> TicketRow {
        let (assignee_name, assignee_email, assignee_level) = match joined.assignee {
            Some((name, email, level)) => (Some(name), Some(email), Some(level)),
            None => (None, None, None),
        };
        TicketRow {
            id,
            number: self.number,
            title: self.title.to_string(),
            description: self.description.to_string(),
            ticket_type: self.ticket_type.to_string(),
            status: "open".into(),
            impact: self.impact.to_string(),
            urgency: self.urgency.to_string(),
            priority: self.priority,
            level: self.level,
            assignee_id: self.assignee_id,
            requester_id: self.requester_id,
            service_id: self.service_id,
            parent_id: None,
            follow_up_of: self.follow_up_of,
            created_at: self.now,
            updated_at: self.now,
            first_response_at: None,
            resolved_at: None,
            pending_since: None,
            last_customer_activity_at: Some(self.now),
            first_response_due_at: None,
            resolution_due_at: None,
            sla_consumed_ms: 0,
            sla_clock_started_at: Some(self.now),
            requester_name: joined.requester_name,
            requester_email: joined.requester_email,
            assignee_name,
            assignee_email,
            assignee_level,
            follow_up_of_number: joined.follow_up_of_number,
            service_name: joined.service_name,
        }
    }
}

/// Inserts open tickets in one statement; answers `(number, id)` of each, in no particular order.
pub async fn insert_many(
    conn: &mut Conn,
    backend: Backend,
    tickets: &[NewTicket<'_>],
) -> Result<Vec<(i64, i64)>> {
    if tickets.is_empty() {
        return Ok(Vec::new());
    }
    let sql = super::values_sql(backend, "tickets", INSERT_COLUMNS, tickets.len())
        + " RETURNING number, id";
    let mut q = sqlx::query_as(&sql);
    for t in tickets {
        q = q
            .bind(t.number)
            .bind(t.title)
            .bind(t.description)
            .bind(t.ticket_type)
            .bind("open")
            .bind(t.impact)
            .bind(t.urgency)
            .bind(t.priority)
            .bind(t.level)
            .bind(t.assignee_id)
            .bind(t.requester_id)
            .bind(t.service_id)
            .bind(t.follow_up_of)
            .bind(t.now)
            .bind(t.now)
            .bind(t.now)
            .bind(t.now);
    }
    Ok(q.fetch_all(conn).await?)
}

pub async fn by_number(conn: &mut Conn, number: i64) -> Result<Option<TicketRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM tickets t {JOINS} WHERE t.number = $1"
    ))
    .bind(number)
    .fetch_optional(conn)
    .await?)
}

pub async fn by_id(conn: &mut Conn, id: i64) -> Result<Option<TicketRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM tickets t {JOINS} WHERE t.id = $1"
    ))
    .bind(id)
    .fetch_optional(conn)
    .await?)
}

/// Writes back every field the service layer may change.
pub async fn save(conn: &mut Conn, t: &TicketRow) -> Result<()> {
    sqlx::query(
        "UPDATE tickets SET title = $2, description = $3, type = $4, status = $5, impact = $6, urgency = $7, \
            priority = $8, level = $9, assignee_id = $10, parent_id = $11, updated_at = $12, first_response_at = $13, \
            resolved_at = $14, pending_since = $15, last_customer_activity_at = $16, sla_consumed_ms = $17, \
            sla_clock_started_at = $18 \
         WHERE id = $1",
    )
    .bind(t.id)
    .bind(&t.title)
    .bind(&t.description)
    .bind(&t.ticket_type)
    .bind(&t.status)
    .bind(&t.impact)
    .bind(&t.urgency)
    .bind(t.priority)
    .bind(t.level)
    .bind(t.assignee_id)
    .bind(t.parent_id)
    .bind(t.updated_at)
    .bind(t.first_response_at)
    .bind(t.resolved_at)
    .bind(t.pending_since)
    .bind(t.last_customer_activity_at)
    .bind(t.sla_consumed_ms)
    .bind(t.sla_clock_started_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// How a list is ordered; each order has its own keyset cursor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// Work queues: P1 first, then oldest first.
    Priority,
    /// Newest first (a customer's own tickets, "all tickets").
    Newest,
}

/// Which tickets. `None` fields do not filter.
#[derive(Debug, Clone, Default)]
pub struct TicketFilter {
    pub status: Option<String>,
    /// Open and pending only.
    pub unresolved: bool,
    pub ticket_type: Option<String>,
    pub assignee_id: Option<i64>,
    pub unassigned: bool,
    pub level: Option<i64>,
    pub requester_id: Option<i64>,
    /// Words that must all occur in the title or description, each as the start of a word
    /// ("printer" finds "printeren") unless shorter than [`PREFIX_MIN_CHARS`]; a ticket number
    /// (`1042`, `#1042`) also finds that ticket.
    pub q: Option<String>,
    /// Only what a list row shows: no description, e-mail addresses, service or follow-up
    /// number (empty or null); see `BRIEF_COLUMNS`.
    pub brief: bool,
}

/// Position after which the next page starts: (priority, id) or (id) depending on the order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    pub priority: i64,
    pub id: i64,
}

/// Query words shorter than this match whole words only. A prefix of one or two letters matches
/// much of the vocabulary and most tickets, and FTS5 merges the lists of all the words it matches
/// before it returns a first row: with 200,000 bench tickets "i"* (16 words, 99% of the tickets)
/// took 85-120 ms even for a newest-first page, the word "i" under 1 ms. Words that short have no
/// inflections to find anyway.
pub const PREFIX_MIN_CHARS: usize = 3;

/// The words of a ticket search: lowercased, split on anything that is not a letter or digit
/// (`domain::text::words`), distinct, at most [`QUERY_MAX_WORDS`]. Being letters and digits only,
/// none can be read as an operator or break out of its quotes in either match syntax.
fn search_words(q: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for w in words(q) {
        if !out.contains(&w) {
            out.push(w);
        }
        if out.len() == QUERY_MAX_WORDS {
            break;
        }
    }
    out
}

fn is_prefix(word: &str) -> bool {
    word.chars().count() >= PREFIX_MIN_CHARS
}

/// The FTS5 match expression: every word must match, as the start of a word unless it is short
/// (`"printer"* AND "pc"`). Never empty when `words` is not.
fn fts5_match(words: &[String]) -> String {
    words
        .iter()
        .map(|w| format!("\"{w}\"{}", if is_prefix(w) { "*" } else { "" }))
        .collect::<Vec<_>>()
        .join(" AND ")
}

/// The same as a PostgreSQL tsquery: `'printer':* & 'pc'`.
fn tsquery(words: &[String]) -> String {
    words
        .iter()
        .map(|w| format!("'{w}'{}", if is_prefix(w) { ":*" } else { "" }))
        .collect::<Vec<_>>()
        .join(" & ")
}

/// One page of tickets. The WHERE clause holds only the filters that are set, so each list hits
/// its index (a generic `($1 IS NULL OR col = $1)` form defeats the query planners); the unresolved
/// filter is spelled exactly like the partial indexes' condition so they apply.
pub async fn list(
    conn: &mut Conn,
    backend: Backend,
    f: &TicketFilter,
    order: Order,
    after: Option<Cursor>,
    limit: i64,
) -> Result<Vec<TicketRow>> {
    let mut clauses: Vec<String> = Vec::new();
    let mut binds: Vec<Bind> = Vec::new();
    if let Some(status) = &f.status {
        param(
            &mut clauses,
            &mut binds,
            "t.status = {}",
            Bind::Text(status.clone()),
        );
    }
    if f.unresolved {
        clauses.push("t.status IN ('open', 'pending')".into());
    }
    if let Some(t) = &f.ticket_type {
        param(
            &mut clauses,
            &mut binds,
            "t.type = {}",
            Bind::Text(t.clone()),
        );
    }
    if let Some(id) = f.assignee_id {
        param(
            &mut clauses,
            &mut binds,
            "t.assignee_id = {}",
            Bind::Int(id),
        );
    }
    if f.unassigned {
        clauses.push("t.assignee_id IS NULL".into());
    }
    if let Some(level) = f.level {
        param(&mut clauses, &mut binds, "t.level = {}", Bind::Int(level));
    }
    if let Some(id) = f.requester_id {
        param(
            &mut clauses,
            &mut binds,
            "t.requester_id = {}",
            Bind::Int(id),
        );
    }
    // Where the rows come from, and the column that orders "newest first" and holds its cursor.
    let mut from = "tickets t";
    let mut newest_key = "t.id";
    if let Some(q) = f.q.as_deref() {
        let words = search_words(q);
        let number = skranke_domain::ticket::parse_number(q);
        if words.is_empty() && number.is_none() {
            // No letter or digit: nothing can match (as in the knowledge base).
            return Ok(Vec::new());
        }
        // The index only says which tickets match: the page keeps the requested order and its
        // keyset cursor (rank is not a stable key). A number also finds the ticket with it.
        match backend {
            Backend::Sqlite
                if order == Order::Newest && number.is_none() && f.requester_id.is_none() =>
            {
                // Newest first: the index drives, in descending rowid order, and the page stops
                // after `limit` + 1 rows however common the words are; the cursor is a rowid range
                // of the index. (CROSS JOIN keeps the index as the outer loop.)
                binds.push(Bind::Text(fts5_match(&words)));
                clauses.push(format!("tickets_fts MATCH ${}", binds.len()));
                from = "tickets_fts CROSS JOIN tickets t ON t.id = tickets_fts.rowid";
                newest_key = "tickets_fts.rowid";
            }
            Backend::Sqlite => {
                // A list of the matching ids, built once, that SQLite walks in the page's order
                // or looks tickets up in.
                let mut ids: Vec<String> = Vec::new();
                if !words.is_empty() {
                    binds.push(Bind::Text(fts5_match(&words)));
                    let mut sql = format!(
                        "SELECT rowid FROM tickets_fts WHERE tickets_fts MATCH ${}",
                        binds.len()
                    );
                    if let (Order::Newest, Some(c)) = (order, after) {
                        binds.push(Bind::Int(c.id));
                        sql.push_str(&format!(" AND rowid < ${}", binds.len()));
                    }
                    ids.push(sql);
                }
                if let Some(n) = number {
                    binds.push(Bind::Int(n));
                    ids.push(format!(
                        "SELECT id FROM tickets WHERE number = ${}",
                        binds.len()
                    ));
                }
                // A customer's own tickets are few: walk them (tickets_requester, in id order)
                // and look each up in the list, rather than fetch every match of a common word.
                // `+` keeps SQLite from driving the loop through the list.
                let walk = if f.requester_id.is_some() { "+" } else { "" };
                clauses.push(format!("{walk}t.id IN ({})", ids.join(" UNION ALL ")));
            }
            Backend::Postgres => {
                // The planner picks from its statistics: a backward walk of the primary key for a
                // common word, the GIN index for a rare one.
                let mut alternatives: Vec<String> = Vec::new();
                if !words.is_empty() {
                    binds.push(Bind::Text(tsquery(&words)));
                    alternatives.push(format!(
                        "t.search @@ to_tsquery('simple', ${})",
                        binds.len()
                    ));
                }
                if let Some(n) = number {
                    binds.push(Bind::Int(n));
                    alternatives.push(format!("t.number = ${}", binds.len()));
                }
                clauses.push(format!("({})", alternatives.join(" OR ")));
            }
        }
    }
    let order_by = match (order, after) {
        (Order::Priority, Some(c)) => {
            binds.push(Bind::Int(c.priority));
            binds.push(Bind::Int(c.id));
            clauses.push(format!(
                "(t.priority, t.id) > (${}, ${})",
                binds.len() - 1,
                binds.len()
            ));
            "t.priority, t.id".to_string()
        }
        (Order::Priority, None) => "t.priority, t.id".to_string(),
        (Order::Newest, Some(c)) => {
            binds.push(Bind::Int(c.id));
            clauses.push(format!("{newest_key} < ${}", binds.len()));
            format!("{newest_key} DESC")
        }
        (Order::Newest, None) => format!("{newest_key} DESC"),
    };
    binds.push(Bind::Int(limit + 1));
    let where_sql = if clauses.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", clauses.join(" AND "))
    };
    let (columns, joins) = if f.brief {
        (BRIEF_COLUMNS, BRIEF_JOINS)
    } else {
        (COLUMNS, JOINS)
    };
    let sql = if clauses.is_empty() {
        // Unfiltered: the primary key (or the priority index) gives the order; nothing to sort.
        format!(
            "SELECT {columns} FROM {from} {joins} ORDER BY {order_by} LIMIT ${}",
            binds.len()
        )
    } else {
        // Filtered: the page's ids from the tickets (and the search index) alone, then the joins
        // for those rows only. With the joins in the same SELECT, SQLite joined every match
        // before sorting (`assignee=unassigned`), and could not stop early on the ordered walk of
        // `tickets_status_id` for `status IN ('open', 'pending')`: it read and sorted every
        // unresolved ticket, 0.5 s at 1M tickets (crates/bench/query-plans.py). Alone, it sorts
        // only ids from a covering index, or stops each range at the LIMIT. A subquery with a
        // LIMIT is never merged into the join around it. (Not for an unfiltered list: that would
        // read the ids from the smallest covering index and sort them all.)
        let page_order = match order {
            Order::Priority => "t.priority, t.id",
            Order::Newest => "t.id DESC",
        };
        format!(
            "SELECT {columns} FROM (SELECT t.id FROM {from} {where_sql} ORDER BY {order_by} LIMIT ${}) page \
             JOIN tickets t ON t.id = page.id {joins} ORDER BY {page_order}",
            binds.len()
        )
    };
    if f.brief {
        let rows = bind_all(sqlx::query_as::<_, BriefRow>(&sql), binds)
            .fetch_all(conn)
            .await?;
        Ok(rows.into_iter().map(TicketRow::from).collect())
    } else {
        Ok(bind_all(sqlx::query_as::<_, TicketRow>(&sql), binds)
            .fetch_all(conn)
            .await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_words_are_quoted_prefixes() {
        let w = search_words("Printer \"kabel\" printer* OR NEAR(x) 'pc' -- ;");
        assert_eq!(w, ["printer", "kabel", "or", "near", "x", "pc"]);
        assert_eq!(
            fts5_match(&w),
            "\"printer\"* AND \"kabel\"* AND \"or\" AND \"near\"* AND \"x\" AND \"pc\""
        );
        assert_eq!(
            tsquery(&w),
            "'printer':* & 'kabel':* & 'or' & 'near':* & 'x' & 'pc'"
        );
        assert!(search_words("\"*'():^-&|!").is_empty());
        assert_eq!(search_words("på Å"), ["på", "å"]);
        let many: String = (0..40).map(|i| format!("w{i} ")).collect();
        assert_eq!(search_words(&many).len(), QUERY_MAX_WORDS);
    }
}
