//! The service layer. Every rule of who may see or do what lives here once; the web UI, the JSON
//! API, the CLI (and later e-mail and jobs) call these use-cases and obey the same rules.

pub mod auth;
mod batch;
pub mod clock;
pub mod demo;
pub mod documents;
mod error;
pub mod frame;
pub mod jobs;
pub mod log;
pub mod markdown;
mod memo;
pub mod services;
pub mod settings;
pub mod tickets;
pub mod users;
pub mod webhooks;

use std::path::PathBuf;
use std::sync::Arc;

pub use clock::{Clock, ManualClock, SystemClock};
pub use error::{AppError, AppResult};
pub use settings::{LevelMode, RuntimeSettings};
use skranke_domain::{Level, Role};
pub use skranke_store as store;
use skranke_store::Db;
use tokio::sync::RwLock;

/// Settings fixed at start (file and environment); see SPEC §7.
#[derive(Debug, Clone)]
pub struct AppConfig {
    pub public_url: String,
    /// Where uploaded files live (`<data dir>/attachments/`), beside the SQLite database.
    pub data_dir: PathBuf,
    /// Defaults for the run-time settings until an admin changes them.
    pub defaults: RuntimeSettings,
}

/// The person (or token) making a request. Serde: the web layer carries the signed-in actor it
/// read with the session in the session's in-memory data for the rest of the request.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Actor {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub level: Option<Level>,
    pub locale: Option<String>,
}

impl Actor {
    pub fn is_internal(&self) -> bool {
        self.role.is_internal()
    }

    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }
}

/// The application: database, clock and settings, shared by every request.
#[derive(Clone)]
pub struct App {
    pub(crate) db: Db,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) config: Arc<AppConfig>,
    pub(crate) settings: Arc<RwLock<RuntimeSettings>>,
    /// Outgoing HTTP (webhooks), with a timeout so a slow receiver cannot hold a worker.
    pub(crate) http: reqwest::Client,
    pub(crate) worker_wake: Arc<tokio::sync::Notify>,
    /// The active webhooks (`App::active_webhooks`).
    pub(crate) webhook_cache: Arc<memo::Memo<Vec<skranke_store::repo::webhooks::WebhookRow>>>,
    /// `App::agents`.
    pub(crate) agents_cache: Arc<memo::Memo<Vec<users::User>>>,
    pub(crate) batcher: batch::Batcher,
}

impl App {
    /// Wires the app and loads the run-time settings admins have saved.
    pub async fn new(db: Db, clock: Arc<dyn Clock>, config: AppConfig) -> AppResult<App> {
        let settings = RuntimeSettings::load(&db, &config.defaults).await?;
        let batcher = batch::Batcher::start(db.clone());
        Ok(App {
            db,
            clock,
            config: Arc::new(config),
            settings: Arc::new(RwLock::new(settings)),
            http: reqwest::Client::builder()
                .timeout(std::time::Duration::from_secs(10))
                .user_agent(concat!("Skranke/", env!("CARGO_PKG_VERSION")))
                .build()
                .map_err(|e| AppError::Internal(Box::new(e)))?,
            worker_wake: Arc::new(tokio::sync::Notify::new()),
            webhook_cache: Arc::new(memo::Memo::new(None)),
            agents_cache: Arc::new(memo::Memo::new(Some(users::AGENTS_FRESH))),
            batcher,
        })
    }

    pub fn now(&self) -> i64 {
        self.clock.now_ms()
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    pub fn config(&self) -> &AppConfig {
        &self.config
    }

    pub async fn settings(&self) -> RuntimeSettings {
        self.settings.read().await.clone()
    }

    /// Re-reads the run-time settings and the active webhooks, so a change saved by another
    /// `serve` process on the same database takes effect here too.
    pub async fn reload_settings(&self) -> AppResult<()> {
        let fresh = RuntimeSettings::load(&self.db, &self.config.defaults).await?;
        *self.settings.write().await = fresh;
        self.forget_active_webhooks();
        Ok(())
    }
}

/// A page of a list with the cursor of the next page, as every list endpoint answers.
#[derive(Debug, Clone)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
}

/// A cursor that is a row id, as lists keyed by id hand it out in `next_cursor`.
pub(crate) fn parse_id_cursor(c: Option<&str>) -> AppResult<Option<i64>> {
    c.map(|c| {
        c.parse::<i64>()
            .ok()
            .filter(|n| *n >= 0)
            .ok_or_else(|| AppError::invalid("cursor", "not a cursor from this list"))
    })
    .transpose()
}

impl<T> Page<T> {
    /// Builds a page from rows fetched with `limit + 1`: the extra row only says a next page exists.
    pub(crate) fn from_rows<R>(
        mut rows: Vec<R>,
        limit: i64,
        cursor_of: impl Fn(&R) -> String,
        map: impl FnMut(R) -> T,
    ) -> Page<T> {
        let more = rows.len() as i64 > limit;
        rows.truncate(limit as usize);
        let next_cursor = if more {
            rows.last().map(&cursor_of)
        } else {
            None
        };
        Page {
            items: rows.into_iter().map(map).collect(),
            next_cursor,
        }
    }
}
