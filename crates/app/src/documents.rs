//! The knowledge base (SPEC §4, issue 3): documents with revisions, diffs and restore, the SLA and
//! Service catalog designations, search, and the images uploaded into documents.
//!
//! Who reads what, by every path (page, API, search, image URL): agents and admins read every
//! document; everyone else reads public documents and the two designated ones, and gets "not
//! found" for any other, exactly as for a document that does not exist. Only agents and admins
//! write.

use std::path::PathBuf;

use serde_json::json;
use sha2::{Digest, Sha256};
use skranke_domain::diff::{DiffLine, line_diff};
use skranke_domain::document::{self, Designation, IMAGE_MAX_BYTES, SERVICES_MARKER, Visibility};
use skranke_domain::text::{self, Query};
use skranke_domain::{EventKind, validate};
use skranke_store::Tx;
use skranke_store::repo::{
    self,
    attachments::AttachmentRow,
    documents::{DocumentListRow, DocumentRow, RevisionRow},
};

use crate::services::services_table;
use crate::{Actor, App, AppError, AppResult, Page, markdown};

/// Who wrote or changed something.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Author {
    pub id: i64,
    pub name: String,
}

#[derive(Debug, Clone)]
pub struct Document {
    pub id: i64,
    pub title: String,
    pub body: String,
    /// Rendered and sanitised, with `{{services}}` replaced by the live catalog.
    pub body_html: String,
    pub visibility: Visibility,
    /// The current revision: what an edit must name as its `base_revision`.
    pub revision: i64,
    pub designations: Vec<Designation>,
    pub created_by: Author,
    pub created_at: i64,
    pub updated_by: Author,
    pub updated_at: i64,
}

/// A document in a list or a search result: the start of its text instead of all of it.
#[derive(Debug, Clone)]
pub struct DocumentSummary {
    pub id: i64,
    pub title: String,
    /// Plain text, at most about 200 characters.
    pub excerpt: String,
    pub visibility: Visibility,
    pub revision: i64,
    pub designations: Vec<Designation>,
    pub updated_by: Author,
    pub updated_at: i64,
}

/// One saved version of a document. Lists leave `body` and `body_html` empty.
#[derive(Debug, Clone)]
pub struct Revision {
    pub document_id: i64,
    pub revision: i64,
    pub title: String,
    pub body: String,
    pub body_html: String,
    pub visibility: Visibility,
    pub author: Author,
    /// Set when this revision restored an earlier one.
    pub restored_from: Option<i64>,
    pub created_at: i64,
}

/// Two revisions compared line by line.
#[derive(Debug, Clone)]
pub struct DocumentDiff {
    pub document_id: i64,
    pub from: Revision,
    pub to: Revision,
    pub lines: Vec<DiffLine>,
}

#[derive(Debug, Clone)]
pub struct NewDocument {
    pub title: String,
    pub body: String,
    /// Internal when not given.
    pub visibility: Option<Visibility>,
}

#[derive(Debug, Clone)]
pub struct DocumentEdit {
    pub title: String,
    pub body: String,
    /// `None` keeps the current visibility.
    pub visibility: Option<Visibility>,
    /// The revision the editor started from; if someone saved since, the edit is refused
    /// (`Conflict`) and nothing is overwritten.
    pub base_revision: i64,
}

#[derive(Debug, Clone, Default)]
pub struct DocumentQuery {
    /// Words to search for (stemmed in Danish and English); `None` or blank lists newest first.
    pub q: Option<String>,
    pub cursor: Option<String>,
    pub limit: Option<i64>,
}

/// The designated documents: id and title of each, `None` when none is designated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Designations {
    pub sla: Option<(i64, String)>,
    pub service_catalog: Option<(i64, String)>,
}

/// A change to the designations: `None` keeps, `Some(None)` clears, `Some(Some(id))` designates.
#[derive(Debug, Clone, Default)]
pub struct DesignationChanges {
    pub sla: Option<Option<i64>>,
    pub service_catalog: Option<Option<i64>>,
}

/// An uploaded image and how to embed it.
#[derive(Debug, Clone)]
pub struct Attachment {
    pub id: i64,
    pub document_id: i64,
    pub filename: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub uploaded_by: i64,
    pub created_at: i64,
}

impl Attachment {
    /// Where the file is served; the Markdown sanitiser allows images only from here.
    pub fn url(&self) -> String {
        format!("/attachments/{}", self.id)
    }

    /// What to paste into a document to show the image.
    pub fn markdown(&self) -> String {
        let alt: String = self
            .filename
            .chars()
            .filter(|c| !matches!(c, '[' | ']' | '\\'))
            .collect();
        format!("![{alt}]({})", self.url())
    }
}

/// An attachment's bytes, after the permission check.
#[derive(Debug, Clone)]
pub struct AttachmentFile {
    pub attachment: Attachment,
    pub bytes: Vec<u8>,
}

fn corrupt(what: impl std::fmt::Display) -> AppError {
    AppError::Internal(format!("stored document is corrupt: {what}").into())
}

fn designation_name(d: Designation) -> &'static str {
    match d {
        Designation::Sla => "SLA",
        Designation::ServiceCatalog => "Service catalog",
    }
}

/// Plain text from the start of a Markdown body for lists: headings (usually the title again) and
/// the services marker left out, markup characters dropped, white space collapsed, cut at a word
/// near 200 characters.
pub fn excerpt(markdown: &str) -> String {
    const MAX: usize = 200;
    let text: String = markdown
        .lines()
        .filter(|l| l.trim() != SERVICES_MARKER && !l.trim_start().starts_with('#'))
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .filter(|c| !matches!(c, '#' | '*' | '_' | '`' | '>' | '|' | '[' | ']' | '!' | '~'))
        .collect();
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut out = String::new();
    for w in words {
        if out.chars().count() + w.chars().count() + 1 > MAX {
            out.push('…');
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// The designations a document holds, from the (at most two) designation rows.
fn held(rows: &[(String, i64)], id: i64) -> Vec<Designation> {
    rows.iter()
        .filter(|(_, d)| *d == id)
        .filter_map(|(k, _)| k.parse().ok())
        .collect()
}

fn revision_from_row(r: RevisionRow, with_body: bool) -> AppResult<Revision> {
    Ok(Revision {
        document_id: r.document_id,
        revision: r.revision,
        body_html: if with_body {
            markdown::render(&r.body)
        } else {
            String::new()
        },
        body: if with_body { r.body } else { String::new() },
        title: r.title,
        visibility: r.visibility.parse().map_err(corrupt)?,
        author: Author {
            id: r.author_id,
            name: r.author_name,
        },
        restored_from: r.restored_from,
        created_at: r.created_at,
    })
}

fn attachment_from_row(r: AttachmentRow) -> Attachment {
    Attachment {
        id: r.id,
        document_id: r.owner_id,
        filename: r.filename,
        content_type: r.content_type,
        size: r.size,
        sha256: r.sha256,
        uploaded_by: r.uploaded_by,
        created_at: r.created_at,
    }
}

fn require_writer(actor: &Actor) -> AppResult<()> {
    if actor.is_internal() {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "only support staff can write in the knowledge base".into(),
        ))
    }
}

impl App {
    /// Loads a document the actor may read, with its designations; "not found" otherwise, the
    /// same answer as for a document that does not exist.
    async fn readable_document(
        &self,
        conn: &mut repo::Conn,
        actor: &Actor,
        id: i64,
    ) -> AppResult<(DocumentRow, Vec<Designation>)> {
        let row = repo::documents::by_id(conn, id)
            .await?
            .ok_or(AppError::NotFound("document"))?;
        let designations = held(&repo::documents::designations(conn).await?, id);
        if actor.is_internal() || row.visibility == "public" || !designations.is_empty() {
            Ok((row, designations))
        } else {
            Err(AppError::NotFound("document"))
        }
    }

    /// Markdown to HTML for a document: the `{{services}}` line becomes the live catalog table.
    async fn render_document(&self, body: &str) -> AppResult<String> {
        if !body.lines().any(|l| l.trim() == SERVICES_MARKER) {
            return Ok(markdown::render(body));
        }
        let mut conn = self.db.reader().acquire().await?;
        let rows = repo::services::list(&mut conn, false).await?;
        drop(conn);
        let services = rows
            .into_iter()
            .map(crate::services::service_from_row)
            .collect::<AppResult<Vec<_>>>()?;
        let table = services_table(&services);
        let expanded: Vec<&str> = body
            .lines()
            .map(|l| {
                if l.trim() == SERVICES_MARKER {
                    table.as_str()
                } else {
                    l
                }
            })
            .collect();
        Ok(markdown::render(&expanded.join("\n")))
    }

    async fn document_from_row(
        &self,
        r: DocumentRow,
        designations: Vec<Designation>,
    ) -> AppResult<Document> {
        Ok(Document {
            id: r.id,
            body_html: self.render_document(&r.body).await?,
            title: r.title,
            body: r.body,
            visibility: r.visibility.parse().map_err(corrupt)?,
            revision: r.revision,
            designations,
            created_by: Author {
                id: r.created_by,
                name: r.created_by_name,
            },
            created_at: r.created_at,
            updated_by: Author {
                id: r.updated_by,
                name: r.updated_by_name,
            },
            updated_at: r.updated_at,
        })
    }

    /// Writes the stemmed title and body into the search index, in the caller's transaction.
    async fn index_document(&self, tx: &mut Tx, id: i64, title: &str, body: &str) -> AppResult<()> {
        repo::documents::index(
            tx,
            self.db.backend(),
            id,
            &text::index_text(title),
            &text::index_text(body),
        )
        .await?;
        Ok(())
    }

    /// Reads a document: agents and admins any; customers public and designated ones.
    pub async fn document(&self, actor: &Actor, id: i64) -> AppResult<Document> {
        let mut conn = self.db.reader().acquire().await?;
        let (row, designations) = self.readable_document(&mut conn, actor, id).await?;
        drop(conn);
        self.document_from_row(row, designations).await
    }

    /// The document designated as the SLA or the Service catalog; every logged-in person may read
    /// it. "Not found" when none is designated.
    pub async fn designated_document(
        &self,
        actor: &Actor,
        designation: Designation,
    ) -> AppResult<Document> {
        let mut conn = self.db.reader().acquire().await?;
        let rows = repo::documents::designations(&mut conn).await?;
        let id = rows
            .iter()
            .find(|(k, _)| k == designation.as_str())
            .map(|(_, id)| *id)
            .ok_or(AppError::NotFound("document"))?;
        let (row, designations) = self.readable_document(&mut conn, actor, id).await?;
        drop(conn);
        self.document_from_row(row, designations).await
    }

    /// Lists or searches the documents the actor may read. Without words: newest first, keyset
    /// pages. With words: best match first (title over body), through the database's full-text
    /// index with the permission filter in the same query.
    pub async fn documents(
        &self,
        actor: &Actor,
        q: &DocumentQuery,
    ) -> AppResult<Page<DocumentSummary>> {
        let limit = repo::page_limit(q.limit);
        let cursor = crate::parse_id_cursor(q.cursor.as_deref())?;
        let words = q.q.as_deref().map(str::trim).filter(|s| !s.is_empty());
        let mut conn = self.db.reader().acquire().await?;
        let designations = repo::documents::designations(&mut conn).await?;
        let (rows, next_cursor) = match words {
            None => {
                let rows =
                    repo::documents::list(&mut conn, actor.is_internal(), cursor, limit).await?;
                let page = Page::from_rows(rows, limit, |r| r.id.to_string(), |r| r);
                (page.items, page.next_cursor)
            }
            Some(words) => match Query::parse(words) {
                // Only punctuation: nothing can match.
                None => (Vec::new(), None),
                Some(query) => {
                    let offset = cursor.unwrap_or(0);
                    let mut rows = repo::documents::search(
                        &mut conn,
                        self.db.backend(),
                        &query,
                        actor.is_internal(),
                        offset,
                        limit,
                    )
                    .await?;
                    let more = rows.len() as i64 > limit;
                    rows.truncate(limit as usize);
                    (rows, more.then(|| (offset + limit).to_string()))
                }
            },
        };
        drop(conn);
        let items = rows
            .into_iter()
            .map(|r: DocumentListRow| {
                Ok(DocumentSummary {
                    designations: held(&designations, r.id),
                    id: r.id,
                    excerpt: excerpt(&r.excerpt),
                    title: r.title,
                    visibility: r.visibility.parse().map_err(corrupt)?,
                    revision: r.revision,
                    updated_by: Author {
                        id: r.updated_by,
                        name: r.updated_by_name,
                    },
                    updated_at: r.updated_at,
                })
            })
            .collect::<AppResult<Vec<_>>>()?;
        Ok(Page { items, next_cursor })
    }

    /// Creates a document at revision 1 (agents and admins).
    pub async fn create_document(&self, actor: &Actor, new: NewDocument) -> AppResult<Document> {
        require_writer(actor)?;
        let title = validate::title(&new.title)?;
        let body = document::body(&new.body)?;
        let visibility = new.visibility.unwrap_or(Visibility::Internal);
        let now = self.now();
        let mut tx = self.db.begin().await?;
        let id = repo::documents::insert(
            &mut tx,
            repo::documents::NewDocument {
                title: &title,
                body: &body,
                visibility: visibility.as_str(),
                author_id: actor.id,
                now,
            },
        )
        .await?;
        repo::documents::insert_revision(
            &mut tx,
            repo::documents::NewRevision {
                document_id: id,
                revision: 1,
                title: &title,
                body: &body,
                visibility: visibility.as_str(),
                author_id: actor.id,
                restored_from: None,
                now,
            },
        )
        .await?;
        self.index_document(&mut tx, id, &title, &body).await?;
        self.append_event(
            &mut tx,
            None,
            Some(actor.id),
            EventKind::DocumentCreated,
            true,
            json!({"document_id": id, "title": title, "visibility": visibility}),
        )
        .await?;
        let row = repo::documents::by_id(&mut tx, id)
            .await?
            .ok_or(AppError::NotFound("document"))?;
        tx.commit().await?;
        self.document_from_row(row, Vec::new()).await
    }

    /// Saves a new revision in one transaction: the document, its revision row, the index and
    /// the event. Refused with `Conflict` if the document moved on from `base_revision`.
    #[allow(clippy::too_many_arguments)]
    async fn save_revision(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        current: &DocumentRow,
        base_revision: i64,
        title: &str,
        body: &str,
        visibility: Visibility,
        restored_from: Option<i64>,
    ) -> AppResult<i64> {
        let now = self.now();
        let stale = || {
            AppError::Conflict(format!(
                "this document was changed by {} (now revision {}) after you opened revision {base_revision}; \
                 your text was not saved: keep a copy, reload the document and apply your changes again",
                current.updated_by_name, current.revision
            ))
        };
        if base_revision != current.revision {
            return Err(stale());
        }
        let revision = repo::documents::update_if_current(
            tx,
            repo::documents::DocumentUpdate {
                id: current.id,
                base_revision,
                title,
                body,
                visibility: visibility.as_str(),
                author_id: actor.id,
                now,
            },
        )
        .await?
        .ok_or_else(stale)?;
        repo::documents::insert_revision(
            tx,
            repo::documents::NewRevision {
                document_id: current.id,
                revision,
                title,
                body,
                visibility: visibility.as_str(),
                author_id: actor.id,
                restored_from,
                now,
            },
        )
        .await?;
        self.index_document(tx, current.id, title, body).await?;
        let (kind, mut data) = match restored_from {
            Some(from) => (
                EventKind::DocumentRestored,
                json!({"document_id": current.id, "revision": revision, "restored_from": from}),
            ),
            None => (
                EventKind::DocumentEdited,
                json!({"document_id": current.id, "revision": revision}),
            ),
        };
        data["title"] = json!(title);
        if visibility.as_str() != current.visibility {
            data["visibility"] = json!({"from": current.visibility, "to": visibility});
        }
        self.append_event(tx, None, Some(actor.id), kind, true, data)
            .await?;
        Ok(revision)
    }

    /// Edits a document (agents and admins). An edit that changes nothing saves no revision.
    pub async fn edit_document(
        &self,
        actor: &Actor,
        id: i64,
        edit: DocumentEdit,
    ) -> AppResult<Document> {
        let mut tx = self.db.begin().await?;
        let (current, designations) = self.readable_document(&mut tx, actor, id).await?;
        require_writer(actor)?;
        let title = validate::title(&edit.title)?;
        let body = document::body(&edit.body)?;
        let current_visibility: Visibility = current.visibility.parse().map_err(corrupt)?;
        let visibility = edit.visibility.unwrap_or(current_visibility);
        let unchanged = title == current.title
            && body == current.body
            && visibility == current_visibility
            && edit.base_revision == current.revision;
        if !unchanged {
            self.save_revision(
                &mut tx,
                actor,
                &current,
                edit.base_revision,
                &title,
                &body,
                visibility,
                None,
            )
            .await?;
        }
        let row = repo::documents::by_id(&mut tx, id)
            .await?
            .ok_or(AppError::NotFound("document"))?;
        tx.commit().await?;
        self.document_from_row(row, designations).await
    }

    /// A document's history, newest first (agents and admins).
    pub async fn revisions(
        &self,
        actor: &Actor,
        id: i64,
        cursor: Option<&str>,
        limit: Option<i64>,
    ) -> AppResult<Page<Revision>> {
        let limit = repo::page_limit(limit);
        let before = crate::parse_id_cursor(cursor)?;
        let mut conn = self.db.reader().acquire().await?;
        self.readable_document(&mut conn, actor, id).await?;
        require_history(actor)?;
        let rows = repo::documents::revisions(&mut conn, id, before, limit).await?;
        drop(conn);
        let page = Page::from_rows(rows, limit, |r| r.revision.to_string(), |r| r);
        Ok(Page {
            items: page
                .items
                .into_iter()
                .map(|r| revision_from_row(r, false))
                .collect::<AppResult<_>>()?,
            next_cursor: page.next_cursor,
        })
    }

    /// One revision with its text and rendering (agents and admins).
    pub async fn revision(&self, actor: &Actor, id: i64, revision: i64) -> AppResult<Revision> {
        let mut conn = self.db.reader().acquire().await?;
        self.readable_document(&mut conn, actor, id).await?;
        require_history(actor)?;
        let row = repo::documents::revision(&mut conn, id, revision)
            .await?
            .ok_or(AppError::NotFound("revision"))?;
        revision_from_row(row, true)
    }

    /// Compares two revisions line by line (agents and admins). `to` defaults to the current
    /// revision and `from` to the one before `to`.
    pub async fn diff_revisions(
        &self,
        actor: &Actor,
        id: i64,
        from: Option<i64>,
        to: Option<i64>,
    ) -> AppResult<DocumentDiff> {
        let mut conn = self.db.reader().acquire().await?;
        let (doc, _) = self.readable_document(&mut conn, actor, id).await?;
        require_history(actor)?;
        let to = to.unwrap_or(doc.revision);
        // Revisions count from 1; anything below is refused here, for every caller (UI and API).
        for (field, rev) in [("to", Some(to)), ("from", from)] {
            if rev.is_some_and(|r| r < 1) {
                return Err(AppError::invalid(field, "revisions count from 1"));
            }
        }
        let from = from.unwrap_or(to.saturating_sub(1).max(1));
        let missing = |field: &'static str, rev: i64| {
            AppError::invalid(field, format!("the document has no revision {rev}"))
        };
        let a = repo::documents::revision(&mut conn, id, from)
            .await?
            .ok_or_else(|| missing("from", from))?;
        let b = repo::documents::revision(&mut conn, id, to)
            .await?
            .ok_or_else(|| missing("to", to))?;
        drop(conn);
        let lines = line_diff(&a.body, &b.body);
        Ok(DocumentDiff {
            document_id: id,
            from: revision_from_row(a, false)?,
            to: revision_from_row(b, false)?,
            lines,
        })
    }

    /// Makes an old revision's title and text current again, as a new revision; history is
    /// never rewritten. The visibility stays as it is now: restoring text must not silently
    /// publish or hide a document.
    pub async fn restore_revision(
        &self,
        actor: &Actor,
        id: i64,
        revision: i64,
    ) -> AppResult<Document> {
        let mut tx = self.db.begin().await?;
        let (current, designations) = self.readable_document(&mut tx, actor, id).await?;
        require_writer(actor)?;
        let old = repo::documents::revision(&mut tx, id, revision)
            .await?
            .ok_or_else(|| {
                AppError::invalid(
                    "revision",
                    format!("the document has no revision {revision}"),
                )
            })?;
        if revision == current.revision {
            return Err(AppError::invalid(
                "revision",
                format!("revision {revision} is already the current text"),
            ));
        }
        let visibility: Visibility = current.visibility.parse().map_err(corrupt)?;
        self.save_revision(
            &mut tx,
            actor,
            &current,
            current.revision,
            &old.title,
            &old.body,
            visibility,
            Some(revision),
        )
        .await?;
        let row = repo::documents::by_id(&mut tx, id)
            .await?
            .ok_or(AppError::NotFound("document"))?;
        tx.commit().await?;
        self.document_from_row(row, designations).await
    }

    /// Which documents are the SLA and the Service catalog (for the portal navigation).
    pub async fn designations(&self) -> AppResult<Designations> {
        let mut conn = self.db.reader().acquire().await?;
        let rows = repo::documents::designations(&mut conn).await?;
        let mut out = Designations::default();
        for (kind, id) in rows {
            let title = repo::documents::by_id(&mut conn, id)
                .await?
                .map(|d| d.title)
                .unwrap_or_default();
            match kind.parse() {
                Ok(Designation::Sla) => out.sla = Some((id, title)),
                Ok(Designation::ServiceCatalog) => out.service_catalog = Some((id, title)),
                Err(e) => return Err(corrupt(e)),
            }
        }
        Ok(out)
    }

    /// Marks (or unmarks) the SLA and Service catalog documents (admins). Each change is logged.
    pub async fn set_designations(
        &self,
        actor: &Actor,
        changes: DesignationChanges,
    ) -> AppResult<Designations> {
        if !actor.is_admin() {
            return Err(AppError::Forbidden(
                "only admins can designate the SLA and Service catalog documents".into(),
            ));
        }
        let now = self.now();
        let mut tx = self.db.begin().await?;
        let current = repo::documents::designations(&mut tx).await?;
        for (kind, change) in [
            (Designation::Sla, changes.sla),
            (Designation::ServiceCatalog, changes.service_catalog),
        ] {
            let Some(to) = change else { continue };
            let from = current
                .iter()
                .find(|(k, _)| k == kind.as_str())
                .map(|(_, id)| *id);
            if from == to {
                continue;
            }
            match to {
                Some(doc) => {
                    let field = match kind {
                        Designation::Sla => "sla",
                        Designation::ServiceCatalog => "service_catalog",
                    };
                    repo::documents::by_id(&mut tx, doc).await?.ok_or_else(|| {
                        AppError::invalid(field, format!("there is no document {doc}"))
                    })?;
                    repo::documents::designate(&mut tx, kind.as_str(), doc, actor.id, now).await?;
                }
                None => repo::documents::undesignate(&mut tx, kind.as_str()).await?,
            }
            self.append_event(
                &mut tx,
                None,
                Some(actor.id),
                EventKind::DesignationChanged,
                true,
                json!({"designation": kind, "name": designation_name(kind), "from": from, "to": to}),
            )
            .await?;
        }
        tx.commit().await?;
        self.designations().await
    }

    /// Stores an image for a document (agents and admins). The type is read from the file's first
    /// bytes (PNG, JPEG, GIF or WebP); the name and declared type are not trusted.
    pub async fn add_document_image(
        &self,
        actor: &Actor,
        document_id: i64,
        filename: &str,
        bytes: &[u8],
    ) -> AppResult<Attachment> {
        {
            let mut conn = self.db.reader().acquire().await?;
            self.readable_document(&mut conn, actor, document_id)
                .await?;
        }
        require_writer(actor)?;
        if bytes.is_empty() {
            return Err(AppError::invalid("file", "the file is empty"));
        }
        if bytes.len() > IMAGE_MAX_BYTES {
            return Err(AppError::invalid(
                "file",
                format!(
                    "the image is {} bytes; an image may be at most {} MiB ({IMAGE_MAX_BYTES} bytes)",
                    bytes.len(),
                    IMAGE_MAX_BYTES / (1024 * 1024)
                ),
            ));
        }
        let kind = document::sniff_image(bytes).ok_or_else(|| {
            AppError::invalid(
                "file",
                "only PNG, JPEG, GIF and WebP images can be added to a document",
            )
        })?;
        let ext = match kind {
            document::ImageType::Png => "png",
            document::ImageType::Jpeg => "jpg",
            document::ImageType::Gif => "gif",
            document::ImageType::Webp => "webp",
        };
        let filename = document::clean_filename(filename, &format!("image.{ext}"));
        let sha256: String = Sha256::digest(bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        // A random name, so file names never collide or reveal anything; spread over 256
        // folders so none grows huge.
        let secret = crate::auth::random_secret();
        let rel = format!("attachments/{}/{}.{ext}", &secret[..2], &secret[2..34]);
        let full = self.config.data_dir.join(&rel);
        write_file(&full, bytes).await?;
        let stored = async {
            let mut tx = self.db.begin().await?;
            let id = repo::attachments::insert(
                &mut tx,
                repo::attachments::NewAttachment {
                    owner_kind: "document",
                    owner_id: document_id,
                    filename: &filename,
                    content_type: kind.content_type(),
                    size: bytes.len() as i64,
                    sha256: &sha256,
                    path: &rel,
                    uploaded_by: actor.id,
                    now: self.now(),
                },
            )
            .await?;
            self.append_event(
                &mut tx,
                None,
                Some(actor.id),
                EventKind::AttachmentAdded,
                true,
                json!({"attachment_id": id, "document_id": document_id, "filename": filename, "size": bytes.len()}),
            )
            .await?;
            let row = repo::attachments::by_id(&mut tx, id)
                .await?
                .ok_or(AppError::NotFound("attachment"))?;
            tx.commit().await?;
            AppResult::Ok(attachment_from_row(row))
        }
        .await;
        if stored.is_err() {
            // No row points at the file: do not leave it behind.
            let _ = tokio::fs::remove_file(&full).await;
        }
        stored
    }

    /// The images of a document, oldest first (for the edit page).
    pub async fn document_images(
        &self,
        actor: &Actor,
        document_id: i64,
    ) -> AppResult<Vec<Attachment>> {
        let mut conn = self.db.reader().acquire().await?;
        self.readable_document(&mut conn, actor, document_id)
            .await?;
        let rows = repo::attachments::for_owner(&mut conn, "document", document_id).await?;
        Ok(rows.into_iter().map(attachment_from_row).collect())
    }

    /// An attachment's bytes, for `GET /attachments/{id}`: whoever may read the document may
    /// read its images; anyone else gets "not found".
    pub async fn attachment(&self, actor: &Actor, id: i64) -> AppResult<AttachmentFile> {
        let mut conn = self.db.reader().acquire().await?;
        let row = repo::attachments::by_id(&mut conn, id)
            .await?
            .ok_or(AppError::NotFound("attachment"))?;
        match row.owner_kind.as_str() {
            "document" => {
                self.readable_document(&mut conn, actor, row.owner_id)
                    .await
                    .map_err(|e| match e {
                        AppError::NotFound(_) => AppError::NotFound("attachment"),
                        other => other,
                    })?;
            }
            other => return Err(corrupt(format!("attachment owner kind {other}"))),
        }
        drop(conn);
        let path: PathBuf = self.config.data_dir.join(&row.path);
        let bytes = tokio::fs::read(&path).await.map_err(|e| {
            AppError::Internal(format!("attachment {id} file {}: {e}", path.display()).into())
        })?;
        Ok(AttachmentFile {
            attachment: attachment_from_row(row),
            bytes,
        })
    }
}

/// History (revisions, diffs) is for support staff; a customer who may read the document itself
/// is told so rather than "not found".
fn require_history(actor: &Actor) -> AppResult<()> {
    if actor.is_internal() {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "only support staff can see a document's history".into(),
        ))
    }
}

/// Writes a file whole or not at all: to a temporary name first, then renamed into place.
async fn write_file(path: &std::path::Path, bytes: &[u8]) -> AppResult<()> {
    let io = |e: std::io::Error| AppError::Internal(format!("{}: {e}", path.display()).into());
    if let Some(dir) = path.parent() {
        tokio::fs::create_dir_all(dir).await.map_err(io)?;
    }
    let tmp = path.with_extension("part");
    tokio::fs::write(&tmp, bytes).await.map_err(io)?;
    tokio::fs::rename(&tmp, path).await.map_err(io)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_are_plain_and_short() {
        let e = excerpt("# Printer offline\n\n**Check** the `cable`.\n{{services}}\n> quoted");
        assert_eq!(e, "Check the cable. quoted");
        let long = "word ".repeat(100);
        let e = excerpt(&long);
        assert!(e.chars().count() <= 201, "{e}");
        assert!(e.ends_with('…'));
    }

    #[test]
    fn markdown_for_an_image() {
        let a = Attachment {
            id: 7,
            document_id: 1,
            filename: "shot [1].png".into(),
            content_type: "image/png".into(),
            size: 1,
            sha256: String::new(),
            uploaded_by: 1,
            created_at: 0,
        };
        assert_eq!(a.markdown(), "![shot 1.png](/attachments/7)");
    }
}
