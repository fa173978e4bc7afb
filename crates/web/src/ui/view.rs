//! View models: service-layer values turned into the text and options templates show.

use std::collections::HashMap;

use skranke_app::log::Event;
use skranke_app::tickets::Ticket;
use skranke_domain::document::Visibility;
use skranke_domain::ticket::format_number;
use skranke_domain::{Impact, Level, Priority, Role, Status, TicketType, Urgency};
use time::OffsetDateTime;
use time::macros::format_description;

use crate::i18n::Tr;

/// "2026-11-28 14:05 UTC".
pub fn fmt_time(ms: i64) -> String {
    let fmt = format_description!("[year]-[month]-[day] [hour]:[minute] UTC");
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .ok()
        .and_then(|t| t.format(&fmt).ok())
        .unwrap_or_default()
}

/// RFC 3339 for `<time datetime>`.
pub fn iso_time(ms: i64) -> String {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}

/// A compact age: "5m", "3h", "2d".
pub fn fmt_age(tr: Tr, now: i64, ms: i64) -> String {
    let mins = ((now - ms).max(0)) / 60_000;
    if mins < 60 {
        tr.n("age-minutes", "n", mins)
    } else if mins < 48 * 60 {
        tr.n("age-hours", "n", mins / 60)
    } else {
        tr.n("age-days", "n", mins / (24 * 60))
    }
}

/// `YYYY-MM-DD` (UTC) → ms at the start of that day.
pub fn parse_date(s: &str) -> Option<i64> {
    let fmt = format_description!("[year]-[month]-[day]");
    let d = time::Date::parse(s.trim(), &fmt).ok()?;
    Some((d.midnight().assume_utc().unix_timestamp_nanos() / 1_000_000) as i64)
}

pub fn status_label(tr: Tr, s: Status) -> String {
    tr.t(&format!("status-{}", s.as_str()))
}

pub fn type_label(tr: Tr, t: TicketType) -> String {
    tr.t(&format!("type-{}", t.as_str()))
}

pub fn impact_label(tr: Tr, i: Impact) -> String {
    tr.t(&format!("level-{}", i.as_str()))
}

pub fn urgency_label(tr: Tr, u: Urgency) -> String {
    tr.t(&format!("level-{}", u.as_str()))
}

pub fn role_label(tr: Tr, r: Role) -> String {
    tr.t(&format!("role-{}", r.as_str()))
}

fn label_of(tr: Tr, prefix: &str, v: &serde_json::Value) -> String {
    match v.as_str() {
        Some(s) => {
            let key = format!("{prefix}-{s}");
            let l = tr.t(&key);
            if l == key || l.is_empty() {
                s.to_string()
            } else {
                l
            }
        }
        None => v.to_string(),
    }
}

/// One option of a `<select>`.
#[derive(Debug, Clone)]
pub struct Opt {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

impl Opt {
    pub fn new(value: impl Into<String>, label: impl Into<String>, selected: bool) -> Opt {
        Opt {
            value: value.into(),
            label: label.into(),
            selected,
        }
    }
}

pub fn status_opts(tr: Tr, current: &str, any: bool) -> Vec<Opt> {
    let mut v = Vec::new();
    if any {
        v.push(Opt::new("", tr.t("filter-any"), current.is_empty()));
        v.push(Opt::new(
            "unresolved",
            tr.t("filter-unresolved"),
            current == "unresolved",
        ));
    }
    v.extend(
        Status::ALL
            .iter()
            .map(|s| Opt::new(s.as_str(), status_label(tr, *s), current == s.as_str())),
    );
    v
}

pub fn type_opts(tr: Tr, current: &str, any: bool) -> Vec<Opt> {
    let mut v = Vec::new();
    if any {
        v.push(Opt::new("", tr.t("filter-any"), current.is_empty()));
    }
    v.extend(
        TicketType::ALL
            .iter()
            .map(|s| Opt::new(s.as_str(), type_label(tr, *s), current == s.as_str())),
    );
    v
}

pub fn hml_opts(tr: Tr, current: &str) -> Vec<Opt> {
    ["high", "medium", "low"]
        .iter()
        .map(|s| Opt::new(*s, tr.t(&format!("level-{s}")), current == *s))
        .collect()
}

pub fn level_opts(tr: Tr, current: &str, any: bool) -> Vec<Opt> {
    let mut v = Vec::new();
    if any {
        v.push(Opt::new("", tr.t("filter-any"), current.is_empty()));
    }
    for l in Level::ALL {
        let s = l.to_string();
        v.push(Opt::new(
            s.clone(),
            tr.a("level-n", &[("level", &s)]),
            current == s,
        ));
    }
    v
}

/// A row of a ticket list.
#[derive(Debug, Clone)]
pub struct TicketRowView {
    pub number: i64,
    pub num: String,
    pub url: String,
    pub title: String,
    pub status: &'static str,
    pub status_label: String,
    pub prio: &'static str,
    pub prio_label: &'static str,
    pub ticket_type: &'static str,
    pub type_label: String,
    pub requester: String,
    pub assignee: String,
    pub level: String,
    pub age: String,
    pub created: String,
    pub updated: String,
    pub updated_iso: String,
    pub unassigned: bool,
}

impl TicketRowView {
    pub fn new(tr: Tr, now: i64, t: &Ticket) -> TicketRowView {
        TicketRowView {
            number: t.number,
            num: format_number(t.number),
            url: format!("/tickets/{}", t.number),
            title: t.title.clone(),
            status: t.status.as_str(),
            status_label: status_label(tr, t.status),
            prio: t.priority.as_str(),
            prio_label: t.priority.label(),
            ticket_type: t.ticket_type.as_str(),
            type_label: type_label(tr, t.ticket_type),
            requester: t.requester.name.clone(),
            assignee: t
                .assignee
                .as_ref()
                .map(|a| a.name.clone())
                .unwrap_or_else(|| tr.t("unassigned")),
            level: t.level.to_string(),
            age: fmt_age(tr, now, t.created_at),
            created: fmt_time(t.created_at),
            updated: fmt_time(t.updated_at),
            updated_iso: iso_time(t.updated_at),
            unassigned: t.assignee.is_none(),
        }
    }
}

fn priority_label(v: &serde_json::Value) -> String {
    v.as_str()
        .and_then(|s| s.parse::<Priority>().ok())
        .map(|p| p.label().to_string())
        .unwrap_or_else(|| v.to_string())
}

fn num_str(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Number(n) => n.to_string(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// What an event did, in words, without the actor ("changed the status from Open to Pending").
/// `names` maps user ids to names, for assignments.
pub fn event_text(tr: Tr, e: &Event, names: &HashMap<i64, String>) -> String {
    let d = &e.data;
    let name_of = |v: &serde_json::Value| -> String {
        v.as_i64()
            .map(|id| names.get(&id).cloned().unwrap_or_else(|| format!("#{id}")))
            .unwrap_or_else(|| tr.t("nobody"))
    };
    match e.kind.as_str() {
        "ticket_created" => {
            if let Some(n) = d.get("follow_up_of").and_then(|v| v.as_i64()) {
                tr.a("ev-created-follow-up", &[("number", &format_number(n))])
            } else if d.get("on_behalf_of").is_some() {
                tr.a(
                    "ev-created-on-behalf",
                    &[("name", &name_of(&d["on_behalf_of"]))],
                )
            } else {
                tr.t("ev-created")
            }
        }
        "comment_added" => tr.t("ev-comment"),
        "internal_note_added" => tr.t("ev-internal-note"),
        "status_changed" => tr.a(
            "ev-status",
            &[
                ("from", &label_of(tr, "status", &d["from"])),
                ("to", &label_of(tr, "status", &d["to"])),
            ],
        ),
        "reopened" => tr.t("ev-reopened"),
        "type_changed" => tr.a(
            "ev-type",
            &[
                ("from", &label_of(tr, "type", &d["from"])),
                ("to", &label_of(tr, "type", &d["to"])),
            ],
        ),
        "priority_changed" => tr.a(
            "ev-priority",
            &[
                ("from", &priority_label(&d["from"])),
                ("to", &priority_label(&d["to"])),
                ("impact", &label_of(tr, "level", &d["impact"])),
                ("urgency", &label_of(tr, "level", &d["urgency"])),
            ],
        ),
        "assigned" => {
            let who = name_of(&d["assignee_id"]);
            match d["rule"].as_str() {
                Some("fewest_unresolved") => tr.a(
                    "ev-assigned-auto",
                    &[("name", &who), ("count", &num_str(&d["unresolved"]))],
                ),
                Some("taken") => tr.a("ev-assigned-taken", &[("name", &who)]),
                Some("named") => tr.a("ev-assigned-named", &[("name", &who)]),
                _ => tr.a("ev-assigned", &[("name", &who)]),
            }
        }
        "queued" => match d["rule"].as_str() {
            Some("no_agent_available") => {
                tr.a("ev-queued-unstaffed", &[("level", &num_str(&d["level"]))])
            }
            _ => tr.a("ev-queued", &[("level", &num_str(&d["level"]))]),
        },
        "escalated" => tr.a(
            "ev-escalated",
            &[
                ("from", &num_str(&d["from_level"])),
                ("to", &num_str(&d["to_level"])),
            ],
        ),
        "follow_up_created" => tr.a(
            "ev-follow-up",
            &[(
                "number",
                &format_number(d["follow_up"].as_i64().unwrap_or(0)),
            )],
        ),
        "auto_closed" => tr.t("ev-auto-closed"),
        "notification_sent" => tr.t("ev-notification-sent"),
        "user_created" => tr.a(
            "ev-user-created",
            &[
                ("email", d["email"].as_str().unwrap_or("")),
                ("role", &label_of(tr, "role", &d["role"])),
            ],
        ),
        "user_updated" => tr.a(
            "ev-user-updated",
            &[("email", d["to"]["email"].as_str().unwrap_or(""))],
        ),
        "password_reset" => tr.a("ev-password-reset", &[("name", &name_of(&d["user_id"]))]),
        "settings_changed" => {
            let keys: Vec<&str> = d
                .as_object()
                .map(|m| m.keys().map(String::as_str).collect())
                .unwrap_or_default();
            tr.a("ev-settings", &[("keys", &keys.join(", "))])
        }
        "token_created" => tr.a(
            "ev-token-created",
            &[("name", d["name"].as_str().unwrap_or(""))],
        ),
        "logged_in" => tr.t("ev-logged-in"),
        "document_created" => tr.a(
            "ev-document-created",
            &[("title", d["title"].as_str().unwrap_or(""))],
        ),
        "document_edited" => tr.a(
            "ev-document-edited",
            &[
                ("title", d["title"].as_str().unwrap_or("")),
                ("revision", &num_str(&d["revision"])),
            ],
        ),
        "document_restored" => tr.a(
            "ev-document-restored",
            &[
                ("title", d["title"].as_str().unwrap_or("")),
                ("from", &num_str(&d["restored_from"])),
                ("revision", &num_str(&d["revision"])),
            ],
        ),
        "designation_changed" => {
            let name = label_of(tr, "designation", &d["designation"]);
            if d["to"].is_null() {
                tr.a("ev-designation-cleared", &[("name", &name)])
            } else {
                tr.a(
                    "ev-designation-set",
                    &[("name", &name), ("id", &num_str(&d["to"]))],
                )
            }
        }
        "attachment_added" => tr.a(
            "ev-attachment-added",
            &[
                ("filename", d["filename"].as_str().unwrap_or("")),
                ("id", &num_str(&d["document_id"])),
            ],
        ),
        "service_created" => tr.a(
            "ev-service-created",
            &[("name", d["name"].as_str().unwrap_or(""))],
        ),
        "service_updated" => tr.a(
            "ev-service-updated",
            &[("name", d["name"].as_str().unwrap_or(""))],
        ),
        other => other.replace('_', " "),
    }
}

/// The choices of a document's visibility.
pub fn visibility_opts(tr: Tr, current: &str) -> Vec<Opt> {
    Visibility::ALL
        .iter()
        .map(|v| {
            Opt::new(
                v.as_str(),
                tr.t(&format!("visibility-{}-choice", v.as_str())),
                current == v.as_str(),
            )
        })
        .collect()
}

/// The rendered body without its first heading when that only repeats the document's title
/// (the page shows the title already).
pub fn without_title_heading(html: &str, title: &str) -> String {
    let trimmed = html.trim_start();
    if let Some(rest) = trimmed.strip_prefix("<h1>")
        && let Some(end) = rest.find("</h1>")
    {
        let escaped = title
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;");
        if rest[..end].trim() == escaped.trim() {
            return rest[end + "</h1>".len()..].trim_start().to_string();
        }
    }
    html.to_string()
}

#[cfg(test)]
mod tests {
    use super::without_title_heading;

    #[test]
    fn a_heading_repeating_the_title_is_dropped() {
        assert_eq!(
            without_title_heading("<h1>Printer &amp; cable</h1>\n<p>x</p>", "Printer & cable"),
            "<p>x</p>"
        );
        assert_eq!(
            without_title_heading("<h1>Other</h1>\n<p>x</p>", "Printer"),
            "<h1>Other</h1>\n<p>x</p>"
        );
        assert_eq!(without_title_heading("<p>x</p>", "x"), "<p>x</p>");
    }
}
