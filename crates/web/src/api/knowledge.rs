//! `/api/v1/documents` and `/api/v1/services`: the knowledge base, its designations, document
//! images and the service catalog. Thin: every rule is in `skranke_app::documents` and
//! `skranke_app::services`.

use axum::Json;
use axum::extract::State;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Deserializer};
use skranke_app::AppError;
use skranke_app::documents::{DesignationChanges, DocumentEdit, DocumentQuery, NewDocument};
use skranke_app::services::{NewService, ServiceChanges};
use skranke_domain::document::{Designation, IMAGE_MAX_BYTES, Visibility};
use skranke_domain::{Impact, TicketType, Urgency};
use utoipa::{IntoParams, ToSchema};

use super::schema::{self, Conflict, Forbidden, Invalid, NotFound, PayloadTooLarge, Unauthorized};
use super::{ApiActor, ApiError, ApiJson, ApiPath, ApiQuery, ApiResult, cursor, dto::*};
use crate::WebState;

/// The most an image upload request may carry: the image plus the multipart framing.
pub const UPLOAD_BODY_LIMIT: usize = IMAGE_MAX_BYTES + 64 * 1024;

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

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub(super) struct DocumentPath {
    /// The document's id.
    #[param(value_type = i64, minimum = 1, example = 1)]
    id: String,
}

impl DocumentPath {
    fn id(&self) -> ApiResult<i64> {
        document_id(&self.id)
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct DocumentListParams {
    /// Words to find in titles and bodies (Danish and English stemming); best matches first.
    q: Option<String>,
    /// Page size, 1–200 (default 50); larger values are cut to 200.
    #[param(minimum = 1, maximum = 200)]
    limit: Option<i64>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
}

/// The knowledge base: every document the caller may read (customers: public and designated
/// ones), recently updated first, or search results for `q`.
#[utoipa::path(
    get,
    path = "/documents",
    tag = "documents",
    params(DocumentListParams),
    responses(
        (status = 200, description = "One page of documents", body = schema::DocumentList),
        (status = 401, response = Unauthorized),
        (status = 422, response = Invalid),
    ),
    security(("bearer" = [])),
)]
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
                cursor: cursor(p.cursor),
                limit: p.limit,
            },
        )
        .await?;
    Ok(Json(ListDto {
        items: page.items.iter().map(DocumentSummaryDto::from).collect(),
        next_cursor: page.next_cursor,
    }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = NewDocument)]
pub(super) struct CreateDocumentBody {
    #[schema(min_length = 1, max_length = 200)]
    title: String,
    /// Markdown; `{{services}}` on a line of its own shows the live service catalog.
    #[schema(min_length = 1)]
    body: String,
    /// Defaults to `internal`.
    #[schema(value_type = Option<schema::Visibility>)]
    visibility: Option<Visibility>,
}

/// Write a document (agents and admins).
#[utoipa::path(
    post,
    path = "/documents",
    tag = "documents",
    request_body = CreateDocumentBody,
    responses(
        (status = 201, description = "The new document", body = DocumentDto),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 413, response = PayloadTooLarge),
        (status = 422, response = Invalid),
    ),
    security(("bearer" = [])),
)]
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

/// One document.
#[utoipa::path(
    get,
    path = "/documents/{id}",
    tag = "documents",
    params(DocumentPath),
    responses(
        (status = 200, description = "The document", body = DocumentDto),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = [])),
)]
pub(super) async fn get_document(
    State(s): State<WebState>,
    ApiActor(actor): ApiActor,
    ApiPath(path): ApiPath<DocumentPath>,
) -> ApiResult<Json<DocumentDto>> {
    let d = s.app.document(&actor, path.id()?).await?;
    Ok(Json(DocumentDto::from(&d)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = DocumentEdit)]
pub(super) struct EditDocumentBody {
    #[schema(min_length = 1, max_length = 200)]
    title: String,
    #[schema(min_length = 1)]
    body: String,
    /// Unchanged when left out.
    #[schema(value_type = Option<schema::Visibility>)]
    visibility: Option<Visibility>,
    /// The `revision` the client loaded; a stale one is answered with 409.
    base_revision: i64,
}

/// Save a new revision of a document (agents and admins).
#[utoipa::path(
    put,
    path = "/documents/{id}",
    tag = "documents",
    params(DocumentPath),
    request_body = EditDocumentBody,
    responses(
        (status = 200, description = "The document, at its new revision", body = DocumentDto),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
        (status = 413, response = PayloadTooLarge),
        (status = 422, response = Invalid),
    ),
    security(("bearer" = [])),
)]
pub(super) async fn put_document(
    State(s): State<WebState>,
    ApiActor(actor): ApiActor,
    ApiPath(path): ApiPath<DocumentPath>,
    ApiJson(b): ApiJson<EditDocumentBody>,
) -> ApiResult<Json<DocumentDto>> {
    let d = s
        .app
        .edit_document(
            &actor,
            path.id()?,
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

/// The document designated as the SLA; everyone may read it.
#[utoipa::path(
    get,
    path = "/documents/sla",
    tag = "documents",
    responses(
        (status = 200, description = "The SLA", body = DocumentDto),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = [])),
)]
pub(super) async fn get_sla(
    State(s): State<WebState>,
    ApiActor(actor): ApiActor,
) -> ApiResult<Json<DocumentDto>> {
    designated(&s, &actor, Designation::Sla).await
}

/// The document designated as the service catalog; everyone may read it.
#[utoipa::path(
    get,
    path = "/documents/service-catalog",
    tag = "documents",
    responses(
        (status = 200, description = "The service catalog document", body = DocumentDto),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = [])),
)]
pub(super) async fn get_service_catalog(
    State(s): State<WebState>,
    ApiActor(actor): ApiActor,
) -> ApiResult<Json<DocumentDto>> {
    designated(&s, &actor, Designation::ServiceCatalog).await
}

/// Which documents are designated.
#[utoipa::path(
    get,
    path = "/documents/designations",
    tag = "documents",
    responses(
        (status = 200, description = "The designations", body = DesignationsDto),
        (status = 401, response = Unauthorized),
    ),
    security(("bearer" = [])),
)]
pub(super) async fn get_designations(
    State(s): State<WebState>,
    ApiActor(_actor): ApiActor,
) -> ApiResult<Json<DesignationsDto>> {
    Ok(Json(DesignationsDto::from(&s.app.designations().await?)))
}

/// A document id designates it; `null` removes the designation; a field left out keeps it.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = DesignationChanges)]
pub(super) struct DesignationsBody {
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i64>)]
    sla: Option<Option<i64>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i64>)]
    service_catalog: Option<Option<i64>>,
}

/// Designate the SLA and the service catalog documents (admins).
#[utoipa::path(
    put,
    path = "/documents/designations",
    tag = "documents",
    request_body = DesignationsBody,
    responses(
        (status = 200, description = "The designations after the change", body = DesignationsDto),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 413, response = PayloadTooLarge),
        (status = 422, response = Invalid),
    ),
    security(("bearer" = [])),
)]
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

/// A document's revisions, newest first, without their bodies (agents and admins).
#[utoipa::path(
    get,
    path = "/documents/{id}/revisions",
    tag = "documents",
    params(DocumentPath, super::users::PageParams),
    responses(
        (status = 200, description = "One page of revisions", body = schema::RevisionList),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 422, response = Invalid),
    ),
    security(("bearer" = [])),
)]
pub(super) async fn list_revisions(
    State(s): State<WebState>,
    ApiActor(actor): ApiActor,
    ApiPath(path): ApiPath<DocumentPath>,
    ApiQuery(p): ApiQuery<super::users::PageParams>,
) -> ApiResult<Json<ListDto<RevisionDto>>> {
    let page = s
        .app
        .revisions(&actor, path.id()?, cursor(p.cursor).as_deref(), p.limit)
        .await?;
    Ok(Json(ListDto {
        items: page.items.iter().map(RevisionDto::summary).collect(),
        next_cursor: page.next_cursor,
    }))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub(super) struct RevisionPath {
    /// The document's id.
    #[param(value_type = i64, minimum = 1, example = 1)]
    id: String,
    /// The revision number.
    #[param(value_type = i64, minimum = 1, example = 1)]
    revision: String,
}

/// One revision of a document, with its body (agents and admins).
#[utoipa::path(
    get,
    path = "/documents/{id}/revisions/{revision}",
    tag = "documents",
    params(RevisionPath),
    responses(
        (status = 200, description = "The revision", body = RevisionDto),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = [])),
)]
pub(super) async fn get_revision(
    State(s): State<WebState>,
    ApiActor(actor): ApiActor,
    ApiPath(path): ApiPath<RevisionPath>,
) -> ApiResult<Json<RevisionDto>> {
    let revision: i64 = path
        .revision
        .trim()
        .parse()
        .map_err(|_| ApiError::from(AppError::NotFound("revision")))?;
    let r = s
        .app
        .revision(&actor, document_id(&path.id)?, revision)
        .await?;
    Ok(Json(RevisionDto::full(&r)))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct DiffParams {
    /// The older revision; defaults to the one before `to`.
    #[param(minimum = 1)]
    from: Option<i64>,
    /// The newer revision; defaults to the current one.
    #[param(minimum = 1)]
    to: Option<i64>,
}

impl DiffParams {
    /// Revision numbers start at 1; anything below names no revision.
    fn checked(&self) -> ApiResult<(Option<i64>, Option<i64>)> {
        for (field, rev) in [("from", self.from), ("to", self.to)] {
            if let Some(n) = rev.filter(|n| *n < 1) {
                return Err(ApiError::from(AppError::invalid(
                    field,
                    format!("the document has no revision {n}"),
                )));
            }
        }
        Ok((self.from, self.to))
    }
}

/// Two revisions of a document compared line by line (agents and admins).
#[utoipa::path(
    get,
    path = "/documents/{id}/diff",
    tag = "documents",
    params(DocumentPath, DiffParams),
    responses(
        (status = 200, description = "The difference", body = DiffDto),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 422, response = Invalid),
    ),
    security(("bearer" = [])),
)]
pub(super) async fn diff(
    State(s): State<WebState>,
    ApiActor(actor): ApiActor,
    ApiPath(path): ApiPath<DocumentPath>,
    ApiQuery(p): ApiQuery<DiffParams>,
) -> ApiResult<Json<DiffDto>> {
    let (from, to) = p.checked()?;
    let d = s.app.diff_revisions(&actor, path.id()?, from, to).await?;
    Ok(Json(DiffDto::from(&d)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = Restore)]
pub(super) struct RestoreBody {
    /// The revision whose text becomes the new current revision.
    #[schema(minimum = 1)]
    revision: i64,
}

/// Restore an earlier revision as a new revision (agents and admins).
#[utoipa::path(
    post,
    path = "/documents/{id}/restore",
    tag = "documents",
    params(DocumentPath),
    request_body = RestoreBody,
    responses(
        (status = 200, description = "The document, at its new revision", body = DocumentDto),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
        (status = 413, response = PayloadTooLarge),
        (status = 422, response = Invalid),
    ),
    security(("bearer" = [])),
)]
pub(super) async fn restore(
    State(s): State<WebState>,
    ApiActor(actor): ApiActor,
    ApiPath(path): ApiPath<DocumentPath>,
    ApiJson(b): ApiJson<RestoreBody>,
) -> ApiResult<Json<DocumentDto>> {
    let d = s
        .app
        .restore_revision(&actor, path.id()?, b.revision)
        .await?;
    Ok(Json(DocumentDto::from(&d)))
}

/// An image upload.
#[derive(ToSchema)]
#[schema(as = ImageUpload)]
#[allow(dead_code)]
pub(super) struct ImageUploadSchema {
    /// A PNG, JPEG, GIF or WebP image of at most 5 MiB.
    #[schema(value_type = String, format = Binary)]
    file: (),
}

/// Upload an image for a document (agents and admins): `multipart/form-data` with the image in a
/// field named `file` (the first file field is taken if none is named so). The answer carries the
/// Markdown that embeds it.
#[utoipa::path(
    post,
    path = "/documents/{id}/attachments",
    tag = "documents",
    params(DocumentPath),
    request_body(content = ImageUploadSchema, content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "The stored image", body = AttachmentDto),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 413, response = PayloadTooLarge),
        (status = 422, response = Invalid),
    ),
    security(("bearer" = [])),
)]
pub(super) async fn upload_image(
    State(s): State<WebState>,
    ApiActor(actor): ApiActor,
    ApiPath(path): ApiPath<DocumentPath>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> ApiResult<Response> {
    let id = path.id()?;
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

/// A document's images.
#[utoipa::path(
    get,
    path = "/documents/{id}/attachments",
    tag = "documents",
    params(DocumentPath),
    responses(
        (status = 200, description = "Every image (`next_cursor` is always null)", body = schema::AttachmentList),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = [])),
)]
pub(super) async fn list_images(
    State(s): State<WebState>,
    ApiActor(actor): ApiActor,
    ApiPath(path): ApiPath<DocumentPath>,
) -> ApiResult<Json<ListDto<AttachmentDto>>> {
    let images = s.app.document_images(&actor, path.id()?).await?;
    Ok(Json(ListDto {
        items: images.iter().map(AttachmentDto::from).collect(),
        next_cursor: None,
    }))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct ServiceListParams {
    /// Agents and admins: list retired services too.
    #[serde(default)]
    include_inactive: bool,
}

/// The structured service catalog, by name.
#[utoipa::path(
    get,
    path = "/services",
    tag = "services",
    params(ServiceListParams),
    responses(
        (status = 200, description = "Every service (`next_cursor` is always null)", body = schema::ServiceList),
        (status = 401, response = Unauthorized),
        (status = 422, response = Invalid),
    ),
    security(("bearer" = [])),
)]
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

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub(super) struct ServicePath {
    /// The service's id.
    #[param(value_type = i64, example = 1)]
    id: String,
}

impl ServicePath {
    fn id(&self) -> ApiResult<i64> {
        self.id
            .trim()
            .parse()
            .map_err(|_| ApiError::from(AppError::NotFound("service")))
    }
}

/// One service (customers: active ones only).
#[utoipa::path(
    get,
    path = "/services/{id}",
    tag = "services",
    params(ServicePath),
    responses(
        (status = 200, description = "The service", body = ServiceDto),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = [])),
)]
pub(super) async fn get_service(
    State(s): State<WebState>,
    ApiActor(actor): ApiActor,
    ApiPath(path): ApiPath<ServicePath>,
) -> ApiResult<Json<ServiceDto>> {
    let svc = s.app.service(&actor, path.id()?).await?;
    Ok(Json(ServiceDto::from(&svc)))
}

fn default_true() -> bool {
    true
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = NewService)]
pub(super) struct CreateServiceBody {
    #[schema(min_length = 1, max_length = 200)]
    name: String,
    #[serde(default)]
    description: String,
    /// The type of the tickets raised for it.
    #[serde(rename = "type")]
    #[schema(value_type = schema::TicketType)]
    ticket_type: TicketType,
    /// Defaults to `medium`.
    #[schema(value_type = Option<schema::Impact>)]
    default_impact: Option<Impact>,
    /// Defaults to `medium`.
    #[schema(value_type = Option<schema::Urgency>)]
    default_urgency: Option<Urgency>,
    /// Defaults to true.
    #[serde(default = "default_true")]
    covered: bool,
    /// Required when `covered` is false.
    not_covered_reason: Option<String>,
}

/// Add a service to the catalog (admins).
#[utoipa::path(
    post,
    path = "/services",
    tag = "services",
    request_body = CreateServiceBody,
    responses(
        (status = 201, description = "The new service", body = ServiceDto),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 409, response = Conflict),
        (status = 413, response = PayloadTooLarge),
        (status = 422, response = Invalid),
    ),
    security(("bearer" = [])),
)]
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

/// Only the fields sent change; `not_covered_reason: null` clears the reason.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = ServiceChanges)]
pub(super) struct PatchServiceBody {
    name: Option<String>,
    description: Option<String>,
    #[serde(rename = "type")]
    #[schema(value_type = Option<schema::TicketType>)]
    ticket_type: Option<TicketType>,
    #[schema(value_type = Option<schema::Impact>)]
    default_impact: Option<Impact>,
    #[schema(value_type = Option<schema::Urgency>)]
    default_urgency: Option<Urgency>,
    covered: Option<bool>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    not_covered_reason: Option<Option<String>>,
    /// False retires the service: it leaves the catalog, its tickets keep it.
    active: Option<bool>,
}

/// Edit a service (admins).
#[utoipa::path(
    patch,
    path = "/services/{id}",
    tag = "services",
    params(ServicePath),
    request_body = PatchServiceBody,
    responses(
        (status = 200, description = "The changed service", body = ServiceDto),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
        (status = 413, response = PayloadTooLarge),
        (status = 422, response = Invalid),
    ),
    security(("bearer" = [])),
)]
pub(super) async fn patch_service(
    State(s): State<WebState>,
    ApiActor(actor): ApiActor,
    ApiPath(path): ApiPath<ServicePath>,
    ApiJson(b): ApiJson<PatchServiceBody>,
) -> ApiResult<Json<ServiceDto>> {
    let svc = s
        .app
        .update_service(
            &actor,
            path.id()?,
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
