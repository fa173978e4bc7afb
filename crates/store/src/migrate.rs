//! Migrations are embedded in the binary and applied at start. Each backend has its own SQL files
//! with the same versions; a test fails if the two sets drift.

use crate::{Backend, Db, Result, StoreError};

#[derive(Debug, Clone, Copy)]
pub struct Migration {
    pub version: i64,
    pub name: &'static str,
    pub sql: &'static str,
}

macro_rules! migrations {
    ($dir:literal: $(($version:literal, $name:literal)),+ $(,)?) => {
        &[$(Migration {
            version: $version,
            name: $name,
            sql: include_str!(concat!("../migrations/", $dir, "/", $name, ".sql")),
        }),+]
    };
}

pub const MIGRATIONS_SQLITE: &[Migration] = migrations!("sqlite": (1, "0001_core"), (2, "0002_knowledge"), (3, "0003_webhooks"), (4, "0004_list_indexes"), (5, "0005_agent_load"), (6, "0006_ticket_search"), (7, "0007_assignee_status_index"), (8, "0008_search_merge"), (9, "0009_search_deferred"), (10, "0010_status_id_index"), (11, "0011_search_merge_steps"), (12, "0012_level_id_index"), (13, "0013_session_user"));
pub const MIGRATIONS_POSTGRES: &[Migration] = migrations!("postgres": (1, "0001_core"), (2, "0002_knowledge"), (3, "0003_webhooks"), (4, "0004_list_indexes"), (5, "0005_agent_load"), (6, "0006_ticket_search"), (7, "0007_assignee_status_index"), (8, "0008_search_merge"), (9, "0009_search_deferred"), (10, "0010_status_id_index"), (11, "0011_search_merge_steps"), (12, "0012_level_id_index"), (13, "0013_session_user"));

impl Db {
    /// Applies the migrations this database has not seen, each in its own transaction. Safe to run
    /// from several processes at once: on PostgreSQL an advisory lock serialises them, on SQLite the
    /// write lock of `BEGIN IMMEDIATE` does.
    pub async fn migrate(&self) -> Result<()> {
        let migrations = match self.backend() {
            Backend::Sqlite => MIGRATIONS_SQLITE,
            Backend::Postgres => MIGRATIONS_POSTGRES,
        };
        sqlx::raw_sql(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)",
        )
        .execute(self.writer())
        .await?;
        for m in migrations {
            let mut tx = self.begin().await?;
            if self.backend() == Backend::Postgres {
                sqlx::query("SELECT pg_advisory_xact_lock(7345001)")
                    .execute(&mut *tx)
                    .await?;
            }
            let done: Option<i64> =
                sqlx::query_scalar("SELECT version FROM schema_migrations WHERE version = $1")
                    .bind(m.version)
                    .fetch_optional(&mut *tx)
                    .await?;
            if done.is_some() {
                continue;
            }
            tracing::info!(version = m.version, name = m.name, "applying migration");
            sqlx::raw_sql(m.sql)
                .execute(&mut *tx)
                .await
                .map_err(|source| StoreError::Migration {
                    version: m.version,
                    source,
                })?;
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_millis() as i64)
                .unwrap_or(0);
            sqlx::query(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
            )
            .bind(m.version)
            .bind(m.name)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Both backends must have the same migrations, in order, and every file on disk must be listed.
    #[test]
    fn sqlite_and_postgres_migrations_match() {
        let versions =
            |ms: &[Migration]| ms.iter().map(|m| (m.version, m.name)).collect::<Vec<_>>();
        assert_eq!(versions(MIGRATIONS_SQLITE), versions(MIGRATIONS_POSTGRES));
        for (dir, listed) in [
            ("sqlite", MIGRATIONS_SQLITE),
            ("postgres", MIGRATIONS_POSTGRES),
        ] {
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/migrations/").to_string() + dir;
            let mut on_disk: Vec<String> = std::fs::read_dir(path)
                .unwrap()
                .map(|e| {
                    e.unwrap()
                        .file_name()
                        .to_string_lossy()
                        .trim_end_matches(".sql")
                        .to_string()
                })
                .collect();
            on_disk.sort();
            let listed: Vec<String> = listed.iter().map(|m| m.name.to_string()).collect();
            assert_eq!(
                on_disk, listed,
                "migrations/{dir} and the embedded list differ"
            );
        }
    }
}
