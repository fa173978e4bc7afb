//! Repositories: one module per table, plain functions over a connection so the service layer
//! decides the transaction boundaries.
//!
//! Lists put in their SQL only the filters that are set, and always bind their keyset cursor (the
//! largest id for the first page): a catch-all `($1 IS NULL OR col = $1)` is planned without the
//! value, so neither database can use the column's index for it, and the page walks from the
//! first row of the table (docs/benchmarks.md, "Query plans").

pub mod attachments;
pub mod comments;
pub mod documents;
pub mod events;
pub mod frame;
pub mod jobs;
pub mod notifications;
pub mod search;
pub mod services;
pub mod sessions;
pub mod settings;
pub mod tickets;
pub mod tokens;
pub mod users;
pub mod webhooks;

pub use sqlx::AnyConnection as Conn;

use crate::Backend;

/// A value bound to a dynamically built statement (lists that hold only the filters that are set).
pub(crate) enum Bind {
    Int(i64),
    Text(String),
    Bool(bool),
}

/// Adds a condition with one parameter, written `{}` in `sql`, numbered after those before it.
pub(crate) fn param(clauses: &mut Vec<String>, binds: &mut Vec<Bind>, sql: &str, value: Bind) {
    binds.push(value);
    clauses.push(sql.replace("{}", &format!("${}", binds.len())));
}

/// Binds `binds` in order.
pub(crate) fn bind_all<'q, O>(
    mut query: sqlx::query::QueryAs<'q, sqlx::Any, O, sqlx::any::AnyArguments<'q>>,
    binds: Vec<Bind>,
) -> sqlx::query::QueryAs<'q, sqlx::Any, O, sqlx::any::AnyArguments<'q>> {
    for b in binds {
        query = match b {
            Bind::Int(v) => query.bind(v),
            Bind::Text(v) => query.bind(v),
            Bind::Bool(v) => query.bind(v),
        };
    }
    query
}

/// Clamps a requested page size: lists are never unbounded.
pub fn page_limit(requested: Option<i64>) -> i64 {
    requested.unwrap_or(50).clamp(1, 200)
}

/// `INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4), ...`, one SQL text for both databases except
/// that SQLite gets anonymous `?` placeholders: for every `$N` sqlx-sqlite asks SQLite for the
/// parameter's name, a linear search in SQLite (`sqlite3VListNumToName`), so binding n numbered
/// parameters costs O(n²) — 80% of the bench fill's time with `$N` in a perf profile.
pub fn values_sql(backend: Backend, table: &str, columns: &[&str], rows: usize) -> String {
    let n = columns.len();
    let mut sql = String::with_capacity(64 + rows * n * 7);
    sql.push_str("INSERT INTO ");
    sql.push_str(table);
    sql.push_str(" (");
    sql.push_str(&columns.join(", "));
    sql.push_str(") VALUES ");
    for r in 0..rows {
        if r > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for c in 0..n {
            if c > 0 {
                sql.push_str(", ");
            }
            match backend {
                Backend::Sqlite => sql.push('?'),
                Backend::Postgres => {
                    sql.push('$');
                    sql.push_str(&(r * n + c + 1).to_string());
                }
            }
        }
        sql.push(')');
    }
    sql
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_sql_numbers_every_placeholder() {
        assert_eq!(
            values_sql(Backend::Postgres, "t", &["a", "b"], 2),
            "INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4)"
        );
        assert_eq!(
            values_sql(Backend::Sqlite, "t", &["a", "b"], 2),
            "INSERT INTO t (a, b) VALUES (?, ?), (?, ?)"
        );
    }
}
