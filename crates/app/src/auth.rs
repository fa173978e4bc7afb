//! Passwords (Argon2id), API tokens (random, stored as SHA-256) and the session records the web
//! layer keeps.

use std::sync::LazyLock;

use argon2::Argon2;
use argon2::password_hash::{
    PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng,
};
use rand::RngCore;
use sha2::{Digest, Sha256};
use skranke_domain::{EventKind, Level, Role, validate};
use skranke_store::repo::{self, users::UserRow};

use crate::{Actor, App, AppError, AppResult, Page};

static ARGON2_SLOTS: LazyLock<tokio::sync::Semaphore> = LazyLock::new(|| {
    tokio::sync::Semaphore::new(
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1),
    )
});

/// Every API token starts with this, so a leaked one is recognisable (and greppable).
pub const TOKEN_PREFIX: &str = "skr_";

pub fn hash_password(password: &str) -> AppResult<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AppError::Internal(e.to_string().into()))
}

fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Verified against when the e-mail is unknown, so a login takes as long either way and does not
/// reveal which addresses have accounts.
static DUMMY_HASH: LazyLock<String> =
    LazyLock::new(|| hash_password("not a real password").unwrap_or_default());

pub fn sha256_hex(s: &str) -> String {
    let digest = Sha256::digest(s.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// 256 random bits as hex.
pub fn random_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A token's "last used" is at most this old: recording every use would make every API read a
/// write.
pub const TOKEN_USE_PRECISION_MS: i64 = 60 * 60 * 1000;

/// The longest name an API token may have.
pub const TOKEN_NAME_MAX_CHARS: usize = 100;

/// An API token as created: its secret, shown this once (only its hash is kept), and its row.
#[derive(Debug, Clone)]
pub struct NewToken {
    pub row: repo::tokens::TokenRow,
    pub token: String,
}

/// What `App::session_load` reads: the session's data and its signed-in, active user.
#[derive(Debug, Clone)]
pub struct LoadedSession {
    pub data: String,
    pub actor: Option<Actor>,
}

/// An actor from a user's stored columns; an unknown stored role is an internal error.
fn actor_of(
    id: i64,
    name: String,
    email: String,
    role: &str,
    level: Option<i64>,
    locale: Option<String>,
) -> AppResult<Actor> {
    Ok(Actor {
        id,
        name,
        email,
        role: role
            .parse()
            .map_err(|e: skranke_domain::UnknownValue| AppError::Internal(e.to_string().into()))?,
        level: level.and_then(Level::new),
        locale,
    })
}

pub(crate) fn actor_from_row(u: &UserRow) -> AppResult<Actor> {
    actor_of(
        u.id,
        u.name.clone(),
        u.email.clone(),
        &u.role,
        u.level,
        u.locale.clone(),
    )
}

impl App {
    /// Checks e-mail and password; the same answer for an unknown e-mail, a wrong password and an
    /// inactive account.
    pub async fn login(&self, email: &str, password: &str) -> AppResult<Actor> {
        let email = email.trim().to_lowercase();
        let mut conn = self.db.reader().acquire().await?;
        let user = repo::users::by_email(&mut conn, &email).await?;
        drop(conn);
        let password = password.to_string();
        let hash = user
            .as_ref()
            .and_then(|u| u.password_hash.clone())
            .unwrap_or_else(|| DUMMY_HASH.clone());
        // Argon2 takes tens of milliseconds of CPU and 19 MiB of memory per check: keep it off the
        // async workers, and run at most one per core, so a burst of logins queues instead of
        // multiplying the server's memory (measured: 16 at once took the RSS past 300 MiB).
        let _permit = ARGON2_SLOTS
            .acquire()
            .await
            .map_err(|e| AppError::Internal(Box::new(e)))?;
        let ok = tokio::task::spawn_blocking(move || verify_password(&password, &hash))
            .await
            .map_err(|e| AppError::Internal(Box::new(e)))?;
        match user {
            Some(u) if ok && u.active.0 && u.password_hash.is_some() => {
                let actor = actor_from_row(&u)?;
                self.log_global(Some(actor.id), EventKind::LoggedIn, serde_json::json!({}))
                    .await?;
                Ok(actor)
            }
            _ => Err(AppError::Forbidden("wrong e-mail or password".into())),
        }
    }

    /// The actor behind a session or token: unknown or deactivated users are logged out.
    pub async fn actor_by_id(&self, id: i64) -> AppResult<Option<Actor>> {
        let mut conn = self.db.reader().acquire().await?;
        match repo::users::by_id(&mut conn, id).await? {
            Some(u) if u.active.0 => Ok(Some(actor_from_row(&u)?)),
            _ => Ok(None),
        }
    }

    /// Creates an API token for a user and returns it; only its hash is kept. An empty name
    /// becomes "API token".
    pub async fn create_token(&self, user_id: i64, name: &str) -> AppResult<NewToken> {
        let token = format!("{TOKEN_PREFIX}{}", random_secret());
        let name = match name.trim() {
            "" => "API token",
            named => named,
        };
        if name.chars().count() > TOKEN_NAME_MAX_CHARS {
            return Err(AppError::invalid(
                "name",
                format!("at most {TOKEN_NAME_MAX_CHARS} characters"),
            ));
        }
        let now = self.now();
        let mut tx = self.db.begin().await?;
        let id = repo::tokens::insert(&mut tx, user_id, &sha256_hex(&token), name, now).await?;
        self.append_event(
            &mut tx,
            None,
            Some(user_id),
            EventKind::TokenCreated,
            true,
            serde_json::json!({"name": name}),
        )
        .await?;
        tx.commit().await?;
        Ok(NewToken {
            row: repo::tokens::TokenRow {
                id,
                user_id,
                name: name.to_owned(),
                created_at: now,
                last_used_at: None,
            },
            token,
        })
    }

    /// Creates a token for a user named by e-mail (the CLI's `token create`).
    pub async fn create_token_for_email(&self, email: &str) -> AppResult<String> {
        let mut conn = self.db.reader().acquire().await?;
        let user = repo::users::by_email(&mut conn, &email.trim().to_lowercase())
            .await?
            .ok_or(AppError::NotFound("user"))?;
        drop(conn);
        Ok(self.create_token(user.id, "CLI").await?.token)
    }

    /// `POST /api/v1/auth/token`: a token for e-mail and password.
    pub async fn token_for_password(&self, email: &str, password: &str) -> AppResult<String> {
        let actor = self.login(email, password).await?;
        Ok(self.create_token(actor.id, "API login").await?.token)
    }

    pub async fn actor_for_token(&self, token: &str) -> AppResult<Option<Actor>> {
        if !token.starts_with(TOKEN_PREFIX) {
            return Ok(None);
        }
        let mut conn = self.db.reader().acquire().await?;
        let Some(found) = repo::users::by_token_hash(&mut conn, &sha256_hex(token)).await? else {
            return Ok(None);
        };
        drop(conn);
        if !found.user.active.0 {
            return Ok(None);
        }
        let now = self.now();
        if found
            .token_last_used_at
            .is_none_or(|at| now - at >= TOKEN_USE_PRECISION_MS)
        {
            let mut conn = self.db.writer().acquire().await?;
            repo::tokens::touch(&mut conn, found.token_id, now).await?;
        }
        Ok(Some(actor_from_row(&found.user)?))
    }

    pub async fn list_tokens(&self, actor: &Actor) -> AppResult<Vec<repo::tokens::TokenRow>> {
        let mut conn = self.db.reader().acquire().await?;
        Ok(repo::tokens::page_for_user(&mut conn, actor.id, 0, i64::MAX).await?)
    }

    /// One page of the actor's own tokens, oldest first (`cursor`: the previous page's).
    pub async fn token_page(
        &self,
        actor: &Actor,
        cursor: Option<&str>,
        limit: Option<i64>,
    ) -> AppResult<Page<repo::tokens::TokenRow>> {
        let limit = repo::page_limit(limit);
        let after_id = crate::parse_id_cursor(cursor)?.unwrap_or(0);
        let mut conn = self.db.reader().acquire().await?;
        let rows = repo::tokens::page_for_user(&mut conn, actor.id, after_id, limit + 1).await?;
        Ok(Page::from_rows(rows, limit, |r| r.id.to_string(), |r| r))
    }

    pub async fn revoke_token(&self, actor: &Actor, id: i64) -> AppResult<()> {
        let mut conn = self.db.writer().acquire().await?;
        if repo::tokens::delete(&mut conn, actor.id, id).await? {
            Ok(())
        } else {
            Err(AppError::NotFound("token"))
        }
    }

    // Sessions: the web layer owns the cookie; the database keeps only the id's hash.

    /// A live session's data and, when it names an active user, that user as the actor: the
    /// same rule as `actor_by_id`, in the session's own statement.
    pub async fn session_load(&self, id: &str) -> AppResult<Option<LoadedSession>> {
        let mut conn = self.db.reader().acquire().await?;
        let Some(row) = repo::sessions::load(&mut conn, &sha256_hex(id), self.now()).await? else {
            return Ok(None);
        };
        // A row this cannot make an actor of leaves it to `actor_by_id`, which says why.
        let actor = match (row.user_id, row.name, row.email, row.role, row.active) {
            (Some(id), Some(name), Some(email), Some(role), Some(active)) if active.0 => {
                actor_of(id, name, email, &role, row.level, row.locale).ok()
            }
            _ => None,
        };
        Ok(Some(LoadedSession {
            data: row.data,
            actor,
        }))
    }

    /// `user_id`: the user the session signs in, if any (kept beside the data for `session_load`).
    pub async fn session_save(
        &self,
        id: &str,
        data: &str,
        user_id: Option<i64>,
        expires_at: i64,
    ) -> AppResult<()> {
        let mut conn = self.db.writer().acquire().await?;
        Ok(repo::sessions::upsert(&mut conn, &sha256_hex(id), data, user_id, expires_at).await?)
    }

    pub async fn session_create(
        &self,
        id: &str,
        data: &str,
        user_id: Option<i64>,
        expires_at: i64,
    ) -> AppResult<bool> {
        let mut conn = self.db.writer().acquire().await?;
        Ok(
            repo::sessions::insert_new(&mut conn, &sha256_hex(id), data, user_id, expires_at)
                .await?,
        )
    }

    pub async fn session_delete(&self, id: &str) -> AppResult<()> {
        let mut conn = self.db.writer().acquire().await?;
        Ok(repo::sessions::delete(&mut conn, &sha256_hex(id)).await?)
    }

    pub async fn sessions_purge_expired(&self) -> AppResult<u64> {
        let mut conn = self.db.writer().acquire().await?;
        Ok(repo::sessions::delete_expired(&mut conn, self.now()).await?)
    }

    /// Whether the one-time setup page is open: only while no active admin exists.
    pub async fn needs_setup(&self) -> AppResult<bool> {
        let mut conn = self.db.reader().acquire().await?;
        Ok(repo::users::count_active_admins(&mut conn).await? == 0)
    }

    /// The setup page's one action: the first admin. Refused once an admin exists.
    pub async fn setup_first_admin(
        &self,
        email: &str,
        name: &str,
        password: &str,
    ) -> AppResult<Actor> {
        let mut tx = self.db.begin().await?;
        if repo::users::count_active_admins(&mut tx).await? > 0 {
            return Err(AppError::Forbidden("setup is already done".into()));
        }
        let id = self
            .insert_user(
                &mut tx,
                None,
                email,
                name,
                Role::Admin,
                None,
                Some(password),
            )
            .await?;
        tx.commit().await?;
        self.actor_by_id(id)
            .await?
            .ok_or(AppError::NotFound("user"))
    }

    /// Customer self sign-up, when an admin has turned it on.
    pub async fn sign_up(&self, email: &str, name: &str, password: &str) -> AppResult<Actor> {
        if !self.settings().await.signup_enabled {
            return Err(AppError::Forbidden(
                "sign-up is turned off; ask your IT department for an account".into(),
            ));
        }
        let mut tx = self.db.begin().await?;
        let id = self
            .insert_user(
                &mut tx,
                None,
                email,
                name,
                Role::Customer,
                None,
                Some(password),
            )
            .await?;
        tx.commit().await?;
        self.actor_by_id(id)
            .await?
            .ok_or(AppError::NotFound("user"))
    }

    pub(crate) fn validate_password(password: &str) -> AppResult<()> {
        Ok(validate::password(password)?)
    }
}
