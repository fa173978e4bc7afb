use std::time::Duration;

use sqlx::any::{AnyPoolOptions, AnyTypeInfoKind};
use sqlx::{Any, AnyPool, Connection, Executor, ValueRef};

use crate::{Result, StoreError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub type Tx = sqlx::Transaction<'static, Any>;

/// The database: a writer pool and a reader pool. On SQLite the writer has one connection, so
/// writes queue in-process instead of fighting over SQLite's single write lock (and every write
/// transaction starts with `BEGIN IMMEDIATE`, which keeps a CLI command running beside `serve`
/// safe too). On PostgreSQL both are the same pool.
#[derive(Clone, Debug)]
pub struct Db {
    backend: Backend,
    writer: AnyPool,
    reader: AnyPool,
    /// SQLite: the URL, for the checkpointer's own connection.
    sqlite_url: Option<String>,
}

impl Db {
    pub async fn connect(url: &str) -> Result<Db> {
        sqlx::any::install_default_drivers();
        if url.starts_with("sqlite:") {
            let url = if url.contains('?') {
                url.to_string()
            } else {
                format!("{url}?mode=rwc")
            };
            let options = |extra: &'static str| {
                AnyPoolOptions::new()
                    .acquire_timeout(Duration::from_secs(30))
                    // A SQLite connection is a library handle in this process; it cannot go stale
                    // as a network connection can, and the ping costs a round trip to its thread on
                    // every acquire (measured: a quarter of all thread hand-offs).
                    .test_before_acquire(false)
                    .after_connect(move |conn, _| {
                        Box::pin(async move {
                            conn.execute(
                                format!(
                                    "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                                     PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; \
                                     PRAGMA cache_size = -16384; {extra}"
                                )
                                .as_str(),
                            )
                            .await?;
                            Ok(())
                        })
                    })
            };
            // The writer checkpoints by itself only as a backstop (40 MB of WAL instead of
            // SQLite's 4 MB): `spawn_checkpointer` does it beside the writer, so a commit does
            // not pay for copying pages and syncing the database file.
            let writer = options("PRAGMA wal_autocheckpoint = 10000;")
                .max_connections(1)
                .connect(&url)
                .await?;
            // Readers keep 8 MiB of pages each instead of 16: four of them filled 64 MiB under
            // random ticket pages, and peak RSS reached 149-159 MiB (docs/benchmarks.md). Their
            // misses are served from the OS page cache.
            let reader = options("PRAGMA cache_size = -8192;")
                .max_connections(4)
                .connect(&url)
                .await?;
            Ok(Db {
                backend: Backend::Sqlite,
                writer,
                reader,
                sqlite_url: Some(url),
            })
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let pool = AnyPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(30))
                .connect(url)
                .await?;
            Ok(Db {
                backend: Backend::Postgres,
                writer: pool.clone(),
                reader: pool,
                sqlite_url: None,
            })
        } else {
            Err(StoreError::UnsupportedUrl(url.to_string()))
        }
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// For statements that write outside an explicit transaction.
    pub fn writer(&self) -> &AnyPool {
        &self.writer
    }

    /// For reads; on SQLite these never wait for the writer (WAL).
    pub fn reader(&self) -> &AnyPool {
        &self.reader
    }

    /// A write transaction.
    pub async fn begin(&self) -> Result<Tx> {
        Ok(match self.backend {
            Backend::Sqlite => self.writer.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.writer.begin().await?,
        })
    }

    /// Serialises writers that must see each other's effects within one transaction (ticket
    /// assignment per level). SQLite's write lock already does; PostgreSQL takes an advisory lock
    /// released at commit.
    pub async fn lock_for(&self, tx: &mut Tx, key: i64) -> Result<()> {
        if self.backend == Backend::Postgres {
            sqlx::query("SELECT pg_advisory_xact_lock($1)")
                .bind(key)
                .execute(&mut **tx)
                .await?;
        }
        Ok(())
    }

    /// SQLite: copies committed WAL pages into the database file every 100 ms from a connection
    /// of its own (a PASSIVE checkpoint: it never blocks the writer or readers). Nothing to do
    /// on PostgreSQL.
    pub fn spawn_checkpointer(&self) -> Option<tokio::task::JoinHandle<()>> {
        let url = self.sqlite_url.clone()?;
        Some(tokio::spawn(async move {
            let connected = async {
                let mut conn = sqlx::AnyConnection::connect(&url).await?;
                conn.execute("PRAGMA busy_timeout = 10000").await?;
                Ok::<_, sqlx::Error>(conn)
            };
            let mut conn = match connected.await {
                Ok(c) => c,
                Err(e) => {
                    tracing::error!(error = %e, "the WAL checkpointer could not connect; the writer checkpoints by itself");
                    return;
                }
            };
            let mut tick = tokio::time::interval(Duration::from_millis(100));
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                if let Err(e) = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").await {
                    tracing::warn!(error = %e, "WAL checkpoint failed; will retry");
                }
            }
        }))
    }

    pub async fn close(&self) {
        self.writer.close().await;
        self.reader.close().await;
    }
}

/// A boolean column read through sqlx `Any`: PostgreSQL hands over a boolean, SQLite an integer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DbBool(pub bool);

impl From<DbBool> for bool {
    fn from(b: DbBool) -> bool {
        b.0
    }
}

impl sqlx::Type<Any> for DbBool {
    fn type_info() -> sqlx::any::AnyTypeInfo {
        <bool as sqlx::Type<Any>>::type_info()
    }

    fn compatible(_: &sqlx::any::AnyTypeInfo) -> bool {
        true
    }
}

impl<'r> sqlx::Decode<'r, Any> for DbBool {
    fn decode(value: sqlx::any::AnyValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
        if value.type_info().kind == AnyTypeInfoKind::Bool {
            <bool as sqlx::Decode<Any>>::decode(value).map(DbBool)
        } else {
            <i64 as sqlx::Decode<Any>>::decode(value).map(|i| DbBool(i != 0))
        }
    }
}
