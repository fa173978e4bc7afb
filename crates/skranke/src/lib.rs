//! Wiring: configuration, the database, the service layer and the HTTP server. `main.rs` is the
//! command line over these; the integration tests start the same server on port 0.

pub mod config;

use std::net::SocketAddr;
use std::sync::Arc;

use skranke_app::{App, AppConfig, Clock};
use skranke_store::Db;
use tokio::net::TcpListener;

pub use config::Config;

/// Connects to the database (creating the data dir for SQLite) and applies migrations.
pub async fn open_db(config: &Config) -> anyhow::Result<Db> {
    std::fs::create_dir_all(&config.data_dir).map_err(|e| {
        anyhow::anyhow!(
            "cannot create the data dir {}: {e}",
            config.data_dir.display()
        )
    })?;
    let db = Db::connect(&config.database_url).await?;
    db.migrate().await?;
    Ok(db)
}

pub async fn build_app(config: &Config, db: Db, clock: Arc<dyn Clock>) -> anyhow::Result<App> {
    let app_config = AppConfig {
        public_url: config.public_url(),
        data_dir: config.data_dir.clone(),
        defaults: config.runtime_defaults()?,
    };
    Ok(App::new(db, clock, app_config).await?)
}

/// A server listening and serving in the background.
pub struct Running {
    pub addr: SocketAddr,
    pub app: App,
    pub task: tokio::task::JoinHandle<()>,
}

/// Serves `app` on an already bound listener until the task is aborted or a shutdown signal
/// arrives.
pub async fn serve(app: App, listener: TcpListener, public_url: String) -> anyhow::Result<Running> {
    let addr = listener.local_addr()?;
    let router = skranke_web::router(skranke_web::WebState {
        app: app.clone(),
        public_url,
    });
    let task = tokio::spawn(async move {
        let shutdown = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        if let Err(e) = axum::serve(listener, router)
            .with_graceful_shutdown(shutdown)
            .await
        {
            tracing::error!(error = %e, "server stopped");
        }
    });
    Ok(Running { addr, app, task })
}

/// The background worker every `serve` process runs (webhook deliveries; later e-mail,
/// reminders, auto-close): jobs claimed with a lease, safe with several processes on one database.
pub fn spawn_worker(app: App) -> tokio::task::JoinHandle<()> {
    tokio::spawn(app.run_worker())
}

/// Periodic housekeeping every `serve` process runs: settings saved by other processes are picked
/// up every 30 s, expired sessions are removed every hour, and on SQLite the WAL is checkpointed
/// beside the writer (`Db::spawn_checkpointer`) and new tickets are indexed for search.
pub fn spawn_housekeeping(app: App) -> tokio::task::JoinHandle<()> {
    let checkpointer = app.db().spawn_checkpointer();
    let indexer = spawn_search_indexer(app.clone());
    tokio::spawn(async move {
        // Live as long as housekeeping does.
        let _checkpointer = checkpointer.map(AbortOnDrop);
        let _indexer = AbortOnDrop(indexer);
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(30));
        let mut ticks: u64 = 0;
        loop {
            tick.tick().await;
            if let Err(e) = app.reload_settings().await {
                tracing::warn!(error = %e, "re-reading settings failed; will retry");
            }
            if ticks.is_multiple_of(120) {
                match app.sessions_purge_expired().await {
                    Ok(n) if n > 0 => tracing::info!(removed = n, "expired sessions removed"),
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %e, "session cleanup failed; will retry"),
                }
            }
            ticks += 1;
        }
    })
}

/// SQLite: indexes new tickets for search four times a second, many per transaction, so the
/// creations do not (migration 0009). A search catches up by itself first; this keeps what it has
/// to do small. Nothing to do on PostgreSQL.
fn spawn_search_indexer(app: App) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_millis(250));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(e) = app.catch_up_search().await {
                tracing::warn!(error = %e, "indexing new tickets for search failed; will retry");
            }
        }
    })
}

struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}
