//! tower-sessions store over the service layer's session table. The store receives the session id
//! and the service layer hashes it, so the database never holds a usable session id.
//!
//! Loading a session also reads the user it signs in (one statement for both). The store leaves
//! that user in the session's in-memory data under `ACTOR_KEY` for `signed_in`, and never writes
//! that key back to the database.

use std::collections::HashMap;

use serde_json::Value;
use skranke_app::{Actor, App, AppResult};
use tower_sessions::Session;
use tower_sessions::cookie::time::OffsetDateTime;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};

/// The session key holding the signed-in user's id.
pub const USER_KEY: &str = "user_id";

/// Where `load` leaves the active user it read with the session. Only in memory, for this request.
const ACTOR_KEY: &str = "_actor";

/// The signed-in, active user of this request's session, or None. Usually read with the session
/// itself; a session whose row named no (active) user, or whose data changed since it was loaded
/// (a login in this request), asks the service layer, which applies the same rule.
pub async fn signed_in(app: &App, session: &Session) -> AppResult<Option<Actor>> {
    let Some(id) = session.get::<i64>(USER_KEY).await.ok().flatten() else {
        return Ok(None);
    };
    match session.get::<Actor>(ACTOR_KEY).await.ok().flatten() {
        Some(actor) if actor.id == id => Ok(Some(actor)),
        _ => app.actor_by_id(id).await,
    }
}

#[derive(Clone)]
pub struct DbSessionStore {
    app: App,
}

impl std::fmt::Debug for DbSessionStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DbSessionStore")
    }
}

impl DbSessionStore {
    pub fn new(app: App) -> Self {
        DbSessionStore { app }
    }
}

fn backend(e: impl std::fmt::Display) -> session_store::Error {
    session_store::Error::Backend(e.to_string())
}

fn expiry_ms(r: &Record) -> i64 {
    (r.expiry_date.unix_timestamp_nanos() / 1_000_000) as i64
}

/// The record's data as stored (without the loaded actor) and the user it signs in.
fn stored(r: &Record) -> session_store::Result<(String, Option<i64>)> {
    let data: HashMap<&String, &Value> = r.data.iter().filter(|(k, _)| *k != ACTOR_KEY).collect();
    let user_id = r.data.get(USER_KEY).and_then(Value::as_i64);
    Ok((serde_json::to_string(&data).map_err(backend)?, user_id))
}

#[async_trait::async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        let (data, user_id) = stored(record)?;
        // A collision of 128 random bits is not expected; draw again if it ever happens.
        while !self
            .app
            .session_create(&record.id.to_string(), &data, user_id, expiry_ms(record))
            .await
            .map_err(backend)?
        {
            record.id = Id::default();
        }
        Ok(())
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let (data, user_id) = stored(record)?;
        self.app
            .session_save(&record.id.to_string(), &data, user_id, expiry_ms(record))
            .await
            .map_err(backend)
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let Some(loaded) = self
            .app
            .session_load(&id.to_string())
            .await
            .map_err(backend)?
        else {
            return Ok(None);
        };
        let mut data: HashMap<String, Value> =
            serde_json::from_str(&loaded.data).map_err(backend)?;
        // Only ever the user just read: never one that came from the stored data.
        data.remove(ACTOR_KEY);
        if let Some(actor) = loaded.actor {
            data.insert(
                ACTOR_KEY.to_owned(),
                serde_json::to_value(actor).map_err(backend)?,
            );
        }
        // The row's expiry was checked in SQL; the cookie's own expiry is renewed on save.
        let expiry_date =
            OffsetDateTime::now_utc() + tower_sessions::cookie::time::Duration::days(14);
        Ok(Some(Record {
            id: *id,
            data,
            expiry_date,
        }))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        self.app
            .session_delete(&id.to_string())
            .await
            .map_err(backend)
    }
}
