//! The JSON shapes of the API. Times are RFC 3339 UTC; enum values are lowercase.

use serde::Serialize;
use skranke_app::Actor;
use skranke_app::documents::{
    Attachment, Author, Designations, Document, DocumentDiff, DocumentSummary, Revision,
};
use skranke_app::log::{Event, Notification};
use skranke_app::services::Service;
use skranke_app::tickets::{Comment, CommentOutcome, Person, Ticket};
use skranke_app::users::User;
use skranke_domain::diff::DiffLine;
use skranke_domain::document::{Designation, Visibility};
use skranke_domain::{Impact, Level, Priority, Role, Status, TicketType, Urgency};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use utoipa::ToSchema;

use super::schema;

pub fn rfc3339(ms: i64) -> String {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_default()
}

pub fn parse_rfc3339(s: &str) -> Option<i64> {
    OffsetDateTime::parse(s, &Rfc3339)
        .ok()
        .map(|t| (t.unix_timestamp_nanos() / 1_000_000) as i64)
}

/// One page of a list. Its schemas are `schema::TicketList` and the like.
#[derive(Serialize)]
pub struct ListDto<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
}

/// A person on a ticket. `level` is there for agents only (never for the requester).
#[derive(Serialize, ToSchema)]
#[schema(as = Person)]
pub struct PersonDto {
    pub id: i64,
    pub name: String,
    pub email: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = schema::Level, required = false)]
    pub level: Option<Level>,
}

impl From<&Person> for PersonDto {
    fn from(p: &Person) -> Self {
        PersonDto {
            id: p.id,
            name: p.name.clone(),
            email: p.email.clone(),
            level: p.level,
        }
    }
}

/// A ticket, as its requester, agents and admins see it.
#[derive(Serialize, ToSchema)]
#[schema(as = Ticket)]
pub struct TicketDto {
    pub number: i64,
    pub title: String,
    pub description: String,
    #[serde(rename = "type")]
    #[schema(value_type = schema::TicketType)]
    pub ticket_type: TicketType,
    #[schema(value_type = schema::Status)]
    pub status: Status,
    #[schema(value_type = schema::Priority)]
    pub priority: Priority,
    #[schema(value_type = schema::Impact)]
    pub impact: Impact,
    #[schema(value_type = schema::Urgency)]
    pub urgency: Urgency,
    /// The support level working the ticket.
    #[schema(value_type = schema::Level)]
    pub level: Level,
    /// `null` while the ticket waits in a level's queue.
    #[schema(required = true)]
    pub assignee: Option<PersonDto>,
    pub requester: PersonDto,
    #[schema(required = true)]
    pub service_id: Option<i64>,
    /// The named service's name, for display.
    #[schema(required = true)]
    pub service_name: Option<String>,
    /// The resolved ticket this one follows up.
    #[schema(required = true)]
    pub follow_up_of: Option<i64>,
    #[schema(format = DateTime)]
    pub created_at: String,
    #[schema(format = DateTime)]
    pub updated_at: String,
    #[schema(required = true, format = DateTime)]
    pub first_response_at: Option<String>,
    #[schema(required = true, format = DateTime)]
    pub resolved_at: Option<String>,
    /// Until when a comment from the requester reopens the resolved ticket.
    #[schema(required = true, format = DateTime)]
    pub reopen_until: Option<String>,
}

impl From<&Ticket> for TicketDto {
    fn from(t: &Ticket) -> Self {
        let mut requester = PersonDto::from(&t.requester);
        requester.level = None;
        TicketDto {
            number: t.number,
            title: t.title.clone(),
            description: t.description.clone(),
            ticket_type: t.ticket_type,
            status: t.status,
            priority: t.priority,
            impact: t.impact,
            urgency: t.urgency,
            level: t.level,
            assignee: t.assignee.as_ref().map(PersonDto::from),
            requester,
            service_id: t.service_id,
            service_name: t.service_name.clone(),
            follow_up_of: t.follow_up_of,
            created_at: rfc3339(t.created_at),
            updated_at: rfc3339(t.updated_at),
            first_response_at: t.first_response_at.map(rfc3339),
            resolved_at: t.resolved_at.map(rfc3339),
            reopen_until: t.reopen_until.map(rfc3339),
        }
    }
}

/// Who wrote a comment.
#[derive(Serialize, ToSchema)]
#[schema(as = Author)]
pub struct AuthorDto {
    pub id: i64,
    pub name: String,
    #[schema(value_type = Option<schema::Role>, required = true)]
    pub role: Option<Role>,
}

/// A comment, or an internal note (`internal`: agents and admins only).
#[derive(Serialize, ToSchema)]
#[schema(as = Comment)]
pub struct CommentDto {
    pub id: i64,
    /// `null` for a comment by the system.
    #[schema(required = true)]
    pub author: Option<AuthorDto>,
    /// Markdown, as written.
    pub body: String,
    /// Rendered and sanitised.
    pub body_html: String,
    pub internal: bool,
    #[schema(format = DateTime)]
    pub created_at: String,
}

impl From<&Comment> for CommentDto {
    fn from(c: &Comment) -> Self {
        CommentDto {
            id: c.id,
            author: c.author.as_ref().map(|a| AuthorDto {
                id: a.id,
                name: a.name.clone(),
                role: c.author_role,
            }),
            body: c.body.clone(),
            body_html: c.body_html.clone(),
            internal: c.internal,
            created_at: rfc3339(c.created_at),
        }
    }
}

/// The answer to a new comment: the comment, and the ticket it landed on. On a ticket closed past
/// its reopen window a customer's comment starts a follow-up ticket instead: then `ticket` is the
/// new ticket, `follow_up_of` the old number, and the text is the new ticket's description.
#[derive(Serialize, ToSchema)]
#[schema(as = CommentCreated)]
pub struct CommentCreatedDto {
    /// `null` when the text started a follow-up ticket instead.
    #[schema(required = true)]
    pub id: Option<i64>,
    #[schema(required = true)]
    pub author: Option<AuthorDto>,
    pub body: String,
    pub body_html: String,
    pub internal: bool,
    #[schema(format = DateTime)]
    pub created_at: String,
    pub ticket: TicketDto,
    #[schema(required = true)]
    pub follow_up_of: Option<i64>,
}

impl From<&CommentOutcome> for CommentCreatedDto {
    fn from(o: &CommentOutcome) -> Self {
        let c = CommentDto::from(&o.comment);
        CommentCreatedDto {
            id: o.follow_up_of.is_none().then_some(c.id),
            author: c.author,
            body: c.body,
            body_html: c.body_html,
            internal: c.internal,
            created_at: c.created_at,
            ticket: TicketDto::from(&o.ticket),
            follow_up_of: o.follow_up_of,
        }
    }
}

/// A person named as the one who did something.
#[derive(Serialize, ToSchema)]
#[schema(as = ActorRef)]
pub struct ActorRefDto {
    pub id: i64,
    pub name: String,
}

/// Something that happened, in a ticket's history or the audit log.
#[derive(Serialize, ToSchema)]
#[schema(as = Event)]
pub struct EventDto {
    pub id: i64,
    /// What happened, e.g. `ticket_created`, `status_changed`, `assigned`, `escalated`.
    pub kind: String,
    #[schema(required = true)]
    pub ticket_number: Option<i64>,
    /// `null` for the system (automatic assignment, auto-close).
    #[schema(required = true)]
    pub actor: Option<ActorRefDto>,
    /// Seen by agents and admins only.
    pub internal: bool,
    /// The details of the event; their keys depend on `kind`.
    pub data: serde_json::Value,
    #[schema(format = DateTime)]
    pub created_at: String,
}

impl From<&Event> for EventDto {
    fn from(e: &Event) -> Self {
        EventDto {
            id: e.id,
            kind: e.kind.clone(),
            ticket_number: e.ticket_number,
            actor: match (e.actor_id, &e.actor_name) {
                (Some(id), Some(name)) => Some(ActorRefDto {
                    id,
                    name: name.clone(),
                }),
                _ => None,
            },
            internal: e.internal,
            data: e.data.clone(),
            created_at: rfc3339(e.created_at),
        }
    }
}

/// A user account. `level` is set for agents only.
#[derive(Serialize, ToSchema)]
#[schema(as = User)]
pub struct UserDto {
    pub id: i64,
    pub email: String,
    pub name: String,
    #[schema(value_type = schema::Role)]
    pub role: Role,
    #[schema(value_type = Option<schema::Level>, required = true)]
    pub level: Option<Level>,
    pub active: bool,
    /// The user's language (`en`, `da`); `null` follows the browser.
    #[schema(required = true)]
    pub locale: Option<String>,
    #[schema(format = DateTime)]
    pub created_at: String,
}

impl From<&User> for UserDto {
    fn from(u: &User) -> Self {
        UserDto {
            id: u.id,
            email: u.email.clone(),
            name: u.name.clone(),
            role: u.role,
            level: u.level,
            active: u.active,
            locale: u.locale.clone(),
            created_at: rfc3339(u.created_at),
        }
    }
}

/// The caller.
#[derive(Serialize, ToSchema)]
#[schema(as = Me)]
pub struct MeDto {
    pub id: i64,
    pub email: String,
    pub name: String,
    #[schema(value_type = schema::Role)]
    pub role: Role,
    #[schema(value_type = Option<schema::Level>, required = true)]
    pub level: Option<Level>,
    #[schema(required = true)]
    pub locale: Option<String>,
}

impl From<&Actor> for MeDto {
    fn from(a: &Actor) -> Self {
        MeDto {
            id: a.id,
            email: a.email.clone(),
            name: a.name.clone(),
            role: a.role,
            level: a.level,
            locale: a.locale.clone(),
        }
    }
}

/// An in-app notification for the caller.
#[derive(Serialize, ToSchema)]
#[schema(as = Notification)]
pub struct NotificationDto {
    pub id: i64,
    #[schema(required = true)]
    pub ticket_number: Option<i64>,
    /// What happened: unassigned, waiting_on_you, resolved, assigned_to_you, escalated_to_you.
    pub kind: String,
    pub data: serde_json::Value,
    /// The text in the caller's language (their profile setting, else English).
    pub message: String,
    pub read: bool,
    #[schema(format = DateTime)]
    pub created_at: String,
}

impl NotificationDto {
    pub fn new(n: &Notification, tr: crate::i18n::Tr) -> Self {
        NotificationDto {
            id: n.id,
            ticket_number: n.ticket_number,
            kind: n.kind.clone(),
            data: n.data.clone(),
            message: crate::i18n::notification_text(tr, &n.kind, &n.data),
            read: n.read,
            created_at: rfc3339(n.created_at),
        }
    }
}

impl From<&Author> for ActorRefDto {
    fn from(a: &Author) -> Self {
        ActorRefDto {
            id: a.id,
            name: a.name.clone(),
        }
    }
}

/// A knowledge-base document. `revision` is what a `PUT` must send back as `base_revision`.
#[derive(Serialize, ToSchema)]
#[schema(as = Document)]
pub struct DocumentDto {
    pub id: i64,
    pub title: String,
    /// Markdown, as written.
    pub body: String,
    /// Rendered and sanitised; a `{{services}}` line is the live service catalog table.
    pub body_html: String,
    #[schema(value_type = schema::Visibility)]
    pub visibility: Visibility,
    pub revision: i64,
    /// `sla` and/or `service_catalog` when the document is designated.
    #[schema(value_type = Vec<schema::Designation>)]
    pub designations: Vec<Designation>,
    pub created_by: ActorRefDto,
    #[schema(format = DateTime)]
    pub created_at: String,
    pub updated_by: ActorRefDto,
    #[schema(format = DateTime)]
    pub updated_at: String,
}

impl From<&Document> for DocumentDto {
    fn from(d: &Document) -> Self {
        DocumentDto {
            id: d.id,
            title: d.title.clone(),
            body: d.body.clone(),
            body_html: d.body_html.clone(),
            visibility: d.visibility,
            revision: d.revision,
            designations: d.designations.clone(),
            created_by: ActorRefDto::from(&d.created_by),
            created_at: rfc3339(d.created_at),
            updated_by: ActorRefDto::from(&d.updated_by),
            updated_at: rfc3339(d.updated_at),
        }
    }
}

/// A document in a list or search result: a plain-text excerpt instead of the body.
#[derive(Serialize, ToSchema)]
#[schema(as = DocumentSummary)]
pub struct DocumentSummaryDto {
    pub id: i64,
    pub title: String,
    pub excerpt: String,
    #[schema(value_type = schema::Visibility)]
    pub visibility: Visibility,
    pub revision: i64,
    #[schema(value_type = Vec<schema::Designation>)]
    pub designations: Vec<Designation>,
    pub updated_by: ActorRefDto,
    #[schema(format = DateTime)]
    pub updated_at: String,
}

impl From<&DocumentSummary> for DocumentSummaryDto {
    fn from(d: &DocumentSummary) -> Self {
        DocumentSummaryDto {
            id: d.id,
            title: d.title.clone(),
            excerpt: d.excerpt.clone(),
            visibility: d.visibility,
            revision: d.revision,
            designations: d.designations.clone(),
            updated_by: ActorRefDto::from(&d.updated_by),
            updated_at: rfc3339(d.updated_at),
        }
    }
}

/// One saved version; `body` and `body_html` only when a single revision is asked for.
#[derive(Serialize, ToSchema)]
#[schema(as = Revision)]
pub struct RevisionDto {
    pub revision: i64,
    pub title: String,
    #[schema(value_type = schema::Visibility)]
    pub visibility: Visibility,
    pub author: ActorRefDto,
    /// The earlier revision this one restored.
    #[schema(required = true)]
    pub restored_from: Option<i64>,
    #[schema(format = DateTime)]
    pub created_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = String)]
    pub body: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = String)]
    pub body_html: Option<String>,
}

impl RevisionDto {
    pub fn summary(r: &Revision) -> Self {
        RevisionDto {
            revision: r.revision,
            title: r.title.clone(),
            visibility: r.visibility,
            author: ActorRefDto::from(&r.author),
            restored_from: r.restored_from,
            created_at: rfc3339(r.created_at),
            body: None,
            body_html: None,
        }
    }

    pub fn full(r: &Revision) -> Self {
        RevisionDto {
            body: Some(r.body.clone()),
            body_html: Some(r.body_html.clone()),
            ..RevisionDto::summary(r)
        }
    }
}

/// Two revisions compared line by line: `op` is `same`, `added` or `removed`.
#[derive(Serialize, ToSchema)]
#[schema(as = Diff)]
pub struct DiffDto {
    pub document_id: i64,
    pub from: RevisionDto,
    pub to: RevisionDto,
    #[schema(value_type = Vec<schema::DiffLineSchema>)]
    pub lines: Vec<DiffLine>,
}

impl From<&DocumentDiff> for DiffDto {
    fn from(d: &DocumentDiff) -> Self {
        DiffDto {
            document_id: d.document_id,
            from: RevisionDto::summary(&d.from),
            to: RevisionDto::summary(&d.to),
            lines: d.lines.clone(),
        }
    }
}

#[derive(Serialize, ToSchema)]
#[schema(as = DocumentRef)]
pub struct DocumentRefDto {
    pub id: i64,
    pub title: String,
}

/// Which documents are designated as the SLA and the service catalog (`null`: none yet).
#[derive(Serialize, ToSchema)]
#[schema(as = Designations)]
pub struct DesignationsDto {
    #[schema(required = true)]
    pub sla: Option<DocumentRefDto>,
    #[schema(required = true)]
    pub service_catalog: Option<DocumentRefDto>,
}

impl From<&Designations> for DesignationsDto {
    fn from(d: &Designations) -> Self {
        let r = |v: &Option<(i64, String)>| {
            v.as_ref().map(|(id, title)| DocumentRefDto {
                id: *id,
                title: title.clone(),
            })
        };
        DesignationsDto {
            sla: r(&d.sla),
            service_catalog: r(&d.service_catalog),
        }
    }
}

/// An uploaded image; paste `markdown` into the document to show it.
#[derive(Serialize, ToSchema)]
#[schema(as = Attachment)]
pub struct AttachmentDto {
    pub id: i64,
    pub document_id: i64,
    pub filename: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    /// Where the image is served: `/attachments/{id}`.
    pub url: String,
    pub markdown: String,
    #[schema(format = DateTime)]
    pub created_at: String,
}

impl From<&Attachment> for AttachmentDto {
    fn from(a: &Attachment) -> Self {
        AttachmentDto {
            id: a.id,
            document_id: a.document_id,
            filename: a.filename.clone(),
            content_type: a.content_type.clone(),
            size: a.size,
            sha256: a.sha256.clone(),
            url: a.url(),
            markdown: a.markdown(),
            created_at: rfc3339(a.created_at),
        }
    }
}

/// An entry of the structured service catalog; a ticket raised for it takes its defaults.
#[derive(Serialize, ToSchema)]
#[schema(as = Service)]
pub struct ServiceDto {
    pub id: i64,
    pub name: String,
    pub description: String,
    #[serde(rename = "type")]
    #[schema(value_type = schema::TicketType)]
    pub ticket_type: TicketType,
    #[schema(value_type = schema::Impact)]
    pub default_impact: Impact,
    #[schema(value_type = schema::Urgency)]
    pub default_urgency: Urgency,
    /// Whether the desk supports it; if not, `not_covered_reason` says why.
    pub covered: bool,
    #[schema(required = true)]
    pub not_covered_reason: Option<String>,
    pub active: bool,
    #[schema(format = DateTime)]
    pub created_at: String,
    #[schema(format = DateTime)]
    pub updated_at: String,
}

impl From<&Service> for ServiceDto {
    fn from(s: &Service) -> Self {
        ServiceDto {
            id: s.id,
            name: s.name.clone(),
            description: s.description.clone(),
            ticket_type: s.ticket_type,
            default_impact: s.default_impact,
            default_urgency: s.default_urgency,
            covered: s.covered,
            not_covered_reason: s.not_covered_reason.clone(),
            active: s.active,
            created_at: rfc3339(s.created_at),
            updated_at: rfc3339(s.updated_at),
        }
    }
}
