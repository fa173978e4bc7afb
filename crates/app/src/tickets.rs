//! Tickets: creation and routing, comments, status transitions, triage, reassignment and
//! escalation (SPEC §2 and §3). Every change and its event commit in one transaction.

use serde_json::json;
use skranke_domain::ticket::{format_number, within_reopen_window};
use skranke_domain::{
    AssignmentCandidate, EventKind, Impact, Level, Priority, Role, Status, StatusChangeBy,
    TicketType, Urgency, check_transition, pick_assignee, validate,
};
use skranke_store::Tx;
use skranke_store::repo::{self, tickets::TicketRow};

use crate::log::{Event, NotificationKind};
use crate::{Actor, App, AppError, AppResult, LevelMode, Page, markdown};

/// A person as shown on a ticket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub level: Option<Level>,
}

#[derive(Debug, Clone)]
pub struct Ticket {
    pub id: i64,
    pub number: i64,
    pub title: String,
    pub description: String,
    pub description_html: String,
    pub ticket_type: TicketType,
    pub status: Status,
    pub impact: Impact,
    pub urgency: Urgency,
    pub priority: Priority,
    pub level: Level,
    pub assignee: Option<Person>,
    pub requester: Person,
    pub service_id: Option<i64>,
    pub service_name: Option<String>,
    pub follow_up_of: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
    pub first_response_at: Option<i64>,
    pub resolved_at: Option<i64>,
    pub pending_since: Option<i64>,
    /// Until when the requester may reopen (set while resolved).
    pub reopen_until: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct Comment {
    pub id: i64,
    pub author: Option<Person>,
    pub author_role: Option<Role>,
    pub body: String,
    pub body_html: String,
    pub internal: bool,
    pub created_at: i64,
}

/// One line of a ticket's timeline: an event, with its comment when it is one.
#[derive(Debug, Clone)]
pub struct TimelineEntry {
    pub event: Event,
    pub comment: Option<Comment>,
}

#[derive(Debug, Clone, Default)]
pub struct NewTicket {
    pub title: String,
    pub description: String,
    pub ticket_type: Option<TicketType>,
    pub urgency: Option<Urgency>,
    pub impact: Option<Impact>,
    pub service_id: Option<i64>,
    /// Set when support creates a ticket on behalf of a customer.
    pub requester_id: Option<i64>,
}

/// The agent routing picked, with what a ticket shows of them.
#[derive(Clone)]
pub(crate) struct RoutedAgent {
    id: i64,
    name: String,
    email: String,
}

/// A new ticket checked and completed (type, urgency, impact, requester), waiting to be written.
#[derive(Debug, Clone)]
pub(crate) struct TicketDraft {
    actor_id: i64,
    requester_id: i64,
    /// The requester's and the service's names as the draft found them, for the answer (see
    /// `insert_tickets`).
    requester_name: String,
    requester_email: String,
    service_name: Option<String>,
    title: String,
    description: String,
    ticket_type: TicketType,
    impact: Impact,
    urgency: Urgency,
    service_id: Option<i64>,
    /// The closed ticket (id, number) a follow-up continues.
    follow_up_of: Option<(i64, i64)>,
}

#[derive(Debug, Clone, Default)]
pub struct NewComment {
    pub body: String,
    pub internal: bool,
    pub set_status: Option<Status>,
}

/// What a comment did: usually added to the ticket; on a ticket closed past its reopen window, a
/// customer's comment starts a follow-up ticket instead.
#[derive(Debug, Clone)]
pub struct CommentOutcome {
    pub comment: Comment,
    pub ticket: Ticket,
    pub follow_up_of: Option<i64>,
}

#[derive(Debug, Clone, Default)]
pub struct TicketChanges {
    pub ticket_type: Option<TicketType>,
    pub status: Option<Status>,
    pub impact: Option<Impact>,
    pub urgency: Option<Urgency>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssigneeFilter {
    Me,
    Id(i64),
    Unassigned,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// P1 first, then oldest first: how work queues read.
    Priority,
    #[default]
    Newest,
}

#[derive(Debug, Clone, Default)]
pub struct TicketQuery {
    pub status: Option<Status>,
    pub unresolved: bool,
    pub ticket_type: Option<TicketType>,
    pub assignee: Option<AssigneeFilter>,
    pub level: Option<Level>,
    pub q: Option<String>,
    pub sort: Sort,
    pub cursor: Option<String>,
    pub limit: Option<i64>,
    /// Only what a list row shows: no description, e-mail addresses, service or follow-up number.
    pub brief: bool,
}

fn corrupt(what: impl std::fmt::Display) -> AppError {
    AppError::Internal(format!("stored ticket is corrupt: {what}").into())
}

fn person(id: i64, name: String, email: String, level: Option<i64>) -> Person {
    Person {
        id,
        name,
        email,
        level: level.and_then(Level::new),
    }
}

impl App {
    /// `render` adds the description's HTML; lists skip it, as Markdown rendering is the costliest
    /// part of turning a row into a ticket.
    fn ticket_from_row(&self, r: TicketRow, reopen_window: i64, render: bool) -> AppResult<Ticket> {
        let status: Status = r.status.parse().map_err(corrupt)?;
        Ok(Ticket {
            id: r.id,
            number: r.number,
            description_html: if render {
                markdown::render(&r.description)
            } else {
                String::new()
            },
            title: r.title,
            description: r.description,
            ticket_type: r.ticket_type.parse().map_err(corrupt)?,
            status,
            impact: r.impact.parse().map_err(corrupt)?,
            urgency: r.urgency.parse().map_err(corrupt)?,
            priority: Priority::from_rank(r.priority).ok_or_else(|| corrupt("priority"))?,
            level: Level::new(r.level).ok_or_else(|| corrupt("level"))?,
            // A brief row (lists) has the assignee's name but no e-mail address.
            assignee: match (r.assignee_id, r.assignee_name) {
                (Some(id), Some(name)) => Some(person(
                    id,
                    name,
                    r.assignee_email.unwrap_or_default(),
                    r.assignee_level,
                )),
                _ => None,
            },
            requester: person(r.requester_id, r.requester_name, r.requester_email, None),
            service_id: r.service_id,
            service_name: r.service_name,
            follow_up_of: r.follow_up_of_number,
            created_at: r.created_at,
            updated_at: r.updated_at,
            first_response_at: r.first_response_at,
            resolved_at: r.resolved_at,
            pending_since: r.pending_since,
            reopen_until: (status == Status::Resolved)
                .then(|| r.resolved_at.map(|at| at + reopen_window))
                .flatten(),
        })
    }

    /// Loads a ticket the actor may see; a customer gets "not found" for anyone else's ticket.
    async fn visible_row(
        &self,
        conn: &mut repo::Conn,
        actor: &Actor,
        number: i64,
    ) -> AppResult<TicketRow> {
        let row = repo::tickets::by_number(conn, number)
            .await?
            .ok_or(AppError::NotFound("ticket"))?;
        if actor.is_internal() || row.requester_id == actor.id {
            Ok(row)
        } else {
            Err(AppError::NotFound("ticket"))
        }
    }

    /// The assignee or an admin handles a ticket; other agents may read it and add internal notes.
    fn require_handler(actor: &Actor, row: &TicketRow, what: &str) -> AppResult<()> {
        if actor.is_admin() || (actor.role == Role::Agent && row.assignee_id == Some(actor.id)) {
            return Ok(());
        }
        if actor.is_internal() {
            let who = row.assignee_name.as_deref().unwrap_or("nobody yet");
            Err(AppError::Forbidden(format!(
                "only the assignee ({who}) or an admin can {what}; take the ticket or ask to have it assigned"
            )))
        } else {
            Err(AppError::Forbidden(format!("customers cannot {what}")))
        }
    }

    async fn reload(&self, conn: &mut repo::Conn, id: i64) -> AppResult<Ticket> {
        let row = repo::tickets::by_id(conn, id)
            .await?
            .ok_or(AppError::NotFound("ticket"))?;
        let window = self.settings().await.reopen_window;
        self.ticket_from_row(row, window, true)
    }

    /// A ticket just committed by this process, read on a reader connection.
    async fn committed(&self, id: i64) -> AppResult<Ticket> {
        let mut conn = self.db.reader().acquire().await?;
        self.reload(&mut conn, id).await
    }

    /// Picks the assignee for a ticket entering `level`, by that level's mode: auto (fewest
    /// unresolved, then least recently assigned) or queue. Returns the agent and the reason, which
    /// goes into the event so anyone can see why that agent was chosen.
    async fn route(
        &self,
        tx: &mut Tx,
        level: Level,
    ) -> AppResult<(Option<i64>, serde_json::Value)> {
        let (agent, reason) = self
            .route_many(tx, level, 1)
            .await?
            .pop()
            .ok_or_else(|| AppError::Internal("routing answered nothing".into()))?;
        Ok((agent.map(|a| a.id), reason))
    }

    /// Routes `count` tickets entering `level` together, one after another, each seeing the loads
    /// left by the ones before it, as if they had been created one by one.
    async fn route_many(
        &self,
        tx: &mut Tx,
        level: Level,
        count: usize,
    ) -> AppResult<Vec<(Option<RoutedAgent>, serde_json::Value)>> {
        if self.settings().await.mode(level) == LevelMode::Queue {
            return Ok(vec![
                (None, json!({"level": level, "rule": "queue"}));
                count
            ]);
        }
        // Serialise routing per level so concurrent creations see each other's assignments.
        self.db
            .lock_for(tx, 7_345_100 + i64::from(level.get()))
            .await?;
        let rows = repo::users::assignment_candidates(tx, i64::from(level.get())).await?;
        let mut candidates: Vec<AssignmentCandidate> = rows
            .iter()
            .map(|c| AssignmentCandidate {
                agent_id: c.id,
                unresolved: c.unresolved,
                last_assigned_at: c.last_assigned_at,
            })
            .collect();
        let now = self.now();
        let mut routes = Vec::with_capacity(count);
        for _ in 0..count {
            let loads: Vec<_> = candidates
                .iter()
                .map(|c| json!({"agent_id": c.agent_id, "unresolved": c.unresolved, "last_assigned_at": c.last_assigned_at}))
                .collect();
            let Some(pick) = pick_assignee(&candidates).map(|c| (c.agent_id, c.unresolved)) else {
                routes.push((None, json!({"level": level, "rule": "no_agent_available"})));
                continue;
            };
            let agent = rows.iter().find(|r| r.id == pick.0).map(|r| RoutedAgent {
                id: r.id,
                name: r.name.clone(),
                email: r.email.clone(),
            });
            routes.push((
                agent,
                json!({"level": level, "rule": "fewest_unresolved", "unresolved": pick.1, "candidates": loads}),
            ));
            // What the agent-load trigger will record for this ticket, for the next one's choice.
            if let Some(c) = candidates.iter_mut().find(|c| c.agent_id == pick.0) {
                c.unresolved += 1;
                c.last_assigned_at = Some(now);
            }
        }
        Ok(routes)
    }

    /// Writes the routing result as an event and tells admins when nobody could take the ticket.
    async fn record_routing(
        &self,
        tx: &mut Tx,
        ticket_id: i64,
        number: i64,
        actor_id: Option<i64>,
        assignee: Option<i64>,
        reason: serde_json::Value,
    ) -> AppResult<()> {
        let (kind, data) = routing_event(assignee, &reason);
        let event = self
            .append_event(tx, Some(ticket_id), actor_id, kind, true, data)
            .await?;
        if unstaffed(&reason) {
            let admins = repo::users::ids_of_active_admins(tx).await?;
            self.tell_admins_unstaffed(tx, &admins, ticket_id, number, event, &reason)
                .await?;
        }
        Ok(())
    }

    /// Notifies every admin that ticket `number` waits with nobody able to take it.
    async fn tell_admins_unstaffed(
        &self,
        tx: &mut Tx,
        admins: &[i64],
        ticket_id: i64,
        number: i64,
        event: i64,
        reason: &serde_json::Value,
    ) -> AppResult<()> {
        let data = json!({"number": number, "level": reason["level"]});
        for &admin in admins {
            self.notify(
                tx,
                admin,
                Some(ticket_id),
                Some(event),
                NotificationKind::Unassigned,
                data.clone(),
            )
            .await?;
        }
        Ok(())
    }

    /// Creates a ticket and routes it to level 1. Customers create their own; support may create on
    /// behalf of a customer.
    pub async fn create_ticket(&self, actor: &Actor, new: NewTicket) -> AppResult<Ticket> {
        let title = validate::title(&new.title)?;
        let description = validate::body("description", &new.description, false)?;
        if new.ticket_type.is_none() && new.service_id.is_none() {
            return Err(AppError::invalid("type", "choose incident or request"));
        }
        let draft = self.draft(actor, &new, title, description).await?;
        // The answer is the row as written, not read back: a read is a round trip to a database
        // thread, and creation is the hottest path (docs/benchmarks.md).
        let row = self.batcher.create(self.clone(), draft).await?;
        self.ticket_from_row(row, self.settings().await.reopen_window, true)
    }

    /// Checks a new ticket and fills in what the person left out, before it joins a batch.
    async fn draft(
        &self,
        actor: &Actor,
        new: &NewTicket,
        title: String,
        description: String,
    ) -> AppResult<TicketDraft> {
        // A named service supplies what the person left out: its type, urgency and impact.
        // Most creations name neither a service nor a requester and need no read at all.
        let mut conn = match (new.service_id, new.requester_id) {
            (None, None) => None,
            _ => Some(self.db.reader().acquire().await?),
        };
        let service = match (new.service_id, conn.as_mut()) {
            (Some(id), Some(conn)) => Some(self.service_for_ticket(conn, actor, id).await?),
            _ => None,
        };
        let ticket_type = new
            .ticket_type
            .or(service.as_ref().map(|s| s.ticket_type))
            .ok_or_else(|| AppError::invalid("type", "choose incident or request"))?;
        let urgency = new
            .urgency
            .or(service.as_ref().map(|s| s.default_urgency))
            .unwrap_or(Urgency::Medium);
        let impact = match new.impact {
            Some(i) if actor.is_internal() => i,
            _ => service
                .as_ref()
                .map(|s| s.default_impact)
                .unwrap_or(Impact::Medium),
        };
        let requester = match (new.requester_id, conn.as_mut()) {
            (Some(id), Some(conn)) if id != actor.id => {
                if !actor.is_internal() {
                    return Err(AppError::Forbidden(
                        "customers create tickets for themselves only".into(),
                    ));
                }
                let r = repo::users::by_id(conn, id)
                    .await?
                    .filter(|u| u.active.0)
                    .ok_or_else(|| {
                        AppError::invalid("requester_id", "no active user with this id")
                    })?;
                (r.id, r.name, r.email)
            }
            _ => (actor.id, actor.name.clone(), actor.email.clone()),
        };
        Ok(TicketDraft {
            actor_id: actor.id,
            requester_id: requester.0,
            requester_name: requester.1,
            requester_email: requester.2,
            service_name: service.map(|s| s.name),
            title,
            description,
            ticket_type,
            impact,
            urgency,
            service_id: new.service_id,
            follow_up_of: None,
        })
    }

    /// Writes new tickets and their events, routed to level 1, in the caller's transaction:
    /// a number range, one routing read, one INSERT for the tickets and one for their events,
    /// however many there are (the batch writer's path, see `batch`). Answers the rows as
    /// written, in order.
    pub(crate) async fn insert_tickets(
        &self,
        tx: &mut Tx,
        drafts: &[TicketDraft],
    ) -> AppResult<Vec<TicketRow>> {
        let count = drafts.len();
        if count == 0 {
            return Ok(Vec::new());
        }
        let backend = self.db.backend();
        let matrix = self.settings().await.priority_matrix;
        let first = repo::tickets::next_numbers(tx, count as i64).await?;
        let routes = self.route_many(tx, Level::ONE, count).await?;
        let now = self.now();
        let rows: Vec<_> = drafts
            .iter()
            .zip(&routes)
            .zip(first..)
            .map(|((d, (assignee, _)), number)| repo::tickets::NewTicket {
                number,
                title: &d.title,
                description: &d.description,
                ticket_type: d.ticket_type.as_str(),
                impact: d.impact.as_str(),
                urgency: d.urgency.as_str(),
                priority: matrix.priority(d.impact, d.urgency).rank(),
                level: 1,
                assignee_id: assignee.as_ref().map(|a| a.id),
                requester_id: d.requester_id,
                service_id: d.service_id,
                follow_up_of: d.follow_up_of.map(|(id, _)| id),
                now,
            })
            .collect();
        let mut by_number: std::collections::HashMap<i64, i64> =
            repo::tickets::insert_many(tx, backend, &rows)
                .await?
                .into_iter()
                .collect();
        let ids = rows
            .iter()
            .map(|r| by_number.remove(&r.number))
            .collect::<Option<Vec<i64>>>()
            .ok_or_else(|| AppError::Internal("a new ticket's id was not returned".into()))?;

        // Each ticket's creation, then its routing: automatic routing is the system's act, not
        // the creator's.
        let mut data = Vec::with_capacity(count * 2);
        let mut kinds = Vec::with_capacity(count * 2);
        for (d, (assignee, reason)) in drafts.iter().zip(&routes) {
            let priority = matrix.priority(d.impact, d.urgency);
            let mut created = json!({
                "title": d.title, "type": d.ticket_type, "impact": d.impact, "urgency": d.urgency, "priority": priority,
            });
            if d.requester_id != d.actor_id {
                created["on_behalf_of"] = json!(d.requester_id);
            }
            if let Some(service_id) = d.service_id {
                created["service_id"] = json!(service_id);
            }
            if let Some((_, number)) = d.follow_up_of {
                created["follow_up_of"] = json!(number);
            }
            data.push(created);
            kinds.push(EventKind::TicketCreated);
            let (kind, routing) = routing_event(assignee.as_ref().map(|a| a.id), reason);
            kinds.push(kind);
            data.push(routing);
        }
        let events: Vec<_> = kinds
            .iter()
            .zip(&data)
            .enumerate()
            .map(|(i, (kind, data))| repo::events::NewEvent {
                ticket_id: Some(ids[i / 2]),
                actor_id: (i % 2 == 0).then_some(drafts[i / 2].actor_id),
                kind: kind.as_str(),
                internal: i % 2 == 1,
                data,
                now,
            })
            .collect();
        let event_ids = repo::events::insert_many(tx, backend, &events).await?;
        for (event_id, kind) in event_ids.iter().zip(&kinds) {
            self.fan_out_webhooks(tx, *event_id, kind.as_str()).await?;
        }

        // Tell admins when nobody could take a ticket.
        let waiting: Vec<usize> = (0..count).filter(|&i| unstaffed(&routes[i].1)).collect();
        if !waiting.is_empty() {
            let admins = repo::users::ids_of_active_admins(tx).await?;
            for i in waiting {
                let (number, event) = (first + i as i64, event_ids[i * 2 + 1]);
                self.tell_admins_unstaffed(tx, &admins, ids[i], number, event, &routes[i].1)
                    .await?;
            }
        }
        Ok(rows
            .iter()
            .zip(drafts)
            .zip(routes)
            .zip(ids)
            .map(|(((row, d), (assignee, _)), id)| {
                row.as_stored(
                    id,
                    repo::tickets::Joined {
                        requester_name: d.requester_name.clone(),
                        requester_email: d.requester_email.clone(),
                        assignee: assignee.map(|a| (a.name, a.email, row.level)),
                        follow_up_of_number: d.follow_up_of.map(|(_, number)| number),
                        service_name: d.service_name.clone(),
                    },
                )
            })
            .collect())
    }

    pub async fn ticket(&self, actor: &Actor, number: i64) -> AppResult<Ticket> {
        let mut conn = self.db.reader().acquire().await?;
        let row = self.visible_row(&mut conn, actor, number).await?;
        drop(conn);
        self.ticket_from_row(row, self.settings().await.reopen_window, true)
    }

    /// Brings the SQLite search index up to the tickets that exist now (it is written behind the
    /// creations, see `repo::search`), so a search finds every ticket created before it started.
    /// Costs one read when nothing is waiting; nothing on PostgreSQL.
    pub async fn catch_up_search(&self) -> AppResult<()> {
        if repo::search::behind(&self.db).await? {
            let started = std::time::Instant::now();
            let indexed = repo::search::index_new_tickets(&self.db).await?;
            let took = started.elapsed();
            // Creations wait for the write lock meanwhile; a long one is worth knowing about.
            if took > std::time::Duration::from_millis(100) {
                tracing::warn!(
                    indexed,
                    took_ms = took.as_millis() as u64,
                    "indexing new tickets for search was slow"
                );
            }
        }
        Ok(())
    }

    /// Tickets the actor may see, filtered; customers only ever see their own.
    pub async fn list_tickets(&self, actor: &Actor, q: &TicketQuery) -> AppResult<Page<Ticket>> {
        let limit = repo::page_limit(q.limit);
        let mut f = repo::tickets::TicketFilter {
            status: q.status.map(|s| s.as_str().to_string()),
            unresolved: q.unresolved,
            ticket_type: q.ticket_type.map(|t| t.as_str().to_string()),
            level: q.level.map(|l| i64::from(l.get())),
            q: q.q
                .as_ref()
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty()),
            brief: q.brief,
            ..Default::default()
        };
        match q.assignee {
            Some(AssigneeFilter::Me) => f.assignee_id = Some(actor.id),
            Some(AssigneeFilter::Id(id)) => f.assignee_id = Some(id),
            Some(AssigneeFilter::Unassigned) => f.unassigned = true,
            None => {}
        }
        if !actor.is_internal() {
            f.requester_id = Some(actor.id);
        }
        let order = match q.sort {
            Sort::Priority => repo::tickets::Order::Priority,
            Sort::Newest => repo::tickets::Order::Newest,
        };
        let after = q
            .cursor
            .as_deref()
            .map(|c| parse_cursor(c, order))
            .transpose()?;
        if f.q.is_some() {
            self.catch_up_search().await?;
        }
        let mut conn = self.db.reader().acquire().await?;
        let rows =
            repo::tickets::list(&mut conn, self.db.backend(), &f, order, after, limit).await?;
        drop(conn);
        let window = self.settings().await.reopen_window;
        let page = Page::from_rows(rows, limit, |r| format_cursor(r, order), |r| r);
        Ok(Page {
            items: page
                .items
                .into_iter()
                .map(|r| self.ticket_from_row(r, window, false))
                .collect::<AppResult<_>>()?,
            next_cursor: page.next_cursor,
        })
    }

    fn apply_status(row: &mut TicketRow, to: Status, now: i64) {
        row.status = to.as_str().to_string();
        match to {
            Status::Open => {
                row.pending_since = None;
                row.resolved_at = None;
            }
            Status::Pending => row.pending_since = Some(now),
            Status::Resolved => {
                row.pending_since = None;
                row.resolved_at = Some(now);
            }
        }
    }

    /// Moves a ticket to `to` after checking the state machine, and logs it.
    async fn transition(
        &self,
        tx: &mut Tx,
        row: &mut TicketRow,
        actor: &Actor,
        by: StatusChangeBy,
        to: Status,
        reason: &str,
    ) -> AppResult<()> {
        let from: Status = row.status.parse().map_err(corrupt)?;
        let now = self.now();
        let window = self.settings().await.reopen_window;
        check_transition(by, from, to, row.resolved_at, window, now)
            .map_err(|e| AppError::Conflict(e.to_string()))?;
        Self::apply_status(row, to, now);
        let kind = if from == Status::Resolved {
            EventKind::Reopened
        } else {
            EventKind::StatusChanged
        };
        let event = self
            .append_event(
                tx,
                Some(row.id),
                Some(actor.id),
                kind,
                false,
                json!({"from": from, "to": to, "reason": reason}),
            )
            .await?;
        // The customer hears when the desk waits on them or is done (in-app; e-mail comes later).
        if row.requester_id != actor.id {
            let kind = match to {
                Status::Pending => Some(NotificationKind::WaitingOnYou),
                Status::Resolved => Some(NotificationKind::Resolved),
                Status::Open => None,
            };
            if let Some(kind) = kind {
                let data = json!({"number": row.number, "title": row.title});
                self.notify(tx, row.requester_id, Some(row.id), Some(event), kind, data)
                    .await?;
            }
        }
        Ok(())
    }

    /// Adds a public comment or an internal note, with an optional status change (SPEC §2): a
    /// customer's comment reopens a pending ticket, or a resolved one within the reopen window;
    /// past the window it starts a follow-up ticket linked to the old one.
    pub async fn add_comment(
        &self,
        actor: &Actor,
        number: i64,
        new: NewComment,
    ) -> AppResult<CommentOutcome> {
        let body = validate::body("body", &new.body, true)?;
        let mut tx = self.db.begin().await?;
        let mut row = self.visible_row(&mut tx, actor, number).await?;
        let status: Status = row.status.parse().map_err(corrupt)?;
        let now = self.now();
        let window = self.settings().await.reopen_window;
        let closed =
            status == Status::Resolved && !within_reopen_window(row.resolved_at, window, now);

        if !actor.is_internal() {
            if new.internal {
                return Err(AppError::invalid(
                    "internal",
                    "customers cannot write internal notes",
                ));
            }
            if closed {
                return self.follow_up(tx, actor, row, &body).await;
            }
        } else if new.internal {
            if new.set_status.is_some() {
                Self::require_handler(actor, &row, "change the status")?;
            }
        } else {
            Self::require_handler(actor, &row, "reply to the customer")?;
            if closed {
                return Err(AppError::Conflict(format!(
                    "this ticket was closed more than {} days ago and is read-only; create a new ticket instead",
                    window / skranke_domain::DAY_MS
                )));
            }
        }

        let html = markdown::render(&body);
        let comment_id = repo::comments::insert(
            &mut tx,
            repo::comments::NewComment {
                ticket_id: row.id,
                author_id: Some(actor.id),
                body: &body,
                body_html: &html,
                internal: new.internal,
                now,
            },
        )
        .await?;
        let kind = if new.internal {
            EventKind::InternalNoteAdded
        } else {
            EventKind::CommentAdded
        };
        self.append_event(
            &mut tx,
            Some(row.id),
            Some(actor.id),
            kind,
            new.internal,
            json!({"comment_id": comment_id}),
        )
        .await?;

        if actor.is_internal() {
            if !new.internal && row.first_response_at.is_none() {
                row.first_response_at = Some(now);
            }
            if let Some(to) = new.set_status.filter(|s| *s != status) {
                self.transition(
                    &mut tx,
                    &mut row,
                    actor,
                    StatusChangeBy::Support,
                    to,
                    "reply",
                )
                .await?;
            }
        } else {
            row.last_customer_activity_at = Some(now);
            let to = match new.set_status {
                Some(s) => Some(s),
                // The customer answered: the ticket waits on support again.
                None if status != Status::Open => Some(Status::Open),
                None => None,
            };
            if let Some(to) = to.filter(|s| *s != status) {
                self.transition(
                    &mut tx,
                    &mut row,
                    actor,
                    StatusChangeBy::Customer,
                    to,
                    "customer_reply",
                )
                .await?;
            }
        }
        row.updated_at = now;
        repo::tickets::save(&mut tx, &row).await?;
        tx.commit().await?;
        let ticket = self.committed(row.id).await?;
        let comment = Comment {
            id: comment_id,
            author: Some(Person {
                id: actor.id,
                name: actor.name.clone(),
                email: actor.email.clone(),
                level: actor.level,
            }),
            author_role: Some(actor.role),
            body,
            body_html: html,
            internal: new.internal,
            created_at: now,
        };
        Ok(CommentOutcome {
            comment,
            ticket,
            follow_up_of: None,
        })
    }

    /// A customer wrote on a ticket closed past its reopen window: start a linked follow-up.
    async fn follow_up(
        &self,
        mut tx: Tx,
        actor: &Actor,
        old: TicketRow,
        body: &str,
    ) -> AppResult<CommentOutcome> {
        let prefix = format!("Follow-up to {}: ", format_number(old.number));
        let title: String = prefix
            .chars()
            .chain(old.title.chars())
            .take(validate::TITLE_MAX_CHARS)
            .collect();
        let draft = TicketDraft {
            actor_id: actor.id,
            requester_id: old.requester_id,
            requester_name: old.requester_name.clone(),
            requester_email: old.requester_email.clone(),
            service_name: old.service_name.clone(),
            title,
            description: body.to_string(),
            ticket_type: old.ticket_type.parse().map_err(corrupt)?,
            impact: old.impact.parse().map_err(corrupt)?,
            urgency: old.urgency.parse().map_err(corrupt)?,
            service_id: old.service_id,
            follow_up_of: Some((old.id, old.number)),
        };
        let row = self
            .insert_tickets(&mut tx, std::slice::from_ref(&draft))
            .await?
            .pop()
            .ok_or_else(|| AppError::Internal("the follow-up was not created".into()))?;
        let ticket = self.ticket_from_row(row, self.settings().await.reopen_window, true)?;
        self.append_event(
            &mut tx,
            Some(old.id),
            Some(actor.id),
            EventKind::FollowUpCreated,
            false,
            json!({"follow_up": ticket.number}),
        )
        .await?;
        tx.commit().await?;
        let comment = Comment {
            id: 0,
            author: Some(Person {
                id: actor.id,
                name: actor.name.clone(),
                email: actor.email.clone(),
                level: actor.level,
            }),
            author_role: Some(actor.role),
            body: ticket.description.clone(),
            body_html: ticket.description_html.clone(),
            internal: false,
            created_at: ticket.created_at,
        };
        Ok(CommentOutcome {
            comment,
            ticket,
            follow_up_of: Some(old.number),
        })
    }

    /// Changes type, status, impact or urgency (`PATCH`). Support triages; the requester may only
    /// reopen (within the window) or mark the ticket solved.
    pub async fn update_ticket(
        &self,
        actor: &Actor,
        number: i64,
        changes: TicketChanges,
    ) -> AppResult<Ticket> {
        let mut tx = self.db.begin().await?;
        let mut row = self.visible_row(&mut tx, actor, number).await?;
        let triage =
            changes.ticket_type.is_some() || changes.impact.is_some() || changes.urgency.is_some();
        if triage {
            Self::require_handler(actor, &row, "triage the ticket")?;
        }
        let now = self.now();
        if let Some(t) = changes.ticket_type {
            let from: TicketType = row.ticket_type.parse().map_err(corrupt)?;
            if from != t {
                row.ticket_type = t.as_str().to_string();
                self.append_event(
                    &mut tx,
                    Some(row.id),
                    Some(actor.id),
                    EventKind::TypeChanged,
                    false,
                    json!({"from": from, "to": t}),
                )
                .await?;
            }
        }
        if changes.impact.is_some() || changes.urgency.is_some() {
            let old_impact: Impact = row.impact.parse().map_err(corrupt)?;
            let old_urgency: Urgency = row.urgency.parse().map_err(corrupt)?;
            let impact = changes.impact.unwrap_or(old_impact);
            let urgency = changes.urgency.unwrap_or(old_urgency);
            if (impact, urgency) != (old_impact, old_urgency) {
                let from = Priority::from_rank(row.priority).ok_or_else(|| corrupt("priority"))?;
                let to = self
                    .settings()
                    .await
                    .priority_matrix
                    .priority(impact, urgency);
                row.impact = impact.as_str().into();
                row.urgency = urgency.as_str().into();
                row.priority = to.rank();
                self.append_event(
                    &mut tx,
                    Some(row.id),
                    Some(actor.id),
                    EventKind::PriorityChanged,
                    false,
                    json!({"impact": impact, "urgency": urgency, "from": from, "to": to}),
                )
                .await?;
            }
        }
        if let Some(to) = changes.status {
            let by = if actor.is_internal() {
                Self::require_handler(actor, &row, "change the status")?;
                StatusChangeBy::Support
            } else {
                StatusChangeBy::Customer
            };
            self.transition(&mut tx, &mut row, actor, by, to, "manual")
                .await?;
            if by == StatusChangeBy::Customer {
                row.last_customer_activity_at = Some(now);
            }
        }
        row.updated_at = now;
        repo::tickets::save(&mut tx, &row).await?;
        tx.commit().await?;
        let ticket = self.committed(row.id).await?;
        Ok(ticket)
    }

    /// The requester's "reopen" button (or support's): Resolved → Open within the window.
    pub async fn reopen(&self, actor: &Actor, number: i64) -> AppResult<Ticket> {
        self.update_ticket(
            actor,
            number,
            TicketChanges {
                status: Some(Status::Open),
                ..Default::default()
            },
        )
        .await
    }

    async fn active_agent(&self, tx: &mut Tx, id: i64) -> AppResult<repo::users::UserRow> {
        let u = repo::users::by_id(tx, id)
            .await?
            .ok_or_else(|| AppError::invalid("assignee_id", "no user with this id"))?;
        if u.role != "agent" && u.role != "admin" {
            return Err(AppError::invalid(
                "assignee_id",
                format!("{} is a customer, not an agent", u.name),
            ));
        }
        if u.role == "admin" {
            return Err(AppError::invalid(
                "assignee_id",
                format!("{} is an admin; tickets go to agents", u.name),
            ));
        }
        if !u.active.0 {
            return Err(AppError::invalid(
                "assignee_id",
                format!("{} is deactivated", u.name),
            ));
        }
        Ok(u)
    }

    /// Reassigns to another agent. The assignee hands over within the ticket's level (moving up is
    /// an escalation); an admin may assign anyone, and the ticket takes that agent's level. An
    /// agent may also take an unassigned ticket of their own level from the queue.
    pub async fn assign(&self, actor: &Actor, number: i64, assignee_id: i64) -> AppResult<Ticket> {
        let mut tx = self.db.begin().await?;
        let mut row = self.visible_row(&mut tx, actor, number).await?;
        let taking = assignee_id == actor.id
            && row.assignee_id.is_none()
            && actor.role == Role::Agent
            && actor.level.map(|l| i64::from(l.get())) == Some(row.level);
        if !taking {
            Self::require_handler(actor, &row, "reassign the ticket")?;
        }
        let agent = self.active_agent(&mut tx, assignee_id).await?;
        let agent_level = agent.level.unwrap_or(1);
        if !actor.is_admin() && agent_level != row.level {
            return Err(AppError::invalid(
                "assignee_id",
                format!(
                    "{} works at level {agent_level} and the ticket is at level {}; escalate to move it up a level",
                    agent.name, row.level
                ),
            ));
        }
        if row.assignee_id == Some(agent.id) {
            return Err(AppError::Conflict(format!(
                "the ticket is already assigned to {}",
                agent.name
            )));
        }
        let now = self.now();
        let from = row.assignee_id;
        row.assignee_id = Some(agent.id);
        row.level = agent_level;
        row.updated_at = now;
        repo::tickets::save(&mut tx, &row).await?;
        self.append_event(
            &mut tx,
            Some(row.id),
            Some(actor.id),
            EventKind::Assigned,
            true,
            json!({"assignee_id": agent.id, "from": from, "level": agent_level, "rule": if taking { "taken" } else { "manual" }}),
        )
        .await?;
        if agent.id != actor.id {
            let data = json!({"number": row.number, "title": row.title, "by": actor.name});
            self.notify(
                &mut tx,
                agent.id,
                Some(row.id),
                None,
                NotificationKind::AssignedToYou,
                data,
            )
            .await?;
        }
        tx.commit().await?;
        let ticket = self.committed(row.id).await?;
        Ok(ticket)
    }

    /// Escalates to a higher level: to a named agent of that level or by the level's rule. The
    /// reason is kept as an internal note.
    pub async fn escalate(
        &self,
        actor: &Actor,
        number: i64,
        level: i64,
        assignee_id: Option<i64>,
        reason: &str,
    ) -> AppResult<Ticket> {
        let reason = validate::body("reason", reason, true)?;
        let to_level = Level::new(level)
            .ok_or_else(|| AppError::invalid("level", "the level must be 1, 2 or 3"))?;
        let mut tx = self.db.begin().await?;
        let mut row = self.visible_row(&mut tx, actor, number).await?;
        Self::require_handler(actor, &row, "escalate the ticket")?;
        if level <= row.level {
            return Err(AppError::invalid(
                "level",
                format!(
                    "escalation goes to a higher level; the ticket is already at level {}",
                    row.level
                ),
            ));
        }
        if row.status == Status::Resolved.as_str() {
            return Err(AppError::Conflict(
                "a resolved ticket cannot be escalated; reopen it first".into(),
            ));
        }
        let (assignee, routing) = match assignee_id {
            Some(id) => {
                let agent = self.active_agent(&mut tx, id).await?;
                if agent.level != Some(level) {
                    return Err(AppError::invalid(
                        "assignee_id",
                        format!(
                            "{} works at level {}, not level {level}",
                            agent.name,
                            agent.level.unwrap_or(0)
                        ),
                    ));
                }
                (Some(agent.id), json!({"level": level, "rule": "named"}))
            }
            None => self.route(&mut tx, to_level).await?,
        };
        let now = self.now();
        let from_level = row.level;
        let html = markdown::render(&reason);
        let note = repo::comments::insert(
            &mut tx,
            repo::comments::NewComment {
                ticket_id: row.id,
                author_id: Some(actor.id),
                body: &reason,
                body_html: &html,
                internal: true,
                now,
            },
        )
        .await?;
        self.append_event(
            &mut tx,
            Some(row.id),
            Some(actor.id),
            EventKind::Escalated,
            false,
            json!({"from_level": from_level, "to_level": level}),
        )
        .await?;
        self.append_event(
            &mut tx,
            Some(row.id),
            Some(actor.id),
            EventKind::InternalNoteAdded,
            true,
            json!({"comment_id": note, "escalation": true}),
        )
        .await?;
        row.level = level;
        row.assignee_id = assignee;
        row.updated_at = now;
        repo::tickets::save(&mut tx, &row).await?;
        self.record_routing(
            &mut tx,
            row.id,
            row.number,
            Some(actor.id),
            assignee,
            routing,
        )
        .await?;
        if let Some(agent) = assignee.filter(|a| *a != actor.id) {
            let data = json!({"number": row.number, "title": row.title, "by": actor.name});
            self.notify(
                &mut tx,
                agent,
                Some(row.id),
                None,
                NotificationKind::EscalatedToYou,
                data,
            )
            .await?;
        }
        tx.commit().await?;
        let ticket = self.committed(row.id).await?;
        Ok(ticket)
    }

    /// Comments the actor may read: customers never get internal notes.
    pub async fn comments(&self, actor: &Actor, number: i64) -> AppResult<Vec<Comment>> {
        let mut conn = self.db.reader().acquire().await?;
        let row = self.visible_row(&mut conn, actor, number).await?;
        let rows = repo::comments::for_ticket(&mut conn, row.id, actor.is_internal()).await?;
        Ok(rows.into_iter().map(comment_from_row).collect())
    }

    /// Events the actor may read: customers never get internal ones.
    pub async fn events(&self, actor: &Actor, number: i64) -> AppResult<Vec<Event>> {
        let mut conn = self.db.reader().acquire().await?;
        let row = self.visible_row(&mut conn, actor, number).await?;
        let rows = repo::events::for_ticket(&mut conn, row.id, actor.is_internal()).await?;
        Ok(rows.into_iter().map(Event::from).collect())
    }

    /// The ticket page: ticket, and one timeline of events with their comments (two queries).
    pub async fn ticket_page(
        &self,
        actor: &Actor,
        number: i64,
    ) -> AppResult<(Ticket, Vec<TimelineEntry>)> {
        let mut conn = self.db.reader().acquire().await?;
        let row = self.visible_row(&mut conn, actor, number).await?;
        let internal = actor.is_internal();
        let comments = repo::comments::for_ticket(&mut conn, row.id, internal).await?;
        let events = repo::events::for_ticket(&mut conn, row.id, internal).await?;
        drop(conn);
        let mut by_id: std::collections::HashMap<i64, Comment> = comments
            .into_iter()
            .map(|c| (c.id, comment_from_row(c)))
            .collect();
        let timeline = events
            .into_iter()
            .map(Event::from)
            .map(|event| {
                let comment = event
                    .data
                    .get("comment_id")
                    .and_then(|v| v.as_i64())
                    .and_then(|id| by_id.remove(&id));
                TimelineEntry { event, comment }
            })
            .collect();
        let ticket = self.ticket_from_row(row, self.settings().await.reopen_window, true)?;
        Ok((ticket, timeline))
    }
}

fn comment_from_row(c: repo::comments::CommentRow) -> Comment {
    Comment {
        id: c.id,
        author: match (c.author_id, c.author_name) {
            (Some(id), Some(name)) => Some(Person {
                id,
                name,
                email: String::new(),
                level: None,
            }),
            _ => None,
        },
        author_role: c.author_role.and_then(|r| r.parse().ok()),
        body: c.body,
        body_html: c.body_html,
        internal: c.internal.0,
        created_at: c.created_at,
    }
}

fn format_cursor(r: &TicketRow, order: repo::tickets::Order) -> String {
    match order {
        repo::tickets::Order::Priority => format!("{}.{}", r.priority, r.id),
        repo::tickets::Order::Newest => r.id.to_string(),
    }
}

fn parse_cursor(c: &str, order: repo::tickets::Order) -> AppResult<repo::tickets::Cursor> {
    let bad = || AppError::invalid("cursor", "not a cursor from this list");
    match order {
        repo::tickets::Order::Priority => {
            let (p, id) = c.split_once('.').ok_or_else(bad)?;
            Ok(repo::tickets::Cursor {
                priority: p.parse().map_err(|_| bad())?,
                id: id.parse().map_err(|_| bad())?,
            })
        }
        repo::tickets::Order::Newest => Ok(repo::tickets::Cursor {
            priority: 0,
            id: c.parse().map_err(|_| bad())?,
        }),
    }
}

/// The event that records a routing decision: `assigned` (with the agent) or `queued`.
fn routing_event(
    assignee: Option<i64>,
    reason: &serde_json::Value,
) -> (EventKind, serde_json::Value) {
    let mut data = reason.clone();
    match assignee {
        Some(agent) => {
            data["assignee_id"] = json!(agent);
            (EventKind::Assigned, data)
        }
        None => (EventKind::Queued, data),
    }
}

/// Whether routing found no active agent at all (as opposed to a level in queue mode).
fn unstaffed(reason: &serde_json::Value) -> bool {
    reason["rule"] == "no_agent_available"
}
