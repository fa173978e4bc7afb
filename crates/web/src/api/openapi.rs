//! The OpenAPI 3.1 document, generated from the handlers' `#[utoipa::path]` annotations and the
//! DTOs' `ToSchema` derives. Served at `GET /api/v1/openapi.json` without authentication.
//!
//! A new handler goes in three places: the route table (`super::route_table`), `paths(...)`
//! below, and its own annotation. The integration tests fail when the first two disagree, and
//! the snapshot test shows every change to the document for review.

use std::sync::OnceLock;

use axum::http::header;
use axum::response::IntoResponse;
use utoipa::openapi::OpenApi as OpenApiDoc;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::schema::{Conflict, Forbidden, Invalid, NotFound, PayloadTooLarge, Unauthorized};
use super::{admin, knowledge, reference, schema, tickets, users, webhooks};

/// The endpoints, with paths relative to `/api/v1` (the route table's paths).
#[derive(OpenApi)]
#[openapi(paths(
    openapi_json,
    reference::reference_page,
    users::auth_token,
    users::me,
    users::list_tokens,
    users::create_token,
    users::revoke_token,
    tickets::list_tickets,
    tickets::create_ticket,
    tickets::get_ticket,
    tickets::patch_ticket,
    tickets::list_comments,
    tickets::add_comment,
    tickets::list_events,
    tickets::assign,
    tickets::escalate,
    tickets::reopen,
    users::list_users,
    users::create_user,
    users::get_user,
    users::patch_user,
    users::notifications,
    users::notifications_read,
    admin::audit,
    admin::get_settings,
    admin::patch_settings,
    knowledge::list_documents,
    knowledge::create_document,
    knowledge::get_sla,
    knowledge::get_service_catalog,
    knowledge::get_designations,
    knowledge::put_designations,
    knowledge::get_document,
    knowledge::put_document,
    knowledge::list_revisions,
    knowledge::get_revision,
    knowledge::diff,
    knowledge::restore,
    knowledge::list_images,
    knowledge::upload_image,
    knowledge::list_services,
    knowledge::create_service,
    knowledge::get_service,
    knowledge::patch_service,
    webhooks::list_webhooks,
    webhooks::create_webhook,
    webhooks::patch_webhook,
    webhooks::list_deliveries,
    webhooks::failed_jobs,
))]
struct V1;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Skranke API",
        description = "The JSON API of Skranke, a self-hosted IT service desk. The web UI and the \
                       API share one service layer, so every rule holds the same way through \
                       both.\n\n\
                       Authenticate with `Authorization: Bearer <token>`: get a token from \
                       `POST /api/v1/auth/token`, from your profile page, or with \
                       `skranke token create --email E`. Errors are `application/problem+json` \
                       with a human `detail`. Times are RFC 3339 UTC. Lists answer \
                       `{items, next_cursor}`: pass `next_cursor` back as `cursor` for the next \
                       page.",
        license(name = "AGPL-3.0-or-later", identifier = "AGPL-3.0-or-later"),
    ),
    nest((path = "/api/v1", api = V1)),
    components(
        schemas(schema::ProblemSchema),
        responses(Unauthorized, Forbidden, NotFound, Conflict, PayloadTooLarge, Invalid),
    ),
    modifiers(&BearerAuth),
    tags(
        (name = "tickets", description = "Tickets, their comments and history, assignment and escalation."),
        (name = "documents", description = "The knowledge base: documents, revisions, images, and the designated SLA and service catalog."),
        (name = "services", description = "The structured service catalog."),
        (name = "users", description = "The caller and the desk's users."),
        (name = "notifications", description = "The caller's in-app notifications."),
        (name = "admin", description = "The audit log, the run-time settings, webhooks and failed background jobs."),
        (name = "auth", description = "API tokens."),
        (name = "meta", description = "This document, for machines and for people."),
    ),
)]
struct ApiDoc;

/// The `bearer` security scheme the operations refer to.
struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, doc: &mut OpenApiDoc) {
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "An API token: `POST /api/v1/auth/token`, the profile page, or \
                         `skranke token create --email E`.",
                    ))
                    .build(),
            ),
        );
    }
}

/// The document. `info.version` is the crate's version.
pub fn document() -> OpenApiDoc {
    let mut doc = ApiDoc::openapi();
    doc.info.version = env!("CARGO_PKG_VERSION").to_string();
    doc
}

/// The document as JSON, built once.
fn document_json() -> &'static str {
    static JSON: OnceLock<String> = OnceLock::new();
    JSON.get_or_init(|| {
        document()
            .to_pretty_json()
            .expect("the document serialises")
    })
}

/// This OpenAPI 3.1 document.
#[utoipa::path(
    get,
    path = "/openapi.json",
    tag = "meta",
    responses((status = 200, description = "The OpenAPI 3.1 document", content_type = "application/json", body = Object)),
)]
pub(super) async fn openapi_json() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "application/json")],
        document_json(),
    )
}
