//! The SQLite ticket search index, written behind the creations (migration 0009): tickets above
//! the high-water mark in `search_progress` are not yet in `tickets_fts`. PostgreSQL indexes in
//! the creating transaction (a generated column), so everything here is a no-op there.

use crate::{Backend, Db, Result};

/// Whether tickets exist that the index does not hold yet. One look-up in each table's index.
pub async fn behind(db: &Db) -> Result<bool> {
    if db.backend() != Backend::Sqlite {
        return Ok(false);
    }
    let behind: i64 = sqlx::query_scalar(
        "SELECT coalesce(max(id), 0) > (SELECT indexed_upto FROM search_progress WHERE name = 'tickets') \
         FROM tickets",
    )
    .fetch_one(db.reader())
    .await?;
    Ok(behind != 0)
}

/// Indexes every ticket created since the last call, in one write transaction, and moves the mark
/// past them. Answers how many it indexed. Safe to call from several tasks or processes at once:
/// the write lock orders them, and the second finds nothing left.
pub async fn index_new_tickets(db: &Db) -> Result<u64> {
    if db.backend() != Backend::Sqlite {
        return Ok(0);
    }
    let mut tx = db.begin().await?;
    let indexed = sqlx::query(
        "INSERT INTO tickets_fts (rowid, title, description) \
         SELECT id, title, description FROM tickets \
         WHERE id > (SELECT indexed_upto FROM search_progress WHERE name = 'tickets') ORDER BY id",
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    // Not only when `indexed` says rows went in: a mark left behind would index them twice.
    sqlx::query(
        "UPDATE search_progress SET indexed_upto = (SELECT max(id) FROM tickets) \
         WHERE name = 'tickets' AND indexed_upto < (SELECT coalesce(max(id), 0) FROM tickets)",
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(indexed)
}
