use crate::{DbBool, Result, unique_violation};

use super::{Bind, Conn, bind_all, param};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UserRow {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: String,
    pub level: Option<i64>,
    pub password_hash: Option<String>,
    pub active: DbBool,
    pub locale: Option<String>,
    pub last_assigned_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

const COLUMNS: &str = "id, email, name, role, level, password_hash, active, locale, last_assigned_at, created_at, updated_at";

pub struct NewUser<'a> {
    pub email: &'a str,
    pub name: &'a str,
    pub role: &'a str,
    pub level: Option<i64>,
    pub password_hash: Option<&'a str>,
    pub locale: Option<&'a str>,
    pub now: i64,
}

pub async fn insert(conn: &mut Conn, u: NewUser<'_>) -> Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO users (email, name, role, level, password_hash, active, locale, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
    )
    .bind(u.email)
    .bind(u.name)
    .bind(u.role)
    .bind(u.level)
    .bind(u.password_hash)
    .bind(true)
    .bind(u.locale)
    .bind(u.now)
    .fetch_one(conn)
    .await
    .map_err(unique_violation("e-mail"))
}

pub async fn by_id(conn: &mut Conn, id: i64) -> Result<Option<UserRow>> {
    Ok(
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM users WHERE id = $1"))
            .bind(id)
            .fetch_optional(conn)
            .await?,
    )
}

/// The user an API token belongs to, with the token's id and when it was last used.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TokenUser {
    #[sqlx(flatten)]
    pub user: UserRow,
    pub token_id: i64,
    pub token_last_used_at: Option<i64>,
}

/// The user an API token belongs to, in one statement (every API request asks).
pub async fn by_token_hash(conn: &mut Conn, token_hash: &str) -> Result<Option<TokenUser>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS}, k.token_id, k.token_last_used_at FROM users \
         JOIN (SELECT id AS token_id, user_id, last_used_at AS token_last_used_at \
               FROM api_tokens WHERE token_hash = $1) k ON k.user_id = users.id"
    ))
    .bind(token_hash)
    .fetch_optional(conn)
    .await?)
}

pub async fn by_email(conn: &mut Conn, email: &str) -> Result<Option<UserRow>> {
    Ok(
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM users WHERE email = $1"))
            .bind(email)
            .fetch_optional(conn)
            .await?,
    )
}

#[derive(Debug, Default, Clone)]
pub struct UserFilter {
    pub role: Option<String>,
    pub level: Option<i64>,
    pub active: Option<bool>,
    /// Keyset cursor: users with a greater id.
    pub after_id: Option<i64>,
    pub limit: i64,
}

/// Users ordered by id, one page; returns one row more than `limit` when there is a next page.
/// The WHERE holds only the filters that are set: with `($1 IS NULL OR role = $1)` SQLite plans
/// without the value and reads every user (measured: 1 ms of the ticket page's 1.5 ms of CPU for
/// its list of 8 agents among 2,000 customers), where `role = $1` uses `users_role_level`.
pub async fn list(conn: &mut Conn, f: &UserFilter) -> Result<Vec<UserRow>> {
    let mut clauses = Vec::new();
    let mut binds = Vec::new();
    param(
        &mut clauses,
        &mut binds,
        "id > {}",
        Bind::Int(f.after_id.unwrap_or(0)),
    );
    if let Some(role) = &f.role {
        param(
            &mut clauses,
            &mut binds,
            "role = {}",
            Bind::Text(role.clone()),
        );
    }
    if let Some(level) = f.level {
        param(&mut clauses, &mut binds, "level = {}", Bind::Int(level));
    }
    if let Some(active) = f.active {
        param(&mut clauses, &mut binds, "active = {}", Bind::Bool(active));
    }
    binds.push(Bind::Int(f.limit + 1));
    let sql = format!(
        "SELECT {COLUMNS} FROM users WHERE {} ORDER BY id LIMIT ${}",
        clauses.join(" AND "),
        binds.len()
    );
    Ok(bind_all(sqlx::query_as(&sql), binds)
        .fetch_all(conn)
        .await?)
}

#[allow(clippy::too_many_arguments)]
pub async fn update_profile(
    conn: &mut Conn,
    id: i64,
    name: &str,
    email: &str,
    role: &str,
    level: Option<i64>,
    active: bool,
    now: i64,
) -> Result<()> {
    sqlx::query(
        "UPDATE users SET name = $2, email = $3, role = $4, level = $5, active = $6, updated_at = $7 WHERE id = $1",
    )
    .bind(id)
    .bind(name)
    .bind(email)
    .bind(role)
    .bind(level)
    .bind(active)
    .bind(now)
    .execute(conn)
    .await
    .map_err(unique_violation("e-mail"))?;
    Ok(())
}

pub async fn set_password(conn: &mut Conn, id: i64, hash: &str, now: i64) -> Result<()> {
    sqlx::query("UPDATE users SET password_hash = $2, updated_at = $3 WHERE id = $1")
        .bind(id)
        .bind(hash)
        .bind(now)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn set_locale(conn: &mut Conn, id: i64, locale: Option<&str>, now: i64) -> Result<()> {
    sqlx::query("UPDATE users SET locale = $2, updated_at = $3 WHERE id = $1")
        .bind(id)
        .bind(locale)
        .bind(now)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn count_active_admins(conn: &mut Conn) -> Result<i64> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE role = 'admin' AND active = $1")
            .bind(true)
            .fetch_one(conn)
            .await?,
    )
}

pub async fn ids_of_active_admins(conn: &mut Conn) -> Result<Vec<i64>> {
    Ok(
        sqlx::query_scalar("SELECT id FROM users WHERE role = 'admin' AND active = $1 ORDER BY id")
            .bind(true)
            .fetch_all(conn)
            .await?,
    )
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CandidateRow {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub last_assigned_at: Option<i64>,
    pub unresolved: i64,
}

/// Active agents of a level with their unresolved (open + pending) ticket counts, which triggers on
/// `tickets` keep current (migration 0005).
pub async fn assignment_candidates(conn: &mut Conn, level: i64) -> Result<Vec<CandidateRow>> {
    Ok(sqlx::query_as(
        "SELECT u.id, u.name, u.email, u.last_assigned_at, u.unresolved_count AS unresolved \
         FROM users u WHERE u.role = 'agent' AND u.level = $1 AND u.active = $2 ORDER BY u.id",
    )
    .bind(level)
    .bind(true)
    .fetch_all(conn)
    .await?)
}
