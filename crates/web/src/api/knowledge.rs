//! `/api/v1/documents` and `/api/v1/services`: the knowledge base, its designations, document
//! images and the service catalog. Thin: every rule is in `skranke_app::documents` and
//! `skranke_app::services`.

use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use serde::{Deserialize, Deserializer};
use skranke_app::AppError;
use skranke_app::documents::{DesignationChanges, DocumentEdit, DocumentQuery, NewDocument};
use skranke_app::services::{NewService, ServiceChanges};
use skranke_domain::document::{Designation, IMAGE_MAX_BYTES, Visibility};
use skranke_domain::{Impact, TicketType, Urgency};

use super::{ApiActor, ApiJson, ApiQuery, ApiResult, dto::*};
use crate::WebState;
use crate::api::ApiError;

/// The most an image upload request may carry: the image plus the multipart framing.
pub const UPLOAD_BODY_LIMIT: usize = IMAGE_MAX_BYTES + 64 * 1024;

/// The image upload, with its own body limit: every other API route keeps the 1 MiB limit.
pub fn upload_routes() -> Router<WebState> {
    Router::new().route(
        "/documents/{id}/attachments",
        axum::routing::post(upload_image)
            .get(list_images)
            .layer(axum::extract::DefaultBodyLimit::max(UPLOAD_BODY_LIMIT)),
    )
}

/// Tells `null` ("clear it") apart from a missing field ("keep it").
fn double_option<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

fn document_id(raw: &str) -> ApiResult<i64> {
    raw.trim()
        .parse()
        .ok()
        .filter(|n: &i64| *n > 0)
        .ok_or(ApiError::from(AppError::NotFound("document")))
}

#[derive(Deserialize)]
pub(super) struct DocumentListParams {
    q: Option<String>,
    limit: Option<i64>,
    cursor: Option<String>,
}

pub(super) async fn list_documents(
    State(s): State<WebState>,
    ApiActor(actor): ApiActor,
    ApiQuery(p): ApiQuery<DocumentListParams>,
) -> ApiResult<Json<ListDto<DocumentSummaryDto>>> {
    let page = s
        .app
        .documents(
            &actor,
            &DocumentQuery {
                q: p.q,
                cursor: p.cursor,
                limit: p.limit,
            },
        )
        .await?;
    Ok(Json(ListDto {
        items: page.items.iter().map(DocumentSummaryDto::from).collect(),
        next_cursor: page.next_cursor,
    }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CreateDocumentBody {
    title: String,
    body: String,
    visibility: Option<Visibility>,
}

pub(super) async fn create_document(
    State(s): State<WebState>,
    ApiActor(actor): ApiActor,
    ApiJson(b): ApiJson<CreateDocumentBody>,
) -> ApiResult<Response> {
    let d = s
        .app
        .create_document(
            &actor,
            NewDocument {
                title: b.title,
                body: b.body,
                visibility: b.visibility,
            },
        )
        .await?;
    Ok((StatusCode::CREATED, Json(DocumentDto::from(&d))).into_response())
}

pub(super) async fn get_document(
    State(s): State<WebState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> ApiResult<Json<DocumentDto>> {
    let d = s.app.document(&actor, document_id(&id)?).await?;
    Ok(Json(DocumentDto::from(&d)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct EditDocumentBody {
    title: String,
    body: String,
    visibility: Option<Visibility>,
    /// The `revision` the client loaded; a stale one is answered with 409.
    base_revision: i64,
}

pub(super) async fn put_document(
    State(s): State<WebState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<EditDocumentBody>,
) -> ApiResult<Json<DocumentDto>> {
    let d = s
        .app
        .edit_document(
            &actor,
            document_id(&id)?,
            DocumentEdit {
                title: b.title,
                body: b.body,
                visibility: b.visibility,
                base_revision: b.base_revision,
            },
        )
        .await?;
    Ok(Json(DocumentDto::from(&d)))
}

async fn designated(
    s: &WebState,
    actor: &skranke_app::Actor,
    d: Designation,
) -> ApiResult<Json<DocumentDto>> {
    match s.app.designated_document(actor, d).await {
        Ok(doc) => Ok(Json(DocumentDto::from(&doc))),
        Err(e @ AppError::NotFound(_)) => {
            let name = match d {
                Designation::Sla => "the SLA",
                Designation::ServiceCatalog => "the Service catalog",
            };
            Err(ApiError::from(e).with_detail(format!(
                "no document is designated as {name} yet; an admin designates one with PUT /api/v1/documents/designations"
            )))
        }
        Err(e) => Err(e.into()),
    }
}

pub(super) async fn get_sla(
    State(s): State<WebState>,
    ApiActor(actor): ApiActor,
) -> ApiResult<Json<DocumentDto>> {
    designated(&s, &actor, Designation::Sla).await
}

pub(super) async fn get_service_catalog(
    State(s): State<WebState>,
    ApiActor(actor): ApiActor,
) -> ApiResult<Json<DocumentDto>> {
    designated(&s, &actor, Designation::ServiceCatalog).await
}

pub(super) async fn get_designations(
    State(s): State<WebState>,
    ApiActor(_actor): ApiActor,
) -> ApiResult<Json<DesignationsDto>> {
    Ok(Json(DesignationsDto::from(&s.app.designations().await?)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct DesignationsBody {
    #[serde(default, deserialize_with = "double_option")]
    sla: Option<Option<i64>>,
    #[serde(default, deserialize_with = "double_option")]
    service_catalog: Option<Option<i64>>,
}

pub(super) async fn put_designations(
    State(s): State<WebState>,
    ApiActor(actor): ApiActor,
    ApiJson(b): ApiJson<DesignationsBody>,
) -> ApiResult<Json<DesignationsDto>> {
    let d = s
        .app
        .set_designations(
            &actor,
            DesignationChanges {
                sla: b.sla,
                service_catalog: b.service_catalog,
            },
        )
        .await?;
    Ok(Json(DesignationsDto::from(&d)))
}

#[derive(Deserialize)]
pub(super) struct PageParams {
    limit: Option<i64>,
    cursor: Option<String>,
}

pub(super) async fn list_revisions(
    State(s): State<WebState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    ApiQuery(p): ApiQuery<PageParams>,
) -> ApiResult<Json<ListDto<RevisionDto>>> {
    let page = s
        .app
        .revisions(&actor, document_id(&id)?, p.cursor.as_deref(), p.limit)
        .await?;
    Ok(Json(ListDto {
        items: page.items.iter().map(RevisionDto::summary).collect(),
        next_cursor: page.next_cursor,
    }))
}

pub(super) async fn get_revision(
    State(s): State<WebState>,
    ApiActor(actor): ApiActor,
    Path((id, revision)): Path<(String, String)>,
) -> ApiResult<Json<RevisionDto>> {
    let revision: i64 = revision
        .parse()
        .map_err(|_| ApiError::from(AppError::NotFound("revision")))?;
    let r = s.app.revision(&actor, document_id(&id)?, revision).await?;
    Ok(Json(RevisionDto::full(&r)))
}

#[derive(Deserialize)]
pub(super) struct DiffParams {
    from: Option<i64>,
    to: Option<i64>,
}

pub(super) async fn diff(
    State(s): State<WebState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    ApiQuery(p): ApiQuery<DiffParams>,
) -> ApiResult<Json<DiffDto>> {
    let d = s
        .app
        .diff_revisions(&actor, document_id(&id)?, p.from, p.to)
        .await?;
    Ok(Json(DiffDto::from(&d)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RestoreBody {
    revision: i64,
}

pub(super) async fn restore(
    State(s): State<WebState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<RestoreBody>,
) -> ApiResult<Json<DocumentDto>> {
    let d = s
        .app
        .restore_revision(&actor, document_id(&id)?, b.revision)
        .await?;
    Ok(Json(DocumentDto::from(&d)))
}

/// `multipart/form-data` with the image in a field named `file` (the first file field is taken
/// if none is named so). Answers 201 with the attachment and the Markdown that embeds it.
async fn upload_image(
    State(s): State<WebState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> ApiResult<Response> {
    let id = document_id(&id)?;
    let too_large = || {
        ApiError::payload_too_large(
            "file",
            format!(
                "an image may be at most {} MiB ({IMAGE_MAX_BYTES} bytes)",
                IMAGE_MAX_BYTES / (1024 * 1024)
            ),
        )
    };
    // Refuse a declared oversize body before reading any of it.
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > UPLOAD_BODY_LIMIT) {
        return Err(too_large());
    }
    let mut multipart = multipart.map_err(|e| {
        ApiError::bad_request(format!(
            "send the image as multipart/form-data in a field named file ({})",
            e.body_text()
        ))
    })?;
    let read_error = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            too_large()
        } else {
            ApiError::bad_request(e.body_text())
        }
    };
    while let Some(field) = multipart.next_field().await.map_err(read_error)? {
        let is_file = field.name() == Some("file") || field.file_name().is_some();
        if !is_file {
            continue;
        }
        let filename = field.file_name().unwrap_or("").to_string();
        let bytes = field.bytes().await.map_err(read_error)?;
        // The body limit leaves room for the multipart framing, so the file itself can still be
        // a little too large: that is a 413 too, not a 422.
        if bytes.len() > IMAGE_MAX_BYTES {
            return Err(too_large());
        }
        let a = s
            .app
            .add_document_image(&actor, id, &filename, &bytes)
            .await?;
        return Ok((StatusCode::CREATED, Json(AttachmentDto::from(&a))).into_response());
    }
    Err(ApiError::from(AppError::invalid(
        "file",
        "no file in the request: send the image in a multipart field named file",
    )))
}

async fn list_images(
    State(s): State<WebState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> ApiResult<Json<ListDto<AttachmentDto>>> {
    let images = s.app.document_images(&actor, document_id(&id)?).await?;
    Ok(Json(ListDto {
        items: images.iter().map(AttachmentDto::from).collect(),
        next_cursor: None,
    }))
}

#[derive(Deserialize)]
pub(super) struct ServiceListParams {
    #[serde(default)]
    include_inactive: bool,
}

pub(super) async fn list_services(
    State(s): State<WebState>,
    ApiActor(actor): ApiActor,
    ApiQuery(p): ApiQuery<ServiceListParams>,
) -> ApiResult<Json<ListDto<ServiceDto>>> {
    let services = s.app.services(&actor, p.include_inactive).await?;
    Ok(Json(ListDto {
        items: services.iter().map(ServiceDto::from).collect(),
        next_cursor: None,
    }))
}

fn service_id(raw: &str) -> ApiResult<i64> {
    raw.trim()
        .parse()
        .map_err(|_| ApiError::from(AppError::NotFound("service")))
}

pub(super) async fn get_service(
    State(s): State<WebState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> ApiResult<Json<ServiceDto>> {
    let svc = s.app.service(&actor, service_id(&id)?).await?;
    Ok(Json(ServiceDto::from(&svc)))
}

fn default_true() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CreateServiceBody {
    name: String,
    #[serde(default)]
    description: String,
    #[serde(rename = "type")]
    ticket_type: TicketType,
    default_impact: Option<Impact>,
    default_urgency: Option<Urgency>,
    #[serde(default = "default_true")]
    covered: bool,
    not_covered_reason: Option<String>,
}

pub(super) async fn create_service(
    State(s): State<WebState>,
    ApiActor(actor): ApiActor,
    ApiJson(b): ApiJson<CreateServiceBody>,
) -> ApiResult<Response> {
    let svc = s
        .app
        .create_service(
            &actor,
            NewService {
                name: b.name,
                description: b.description,
                ticket_type: b.ticket_type,
                default_impact: b.default_impact,
                default_urgency: b.default_urgency,
                covered: b.covered,
                not_covered_reason: b.not_covered_reason,
            },
        )
        .await?;
    Ok((StatusCode::CREATED, Json(ServiceDto::from(&svc))).into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PatchServiceBody {
    name: Option<String>,
    description: Option<String>,
    #[serde(rename = "type")]
    ticket_type: Option<TicketType>,
    default_impact: Option<Impact>,
    default_urgency: Option<Urgency>,
    covered: Option<bool>,
    #[serde(default, deserialize_with = "double_option")]
    not_covered_reason: Option<Option<String>>,
    active: Option<bool>,
}

pub(super) async fn patch_service(
    State(s): State<WebState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<PatchServiceBody>,
) -> ApiResult<Json<ServiceDto>> {
    let svc = s
        .app
        .update_service(
            &actor,
            service_id(&id)?,
            ServiceChanges {
                name: b.name,
                description: b.description,
                ticket_type: b.ticket_type,
                default_impact: b.default_impact,
                default_urgency: b.default_urgency,
                covered: b.covered,
                not_covered_reason: b.not_covered_reason,
                active: b.active,
            },
        )
        .await?;
    Ok(Json(ServiceDto::from(&svc)))
}
