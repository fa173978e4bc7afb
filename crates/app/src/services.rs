//! The service catalog as data (SPEC §4): admins keep it; everyone logged in reads it; a ticket may
//! name one of its services and then takes the service's defaults. The Service catalog document
//! embeds the live list (`{{services}}`), so the document and the data cannot disagree.

use serde_json::json;
use skranke_domain::{EventKind, Impact, TicketType, Urgency, validate};
use skranke_store::repo::{self, services::ServiceRow};

use crate::{Actor, App, AppError, AppResult};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Service {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub ticket_type: TicketType,
    pub default_impact: Impact,
    pub default_urgency: Urgency,
    pub covered: bool,
    /// Why the desk does not handle this (set when not covered).
    pub not_covered_reason: Option<String>,
    /// Retired services stay for the tickets that name them, but new tickets cannot.
    pub active: bool,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A new service, as an admin fills it in.
#[derive(Debug, Clone)]
pub struct NewService {
    pub name: String,
    pub description: String,
    pub ticket_type: TicketType,
    pub default_impact: Option<Impact>,
    pub default_urgency: Option<Urgency>,
    pub covered: bool,
    pub not_covered_reason: Option<String>,
}

/// A partial change (`PATCH`): `None` keeps the current value.
#[derive(Debug, Clone, Default)]
pub struct ServiceChanges {
    pub name: Option<String>,
    pub description: Option<String>,
    pub ticket_type: Option<TicketType>,
    pub default_impact: Option<Impact>,
    pub default_urgency: Option<Urgency>,
    pub covered: Option<bool>,
    /// `Some(None)` clears the reason.
    pub not_covered_reason: Option<Option<String>>,
    pub active: Option<bool>,
}

fn corrupt(what: impl std::fmt::Display) -> AppError {
    AppError::Internal(format!("stored service is corrupt: {what}").into())
}

pub(crate) fn service_from_row(r: ServiceRow) -> AppResult<Service> {
    Ok(Service {
        id: r.id,
        name: r.name,
        description: r.description,
        ticket_type: r.ticket_type.parse().map_err(corrupt)?,
        default_impact: r.default_impact.parse().map_err(corrupt)?,
        default_urgency: r.default_urgency.parse().map_err(corrupt)?,
        covered: r.covered.0,
        not_covered_reason: r.not_covered_reason,
        active: r.active.0,
        created_at: r.created_at,
        updated_at: r.updated_at,
    })
}

/// Checks a service as it would be stored: a name, a description within limits, and a reason
/// whenever it is not covered (customers are told why).
fn validated(mut s: Service) -> AppResult<Service> {
    s.name = validate::name(&s.name)?;
    s.description = validate::body("description", &s.description, false)?;
    s.not_covered_reason = s
        .not_covered_reason
        .map(|r| r.trim().to_string())
        .filter(|r| !r.is_empty());
    if s.covered {
        s.not_covered_reason = None;
    } else {
        match &s.not_covered_reason {
            None => {
                return Err(AppError::invalid(
                    "not_covered_reason",
                    "say why the service is not covered; customers are shown the reason",
                ));
            }
            Some(r) if r.chars().count() > 500 => {
                return Err(AppError::invalid(
                    "not_covered_reason",
                    "at most 500 characters",
                ));
            }
            Some(_) => {}
        }
    }
    Ok(s)
}

fn require_admin(actor: &Actor, what: &str) -> AppResult<()> {
    if actor.is_admin() {
        Ok(())
    } else {
        Err(AppError::Forbidden(format!(
            "only admins can {what} the service catalog"
        )))
    }
}

impl App {
    /// The catalog, by name. Retired services are left out unless `include_inactive`, which only
    /// support staff get (customers never pick a retired service).
    pub async fn services(&self, actor: &Actor, include_inactive: bool) -> AppResult<Vec<Service>> {
        let mut conn = self.db.reader().acquire().await?;
        let rows = repo::services::list(&mut conn, include_inactive && actor.is_internal()).await?;
        rows.into_iter().map(service_from_row).collect()
    }

    /// One service; a retired one is "not found" for customers.
    pub async fn service(&self, actor: &Actor, id: i64) -> AppResult<Service> {
        let mut conn = self.db.reader().acquire().await?;
        let s = repo::services::by_id(&mut conn, id)
            .await?
            .map(service_from_row)
            .transpose()?
            .filter(|s| s.active || actor.is_internal())
            .ok_or(AppError::NotFound("service"))?;
        Ok(s)
    }

    pub async fn create_service(&self, actor: &Actor, new: NewService) -> AppResult<Service> {
        require_admin(actor, "add to")?;
        let s = validated(Service {
            id: 0,
            name: new.name,
            description: new.description,
            ticket_type: new.ticket_type,
            default_impact: new.default_impact.unwrap_or(Impact::Medium),
            default_urgency: new.default_urgency.unwrap_or(Urgency::Medium),
            covered: new.covered,
            not_covered_reason: new.not_covered_reason,
            active: true,
            created_at: 0,
            updated_at: 0,
        })?;
        let now = self.now();
        let mut tx = self.db.begin().await?;
        let id = repo::services::insert(
            &mut tx,
            repo::services::ServiceFields {
                name: &s.name,
                description: &s.description,
                ticket_type: s.ticket_type.as_str(),
                default_impact: s.default_impact.as_str(),
                default_urgency: s.default_urgency.as_str(),
                covered: s.covered,
                not_covered_reason: s.not_covered_reason.as_deref(),
                active: true,
                now,
            },
        )
        .await?;
        self.append_event(
            &mut tx,
            None,
            Some(actor.id),
            EventKind::ServiceCreated,
            true,
            json!({"service_id": id, "name": s.name, "covered": s.covered}),
        )
        .await?;
        tx.commit().await?;
        Ok(Service {
            id,
            created_at: now,
            updated_at: now,
            ..s
        })
    }

    pub async fn update_service(
        &self,
        actor: &Actor,
        id: i64,
        changes: ServiceChanges,
    ) -> AppResult<Service> {
        require_admin(actor, "edit")?;
        let mut tx = self.db.begin().await?;
        let old = repo::services::by_id(&mut tx, id)
            .await?
            .map(service_from_row)
            .transpose()?
            .ok_or(AppError::NotFound("service"))?;
        let next = validated(Service {
            name: changes.name.unwrap_or_else(|| old.name.clone()),
            description: changes
                .description
                .unwrap_or_else(|| old.description.clone()),
            ticket_type: changes.ticket_type.unwrap_or(old.ticket_type),
            default_impact: changes.default_impact.unwrap_or(old.default_impact),
            default_urgency: changes.default_urgency.unwrap_or(old.default_urgency),
            covered: changes.covered.unwrap_or(old.covered),
            not_covered_reason: changes
                .not_covered_reason
                .unwrap_or_else(|| old.not_covered_reason.clone()),
            active: changes.active.unwrap_or(old.active),
            ..old.clone()
        })?;
        if next == old {
            return Ok(old);
        }
        let now = self.now();
        repo::services::update(
            &mut tx,
            id,
            repo::services::ServiceFields {
                name: &next.name,
                description: &next.description,
                ticket_type: next.ticket_type.as_str(),
                default_impact: next.default_impact.as_str(),
                default_urgency: next.default_urgency.as_str(),
                covered: next.covered,
                not_covered_reason: next.not_covered_reason.as_deref(),
                active: next.active,
                now,
            },
        )
        .await?;
        let mut changed = serde_json::Map::new();
        let mut note = |k: &str, from: serde_json::Value, to: serde_json::Value| {
            if from != to {
                changed.insert(k.into(), json!({"from": from, "to": to}));
            }
        };
        note("name", json!(old.name), json!(next.name));
        note(
            "description",
            json!(old.description),
            json!(next.description),
        );
        note("type", json!(old.ticket_type), json!(next.ticket_type));
        note(
            "default_impact",
            json!(old.default_impact),
            json!(next.default_impact),
        );
        note(
            "default_urgency",
            json!(old.default_urgency),
            json!(next.default_urgency),
        );
        note("covered", json!(old.covered), json!(next.covered));
        note(
            "not_covered_reason",
            json!(old.not_covered_reason),
            json!(next.not_covered_reason),
        );
        note("active", json!(old.active), json!(next.active));
        self.append_event(
            &mut tx,
            None,
            Some(actor.id),
            EventKind::ServiceUpdated,
            true,
            json!({"service_id": id, "name": next.name, "changes": changed}),
        )
        .await?;
        tx.commit().await?;
        Ok(Service {
            updated_at: now,
            ..next
        })
    }

    /// The service a new ticket names: it must exist and be active, and customers cannot file
    /// against a service the desk does not cover (they are told why).
    pub(crate) async fn service_for_ticket(
        &self,
        conn: &mut repo::Conn,
        actor: &Actor,
        id: i64,
    ) -> AppResult<Service> {
        let s = repo::services::by_id(conn, id)
            .await?
            .map(service_from_row)
            .transpose()?
            .filter(|s| s.active)
            .ok_or_else(|| AppError::invalid("service_id", "no active service with this id"))?;
        if !s.covered && !actor.is_internal() {
            let why = s.not_covered_reason.as_deref().unwrap_or("");
            return Err(AppError::invalid(
                "service_id",
                format!("{} is not covered by the service desk: {why}", s.name),
            ));
        }
        Ok(s)
    }
}

/// The catalog as a Markdown table, for the `{{services}}` marker of the Service catalog
/// document. Cell text is escaped so a name with a `|` cannot break the table.
pub fn services_table(services: &[Service]) -> String {
    fn cell(s: &str) -> String {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .replace('\\', "\\\\")
            .replace('|', "\\|")
    }
    if services.is_empty() {
        return "*No services in the catalog yet.*".to_string();
    }
    let mut out = String::from("| Service | Description | Type | Covered |\n|---|---|---|---|\n");
    for s in services {
        let covered = if s.covered {
            "Yes".to_string()
        } else {
            match &s.not_covered_reason {
                Some(r) => format!("No — {}", cell(r)),
                None => "No".to_string(),
            }
        };
        let kind = match s.ticket_type {
            TicketType::Incident => "Incident",
            TicketType::Request => "Request",
        };
        out.push_str(&format!(
            "| {} | {} | {kind} | {covered} |\n",
            cell(&s.name),
            cell(&s.description)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn svc(name: &str, covered: bool, reason: Option<&str>) -> Service {
        Service {
            id: 1,
            name: name.into(),
            description: "line one\nline | two".into(),
            ticket_type: TicketType::Incident,
            default_impact: Impact::Low,
            default_urgency: Urgency::Low,
            covered,
            not_covered_reason: reason.map(String::from),
            active: true,
            created_at: 0,
            updated_at: 0,
        }
    }

    #[test]
    fn table_escapes_cells() {
        let t = services_table(&[
            svc("Printers", true, None),
            svc("A|B", false, Some("Private")),
        ]);
        assert!(
            t.contains("| Printers | line one line \\| two | Incident | Yes |"),
            "{t}"
        );
        assert!(t.contains("| A\\|B |"), "{t}");
        assert!(t.contains("No — Private"), "{t}");
        let html = crate::markdown::render(&t);
        assert!(html.contains("<table>"), "{html}");
    }

    #[test]
    fn not_covered_needs_a_reason() {
        assert!(validated(svc("x", false, None)).is_err());
        assert!(validated(svc("x", false, Some("  "))).is_err());
        assert!(validated(svc("x", false, Some("Private devices"))).is_ok());
        assert_eq!(
            validated(svc("x", true, Some("stale")))
                .unwrap()
                .not_covered_reason,
            None
        );
        assert!(validated(svc(" ", true, None)).is_err());
    }
}
