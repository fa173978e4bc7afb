//! `GET /api/v1/docs`: the OpenAPI document rendered for people, server-side, with the shared
//! stylesheet and nothing else (no scripts, no inline styles: the CSP forbids them). Endpoints are
//! grouped by tag; every schema the document names is listed at the end and linked from where it
//! is used.

use std::sync::OnceLock;

use askama::Template;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

/// This reference, as HTML.
#[utoipa::path(
    get,
    path = "/docs",
    tag = "meta",
    responses((status = 200, description = "The API reference", content_type = "text/html", body = String)),
)]
pub(super) async fn reference_page() -> Response {
    static HTML: OnceLock<Result<String, String>> = OnceLock::new();
    let html = HTML.get_or_init(|| {
        let doc = serde_json::to_value(super::openapi::document()).map_err(|e| e.to_string())?;
        ReferencePage::from_document(&doc)
            .render()
            .map_err(|e| e.to_string())
    });
    match html {
        Ok(html) => (
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            html.as_str(),
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "rendering the API reference");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// A piece of prose: plain text, or `code` between backticks in the document's Markdown.
pub struct Span {
    pub text: String,
    pub code: bool,
}

/// Splits Markdown-ish text at backticks, one paragraph per blank-line-separated block.
fn paragraphs(text: &str) -> Vec<Vec<Span>> {
    text.split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(spans)
        .collect()
}

fn spans(text: &str) -> Vec<Span> {
    text.split('`')
        .enumerate()
        .filter(|(_, t)| !t.is_empty())
        .map(|(i, t)| Span {
            text: t.to_string(),
            code: i % 2 == 1,
        })
        .collect()
}

/// A type as people read it, e.g. `array of Ticket` or `string | null`; schema names link to
/// their definition.
pub struct TypePart {
    pub text: String,
    /// The anchor of the named schema, if this part names one.
    pub link: Option<String>,
}

fn text(s: impl Into<String>) -> TypePart {
    TypePart {
        text: s.into(),
        link: None,
    }
}

fn schema_anchor(name: &str) -> String {
    format!("schema-{name}")
}

/// Describes a schema in a line: a reference by name, or an inline type with its constraints.
fn type_parts(schema: &Value) -> Vec<TypePart> {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let name = r.rsplit('/').next().unwrap_or(r).to_string();
        return vec![TypePart {
            link: Some(schema_anchor(&name)),
            text: name,
        }];
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(alts) = schema.get(key).and_then(Value::as_array) {
            let mut out = Vec::new();
            for (i, alt) in alts.iter().enumerate() {
                if i > 0 {
                    out.push(text(" | "));
                }
                out.extend(type_parts(alt));
            }
            return out;
        }
    }
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        let values: Vec<String> = values.iter().map(value_text).collect();
        return vec![text(format!("one of: {}", values.join(", ")))];
    }
    let types: Vec<&str> = match schema.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    let mut out = Vec::new();
    for (i, t) in types.iter().enumerate() {
        if i > 0 {
            out.push(text(" | "));
        }
        if *t == "array" {
            out.push(text("array of "));
            match schema.get("items") {
                Some(items) => out.extend(type_parts(items)),
                None => out.push(text("anything")),
            }
        } else {
            out.push(text(*t));
        }
    }
    if out.is_empty() {
        out.push(text("any JSON value"));
    }
    let mut notes = Vec::new();
    if let Some(f) = schema.get("format").and_then(Value::as_str) {
        notes.push(f.to_string());
    }
    match (schema.get("minimum"), schema.get("maximum")) {
        (Some(lo), Some(hi)) => notes.push(format!("{lo}–{hi}")),
        (Some(lo), None) => notes.push(format!("≥ {lo}")),
        (None, Some(hi)) => notes.push(format!("≤ {hi}")),
        (None, None) => {}
    }
    if let Some(p) = schema.get("pattern").and_then(Value::as_str) {
        notes.push(format!("matching {p}"));
    }
    if !notes.is_empty() {
        out.push(text(format!(" ({})", notes.join(", "))));
    }
    out
}

fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

/// The schema a `$ref` names, looked up in the document's components.
fn resolve<'a>(doc: &'a Value, v: &'a Value, kind: &str) -> &'a Value {
    match v.get("$ref").and_then(Value::as_str) {
        Some(r) => {
            let name = r.rsplit('/').next().unwrap_or(r);
            &doc["components"][kind][name]
        }
        None => v,
    }
}

pub struct Param {
    pub name: String,
    pub location: String,
    pub required: bool,
    pub ty: Vec<TypePart>,
    pub description: Vec<Span>,
}

pub struct Body {
    pub content_type: String,
    pub ty: Vec<TypePart>,
}

pub struct Answer {
    pub status: String,
    pub description: Vec<Span>,
    pub content_type: String,
    pub ty: Vec<TypePart>,
}

pub struct Operation {
    pub anchor: String,
    pub method: String,
    /// The badge's colour class.
    pub method_class: &'static str,
    pub path: String,
    pub summary: Vec<Span>,
    pub description: Vec<Vec<Span>>,
    pub bearer: bool,
    pub params: Vec<Param>,
    pub body: Option<Body>,
    pub answers: Vec<Answer>,
}

pub struct Tag {
    pub name: String,
    pub anchor: String,
    pub description: Vec<Span>,
    pub operations: Vec<Operation>,
}

pub struct Field {
    pub name: String,
    pub required: bool,
    pub ty: Vec<TypePart>,
    pub description: Vec<Span>,
}

pub struct SchemaDef {
    pub name: String,
    pub anchor: String,
    pub description: Vec<Span>,
    /// For objects: their properties.
    pub fields: Vec<Field>,
    /// For everything else (enums, integers): the type in a line.
    pub ty: Vec<TypePart>,
    pub closed: bool,
}

#[derive(Template)]
#[template(path = "api_reference.html")]
pub struct ReferencePage {
    pub title: String,
    pub version: String,
    pub intro: Vec<Vec<Span>>,
    pub tags: Vec<Tag>,
    pub schemas: Vec<SchemaDef>,
}

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

impl ReferencePage {
    pub fn from_document(doc: &Value) -> ReferencePage {
        let mut tags: Vec<Tag> = doc["tags"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|t| Tag {
                name: str_of(t, "name").to_string(),
                anchor: format!("tag-{}", str_of(t, "name")),
                description: spans(str_of(t, "description")),
                operations: Vec::new(),
            })
            .collect();
        for (path, item) in doc["paths"].as_object().into_iter().flatten() {
            for method in METHODS {
                let Some(op) = item.get(method) else { continue };
                let operation = Self::operation(doc, path, method, op);
                let tag = op["tags"][0].as_str().unwrap_or("other");
                match tags.iter_mut().find(|t| t.name == tag) {
                    Some(t) => t.operations.push(operation),
                    None => tags.push(Tag {
                        name: tag.to_string(),
                        anchor: format!("tag-{tag}"),
                        description: Vec::new(),
                        operations: vec![operation],
                    }),
                }
            }
        }
        tags.retain(|t| !t.operations.is_empty());
        let schemas = doc["components"]["schemas"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(name, s)| Self::schema(name, s))
            .collect();
        ReferencePage {
            title: str_of(&doc["info"], "title").to_string(),
            version: str_of(&doc["info"], "version").to_string(),
            intro: paragraphs(str_of(&doc["info"], "description")),
            tags,
            schemas,
        }
    }

    fn operation(doc: &Value, path: &str, method: &str, op: &Value) -> Operation {
        let params = op["parameters"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|p| Param {
                name: str_of(p, "name").to_string(),
                location: str_of(p, "in").to_string(),
                required: p["required"].as_bool().unwrap_or(false),
                ty: type_parts(&p["schema"]),
                description: spans(str_of(p, "description")),
            })
            .collect();
        let body = op["requestBody"]["content"]
            .as_object()
            .and_then(|c| c.iter().next())
            .map(|(ct, media)| Body {
                content_type: ct.clone(),
                ty: type_parts(&media["schema"]),
            });
        let answers = op["responses"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(status, r)| {
                let r = resolve(doc, r, "responses");
                let (content_type, ty) = r["content"]
                    .as_object()
                    .and_then(|c| c.iter().next())
                    .map(|(ct, media)| (ct.clone(), type_parts(&media["schema"])))
                    .unwrap_or_default();
                Answer {
                    status: status.clone(),
                    description: spans(str_of(r, "description")),
                    content_type,
                    ty,
                }
            })
            .collect();
        Operation {
            anchor: str_of(op, "operationId").to_string(),
            method: method.to_uppercase(),
            method_class: match method {
                "get" => "status-open",
                "post" => "status-resolved",
                "delete" => "prio-p1",
                _ => "status-pending",
            },
            path: path.to_string(),
            summary: spans(str_of(op, "summary")),
            description: paragraphs(str_of(op, "description")),
            bearer: op["security"]
                .as_array()
                .is_some_and(|s| s.iter().any(|r| r.get("bearer").is_some())),
            params,
            body,
            answers,
        }
    }

    fn schema(name: &str, s: &Value) -> SchemaDef {
        let required: Vec<&str> = s["required"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let fields: Vec<Field> = s["properties"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(field, f)| {
                // A nullable reference carries its description inside the `oneOf`.
                let description = f["description"].as_str().or_else(|| {
                    f["oneOf"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .find_map(|alt| alt["description"].as_str())
                });
                Field {
                    name: field.clone(),
                    required: required.contains(&field.as_str()),
                    ty: type_parts(f),
                    description: spans(description.unwrap_or("")),
                }
            })
            .collect();
        let ty = if fields.is_empty() {
            type_parts(s)
        } else {
            Vec::new()
        };
        SchemaDef {
            name: name.to_string(),
            anchor: schema_anchor(name),
            description: spans(str_of(s, "description")),
            fields,
            ty,
            closed: s["additionalProperties"] == Value::Bool(false),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describes_types() {
        let show = |v: Value| -> String { type_parts(&v).into_iter().map(|p| p.text).collect() };
        assert_eq!(
            show(serde_json::json!({"type": ["string", "null"], "format": "date-time"})),
            "string | null (date-time)"
        );
        assert_eq!(
            show(
                serde_json::json!({"type": "array", "items": {"$ref": "#/components/schemas/Ticket"}})
            ),
            "array of Ticket"
        );
        assert_eq!(
            show(
                serde_json::json!({"oneOf": [{"type": "null"}, {"$ref": "#/components/schemas/Person"}]})
            ),
            "null | Person"
        );
        assert_eq!(
            show(serde_json::json!({"type": "string", "enum": ["open", "pending"]})),
            "one of: open, pending"
        );
        assert_eq!(
            show(serde_json::json!({"type": "integer", "minimum": 1, "maximum": 3})),
            "integer (1–3)"
        );
    }

    #[test]
    fn backticks_become_code() {
        let s = spans("use `me` or an id");
        assert_eq!(s.len(), 3);
        assert!(!s[0].code && s[1].code && s[1].text == "me");
    }

    #[test]
    fn renders_every_operation() {
        let doc = serde_json::to_value(super::super::openapi::document()).unwrap();
        let html = ReferencePage::from_document(&doc).render().unwrap();
        for path in doc["paths"].as_object().unwrap().keys() {
            assert!(
                html.contains(&format!("<code>{path}</code>")),
                "{path} missing"
            );
        }
        assert!(!html.contains("<script"), "no scripts");
        assert!(!html.contains("style="), "no inline styles");
    }
}
