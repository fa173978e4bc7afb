//! Group commit for ticket creation, the hottest write path.
//!
//! Every creation takes the routing lock (SQLite's one writer; a per-level advisory lock on
//! PostgreSQL), so creations run one after another however many arrive at once. Run one
//! transaction per creation and the throughput is the inverse of one transaction's wall time:
//! BEGIN, six statements, COMMIT, each a round trip to the database, plus a WAL (or fsync) write
//! per commit (docs/benchmarks.md, finding 5). (SQLite's search index is written apart, behind
//! the creations: `repo::search`.)
//!
//! So creations queue here and one task writes them: it takes every creation waiting, up to
//! `MAX_BATCH`, and writes them in a single transaction through the bulk path
//! (`App::insert_tickets`: one number range, one routing read, one INSERT for the tickets and one
//! for their events), then commits once. Routing inside the batch assigns the tickets one after
//! another on the loads left by the ones before, so fairness holds exactly as one by one. Each
//! caller waits for the commit; nobody is told "created" before the ticket is durable.
//!
//! A creation is checked (permissions, service, requester) before it joins the queue, so a batch
//! fails only on what the check could not foresee (a service removed meanwhile, a database error).
//! A failed batch is rolled back and its creations written again one per transaction, so one bad
//! request fails alone.

use std::future::Future;

use skranke_store::Db;
use skranke_store::repo::tickets::TicketRow;
use tokio::sync::{mpsc, oneshot};

use crate::tickets::TicketDraft;
use crate::{App, AppError, AppResult};

/// Enough to drain 16 waiting clients at once several times over; small enough that one batch's
/// transaction stays short.
const MAX_BATCH: usize = 64;

struct Request {
    /// The app that asked; the writer uses it to write (the queue lives inside `App`, so the
    /// writer cannot hold one of its own without keeping itself alive).
    app: App,
    draft: TicketDraft,
    reply: oneshot::Sender<AppResult<TicketRow>>,
}

/// The queue in front of the batch writer.
#[derive(Clone)]
pub(crate) struct Batcher {
    queue: mpsc::Sender<Request>,
}

impl Batcher {
    /// Starts the writer task on the current runtime; it ends when the last `Batcher` is dropped.
    pub(crate) fn start(db: Db) -> Batcher {
        let (queue, rx) = mpsc::channel(1024);
        tokio::spawn(write_batches(db, rx));
        Batcher { queue }
    }

    /// Writes `draft` in a shared transaction; answers the row written once that has committed.
    pub(crate) async fn create(&self, app: App, draft: TicketDraft) -> AppResult<TicketRow> {
        let (reply, answer) = oneshot::channel();
        self.queue
            .send(Request { app, draft, reply })
            .await
            .map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())?
    }
}

fn stopped() -> AppError {
    AppError::Internal("the batch writer has stopped".into())
}

async fn write_batches(db: Db, mut rx: mpsc::Receiver<Request>) {
    let mut batch: Vec<Request> = Vec::with_capacity(MAX_BATCH);
    while rx.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let app = batch[0].app.clone();
        let drafts: Vec<TicketDraft> = batch.iter().map(|r| r.draft.clone()).collect();
        let results = together_or_alone(&drafts, |some| write(&db, &app, some)).await;
        for (req, result) in batch.drain(..).zip(results) {
            let _ = req.reply.send(result);
        }
    }
}

/// Writes the drafts in one transaction; their rows in order, or the first failure.
async fn write(db: &Db, app: &App, drafts: Vec<TicketDraft>) -> AppResult<Vec<TicketRow>> {
    let mut tx = db.begin().await?;
    let rows = app.insert_tickets(&mut tx, &drafts).await?;
    tx.commit().await?;
    Ok(rows)
}

/// Writes all items with one call of `write`, which answers one result per item; if that fails,
/// writes each item alone, so a bad one fails by itself and the others still succeed. One result
/// per item, in order.
async fn together_or_alone<T: Clone, R, W, F>(items: &[T], write: W) -> Vec<AppResult<R>>
where
    W: Fn(Vec<T>) -> F,
    F: Future<Output = AppResult<Vec<R>>>,
{
    let alone = |written: Vec<R>| {
        written
            .into_iter()
            .next()
            .ok_or_else(|| AppError::Internal("a creation was written without an id".into()))
    };
    match write(items.to_vec()).await {
        Ok(written) if written.len() == items.len() => written.into_iter().map(Ok).collect(),
        Ok(_) => items
            .iter()
            .map(|_| Err(AppError::Internal("a batch answered too few ids".into())))
            .collect(),
        Err(e) if items.len() == 1 => vec![Err(e)],
        Err(e) => {
            tracing::debug!(error = %e, size = items.len(), "batch failed; writing its creations one by one");
            let mut results = Vec::with_capacity(items.len());
            for item in items {
                results.push(write(vec![item.clone()]).await.and_then(alone));
            }
            results
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;

    /// A stand-in for the database: fails any batch holding a negative item, answers the items
    /// themselves as ids otherwise, and records every call.
    async fn fake_write(calls: &Mutex<Vec<Vec<i64>>>, items: Vec<i64>) -> AppResult<Vec<i64>> {
        calls.lock().unwrap().push(items.clone());
        if items.iter().any(|&i| i < 0) {
            Err(AppError::invalid("service_id", "no such service"))
        } else {
            Ok(items)
        }
    }

    #[tokio::test]
    async fn a_good_batch_is_written_once() {
        let calls = Mutex::new(Vec::new());
        let results = together_or_alone(&[1, 2, 3], |some| fake_write(&calls, some)).await;
        assert_eq!(
            results.into_iter().map(|r| r.unwrap()).collect::<Vec<_>>(),
            [1, 2, 3]
        );
        assert_eq!(*calls.lock().unwrap(), [vec![1, 2, 3]]);
    }

    #[tokio::test]
    async fn a_bad_item_fails_alone() {
        let calls = Mutex::new(Vec::new());
        let results = together_or_alone(&[1, -2, 3], |some| fake_write(&calls, some)).await;
        assert_eq!(results[0].as_ref().ok(), Some(&1));
        assert!(
            matches!(results[1], Err(AppError::Invalid { .. })),
            "{:?}",
            results[1]
        );
        assert_eq!(results[2].as_ref().ok(), Some(&3));
        assert_eq!(
            *calls.lock().unwrap(),
            [vec![1, -2, 3], vec![1], vec![-2], vec![3]],
            "the failed batch was written again one item at a time"
        );
    }
}
