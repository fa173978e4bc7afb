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
//! rolled back and its creations run again one per transaction, so one bad request never fails or
//! delays the others' outcome beyond that retry. That is why a creation is a function that can run
//! twice: it only writes through the transaction it is given.

use std::any::Any;
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
type Output = Box<dyn Any + Send>;
type Work = Arc<dyn for<'t> Fn(&'t mut Tx) -> BoxFuture<'t, AppResult<Output>> + Send + Sync>;

struct Request {
    work: Work,
    reply: oneshot::Sender<AppResult<Output>>,
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

    /// Runs `work` in a shared transaction and returns its result once that has committed.
    pub(crate) async fn run<T, F>(&self, work: F) -> AppResult<T>
    where
        T: Send + 'static,
        F: for<'t> Fn(&'t mut Tx) -> BoxFuture<'t, AppResult<T>> + Send + Sync + 'static,
    {
        let work: Work = Arc::new(move |tx| {
            let fut = work(tx);
            Box::pin(async move { fut.await.map(|v| Box::new(v) as Output) })
        });
        let (reply, answer) = oneshot::channel();
        self.queue
            .send(Request { work, reply })
            .await
            .map_err(|_| stopped())?;
        let out = answer.await.map_err(|_| stopped())??;
        Ok(*out
            .downcast::<T>()
            .expect("a batch answers with the type it was given"))
    }
}

fn stopped() -> AppError {
    AppError::Internal("the batch writer has stopped".into())
}

async fn write_batches(db: Db, mut rx: mpsc::Receiver<Request>) {
    let mut batch: Vec<Request> = Vec::with_capacity(MAX_BATCH);
    while rx.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let works: Vec<Work> = batch.iter().map(|r| r.work.clone()).collect();
        match run_together(&db, &works).await {
            Ok(outputs) => {
                for (req, out) in batch.drain(..).zip(outputs) {
                    let _ = req.reply.send(Ok(out));
                }
            }
            Err(e) if batch.len() == 1 => {
                let _ = batch.pop().expect("one").reply.send(Err(e));
            }
            Err(e) => {
                tracing::debug!(error = %e, size = batch.len(), "batch failed; running its creations one by one");
                for req in batch.drain(..) {
                    let out = run_together(&db, std::slice::from_ref(&req.work))
                        .await
                        .map(|mut v| v.pop().expect("one output per work"));
                    let _ = req.reply.send(out);
                }
            }
        }
    }
}

async fn run_together(db: &Db, works: &[Work]) -> AppResult<Vec<Output>> {
    let mut tx = db.begin().await?;
    let mut outputs = Vec::with_capacity(works.len());
    for work in works {
        outputs.push(work(&mut tx).await?);
    }
    tx.commit().await?;
    Ok(outputs)
}
