use std::time::Duration;

use sqlx::any::{AnyPoolOptions, AnyTypeInfoKind};
use sqlx::{Any, AnyPool, Executor, ValueRef};

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
            let options = || {
                AnyPoolOptions::new()
                    .acquire_timeout(Duration::from_secs(30))
                    .after_connect(|conn, _| {
                        Box::pin(async move {
                            conn.execute(
                                "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                                 PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; \
                                 PRAGMA cache_size = -16384;",
                            )
                            .await?;
                            Ok(())
                        })
                    })
            };
            let writer = options().max_connections(1).connect(&url).await?;
            let reader = options().max_connections(4).connect(&url).await?;
            Ok(Db {
                backend: Backend::Sqlite,
                writer,
                reader,
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
