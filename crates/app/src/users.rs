//! Accounts: created by admins or the CLI, edited, deactivated; passwords reset.

use skranke_domain::{EventKind, Level, Role, validate};
use skranke_store::Tx;
use skranke_store::repo::{self, users::UserRow};

use std::sync::Arc;
use std::time::Duration;

use crate::{Actor, App, AppError, AppResult, Page, auth};

/// How long a process answers [`App::agents`] from memory.
pub const AGENTS_FRESH: Duration = Duration::from_secs(5);

/// [`App::agents`]' last read: when, and what.
#[derive(Debug, Clone, serde::Serialize)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub level: Option<Level>,
    pub active: bool,
    pub locale: Option<String>,
    pub created_at: i64,
}

impl TryFrom<UserRow> for User {
    type Error = AppError;
    fn try_from(u: UserRow) -> AppResult<User> {
        let a = auth::actor_from_row(&u)?;
        Ok(User {
            id: u.id,
            email: u.email,
            name: u.name,
            role: a.role,
            level: a.level,
            active: u.active.0,
            locale: u.locale,
            created_at: u.created_at,
        })
    }
}

#[derive(Debug, Clone)]
pub struct NewUser {
    pub email: String,
    pub name: String,
    pub role: Role,
    pub level: Option<i64>,
    pub password: Option<String>,
}

#[derive(Debug, Clone)]
pub struct UserUpdate {
    pub email: String,
    pub name: String,
    pub role: Role,
    pub level: Option<i64>,
    pub active: bool,
}

#[derive(Debug, Clone, Default)]
pub struct UserQuery {
    pub role: Option<Role>,
    pub level: Option<i64>,
    pub active: Option<bool>,
    pub cursor: Option<String>,
    pub limit: Option<i64>,
}

/// Agents need a level; nobody else has one.
fn check_level(role: Role, level: Option<i64>) -> AppResult<Option<Level>> {
    match (role, level) {
        (Role::Agent, Some(n)) => Level::new(n)
            .map(Some)
            .ok_or_else(|| AppError::invalid("level", "the level must be 1, 2 or 3")),
        (Role::Agent, None) => Err(AppError::invalid(
            "level",
            "an agent needs a level (1, 2 or 3)",
        )),
        (_, _) => Ok(None),
    }
}

impl App {
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn insert_user(
        &self,
        tx: &mut Tx,
        created_by: Option<i64>,
        email: &str,
        name: &str,
        role: Role,
        level: Option<i64>,
        password: Option<&str>,
    ) -> AppResult<i64> {
        let email = validate::email(email)?;
        let name = validate::name(name)?;
        let level = check_level(role, level)?;
        let hash = match password {
            Some(p) => {
                Self::validate_password(p)?;
                Some(auth::hash_password(p)?)
            }
            None => None,
        };
        let id = repo::users::insert(
            tx,
            repo::users::NewUser {
                email: &email,
                name: &name,
                role: role.as_str(),
                level: level.map(|l| i64::from(l.get())),
                password_hash: hash.as_deref(),
                locale: None,
                now: self.now(),
            },
        )
        .await?;
        self.append_event(
            tx,
            None,
            // No actor: the operator CLI or the setup page.
            created_by,
            EventKind::UserCreated,
            true,
            serde_json::json!({"user_id": id, "email": email, "role": role, "level": level}),
        )
        .await?;
        Ok(id)
    }

    /// Creates a user; `actor` None is the operator CLI.
    pub async fn create_user(&self, actor: Option<&Actor>, new: NewUser) -> AppResult<User> {
        if actor.is_some_and(|a| !a.is_admin()) {
            return Err(AppError::Forbidden("only admins can create users".into()));
        }
        let mut tx = self.db.begin().await?;
        let id = self
            .insert_user(
                &mut tx,
                actor.map(|a| a.id),
                &new.email,
                &new.name,
                new.role,
                new.level,
                new.password.as_deref(),
            )
            .await?;
        tx.commit().await?;
        self.forget_agents();
        self.user(id).await
    }

    pub async fn user(&self, id: i64) -> AppResult<User> {
        let mut conn = self.db.reader().acquire().await?;
        repo::users::by_id(&mut conn, id)
            .await?
            .ok_or(AppError::NotFound("user"))?
            .try_into()
    }

    /// Agents and admins list users (to pick an assignee or a requester); customers may not.
    pub async fn list_users(&self, actor: &Actor, q: &UserQuery) -> AppResult<Page<User>> {
        if !actor.is_internal() {
            return Err(AppError::Forbidden(
                "only support staff can list users".into(),
            ));
        }
        let limit = repo::page_limit(q.limit);
        let after_id = match &q.cursor {
            Some(c) => Some(
                c.parse::<i64>()
                    .map_err(|_| AppError::invalid("cursor", "not a cursor from this list"))?,
            ),
            None => None,
        };
        let mut conn = self.db.reader().acquire().await?;
        let rows = repo::users::list(
            &mut conn,
            &repo::users::UserFilter {
                role: q.role.map(|r| r.as_str().to_string()),
                level: q.level,
                active: q.active,
                after_id,
                limit,
            },
        )
        .await?;
        let page = Page::from_rows(rows, limit, |r| r.id.to_string(), |r| r);
        Ok(Page {
            items: page
                .items
                .into_iter()
                .map(User::try_from)
                .collect::<AppResult<_>>()?,
            next_cursor: page.next_cursor,
        })
    }

    /// Admins edit a user: name, e-mail, role, level, active. The last active admin cannot demote
    /// or deactivate themselves into a desk nobody can administer.
    pub async fn update_user(&self, actor: &Actor, id: i64, u: UserUpdate) -> AppResult<User> {
        if !actor.is_admin() {
            return Err(AppError::Forbidden("only admins can edit users".into()));
        }
        let email = validate::email(&u.email)?;
        let name = validate::name(&u.name)?;
        let level = check_level(u.role, u.level)?;
        let mut tx = self.db.begin().await?;
        let before = repo::users::by_id(&mut tx, id)
            .await?
            .ok_or(AppError::NotFound("user"))?;
        let loses_admin =
            before.role == "admin" && before.active.0 && (u.role != Role::Admin || !u.active);
        if loses_admin && repo::users::count_active_admins(&mut tx).await? <= 1 {
            return Err(AppError::Conflict(
                "this is the last active admin; make another admin first".into(),
            ));
        }
        let now = self.now();
        repo::users::update_profile(
            &mut tx,
            id,
            &name,
            &email,
            u.role.as_str(),
            level.map(|l| i64::from(l.get())),
            u.active,
            now,
        )
        .await?;
        self.append_event(
            &mut tx,
            None,
            Some(actor.id),
            EventKind::UserUpdated,
            true,
            serde_json::json!({
                "user_id": id,
                "from": {"email": before.email, "name": before.name, "role": before.role, "level": before.level, "active": before.active.0},
                "to": {"email": email, "name": name, "role": u.role, "level": level, "active": u.active},
            }),
        )
        .await?;
        tx.commit().await?;
        self.forget_agents();
        self.user(id).await
    }

    /// Every agent, active or not (up to 200), for the pickers and names of the ticket page: read
    /// at most once per [`AGENTS_FRESH`] in a process, since the page is among the most viewed
    /// and the list rarely changes (one statement of seven per ticket page). Changes made in this
    /// process show at once; another `serve` process's within `AGENTS_FRESH`. The list only
    /// offers choices: assigning checks the agent again.
    pub async fn agents(&self, actor: &Actor) -> AppResult<Arc<Vec<User>>> {
        if !actor.is_internal() {
            return Err(AppError::Forbidden(
                "only support staff can list users".into(),
            ));
        }
        let generation = match self.agents_cache.get() {
            Ok(agents) => return Ok(agents),
            Err(generation) => generation,
        };
        let agents = Arc::new(
            self.list_users(
                actor,
                &UserQuery {
                    role: Some(Role::Agent),
                    limit: Some(200),
                    ..Default::default()
                },
            )
            .await?
            .items,
        );
        self.agents_cache.keep(generation, agents.clone());
        Ok(agents)
    }

    fn forget_agents(&self) {
        self.agents_cache.forget();
    }

    /// An admin sets a new password for someone.
    pub async fn reset_password(&self, actor: &Actor, id: i64, password: &str) -> AppResult<()> {
        if !actor.is_admin() {
            return Err(AppError::Forbidden(
                "only admins can reset passwords".into(),
            ));
        }
        Self::validate_password(password)?;
        let hash = auth::hash_password(password)?;
        let mut tx = self.db.begin().await?;
        repo::users::by_id(&mut tx, id)
            .await?
            .ok_or(AppError::NotFound("user"))?;
        repo::users::set_password(&mut tx, id, &hash, self.now()).await?;
        self.append_event(
            &mut tx,
            None,
            Some(actor.id),
            EventKind::PasswordReset,
            true,
            serde_json::json!({"user_id": id}),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// A user's own language choice ("en", "da", or none to follow the browser).
    pub async fn set_locale(&self, actor: &Actor, locale: Option<&str>) -> AppResult<()> {
        let locale = match locale {
            Some("en") | Some("da") => locale,
            None | Some("") => None,
            Some(other) => {
                return Err(AppError::invalid(
                    "locale",
                    format!("unsupported language `{other}`; choose en or da"),
                ));
            }
        };
        let mut conn = self.db.writer().acquire().await?;
        repo::users::set_locale(&mut conn, actor.id, locale, self.now()).await?;
        Ok(())
    }
}
