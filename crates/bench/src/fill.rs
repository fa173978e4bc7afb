//! `fill`: migrate the way the app does, then bulk-load realistic tickets.
//!
//! One generator thread produces self-contained batches (tickets with their comments, events and
//! notifications, ids assigned up front) and one or more writer connections insert each batch in
//! one transaction with multi-row INSERTs. The SQL text is the same for both databases (`$N`
//! placeholders through sqlx `Any`); only session settings and the final bookkeeping differ.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result};
use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, SaltString, rand_core::OsRng};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::json;
use skranke_store::repo::values_sql;
use skranke_store::{Backend, Db};
use sqlx::any::AnyArguments;
use sqlx::{Any, AnyConnection, Executor};
use tokio::sync::{Mutex, mpsc};

use crate::data::{self, Lang, VOCAB};
use crate::{DEFAULT_PASSWORD, EMAIL_DOMAIN};

#[derive(clap::Args)]
pub struct FillArgs {
    /// sqlite://PATH or postgres://...
    #[arg(long)]
    database_url: String,
    /// How many tickets to add.
    #[arg(long)]
    tickets: u64,
    /// Agents, spread over levels 1/2/3 (half, a quarter, the rest); at least 3.
    #[arg(long, default_value_t = 8)]
    agents: u32,
    #[arg(long, default_value_t = 2000)]
    customers: u32,
    /// The average number of comments per ticket (each ticket gets this ±1).
    #[arg(long, default_value_t = 3)]
    comments_per_ticket: u32,
    /// The password of every bench user.
    #[arg(long, default_value = DEFAULT_PASSWORD)]
    password: String,
    /// Seed of the random generator: the same seed gives the same data.
    #[arg(long, default_value_t = 4)]
    seed: u64,
    /// The share of tickets left open (the rest of the unresolved share is pending).
    #[arg(long, default_value_t = 0.2)]
    open_share: f64,
    /// The share of tickets left pending, waiting on the customer.
    #[arg(long, default_value_t = 0.1)]
    pending_share: f64,
    /// Tickets per transaction.
    #[arg(long, default_value_t = 5000)]
    batch: usize,
    /// Writer connections on PostgreSQL (SQLite has one writer).
    #[arg(long, default_value_t = 3)]
    writers: usize,
}

const DAY_MS: i64 = 24 * 60 * 60 * 1000;
const SPAN_MS: i64 = 730 * DAY_MS;
const LEVELS: [&str; 3] = ["high", "medium", "low"];
/// The default ITIL matrix (crates/domain/src/priority.rs): rows impact, columns urgency.
const MATRIX: [[i64; 3]; 3] = [[1, 2, 3], [2, 3, 4], [3, 4, 4]];

pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

// ---------------------------------------------------------------------------------------------
// Rows and their INSERT statements

type AnyQuery<'q> = sqlx::query::Query<'q, Any, AnyArguments<'q>>;

trait Row {
    const TABLE: &'static str;
    const COLUMNS: &'static [&'static str];
    fn bind<'q>(&'q self, q: AnyQuery<'q>) -> AnyQuery<'q>;
}

struct TicketRec {
    id: i64,
    number: i64,
    title: String,
    description: String,
    ticket_type: &'static str,
    status: &'static str,
    impact: &'static str,
    urgency: &'static str,
    priority: i64,
    level: i64,
    assignee_id: Option<i64>,
    requester_id: i64,
    created_at: i64,
    updated_at: i64,
    first_response_at: Option<i64>,
    resolved_at: Option<i64>,
    pending_since: Option<i64>,
    last_customer_activity_at: i64,
}

impl Row for TicketRec {
    const TABLE: &'static str = "tickets";
    const COLUMNS: &'static [&'static str] = &[
        "id",
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
        "created_at",
        "updated_at",
        "first_response_at",
        "resolved_at",
        "pending_since",
        "last_customer_activity_at",
        "sla_clock_started_at",
    ];
    fn bind<'q>(&'q self, q: AnyQuery<'q>) -> AnyQuery<'q> {
        q.bind(self.id)
            .bind(self.number)
            .bind(self.title.as_str())
            .bind(self.description.as_str())
            .bind(self.ticket_type)
            .bind(self.status)
            .bind(self.impact)
            .bind(self.urgency)
            .bind(self.priority)
            .bind(self.level)
            .bind(self.assignee_id)
            .bind(self.requester_id)
            .bind(self.created_at)
            .bind(self.updated_at)
            .bind(self.first_response_at)
            .bind(self.resolved_at)
            .bind(self.pending_since)
            .bind(self.last_customer_activity_at)
            .bind(self.created_at)
    }
}

struct CommentRec {
    id: i64,
    ticket_id: i64,
    author_id: i64,
    body: &'static str,
    body_html: &'static str,
    internal: bool,
    created_at: i64,
}

impl Row for CommentRec {
    const TABLE: &'static str = "comments";
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "ticket_id",
        "author_id",
        "body",
        "body_html",
        "internal",
        "created_at",
    ];
    fn bind<'q>(&'q self, q: AnyQuery<'q>) -> AnyQuery<'q> {
        q.bind(self.id)
            .bind(self.ticket_id)
            .bind(self.author_id)
            .bind(self.body)
            .bind(self.body_html)
            .bind(self.internal)
            .bind(self.created_at)
    }
}

struct EventRec {
    id: i64,
    ticket_id: i64,
    actor_id: Option<i64>,
    kind: &'static str,
    internal: bool,
    data: String,
    created_at: i64,
}

impl Row for EventRec {
    const TABLE: &'static str = "events";
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "ticket_id",
        "actor_id",
        "kind",
        "internal",
        "data",
        "created_at",
    ];
    fn bind<'q>(&'q self, q: AnyQuery<'q>) -> AnyQuery<'q> {
        q.bind(self.id)
            .bind(self.ticket_id)
            .bind(self.actor_id)
            .bind(self.kind)
            .bind(self.internal)
            .bind(self.data.as_str())
            .bind(self.created_at)
    }
}

/// An in-app notification: a message key (`kind`) with its arguments, rendered in the reader's
/// language.
struct NotificationRec {
    id: i64,
    user_id: i64,
    ticket_id: i64,
    event_id: Option<i64>,
    kind: &'static str,
    /// JSON arguments of `kind`.
    data: String,
    read_at: Option<i64>,
    created_at: i64,
}

impl Row for NotificationRec {
    const TABLE: &'static str = "notifications";
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "user_id",
        "ticket_id",
        "event_id",
        "kind",
        "data",
        "read_at",
        "created_at",
    ];
    fn bind<'q>(&'q self, q: AnyQuery<'q>) -> AnyQuery<'q> {
        q.bind(self.id)
            .bind(self.user_id)
            .bind(self.ticket_id)
            .bind(self.event_id)
            .bind(self.kind)
            .bind(self.data.as_str())
            .bind(self.read_at)
            .bind(self.created_at)
    }
}

/// Bound parameters per statement: under SQLite's 32,766 and PostgreSQL's 65,535.
const MAX_PARAMS: usize = 30_000;

async fn insert_all<T: Row>(conn: &mut AnyConnection, backend: Backend, rows: &[T]) -> Result<()> {
    let per = (MAX_PARAMS / T::COLUMNS.len()).min(1000);
    for chunk in rows.chunks(per) {
        let sql = values_sql(backend, T::TABLE, T::COLUMNS, chunk.len());
        let mut q = sqlx::query(&sql);
        for r in chunk {
            q = r.bind(q);
        }
        q.execute(&mut *conn)
            .await
            .with_context(|| format!("inserting into {}", T::TABLE))?;
    }
    Ok(())
}

#[derive(Default)]
struct Batch {
    tickets: Vec<TicketRec>,
    comments: Vec<CommentRec>,
    events: Vec<EventRec>,
    notifications: Vec<NotificationRec>,
}

async fn write_batch(conn: &mut AnyConnection, backend: Backend, b: &Batch) -> Result<()> {
    conn.execute(match backend {
        Backend::Sqlite => "BEGIN IMMEDIATE",
        Backend::Postgres => "BEGIN",
    })
    .await?;
    let result = async {
        insert_all(conn, backend, &b.tickets).await?;
        insert_all(conn, backend, &b.comments).await?;
        insert_all(conn, backend, &b.events).await?;
        insert_all(conn, backend, &b.notifications).await?;
        anyhow::Ok(())
    }
    .await;
    match result {
        Ok(()) => {
            conn.execute("COMMIT").await?;
            Ok(())
        }
        Err(e) => {
            let _ = conn.execute("ROLLBACK").await;
            Err(e)
        }
    }
}

// ---------------------------------------------------------------------------------------------
// People

struct Agent {
    id: i64,
    name: String,
    email: String,
}

struct People {
    /// Agents per level (index 0 is level 1).
    agents: [Vec<Agent>; 3],
    customers: Vec<i64>,
}

/// The bench users: an admin, agents at levels 1/2/3 and customers, all with one password hash.
/// Existing bench users are kept (and get the password again), so a second fill adds tickets.
async fn upsert_users(db: &Db, a: &FillArgs, hash: &str, now: i64) -> Result<People> {
    anyhow::ensure!(
        a.open_share >= 0.0 && a.pending_share >= 0.0 && a.open_share + a.pending_share <= 1.0,
        "--open-share and --pending-share must be shares between 0 and 1 adding up to at most 1"
    );
    anyhow::ensure!(a.agents >= 3, "--agents must be at least 3 (one per level)");
    anyhow::ensure!(a.customers >= 1, "--customers must be at least 1");
    let mut rng = StdRng::seed_from_u64(a.seed ^ 0x5eed);
    let l1 = a.agents.div_ceil(2);
    let l2 = (a.agents - l1).div_ceil(2);
    // (email, name, role, level)
    let mut users: Vec<(String, String, &str, Option<i64>)> = vec![(
        format!("admin@{EMAIL_DOMAIN}"),
        "Bench Admin".into(),
        "admin",
        None,
    )];
    for i in 1..=a.agents {
        let level = if i <= l1 {
            1
        } else if i <= l1 + l2 {
            2
        } else {
            3
        };
        users.push((
            format!("agent{i}@{EMAIL_DOMAIN}"),
            format!("{} (L{level})", data::person_name(&mut rng)),
            "agent",
            Some(level),
        ));
    }
    for i in 1..=a.customers {
        users.push((
            format!("customer{i}@{EMAIL_DOMAIN}"),
            data::person_name(&mut rng),
            "customer",
            None,
        ));
    }
    let created = now - SPAN_MS - 30 * DAY_MS;
    let mut conn = db.writer().acquire().await?;
    for chunk in users.chunks(1000) {
        let mut sql = values_sql(
            db.backend(),
            "users",
            &[
                "email",
                "name",
                "role",
                "level",
                "password_hash",
                "created_at",
                "updated_at",
            ],
            chunk.len(),
        );
        sql.push_str(
            " ON CONFLICT (email) DO UPDATE SET password_hash = excluded.password_hash, \
             role = excluded.role, level = excluded.level",
        );
        let mut q = sqlx::query(&sql);
        for (email, name, role, level) in chunk {
            q = q
                .bind(email.as_str())
                .bind(name.as_str())
                .bind(*role)
                .bind(*level)
                .bind(hash)
                .bind(created)
                .bind(created);
        }
        q.execute(&mut *conn).await.context("inserting users")?;
    }
    let rows: Vec<(i64, String, String, Option<i64>)> =
        sqlx::query_as("SELECT id, email, name, level FROM users WHERE email LIKE $1 ORDER BY id")
            .bind(format!("%@{EMAIL_DOMAIN}"))
            .fetch_all(&mut *conn)
            .await?;
    let by_email: HashMap<String, (i64, String, Option<i64>)> = rows
        .into_iter()
        .map(|(id, email, name, level)| (email, (id, name, level)))
        .collect();
    let mut people = People {
        agents: [vec![], vec![], vec![]],
        customers: vec![],
    };
    for (email, _, role, _) in &users {
        let (id, name, level) = by_email
            .get(email)
            .cloned()
            .with_context(|| format!("user {email} missing after insert"))?;
        match *role {
            "agent" => {
                let l = level.unwrap_or(1).clamp(1, 3) as usize;
                people.agents[l - 1].push(Agent {
                    id,
                    name,
                    email: email.clone(),
                });
            }
            "customer" => people.customers.push(id),
            _ => {}
        }
    }
    Ok(people)
}

// ---------------------------------------------------------------------------------------------
// The generator

struct Gen {
    rng: StdRng,
    people: Arc<People>,
    now: i64,
    start: i64,
    /// Milliseconds between two tickets' creation, so tickets are in time order.
    step: f64,
    comments_mean: u32,
    open_share: f64,
    pending_share: f64,
    next_ticket: i64,
    next_number: i64,
    next_comment: i64,
    next_event: i64,
    next_notification: i64,
    /// Per agent, the last time a ticket was assigned to them.
    last_assigned: HashMap<i64, i64>,
}

struct TicketCtx {
    id: i64,
    number: i64,
}

impl Gen {
    /// A pause between two steps on a ticket: minutes to days, never past now.
    fn gap(&mut self, t: i64) -> i64 {
        let r: f64 = self.rng.r#gen();
        let minutes = if r < 0.6 {
            self.rng.gen_range(5..240)
        } else if r < 0.9 {
            self.rng.gen_range(240..2880)
        } else {
            self.rng.gen_range(2880..10080)
        };
        (t + minutes * 60_000).min(self.now)
    }

    fn weighted(&mut self, weights: [f64; 3]) -> usize {
        let r: f64 = self.rng.r#gen();
        if r < weights[0] {
            0
        } else if r < weights[0] + weights[1] {
            1
        } else {
            2
        }
    }

    fn agent(&mut self, level: usize) -> (i64, usize) {
        let list = &self.people.agents[level - 1];
        let i = self.rng.gen_range(0..list.len());
        (list[i].id, i)
    }

    #[allow(clippy::too_many_arguments)]
    fn event(
        &mut self,
        b: &mut Batch,
        ticket: &TicketCtx,
        actor: Option<i64>,
        kind: &'static str,
        internal: bool,
        data: String,
        at: i64,
    ) -> i64 {
        let id = self.next_event;
        self.next_event += 1;
        b.events.push(EventRec {
            id,
            ticket_id: ticket.id,
            actor_id: actor,
            kind,
            internal,
            data,
            created_at: at,
        });
        id
    }

    fn comment(
        &mut self,
        b: &mut Batch,
        ticket: &TicketCtx,
        author: i64,
        text: &'static data::Text,
        internal: bool,
        at: i64,
    ) -> i64 {
        let id = self.next_comment;
        self.next_comment += 1;
        b.comments.push(CommentRec {
            id,
            ticket_id: ticket.id,
            author_id: author,
            body: text.body,
            body_html: &text.html,
            internal,
            created_at: at,
        });
        id
    }

    #[allow(clippy::too_many_arguments)]
    fn notify(
        &mut self,
        b: &mut Batch,
        ticket: &TicketCtx,
        user: i64,
        event: Option<i64>,
        kind: &'static str,
        data: serde_json::Value,
        at: i64,
    ) {
        // Old notifications have been read; about half of the last two weeks' have not.
        let read_at = if at < self.now - 14 * DAY_MS || self.rng.gen_bool(0.5) {
            Some((at + self.rng.gen_range(60_000..DAY_MS)).min(self.now))
        } else {
            None
        };
        let id = self.next_notification;
        self.next_notification += 1;
        b.notifications.push(NotificationRec {
            id,
            user_id: user,
            ticket_id: ticket.id,
            event_id: event,
            kind,
            data: data.to_string(),
            read_at,
            created_at: at,
        });
    }

    fn mark_assigned(&mut self, agent: i64, at: i64) {
        let e = self.last_assigned.entry(agent).or_insert(at);
        *e = (*e).max(at);
    }

    #[allow(clippy::too_many_arguments)]
    fn status_changed(
        &mut self,
        b: &mut Batch,
        ticket: &TicketCtx,
        actor: i64,
        from: &str,
        to: &str,
        reason: &str,
        at: i64,
    ) -> i64 {
        self.event(
            b,
            ticket,
            Some(actor),
            "status_changed",
            false,
            format!(r#"{{"from":"{from}","to":"{to}","reason":"{reason}"}}"#),
            at,
        )
    }

    /// One ticket with its whole history, appended to the batch.
    fn ticket(&mut self, i: u64, b: &mut Batch) {
        let tc = TicketCtx {
            id: self.next_ticket,
            number: self.next_number,
        };
        self.next_ticket += 1;
        self.next_number += 1;
        let step = self.step.max(1.0);
        let created = (self.start + (i as f64 * step) as i64 + self.rng.gen_range(0..step as i64))
            .min(self.now);
        let lang = if self.rng.gen_bool(0.35) {
            Lang::Da
        } else {
            Lang::En
        };
        let (title, incident) = data::title(&mut self.rng, lang);
        // Customers pick the wrong type now and then.
        let incident = incident ^ self.rng.gen_bool(0.1);
        let ticket_type = if incident { "incident" } else { "request" };
        let description = data::description(&mut self.rng, lang);
        let urgency = self.weighted([0.15, 0.5, 0.35]);
        let impact = self.weighted([0.1, 0.4, 0.5]);
        let priority = MATRIX[impact][urgency];
        let requester = {
            let c = &self.people.customers;
            c[self.rng.gen_range(0..c.len())]
        };
        let r: f64 = self.rng.r#gen();
        let final_status = if r < self.open_share {
            "open"
        } else if r < self.open_share + self.pending_share {
            "pending"
        } else {
            "resolved"
        };
        let r: f64 = self.rng.r#gen();
        let level: usize = if r < 0.75 {
            1
        } else if r < 0.93 {
            2
        } else {
            3
        };
        let queued = final_status == "open" && level == 1 && self.rng.gen_bool(0.03);

        let mut t = created;
        let data = json!({
            "title": title, "type": ticket_type, "impact": LEVELS[impact],
            "urgency": LEVELS[urgency], "priority": format!("p{priority}"),
        });
        self.event(
            b,
            &tc,
            Some(requester),
            "ticket_created",
            false,
            data.to_string(),
            t,
        );
        let mut assignee = None;
        if queued {
            self.event(
                b,
                &tc,
                None,
                "queued",
                true,
                r#"{"level":1,"rule":"queue"}"#.into(),
                t,
            );
        } else {
            let (agent, _) = self.agent(1);
            let level_one: Vec<i64> = self.people.agents[0].iter().map(|a| a.id).collect();
            let candidates: Vec<_> = level_one
                .into_iter()
                .map(|id| {
                    let unresolved: i64 = self.rng.gen_range(0..40);
                    let last = t - self.rng.gen_range(60_000..6 * 3_600_000);
                    json!({"agent_id": id, "unresolved": unresolved, "last_assigned_at": last})
                })
                .collect();
            let unresolved: i64 = self.rng.gen_range(0..20);
            let data = json!({
                "level": 1, "rule": "fewest_unresolved", "unresolved": unresolved,
                "candidates": candidates, "assignee_id": agent,
            });
            self.event(b, &tc, None, "assigned", true, data.to_string(), t);
            self.mark_assigned(agent, t);
            assignee = Some(agent);
        }

        let n = if queued || self.comments_mean == 0 {
            0
        } else {
            self.rng
                .gen_range(self.comments_mean - 1..=self.comments_mean + 1)
        };
        let escalate_before = (level > 1).then(|| self.rng.gen_range(0..=n.min(2)));
        let mut status = "open";
        let mut first_response = None;
        let mut pending_since = None;
        let mut last_customer = created;
        let vocab = &*VOCAB;
        let li = data::lang_index(lang);
        for j in 0..=n {
            if escalate_before == Some(j) {
                let from = assignee.unwrap_or_else(|| self.agent(1).0);
                let from_name = self.people.agents[0]
                    .iter()
                    .find(|a| a.id == from)
                    .map(|a| a.name.clone())
                    .unwrap_or_default();
                let (to, _) = self.agent(level);
                t = self.gap(t);
                let reason = &vocab.escalations[self.rng.gen_range(0..vocab.escalations.len())];
                let note = self.comment(b, &tc, from, reason, true, t);
                self.event(
                    b,
                    &tc,
                    Some(from),
                    "escalated",
                    false,
                    format!(r#"{{"from_level":1,"to_level":{level}}}"#),
                    t,
                );
                self.event(
                    b,
                    &tc,
                    Some(from),
                    "internal_note_added",
                    true,
                    format!(r#"{{"comment_id":{note},"escalation":true}}"#),
                    t,
                );
                self.event(
                    b,
                    &tc,
                    Some(from),
                    "assigned",
                    true,
                    format!(r#"{{"level":{level},"rule":"named","assignee_id":{to}}}"#),
                    t,
                );
                self.notify(
                    b,
                    &tc,
                    to,
                    None,
                    "escalated_to_you",
                    json!({"number": tc.number, "title": title, "by": from_name}),
                    t,
                );
                self.mark_assigned(to, t);
                assignee = Some(to);
            }
            if j == n {
                break;
            }
            t = self.gap(t);
            if j % 2 == 0 {
                let agent = assignee.unwrap_or(requester);
                if self.rng.gen_bool(0.2) {
                    let text =
                        &vocab.internal_notes[self.rng.gen_range(0..vocab.internal_notes.len())];
                    let c = self.comment(b, &tc, agent, text, true, t);
                    self.event(
                        b,
                        &tc,
                        Some(agent),
                        "internal_note_added",
                        true,
                        format!(r#"{{"comment_id":{c}}}"#),
                        t,
                    );
                } else {
                    let list = &vocab.agent_replies[li];
                    let text = &list[self.rng.gen_range(0..list.len())];
                    let c = self.comment(b, &tc, agent, text, false, t);
                    self.event(
                        b,
                        &tc,
                        Some(agent),
                        "comment_added",
                        false,
                        format!(r#"{{"comment_id":{c}}}"#),
                        t,
                    );
                    first_response.get_or_insert(t);
                    if j + 1 < n && self.rng.gen_bool(0.6) {
                        let ev = self.status_changed(b, &tc, agent, status, "pending", "reply", t);
                        status = "pending";
                        pending_since = Some(t);
                        self.notify(
                            b,
                            &tc,
                            requester,
                            Some(ev),
                            "waiting_on_you",
                            json!({"number": tc.number, "title": title}),
                            t,
                        );
                    }
                }
            } else {
                let list = &vocab.customer_replies[li];
                let text = &list[self.rng.gen_range(0..list.len())];
                let c = self.comment(b, &tc, requester, text, false, t);
                self.event(
                    b,
                    &tc,
                    Some(requester),
                    "comment_added",
                    false,
                    format!(r#"{{"comment_id":{c}}}"#),
                    t,
                );
                last_customer = t;
                if status == "pending" {
                    self.status_changed(b, &tc, requester, "pending", "open", "customer_reply", t);
                    status = "open";
                    pending_since = None;
                }
            }
        }
        let mut resolved_at = None;
        if let Some(agent) = assignee {
            match final_status {
                "resolved" => {
                    t = self.gap(t);
                    let ev = self.status_changed(b, &tc, agent, status, "resolved", "manual", t);
                    status = "resolved";
                    resolved_at = Some(t);
                    pending_since = None;
                    self.notify(
                        b,
                        &tc,
                        requester,
                        Some(ev),
                        "resolved",
                        json!({"number": tc.number, "title": title}),
                        t,
                    );
                }
                "pending" if status != "pending" => {
                    t = self.gap(t);
                    let ev = self.status_changed(b, &tc, agent, status, "pending", "manual", t);
                    status = "pending";
                    pending_since = Some(t);
                    self.notify(
                        b,
                        &tc,
                        requester,
                        Some(ev),
                        "waiting_on_you",
                        json!({"number": tc.number, "title": title}),
                        t,
                    );
                }
                _ => {}
            }
        }
        b.tickets.push(TicketRec {
            id: tc.id,
            number: tc.number,
            title,
            description,
            ticket_type,
            status,
            impact: LEVELS[impact],
            urgency: LEVELS[urgency],
            priority,
            level: level as i64,
            assignee_id: assignee,
            requester_id: requester,
            created_at: created,
            updated_at: t,
            first_response_at: first_response,
            resolved_at,
            pending_since,
            last_customer_activity_at: last_customer,
        });
    }
}

// ---------------------------------------------------------------------------------------------
// The command

#[derive(Default)]
struct Totals {
    tickets: AtomicU64,
    comments: AtomicU64,
    events: AtomicU64,
    notifications: AtomicU64,
}

async fn max_id(db: &Db, table: &str) -> Result<i64> {
    Ok(
        sqlx::query_scalar::<_, i64>(&format!("SELECT COALESCE(MAX(id), 0) FROM {table}"))
            .fetch_one(db.writer())
            .await?,
    )
}

pub async fn fill(a: FillArgs) -> Result<()> {
    let started = Instant::now();
    println!("load before: {}", crate::loadavg());
    let db = Db::connect(&a.database_url)
        .await
        .with_context(|| format!("connecting to {}", a.database_url))?;
    db.migrate().await.context("migrating")?;
    let backend = db.backend();
    let now = now_ms();

    // One Argon2 hash, exactly as the app makes them, shared by every bench user.
    let password = a.password.clone();
    let hash = tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
    })
    .await?
    .map_err(|e| anyhow::anyhow!("hashing the password: {e}"))?;
    let people = Arc::new(upsert_users(&db, &a, &hash, now).await?);

    let counter: i64 =
        sqlx::query_scalar("SELECT value FROM counters WHERE name = 'ticket_number'")
            .fetch_one(db.writer())
            .await?;
    let max_number: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(number), 0) FROM tickets")
        .fetch_one(db.writer())
        .await?;
    let mut generator = Gen {
        rng: StdRng::seed_from_u64(a.seed),
        people: people.clone(),
        now,
        start: now - SPAN_MS,
        step: SPAN_MS as f64 / a.tickets.max(1) as f64,
        comments_mean: a.comments_per_ticket,
        open_share: a.open_share,
        pending_share: a.pending_share,
        next_ticket: max_id(&db, "tickets").await? + 1,
        next_number: counter.max(max_number) + 1,
        next_comment: max_id(&db, "comments").await? + 1,
        next_event: max_id(&db, "events").await? + 1,
        next_notification: max_id(&db, "notifications").await? + 1,
        last_assigned: HashMap::new(),
    };
    let first_number = generator.next_number;
    let setup = started.elapsed();

    let writers = match backend {
        Backend::Sqlite => 1,
        Backend::Postgres => a.writers.clamp(1, 12),
    };
    let (tx, rx) = mpsc::channel::<Batch>(writers * 2);
    let total = a.tickets;
    let batch = a.batch.max(1) as u64;
    let generator = tokio::task::spawn_blocking(move || {
        let mut i = 0;
        while i < total {
            let n = batch.min(total - i);
            let mut b = Batch::default();
            for k in i..i + n {
                generator.ticket(k, &mut b);
            }
            i += n;
            if tx.blocking_send(b).is_err() {
                break;
            }
        }
        generator
    });

    let rx = Arc::new(Mutex::new(rx));
    let totals = Arc::new(Totals::default());
    let fill_started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..writers {
        let rx = rx.clone();
        let totals = totals.clone();
        let db = db.clone();
        tasks.spawn(async move {
            let mut conn = db.writer().acquire().await?;
            match backend {
                // Durability of each bulk transaction does not matter here; the file is synced
                // by the checkpoint at the end.
                Backend::Sqlite => {
                    conn.execute("PRAGMA synchronous = OFF; PRAGMA cache_size = -524288")
                        .await?;
                }
                // Replica mode skips triggers, among them the one keeping each agent's
                // unresolved count: with it, parallel writers would queue on the eight agent rows.
                // The counts are set once at the end.
                Backend::Postgres => {
                    conn.execute(
                        "SET synchronous_commit = off; SET session_replication_role = replica",
                    )
                    .await?;
                }
            }
            loop {
                let next = rx.lock().await.recv().await;
                let Some(b) = next else { break };
                write_batch(&mut conn, backend, &b).await?;
                totals
                    .tickets
                    .fetch_add(b.tickets.len() as u64, Ordering::Relaxed);
                totals
                    .comments
                    .fetch_add(b.comments.len() as u64, Ordering::Relaxed);
                totals
                    .events
                    .fetch_add(b.events.len() as u64, Ordering::Relaxed);
                totals
                    .notifications
                    .fetch_add(b.notifications.len() as u64, Ordering::Relaxed);
            }
            match backend {
                Backend::Sqlite => conn.execute("PRAGMA synchronous = NORMAL").await?,
                Backend::Postgres => {
                    conn.execute(
                        "SET synchronous_commit = DEFAULT; SET session_replication_role = DEFAULT",
                    )
                    .await?
                }
            };
            anyhow::Ok(())
        });
    }
    let progress = {
        let totals = totals.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(10));
            tick.tick().await;
            loop {
                tick.tick().await;
                let done = totals.tickets.load(Ordering::Relaxed);
                eprintln!(
                    "  {done}/{total} tickets ({:.0}%), {:.0} s, load {}",
                    done as f64 * 100.0 / total.max(1) as f64,
                    fill_started.elapsed().as_secs_f64(),
                    crate::loadavg()
                );
            }
        })
    };
    let mut failure = None;
    while let Some(r) = tasks.join_next().await {
        if let Err(e) = r.map_err(anyhow::Error::from).and_then(|r| r) {
            failure.get_or_insert(e);
            // Stop the others: closing the channel ends the generator too.
            rx.lock().await.close();
        }
    }
    progress.abort();
    let generator = generator.await?;
    if let Some(e) = failure {
        return Err(e.context("filling"));
    }
    let fill_time = fill_started.elapsed();

    // Bookkeeping the app relies on: the number counter, routing's tie-breaker, the sequences.
    let finish_started = Instant::now();
    let last_number = generator.next_number - 1;
    sqlx::query("UPDATE counters SET value = $1 WHERE name = 'ticket_number' AND value < $1")
        .bind(last_number)
        .execute(db.writer())
        .await?;
    sqlx::query(
        "UPDATE users SET unresolved_count = (SELECT COUNT(*) FROM tickets t \
         WHERE t.assignee_id = users.id AND t.status IN ('open', 'pending')) WHERE role = 'agent'",
    )
    .execute(db.writer())
    .await?;
    for (agent, at) in &generator.last_assigned {
        sqlx::query(
            "UPDATE users SET last_assigned_at = $2 \
             WHERE id = $1 AND (last_assigned_at IS NULL OR last_assigned_at < $2)",
        )
        .bind(agent)
        .bind(at)
        .execute(db.writer())
        .await?;
    }
    match backend {
        Backend::Postgres => {
            for table in ["tickets", "comments", "events", "notifications"] {
                sqlx::query(&format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'id'), \
                     (SELECT COALESCE(MAX(id), 1) FROM {table}))"
                ))
                .execute(db.writer())
                .await?;
            }
            // What autovacuum does shortly after a bulk load anyway: statistics for the planner
            // and a visibility map for index-only scans.
            for table in ["users", "tickets", "comments", "events", "notifications"] {
                sqlx::raw_sql(&format!("VACUUM (ANALYZE) {table}"))
                    .execute(db.writer())
                    .await?;
            }
        }
        Backend::Sqlite => {
            // The search index is written behind the tickets, as the server does it.
            skranke_store::repo::search::index_new_tickets(&db).await?;
            sqlx::raw_sql("PRAGMA wal_checkpoint(TRUNCATE)")
                .execute(db.writer())
                .await?;
        }
    }
    let finish = finish_started.elapsed();
    db.close().await;

    let t = &totals;
    let rows = t.tickets.load(Ordering::Relaxed)
        + t.comments.load(Ordering::Relaxed)
        + t.events.load(Ordering::Relaxed)
        + t.notifications.load(Ordering::Relaxed);
    println!(
        "filled {} tickets (#{first_number}..#{last_number}), {} comments, {} events, {} notifications",
        t.tickets.load(Ordering::Relaxed),
        t.comments.load(Ordering::Relaxed),
        t.events.load(Ordering::Relaxed),
        t.notifications.load(Ordering::Relaxed),
    );
    println!(
        "time: {:.1} s in all (setup {:.1} s, bulk insert {:.1} s = {:.0} tickets/s, {:.0} rows/s, \
         finishing {:.1} s) with {writers} writer(s)",
        started.elapsed().as_secs_f64(),
        setup.as_secs_f64(),
        fill_time.as_secs_f64(),
        t.tickets.load(Ordering::Relaxed) as f64 / fill_time.as_secs_f64(),
        rows as f64 / fill_time.as_secs_f64(),
        finish.as_secs_f64(),
    );
    println!("load after: {}", crate::loadavg());
    println!("logins (password `{}`):", a.password);
    println!("  admin@{EMAIL_DOMAIN}  (admin)");
    for (level, agents) in people.agents.iter().enumerate() {
        for agent in agents {
            println!("  {}  level {}", agent.email, level + 1);
        }
    }
    println!(
        "  customer1@{EMAIL_DOMAIN} .. customer{}@{EMAIL_DOMAIN}  (customers)",
        a.customers
    );
    Ok(())
}
