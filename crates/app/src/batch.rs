//! Group commit for ticket creation, the hottest write path.
//!
//! Every creation takes the routing lock (SQLite's one writer; a per-level advisory lock on
//! PostgreSQL), so creations run one after another however many arrive at once. Run one
//! transaction per creation and the throughput is the inverse of one transaction's wall time:
//! BEGIN, six statements, COMMIT, each a round trip to the database, plus a WAL (or fsync) write
//! and, on SQLite, a flush of the ticket search index per commit (docs/benchmarks.md, finding 5).
//!
//! So creations queue here and one task writes them: it takes every creation waiting, up to
//! `MAX_BATCH`, runs them one after another in a single transaction and commits once. Routing
//! inside the batch sees the assignments made before it in the same transaction, so fairness holds
//! exactly as before. Each caller waits for the commit; nobody is told "created" before the ticket
//! is durable.
//!
//! A batch that fails (a creation naming a service the customer may not use, a database error) is
//! rolled back and its creations run again one per transaction, so one bad request fails alone.
//! That is why a creation is a function that can run twice: it only writes through the
//! transaction it is given.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use skranke_store::{Db, Tx};
use tokio::sync::{mpsc, oneshot};

use crate::{AppError, AppResult};

/// Enough to drain 16 waiting clients at once several times over; small enough that one batch's
/// transaction stays short.
const MAX_BATCH: usize = 64;

pub(crate) type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// One creation: writes through the transaction and answers the new ticket's id.
pub(crate) type Creation =
    Arc<dyn for<'t> Fn(&'t mut Tx) -> BoxFuture<'t, AppResult<i64>> + Send + Sync>;

struct Request {
    creation: Creation,
    reply: oneshot::Sender<AppResult<i64>>,
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

    /// Runs `creation` in a shared transaction; answers once that has committed.
    pub(crate) async fn create(&self, creation: Creation) -> AppResult<i64> {
        let (reply, answer) = oneshot::channel();
        self.queue
            .send(Request { creation, reply })
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
        match run_together(&db, &batch).await {
            Ok(ids) => {
                for (req, id) in batch.drain(..).zip(ids) {
                    let _ = req.reply.send(Ok(id));
                }
            }
            Err(e) if batch.len() == 1 => {
                if let Some(req) = batch.pop() {
                    let _ = req.reply.send(Err(e));
                }
            }
            Err(e) => {
                tracing::debug!(error = %e, size = batch.len(), "batch failed; running its creations one by one");
                for req in batch.drain(..) {
                    let _ = req.reply.send(run_one(&db, &req.creation).await);
                }
            }
        }
    }
}

async fn run_one(db: &Db, creation: &Creation) -> AppResult<i64> {
    let mut tx = db.begin().await?;
    let id = creation(&mut tx).await?;
    tx.commit().await?;
    Ok(id)
}

/// Runs the creations in one transaction; their ids in order, or the first failure.
async fn run_together(db: &Db, batch: &[Request]) -> AppResult<Vec<i64>> {
    let mut tx = db.begin().await?;
    let mut ids = Vec::with_capacity(batch.len());
    for req in batch {
        ids.push((req.creation)(&mut tx).await?);
    }
    tx.commit().await?;
    Ok(ids)
}
