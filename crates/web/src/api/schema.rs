//! OpenAPI schemas for what the API sends but does not define itself: the domain's enums (their
//! values come from the domain's own lists, so the document cannot drift from the code) and the
//! `application/problem+json` error responses.

use std::borrow::Cow;

use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Schema, Type};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder, response::Response};
use utoipa::{PartialSchema, ToResponse, ToSchema};

/// A schema-only stand-in for an enum defined elsewhere: a string with the listed values.
macro_rules! enum_schema {
    ($($(#[doc = $doc:literal])* $name:ident => [$($value:expr),+ $(,)?];)+) => {$(
        $(#[doc = $doc])*
        pub struct $name;

        impl PartialSchema for $name {
            fn schema() -> RefOr<Schema> {
                let values: Vec<&'static str> = vec![$($value),+];
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .enum_values(Some(values))
                    .description(Some(concat!($($doc, "\n"),+).trim()))
                    .into()
            }
        }

        impl ToSchema for $name {
            fn name() -> Cow<'static, str> {
                Cow::Borrowed(stringify!($name))
            }
        }
    )+};
}

/// The same for a domain enum; the values are the domain's own list (`ALL`).
macro_rules! domain_enum_schema {
    ($($(#[doc = $doc:literal])* $name:ident => $ty:ty;)+) => {$(
        $(#[doc = $doc])*
        pub struct $name;

        impl PartialSchema for $name {
            fn schema() -> RefOr<Schema> {
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .enum_values(Some(<$ty>::ALL.iter().map(|v| v.as_str())))
                    .description(Some(concat!($($doc, "\n"),+).trim()))
                    .into()
            }
        }

        impl ToSchema for $name {
            fn name() -> Cow<'static, str> {
                Cow::Borrowed(stringify!($name))
            }
        }
    )+};
}

domain_enum_schema! {
    /// `incident`: something is broken; `request`: something is wanted.
    TicketType => skranke_domain::TicketType;
    /// Where the ticket stands: `open`, `pending` (waiting on the customer) or `resolved`.
    Status => skranke_domain::Status;
    /// `p1` is the most urgent; derived from impact and urgency by the priority matrix.
    Priority => skranke_domain::Priority;
    /// How much of the business a ticket affects; set by an agent at triage.
    Impact => skranke_domain::Impact;
    /// How soon it hurts; stated by the customer.
    Urgency => skranke_domain::Urgency;
    /// What a person may do: customers raise tickets, agents work them, admins run the desk.
    Role => skranke_domain::Role;
    /// `internal` documents are for agents and admins; `public` ones customers read too.
    Visibility => skranke_domain::document::Visibility;
    /// The two documents an admin designates for everyone to read.
    Designation => skranke_domain::document::Designation;
}

enum_schema! {
    /// How a support level receives new tickets: assigned automatically, or kept in the level's queue.
    LevelMode => ["auto", "queue"];
    /// What happened to a line between two revisions.
    DiffOp => ["same", "added", "removed"];
}

/// A support level: 1, 2 or 3.
pub struct Level;

impl PartialSchema for Level {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::Integer)
            .minimum(Some(1))
            .maximum(Some(3))
            .description(Some("A support level: 1, 2 or 3."))
            .into()
    }
}

impl ToSchema for Level {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("Level")
    }
}

/// The schema of a list answer, `{items, next_cursor}`, with its items by reference.
macro_rules! list_schema {
    ($($name:ident => $item:ty;)+) => {$(
        pub struct $name;

        impl PartialSchema for $name {
            fn schema() -> RefOr<Schema> {
                let item = <$item as ToSchema>::name();
                ObjectBuilder::new()
                    .description(Some(format!(
                        "One page of {item} items. Pass `next_cursor` back as `cursor` for the \
                         next page; it is `null` on the last page."
                    )))
                    .property(
                        "items",
                        ArrayBuilder::new().items(Ref::from_schema_name(item.clone())),
                    )
                    .required("items")
                    .property(
                        "next_cursor",
                        ObjectBuilder::new().schema_type(
                            utoipa::openapi::schema::SchemaType::from_iter([
                                Type::String,
                                Type::Null,
                            ]),
                        ),
                    )
                    .required("next_cursor")
                    .into()
            }
        }

        impl ToSchema for $name {
            fn name() -> Cow<'static, str> {
                Cow::Borrowed(stringify!($name))
            }

            fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
                schemas.push((<$item as ToSchema>::name().into(), <$item as PartialSchema>::schema()));
                <$item as ToSchema>::schemas(schemas);
            }
        }
    )+};
}

list_schema! {
    TicketList => super::TicketDto;
    CommentList => super::CommentDto;
    EventList => super::EventDto;
    UserList => super::UserDto;
    TokenList => super::users::TokenInfoDto;
    NotificationList => super::NotificationDto;
    DocumentList => super::DocumentSummaryDto;
    RevisionList => super::RevisionDto;
    AttachmentList => super::AttachmentDto;
    ServiceList => super::ServiceDto;
    WebhookList => super::webhooks::WebhookDto;
    WebhookDeliveryList => super::webhooks::DeliveryDto;
    FailedJobList => super::webhooks::FailedJobDto;
}

/// The priority of each impact × urgency pair.
pub struct PriorityMatrix;

impl PartialSchema for PriorityMatrix {
    fn schema() -> RefOr<Schema> {
        let row = ArrayBuilder::new()
            .items(Ref::from_schema_name("Priority"))
            .min_items(Some(3))
            .max_items(Some(3));
        ArrayBuilder::new()
            .items(row)
            .min_items(Some(3))
            .max_items(Some(3))
            .description(Some(
                "Rows are impact (high, medium, low), columns urgency (high, medium, low).",
            ))
            .into()
    }
}

impl ToSchema for PriorityMatrix {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("PriorityMatrix")
    }

    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        schemas.push((Priority::name().into(), Priority::schema()));
    }
}

/// One line of a diff.
#[derive(ToSchema)]
#[schema(as = DiffLine)]
#[allow(dead_code)]
pub struct DiffLineSchema {
    #[schema(value_type = DiffOp)]
    op: (),
    text: String,
}

/// An error, as RFC 9457 problem details (`application/problem+json`).
#[derive(ToSchema)]
#[schema(as = Problem)]
#[allow(dead_code)]
pub struct ProblemSchema {
    /// Always `about:blank`: the status code says what kind of error it is.
    #[schema(rename = "type", example = "about:blank")]
    kind: String,
    /// A short, fixed summary of the status, e.g. `Invalid request`.
    title: String,
    /// The HTTP status code.
    #[schema(minimum = 400, maximum = 599)]
    status: u16,
    /// What went wrong, for a person to read.
    detail: String,
    /// On a 413 or 422: the request field that was refused (`body` when the body did not parse).
    #[schema(required = false)]
    field: String,
}

/// The error responses the API answers with, each `application/problem+json`.
macro_rules! problem_responses {
    ($($name:ident => $description:literal;)+) => {$(
        pub struct $name;

        impl<'r> ToResponse<'r> for $name {
            fn response() -> (&'r str, RefOr<Response>) {
                (
                    stringify!($name),
                    ResponseBuilder::new()
                        .description($description)
                        .content(
                            "application/problem+json",
                            ContentBuilder::new()
                                .schema(Some(Ref::from_schema_name("Problem")))
                                .build(),
                        )
                        .build()
                        .into(),
                )
            }
        }
    )+};
}

problem_responses! {
    Unauthorized => "No bearer token, or one that is unknown, revoked or belongs to a deactivated \
                     user. The response carries `WWW-Authenticate: Bearer`.";
    Forbidden => "The caller's role does not allow this.";
    NotFound => "No such resource, or one the caller may not see (customers get 404 for other \
                 people's tickets, never 403).";
    Conflict => "The request clashes with the current state: a stale `base_revision`, a taken \
                 e-mail address, a ticket already at that level.";
    PayloadTooLarge => "The request body is larger than the endpoint accepts: 1 MiB for JSON, 5 MiB \
                        for an image.";
    Invalid => "A field is missing or has a value the API does not accept; `field` names it. A \
                body that is not JSON, or not of the documented shape, is answered the same way \
                with `field` = `body`.";
}
