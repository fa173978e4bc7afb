//! The service catalog as data (SPEC §4): what the desk supports, with defaults for new tickets.

use crate::{DbBool, Result};

use super::Conn;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ServiceRow {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub ticket_type: String,
    pub default_impact: String,
    pub default_urgency: String,
    pub covered: DbBool,
    pub not_covered_reason: Option<String>,
    pub active: DbBool,
    pub created_at: i64,
    pub updated_at: i64,
}

const COLUMNS: &str = "id, name, description, ticket_type, default_impact, default_urgency, covered, \
    not_covered_reason, active, created_at, updated_at";

/// Every field an admin sets, for both insert and update.
pub struct ServiceFields<'a> {
    pub name: &'a str,
    pub description: &'a str,
    pub ticket_type: &'a str,
    pub default_impact: &'a str,
    pub default_urgency: &'a str,
    pub covered: bool,
    pub not_covered_reason: Option<&'a str>,
    pub active: bool,
    pub now: i64,
}

pub async fn insert(conn: &mut Conn, s: ServiceFields<'_>) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO services (name, description, ticket_type, default_impact, default_urgency, covered, \
            not_covered_reason, active, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
    )
    .bind(s.name)
    .bind(s.description)
    .bind(s.ticket_type)
    .bind(s.default_impact)
    .bind(s.default_urgency)
    .bind(s.covered)
    .bind(s.not_covered_reason)
    .bind(s.active)
    .bind(s.now)
    .fetch_one(conn)
    .await?)
}

pub async fn update(conn: &mut Conn, id: i64, s: ServiceFields<'_>) -> Result<()> {
    sqlx::query(
        "UPDATE services SET name = $2, description = $3, ticket_type = $4, default_impact = $5, \
            default_urgency = $6, covered = $7, not_covered_reason = $8, active = $9, updated_at = $10 \
         WHERE id = $1",
    )
    .bind(id)
    .bind(s.name)
    .bind(s.description)
    .bind(s.ticket_type)
    .bind(s.default_impact)
    .bind(s.default_urgency)
    .bind(s.covered)
    .bind(s.not_covered_reason)
    .bind(s.active)
    .bind(s.now)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn by_id(conn: &mut Conn, id: i64) -> Result<Option<ServiceRow>> {
    Ok(
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM services WHERE id = $1"))
            .bind(id)
            .fetch_optional(conn)
            .await?,
    )
}

/// The catalog by name; retired (inactive) services only when asked for. A catalog is tens of
/// rows, so it is one list, not pages.
pub async fn list(conn: &mut Conn, include_inactive: bool) -> Result<Vec<ServiceRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM services WHERE ($1 OR active = $2) ORDER BY LOWER(name), id"
    ))
    .bind(include_inactive)
    .bind(true)
    .fetch_all(conn)
    .await?)
}
