//! The knowledge base: the list and search, a document, writing and editing (with image upload and
//! edit conflicts), history, diffs and restore, the SLA and Service catalog pages, and the admin's
//! designations. Who may read or write what is decided by the service layer; a customer asking
//! for an internal document gets the same 404 page as for one that does not exist.

use askama::Template;
use axum::Form;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;
use skranke_app::AppError;
use skranke_app::documents::{
    Attachment, DesignationChanges, Document, DocumentEdit, DocumentQuery, NewDocument, Revision,
};
use skranke_domain::diff::{DiffLine, DiffOp};
use skranke_domain::document::{DOCUMENT_MAX_BYTES, Designation, IMAGE_MAX_BYTES, Visibility};

use super::ctx::{Chrome, Ctx, FormErr, OrFail, Page, render, render_status, see_other, status_of};
use super::view::{Opt, fmt_time, iso_time, visibility_opts, without_title_heading};
use crate::{WebState, csrf};

/// The most an image upload from the edit page may carry: the image, the draft that travels
/// with it (so nothing typed is lost) and the multipart framing.
pub const UPLOAD_LIMIT: usize = IMAGE_MAX_BYTES + DOCUMENT_MAX_BYTES + 64 * 1024;

fn doc_id(ctx: &Ctx, raw: &str) -> Result<i64, Response> {
    raw.trim()
        .parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| ctx.fail(AppError::NotFound("document")))
}

fn enc(pairs: &[(&str, &str)]) -> String {
    serde_urlencoded::to_string(pairs).unwrap_or_default()
}

/// The list's name: support staff have a knowledge base, customers a set of articles.
fn kb_label(ctx: &Ctx) -> String {
    if ctx.actor.is_internal() {
        ctx.t("kb-title")
    } else {
        ctx.t("articles-title")
    }
}

// ---------- list and search ----------

struct DocRow {
    url: String,
    title: String,
    excerpt: String,
    public: bool,
    sla: bool,
    catalog: bool,
    updated: String,
    updated_iso: String,
    updated_by: String,
}

#[derive(Template)]
#[template(path = "kb_list.html")]
struct ListPage {
    c: Chrome,
    internal: bool,
    heading: String,
    subtitle: String,
    q: String,
    rows: Vec<DocRow>,
    next_url: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    q: Option<String>,
    cursor: Option<String>,
}

pub async fn list(ctx: Ctx, Query(q): Query<ListQuery>) -> Page {
    let text = q.q.as_deref().map(str::trim).unwrap_or("").to_string();
    let page = ctx
        .app
        .documents(
            &ctx.actor,
            &DocumentQuery {
                q: (!text.is_empty()).then(|| text.clone()),
                cursor: q.cursor.filter(|c| !c.is_empty()),
                limit: Some(20),
            },
        )
        .await
        .or_fail(&ctx)?;
    let rows = page
        .items
        .iter()
        .map(|d| DocRow {
            url: format!("/kb/{}", d.id),
            title: d.title.clone(),
            excerpt: d.excerpt.clone(),
            public: d.visibility == Visibility::Public,
            sla: d.designations.contains(&Designation::Sla),
            catalog: d.designations.contains(&Designation::ServiceCatalog),
            updated: fmt_time(d.updated_at),
            updated_iso: iso_time(d.updated_at),
            updated_by: d.updated_by.name.clone(),
        })
        .collect();
    let next_url = page
        .next_cursor
        .map(|c| format!("/kb?{}", enc(&[("q", &text), ("cursor", &c)])))
        .unwrap_or_default();
    let internal = ctx.actor.is_internal();
    Ok(render(&ListPage {
        heading: kb_label(&ctx),
        subtitle: if internal {
            ctx.t("kb-subtitle")
        } else {
            ctx.t("articles-subtitle")
        },
        internal,
        q: text,
        rows,
        next_url,
        c: ctx.chrome("kb").await,
    }))
}

// ---------- a document ----------

struct DocView {
    id: i64,
    title: String,
    body_html: String,
    public: bool,
    sla: bool,
    catalog: bool,
    revision: i64,
    created_by: String,
    created: String,
    created_iso: String,
    updated_by: String,
    updated: String,
    updated_iso: String,
}

impl DocView {
    fn new(d: &Document) -> DocView {
        DocView {
            id: d.id,
            title: d.title.clone(),
            body_html: without_title_heading(&d.body_html, &d.title),
            public: d.visibility == Visibility::Public,
            sla: d.designations.contains(&Designation::Sla),
            catalog: d.designations.contains(&Designation::ServiceCatalog),
            revision: d.revision,
            created_by: d.created_by.name.clone(),
            created: fmt_time(d.created_at),
            created_iso: iso_time(d.created_at),
            updated_by: d.updated_by.name.clone(),
            updated: fmt_time(d.updated_at),
            updated_iso: iso_time(d.updated_at),
        }
    }
}

#[derive(Template)]
#[template(path = "kb_doc.html")]
struct DocPage {
    c: Chrome,
    d: DocView,
    internal: bool,
    admin: bool,
    kb_label: String,
    readers: String,
    /// The title of the document that is the SLA now, when it is another one.
    other_sla: String,
    other_catalog: String,
}

async fn doc_page(ctx: &Ctx, d: &Document, nav: &'static str) -> DocPage {
    let tr = ctx.tr;
    let view = DocView::new(d);
    let readers = if view.sla {
        tr.t("readers-sla")
    } else if view.catalog {
        tr.t("readers-catalog")
    } else if view.public {
        tr.t("readers-public")
    } else {
        tr.t("readers-internal")
    };
    let c = ctx.chrome(nav).await;
    let other = |x: &Option<(i64, String)>| match x {
        Some((id, title)) if *id != d.id => title.clone(),
        _ => String::new(),
    };
    DocPage {
        other_sla: other(&c.desig.sla),
        other_catalog: other(&c.desig.service_catalog),
        c,
        d: view,
        internal: ctx.actor.is_internal(),
        admin: ctx.actor.is_admin(),
        kb_label: kb_label(ctx),
        readers,
    }
}

pub async fn show(ctx: Ctx, Path(id): Path<String>) -> Page {
    let id = doc_id(&ctx, &id)?;
    let d = ctx.app.document(&ctx.actor, id).await.or_fail(&ctx)?;
    Ok(render(&doc_page(&ctx, &d, "kb").await))
}

pub async fn sla(ctx: Ctx) -> Page {
    let d = ctx
        .app
        .designated_document(&ctx.actor, Designation::Sla)
        .await
        .or_fail(&ctx)?;
    Ok(render(&doc_page(&ctx, &d, "sla").await))
}

pub async fn service_catalog(ctx: Ctx) -> Page {
    let d = ctx
        .app
        .designated_document(&ctx.actor, Designation::ServiceCatalog)
        .await
        .or_fail(&ctx)?;
    Ok(render(&doc_page(&ctx, &d, "catalog").await))
}

// ---------- writing ----------

/// What the editor sends; kept as typed when saving fails.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct DocForm {
    title: String,
    visibility: String,
    body: String,
    base_revision: String,
}

struct Img {
    url: String,
    name: String,
    markdown: String,
}

impl Img {
    fn new(a: &Attachment) -> Img {
        Img {
            url: a.url(),
            name: a.filename.clone(),
            markdown: a.markdown(),
        }
    }
}

/// Someone saved while this person was editing.
struct ConflictView {
    message: String,
    current_url: String,
    diff_url: String,
}

#[derive(Template)]
#[template(path = "kb_form.html")]
struct FormPage {
    c: Chrome,
    is_new: bool,
    id: i64,
    /// The saved title, for the heading (the field may hold a changed one).
    saved_title: String,
    f: DocForm,
    visibilities: Vec<Opt>,
    images: Vec<Img>,
    /// The Markdown of an image just uploaded (already added to the text).
    uploaded: String,
    err: FormErr,
    conflict: Option<ConflictView>,
}

async fn form_page(
    ctx: &Ctx,
    doc: Option<&Document>,
    f: DocForm,
    err: FormErr,
) -> Result<FormPage, Response> {
    let images = match doc {
        Some(d) => ctx
            .app
            .document_images(&ctx.actor, d.id)
            .await
            .or_fail(ctx)?
            .iter()
            .map(Img::new)
            .collect(),
        None => Vec::new(),
    };
    let visibility = if f.visibility.is_empty() {
        "internal".to_string()
    } else {
        f.visibility.clone()
    };
    Ok(FormPage {
        c: ctx.chrome("kb").await,
        is_new: doc.is_none(),
        id: doc.map(|d| d.id).unwrap_or(0),
        saved_title: doc.map(|d| d.title.clone()).unwrap_or_default(),
        visibilities: visibility_opts(ctx.tr, &visibility),
        f,
        images,
        uploaded: String::new(),
        err,
        conflict: None,
    })
}

fn parse_visibility(s: &str) -> Result<Option<Visibility>, AppError> {
    match s.trim() {
        "" => Ok(None),
        v => v
            .parse::<Visibility>()
            .map(Some)
            .map_err(|e| AppError::invalid("visibility", e.to_string())),
    }
}

pub async fn new_page(ctx: Ctx) -> Page {
    ctx.require_internal()?;
    Ok(render(
        &form_page(&ctx, None, DocForm::default(), FormErr::default()).await?,
    ))
}

pub async fn create(ctx: Ctx, Form(f): Form<DocForm>) -> Page {
    ctx.require_internal()?;
    let r = match parse_visibility(&f.visibility) {
        Ok(visibility) => {
            ctx.app
                .create_document(
                    &ctx.actor,
                    NewDocument {
                        title: f.title.clone(),
                        body: f.body.clone(),
                        visibility,
                    },
                )
                .await
        }
        Err(e) => Err(e),
    };
    match r {
        Ok(d) => {
            ctx.flash("ok", ctx.tr.a("doc-created-flash", &[("title", &d.title)]))
                .await;
            Ok(see_other(&format!("/kb/{}", d.id)))
        }
        Err(e @ (AppError::Invalid { .. } | AppError::Forbidden(_))) => {
            let status = status_of(&e);
            let page = form_page(&ctx, None, f, FormErr::from_app(ctx.tr, &e)).await?;
            Ok(render_status(status, &page))
        }
        Err(e) => Err(ctx.fail(e)),
    }
}

fn form_of(d: &Document) -> DocForm {
    DocForm {
        title: d.title.clone(),
        visibility: d.visibility.as_str().into(),
        body: d.body.clone(),
        base_revision: d.revision.to_string(),
    }
}

pub async fn edit_page(ctx: Ctx, Path(id): Path<String>) -> Page {
    ctx.require_internal()?;
    let id = doc_id(&ctx, &id)?;
    let d = ctx.app.document(&ctx.actor, id).await.or_fail(&ctx)?;
    Ok(render(
        &form_page(&ctx, Some(&d), form_of(&d), FormErr::default()).await?,
    ))
}

fn parse_base(s: &str) -> Result<i64, AppError> {
    s.trim().parse().map_err(|_| {
        AppError::invalid(
            "base_revision",
            "the form lost track of the revision it edits; open the editor again",
        )
    })
}

pub async fn save(ctx: Ctx, Path(id): Path<String>, Form(f): Form<DocForm>) -> Page {
    ctx.require_internal()?;
    let id = doc_id(&ctx, &id)?;
    let edit = parse_base(&f.base_revision).and_then(|base_revision| {
        Ok(DocumentEdit {
            title: f.title.clone(),
            body: f.body.clone(),
            visibility: parse_visibility(&f.visibility)?,
            base_revision,
        })
    });
    let base = edit.as_ref().map(|e| e.base_revision).unwrap_or(0);
    let r = match edit {
        Ok(edit) => ctx.app.edit_document(&ctx.actor, id, edit).await,
        Err(e) => Err(e),
    };
    match r {
        Ok(d) => {
            let msg = if d.revision == base {
                ctx.t("doc-unchanged")
            } else {
                ctx.tr
                    .a("doc-saved", &[("revision", &d.revision.to_string())])
            };
            ctx.flash("ok", msg).await;
            Ok(see_other(&format!("/kb/{id}")))
        }
        Err(AppError::Conflict(_)) => {
            // Someone saved in between: nothing was overwritten. Show the form again with this
            // person's text, say who changed what, and let a deliberate second save win.
            let current = ctx.app.document(&ctx.actor, id).await.or_fail(&ctx)?;
            let mut f = f;
            let conflict = ConflictView {
                message: ctx.tr.a(
                    "doc-conflict-text",
                    &[
                        ("name", &current.updated_by.name),
                        ("revision", &current.revision.to_string()),
                        ("base", &base.to_string()),
                    ],
                ),
                current_url: format!("/kb/{id}"),
                diff_url: format!("/kb/{id}/diff?from={base}&to={}", current.revision),
            };
            f.base_revision = current.revision.to_string();
            let mut page = form_page(&ctx, Some(&current), f, FormErr::default()).await?;
            page.conflict = Some(conflict);
            Ok(render_status(StatusCode::CONFLICT, &page))
        }
        Err(e @ (AppError::Invalid { .. } | AppError::Forbidden(_))) => {
            let status = status_of(&e);
            let current = ctx.app.document(&ctx.actor, id).await.or_fail(&ctx)?;
            let page = form_page(&ctx, Some(&current), f, FormErr::from_app(ctx.tr, &e)).await?;
            Ok(render_status(status, &page))
        }
        Err(e) => Err(ctx.fail(e)),
    }
}

// ---------- images ----------

/// The edit form's "Upload image" button posts the whole form here as `multipart/form-data`:
/// the image is stored, its Markdown is added to the end of the text, and the editor comes back
/// with everything as it was typed (nothing is saved yet). The CSRF middleware reads only
/// urlencoded forms and the htmx header, so this route (outside the UI router, for its larger
/// body limit) checks the token itself, from the form's `csrf_token` field.
pub async fn upload(
    State(state): State<WebState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Page {
    let bad_form = |ctx: &Ctx, m: String| ctx.fail(AppError::invalid("file", m));
    let mut multipart = match multipart {
        Ok(m) => m,
        Err(e) => return Err(bad_form(&ctx, e.body_text())),
    };
    let mut f = DocForm::default();
    let mut token = None;
    let mut file = None;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) => return Err(bad_form(&ctx, e.body_text())),
        };
        let name = field.name().unwrap_or("").to_string();
        if name == "file" {
            let filename = field.file_name().unwrap_or("").to_string();
            // The file comes last in the form: a read error here (too large) still leaves
            // the text fields read, so the editor can come back with them.
            file = Some((filename, field.bytes().await));
            break;
        }
        let value = match field.text().await {
            Ok(v) => v,
            Err(e) => return Err(bad_form(&ctx, e.body_text())),
        };
        match name.as_str() {
            "csrf_token" => token = Some(value),
            "title" => f.title = value,
            "visibility" => f.visibility = value,
            "body" => f.body = value,
            "base_revision" => f.base_revision = value,
            _ => {}
        }
    }
    csrf::check(&state, &ctx.session, &headers, token.as_deref()).await?;
    ctx.require_internal()?;
    let id = doc_id(&ctx, &id)?;
    let doc = ctx.app.document(&ctx.actor, id).await.or_fail(&ctx)?;
    let r = match file {
        Some((name, Ok(bytes))) if !(name.is_empty() && bytes.is_empty()) => {
            ctx.app
                .add_document_image(&ctx.actor, id, &name, &bytes)
                .await
        }
        Some((_, Err(e))) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            Err(AppError::invalid("file", ctx.tr.t("image-too-large")))
        }
        Some((_, Err(e))) => Err(AppError::invalid("file", e.body_text())),
        _ => Err(AppError::invalid("file", ctx.t("image-choose-first"))),
    };
    match r {
        Ok(a) => {
            let snippet = a.markdown();
            let body = f.body.trim_end();
            f.body = if body.is_empty() {
                format!("{snippet}\n")
            } else {
                format!("{body}\n\n{snippet}\n")
            };
            let mut page = form_page(&ctx, Some(&doc), f, FormErr::default()).await?;
            page.uploaded = snippet;
            Ok(render(&page))
        }
        Err(e @ (AppError::Invalid { .. } | AppError::Forbidden(_))) => {
            let status = status_of(&e);
            let page = form_page(&ctx, Some(&doc), f, FormErr::from_app(ctx.tr, &e)).await?;
            Ok(render_status(status, &page))
        }
        Err(e) => Err(ctx.fail(e)),
    }
}

/// A reload of the page the upload answered with: back to the editor.
pub async fn upload_get(Path(id): Path<String>) -> Response {
    see_other(&format!("/kb/{}/edit", id.trim()))
}

// ---------- history, revisions, diff, restore ----------

struct RevRow {
    revision: i64,
    title: String,
    author: String,
    time: String,
    iso: String,
    restored_from: String,
    current: bool,
    from_checked: bool,
    to_checked: bool,
}

#[derive(Template)]
#[template(path = "kb_history.html")]
struct HistoryPage {
    c: Chrome,
    id: i64,
    title: String,
    rows: Vec<RevRow>,
    can_compare: bool,
    next_url: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CursorQuery {
    cursor: Option<String>,
}

pub async fn history(ctx: Ctx, Path(id): Path<String>, Query(q): Query<CursorQuery>) -> Page {
    ctx.require_internal()?;
    let id = doc_id(&ctx, &id)?;
    let d = ctx.app.document(&ctx.actor, id).await.or_fail(&ctx)?;
    let page = ctx
        .app
        .revisions(
            &ctx.actor,
            id,
            q.cursor.as_deref().filter(|c| !c.is_empty()),
            Some(50),
        )
        .await
        .or_fail(&ctx)?;
    let first_page = q.cursor.as_deref().unwrap_or("").is_empty();
    let rows: Vec<RevRow> = page
        .items
        .iter()
        .enumerate()
        .map(|(i, r)| RevRow {
            revision: r.revision,
            title: r.title.clone(),
            author: r.author.name.clone(),
            time: fmt_time(r.created_at),
            iso: iso_time(r.created_at),
            restored_from: r.restored_from.map(|n| n.to_string()).unwrap_or_default(),
            current: r.revision == d.revision,
            from_checked: first_page && i == 1,
            to_checked: first_page && i == 0,
        })
        .collect();
    let next_url = page
        .next_cursor
        .map(|c| format!("/kb/{id}/history?{}", enc(&[("cursor", &c)])))
        .unwrap_or_default();
    Ok(render(&HistoryPage {
        c: ctx.chrome("kb").await,
        id,
        title: d.title,
        can_compare: d.revision > 1,
        rows,
        next_url,
    }))
}

#[derive(Template)]
#[template(path = "kb_revision.html")]
struct RevisionPage {
    c: Chrome,
    id: i64,
    doc_title: String,
    current_revision: i64,
    r: Revision,
    body_html: String,
    author: String,
    time: String,
    iso: String,
}

pub async fn revision(ctx: Ctx, Path((id, rev)): Path<(String, String)>) -> Page {
    ctx.require_internal()?;
    let id = doc_id(&ctx, &id)?;
    let rev: i64 = rev
        .trim()
        .parse()
        .map_err(|_| ctx.fail(AppError::NotFound("revision")))?;
    let d = ctx.app.document(&ctx.actor, id).await.or_fail(&ctx)?;
    let r = ctx.app.revision(&ctx.actor, id, rev).await.or_fail(&ctx)?;
    Ok(render(&RevisionPage {
        c: ctx.chrome("kb").await,
        id,
        doc_title: d.title,
        current_revision: d.revision,
        body_html: without_title_heading(&r.body_html, &r.title),
        author: r.author.name.clone(),
        time: fmt_time(r.created_at),
        iso: iso_time(r.created_at),
        r,
    }))
}

#[derive(Clone)]
struct DiffRow {
    /// "same", "added", "removed" or "gap" (unchanged lines left out).
    kind: &'static str,
    old_no: String,
    new_no: String,
    text: String,
}

/// Unchanged lines shown around each change; longer unchanged stretches are folded.
const CONTEXT: usize = 3;

fn diff_rows(tr: crate::i18n::Tr, lines: &[DiffLine]) -> Vec<DiffRow> {
    let (mut old, mut new) = (0, 0);
    let numbered: Vec<DiffRow> = lines
        .iter()
        .map(|l| match l.op {
            DiffOp::Same => {
                old += 1;
                new += 1;
                DiffRow {
                    kind: "same",
                    old_no: old.to_string(),
                    new_no: new.to_string(),
                    text: l.text.clone(),
                }
            }
            DiffOp::Removed => {
                old += 1;
                DiffRow {
                    kind: "removed",
                    old_no: old.to_string(),
                    new_no: String::new(),
                    text: l.text.clone(),
                }
            }
            DiffOp::Added => {
                new += 1;
                DiffRow {
                    kind: "added",
                    old_no: String::new(),
                    new_no: new.to_string(),
                    text: l.text.clone(),
                }
            }
        })
        .collect();
    let len = numbered.len();
    let mut out = Vec::new();
    let mut i = 0;
    while i < len {
        if numbered[i].kind != "same" {
            out.push(numbered[i].clone());
            i += 1;
            continue;
        }
        let start = i;
        while i < len && numbered[i].kind == "same" {
            i += 1;
        }
        let head = if start == 0 { 0 } else { CONTEXT };
        let tail = if i == len { 0 } else { CONTEXT };
        if i - start > head + tail + 1 {
            out.extend_from_slice(&numbered[start..start + head]);
            out.push(DiffRow {
                kind: "gap",
                old_no: String::new(),
                new_no: String::new(),
                text: tr.n("diff-unchanged", "n", (i - start - head - tail) as i64),
            });
            out.extend_from_slice(&numbered[i - tail..i]);
        } else {
            out.extend_from_slice(&numbered[start..i]);
        }
    }
    out
}

#[derive(Template)]
#[template(path = "kb_diff.html")]
struct DiffPage {
    c: Chrome,
    id: i64,
    title: String,
    from: i64,
    to: i64,
    from_meta: String,
    to_meta: String,
    title_from: String,
    title_to: String,
    rows: Vec<DiffRow>,
    changed: bool,
    summary: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DiffQuery {
    from: Option<String>,
    to: Option<String>,
}

pub async fn diff(ctx: Ctx, Path(id): Path<String>, Query(q): Query<DiffQuery>) -> Page {
    ctx.require_internal()?;
    let id = doc_id(&ctx, &id)?;
    let rev = |s: &Option<String>, field: &'static str| -> Result<Option<i64>, AppError> {
        match s.as_deref().map(str::trim).unwrap_or("") {
            "" => Ok(None),
            v => v
                .parse()
                .map(Some)
                .map_err(|_| AppError::invalid(field, "a revision is a number")),
        }
    };
    let from = rev(&q.from, "from").or_fail(&ctx)?;
    let to = rev(&q.to, "to").or_fail(&ctx)?;
    let d = ctx.app.document(&ctx.actor, id).await.or_fail(&ctx)?;
    let diff = ctx
        .app
        .diff_revisions(&ctx.actor, id, from, to)
        .await
        .or_fail(&ctx)?;
    let tr = ctx.tr;
    let meta = |r: &Revision| {
        tr.a(
            "diff-rev-meta",
            &[
                ("revision", &r.revision.to_string()),
                ("name", &r.author.name),
                ("time", &fmt_time(r.created_at)),
            ],
        )
    };
    let added = diff.lines.iter().filter(|l| l.op == DiffOp::Added).count();
    let removed = diff
        .lines
        .iter()
        .filter(|l| l.op == DiffOp::Removed)
        .count();
    Ok(render(&DiffPage {
        c: ctx.chrome("kb").await,
        id,
        title: d.title,
        from: diff.from.revision,
        to: diff.to.revision,
        from_meta: meta(&diff.from),
        to_meta: meta(&diff.to),
        title_from: diff.from.title.clone(),
        title_to: diff.to.title.clone(),
        rows: diff_rows(tr, &diff.lines),
        changed: added + removed > 0,
        summary: format!(
            "{}, {}",
            tr.n("diff-summary-added", "n", added as i64),
            tr.n("diff-summary-removed", "n", removed as i64)
        ),
    }))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RestoreForm {
    revision: String,
}

pub async fn restore(ctx: Ctx, Path(id): Path<String>, Form(f): Form<RestoreForm>) -> Page {
    ctx.require_internal()?;
    let id = doc_id(&ctx, &id)?;
    let r = match f.revision.trim().parse::<i64>() {
        Ok(rev) => ctx
            .app
            .restore_revision(&ctx.actor, id, rev)
            .await
            .map(|d| (rev, d)),
        Err(_) => Err(AppError::invalid(
            "revision",
            "choose a revision to restore",
        )),
    };
    match r {
        Ok((rev, d)) => {
            ctx.flash(
                "ok",
                ctx.tr.a(
                    "doc-restored",
                    &[
                        ("from", &rev.to_string()),
                        ("revision", &d.revision.to_string()),
                    ],
                ),
            )
            .await;
            Ok(see_other(&format!("/kb/{id}")))
        }
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict(_))) => {
            ctx.flash("error", super::ctx::message_of(ctx.tr, &e)).await;
            Ok(see_other(&format!("/kb/{id}/history")))
        }
        Err(e) => Err(ctx.fail(e)),
    }
}

// ---------- designations ----------

/// `sla` and `service_catalog`: absent keeps, empty clears, a document id designates.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DesignateForm {
    sla: Option<String>,
    service_catalog: Option<String>,
    back: String,
}

fn designation_change(
    v: &Option<String>,
    field: &'static str,
) -> Result<Option<Option<i64>>, AppError> {
    match v.as_deref().map(str::trim) {
        None => Ok(None),
        Some("") => Ok(Some(None)),
        Some(s) => s
            .parse()
            .map(|id| Some(Some(id)))
            .map_err(|_| AppError::invalid(field, "choose a document from the list")),
    }
}

pub async fn designate(ctx: Ctx, Form(f): Form<DesignateForm>) -> Page {
    ctx.require_admin()?;
    // Back to the page the form was on: a document or the admin page, nowhere else.
    let back = if f.back.starts_with("/kb/") && !f.back.contains("//") {
        f.back.as_str()
    } else {
        "/admin/services"
    };
    let changes = designation_change(&f.sla, "sla").and_then(|sla| {
        Ok(DesignationChanges {
            sla,
            service_catalog: designation_change(&f.service_catalog, "service_catalog")?,
        })
    });
    let r = match changes {
        Ok(c) => ctx.app.set_designations(&ctx.actor, c).await,
        Err(e) => Err(e),
    };
    match r {
        Ok(_) => {
            ctx.flash("ok", ctx.t("designations-saved")).await;
            Ok(see_other(back))
        }
        Err(e @ AppError::Invalid { .. }) => {
            ctx.flash("error", super::ctx::message_of(ctx.tr, &e)).await;
            Ok(see_other(back))
        }
        Err(e) => Err(ctx.fail(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(op: DiffOp, text: &str) -> DiffLine {
        DiffLine {
            op,
            text: text.into(),
        }
    }

    #[test]
    fn long_unchanged_stretches_are_folded() {
        let mut lines: Vec<DiffLine> = (0..10)
            .map(|i| line(DiffOp::Same, &format!("s{i}")))
            .collect();
        lines.push(line(DiffOp::Removed, "old"));
        lines.push(line(DiffOp::Added, "new"));
        lines.extend((10..20).map(|i| line(DiffOp::Same, &format!("s{i}"))));
        let rows = diff_rows(crate::i18n::Tr::default(), &lines);
        let kinds: Vec<&str> = rows.iter().map(|r| r.kind).collect();
        assert_eq!(
            kinds,
            [
                "gap", "same", "same", "same", "removed", "added", "same", "same", "same", "gap"
            ]
        );
        assert_eq!(rows[1].old_no, "8");
        assert_eq!(rows[4].old_no, "11");
        assert_eq!(rows[5].new_no, "11");
        assert_eq!(rows[5].old_no, "");
        assert!(rows[0].text.contains('7'), "{}", rows[0].text);
    }

    #[test]
    fn short_unchanged_stretches_stay() {
        let lines = vec![
            line(DiffOp::Added, "a"),
            line(DiffOp::Same, "b"),
            line(DiffOp::Same, "c"),
            line(DiffOp::Removed, "d"),
        ];
        let rows = diff_rows(crate::i18n::Tr::default(), &lines);
        assert_eq!(rows.len(), 4);
    }
}
