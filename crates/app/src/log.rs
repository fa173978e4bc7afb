//! The event log (append-only), the admin audit view and in-app notifications.

use skranke_domain::EventKind;
use skranke_store::Tx;
use skranke_store::repo::{self, events::EventRow, notifications::NotificationRow};

use crate::{Actor, App, AppError, AppResult, Page};

/// One entry of the log as the service layer hands it out.
#[derive(Debug, Clone)]
pub struct Event {
    pub id: i64,
    pub ticket_number: Option<i64>,
    pub actor_id: Option<i64>,
    pub actor_name: Option<String>,
    pub kind: String,
    pub internal: bool,
    pub data: serde_json::Value,
    pub created_at: i64,
}

impl From<EventRow> for Event {
    fn from(r: EventRow) -> Self {
        Event {
            id: r.id,
            ticket_number: r.ticket_number,
            actor_id: r.actor_id,
            actor_name: r.actor_name,
            kind: r.kind,
            internal: r.internal.0,
            data: serde_json::from_str(&r.data).unwrap_or(serde_json::Value::Null),
            created_at: r.created_at,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    pub actor_id: Option<i64>,
    pub ticket_number: Option<i64>,
    pub kind: Option<String>,
    pub from: Option<i64>,
    pub until: Option<i64>,
    pub cursor: Option<String>,
    pub limit: Option<i64>,
}

/// Why someone is notified. Stored as a key with arguments so each reader gets their language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotificationKind {
    /// To admins: a ticket waits unassigned because its level has no active agent.
    Unassigned,
    /// To the requester: support waits on them.
    WaitingOnYou,
    /// To the requester.
    Resolved,
    /// To an agent.
    AssignedToYou,
    /// To an agent.
    EscalatedToYou,
}

impl NotificationKind {
    pub fn as_str(self) -> &'static str {
        match self {
            NotificationKind::Unassigned => "unassigned",
            NotificationKind::WaitingOnYou => "waiting_on_you",
            NotificationKind::Resolved => "resolved",
            NotificationKind::AssignedToYou => "assigned_to_you",
            NotificationKind::EscalatedToYou => "escalated_to_you",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Notification {
    pub id: i64,
    pub ticket_number: Option<i64>,
    /// What happened, as a message key the reader's language renders (see `NotificationKind`).
    pub kind: String,
    pub data: serde_json::Value,
    pub read: bool,
    pub created_at: i64,
}

impl From<NotificationRow> for Notification {
    fn from(r: NotificationRow) -> Self {
        Notification {
            id: r.id,
            ticket_number: r.ticket_number,
            data: serde_json::from_str(&r.data).unwrap_or(serde_json::Value::Null),
            kind: r.kind,
            read: r.read_at.is_some(),
            created_at: r.created_at,
        }
    }
}

impl App {
    /// Appends an event inside the caller's transaction, so a change and its record commit together.
    pub(crate) async fn append_event(
        &self,
        tx: &mut Tx,
        ticket_id: Option<i64>,
        actor_id: Option<i64>,
        kind: EventKind,
        internal: bool,
        data: serde_json::Value,
    ) -> AppResult<i64> {
        let id = repo::events::insert(
            tx,
            repo::events::NewEvent {
                ticket_id,
                actor_id,
                kind: kind.as_str(),
                internal,
                data: &data,
                now: self.now(),
            },
        )
        .await?;
        self.fan_out_webhooks(tx, id, kind.as_str()).await?;
        Ok(id)
    }

    /// An event with no ticket, in its own transaction.
    pub(crate) async fn log_global(
        &self,
        actor_id: Option<i64>,
        kind: EventKind,
        data: serde_json::Value,
    ) -> AppResult<()> {
        let mut tx = self.db.begin().await?;
        self.append_event(&mut tx, None, actor_id, kind, true, data)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Admins' global, filterable view of the log, newest first.
    pub async fn audit(&self, actor: &Actor, q: &AuditQuery) -> AppResult<Page<Event>> {
        if !actor.is_admin() {
            return Err(AppError::Forbidden(
                "only admins can read the audit log".into(),
            ));
        }
        let limit = repo::page_limit(q.limit);
        let before_id = match &q.cursor {
            Some(c) => Some(
                c.parse::<i64>()
                    .map_err(|_| AppError::invalid("cursor", "not a cursor from this list"))?,
            ),
            None => None,
        };
        let mut conn = self.db.reader().acquire().await?;
        let ticket_id = match q.ticket_number {
            Some(n) => match repo::tickets::by_number(&mut conn, n).await? {
                Some(t) => Some(t.id),
                None => {
                    return Ok(Page {
                        items: vec![],
                        next_cursor: None,
                    });
                }
            },
            None => None,
        };
        let rows = repo::events::audit(
            &mut conn,
            &repo::events::AuditFilter {
                actor_id: q.actor_id,
                ticket_id,
                kind: q.kind.clone(),
                from: q.from,
                until: q.until,
                before_id,
                limit,
            },
        )
        .await?;
        Ok(Page::from_rows(
            rows,
            limit,
            |r| r.id.to_string(),
            Event::from,
        ))
    }

    pub async fn event_kinds(&self) -> AppResult<Vec<String>> {
        let mut conn = self.db.reader().acquire().await?;
        Ok(repo::events::distinct_kinds(&mut conn).await?)
    }

    pub(crate) async fn notify(
        &self,
        tx: &mut Tx,
        user_id: i64,
        ticket_id: Option<i64>,
        event_id: Option<i64>,
        kind: NotificationKind,
        data: serde_json::Value,
    ) -> AppResult<()> {
        repo::notifications::insert(
            tx,
            user_id,
            ticket_id,
            event_id,
            kind.as_str(),
            &data,
            self.now(),
        )
        .await?;
        Ok(())
    }

    pub async fn notifications(
        &self,
        actor: &Actor,
        cursor: Option<&str>,
        limit: Option<i64>,
    ) -> AppResult<Page<Notification>> {
        let limit = repo::page_limit(limit);
        let before = match cursor {
            Some(c) => Some(
                c.parse::<i64>()
                    .map_err(|_| AppError::invalid("cursor", "not a cursor from this list"))?,
            ),
            None => None,
        };
        let mut conn = self.db.reader().acquire().await?;
        let rows = repo::notifications::for_user(&mut conn, actor.id, before, limit).await?;
        Ok(Page::from_rows(
            rows,
            limit,
            |r| r.id.to_string(),
            Notification::from,
        ))
    }

    pub async fn mark_notifications_read(&self, actor: &Actor) -> AppResult<u64> {
        let mut conn = self.db.writer().acquire().await?;
        Ok(repo::notifications::mark_all_read(&mut conn, actor.id, self.now()).await?)
    }
}
