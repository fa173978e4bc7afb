//! The background worker. Every `serve` process runs one: it claims due jobs with a lease, runs
//! them, and deletes them on success or reschedules them with backoff; a job out of attempts stays
//! in the table marked failed, for admins to see. Nothing depends on cron.

use std::time::Duration;

use skranke_store::repo::{self, jobs::JobRow};

use crate::{Actor, App, AppError, AppResult};

/// How long a claimed job is ours; after that another worker may take it over.
const LEASE_MS: i64 = 60_000;
const BATCH: i64 = 16;
pub const MAX_ATTEMPTS: i64 = 8;

/// What a job run decided.
pub(crate) enum Outcome {
    Done,
    /// Try again later (the error is kept on the job).
    Retry(String),
    /// No point retrying.
    Failed(String),
}

/// 30 s, 1 min, 2 min, … capped at one hour.
pub fn backoff_ms(attempts: i64) -> i64 {
    (30_000i64 << attempts.clamp(0, 7)).min(3_600_000)
}

#[derive(Debug, Clone)]
pub struct FailedJob {
    pub id: i64,
    pub kind: String,
    pub payload: serde_json::Value,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub created_at: i64,
    pub failed_at: Option<i64>,
}

impl App {
    /// Runs every job due now, claimed batch by batch; returns how many ran. Tests call this
    /// directly with the manual clock instead of waiting for the worker loop.
    pub async fn run_due_jobs(&self) -> AppResult<usize> {
        let mut ran = 0;
        loop {
            let now = self.now();
            let jobs = {
                let mut conn = self.db.writer().acquire().await?;
                repo::jobs::claim(&mut conn, self.db.backend(), now, LEASE_MS, BATCH).await?
            };
            if jobs.is_empty() {
                return Ok(ran);
            }
            for job in jobs {
                self.run_job(job).await?;
                ran += 1;
            }
        }
    }

    async fn run_job(&self, job: JobRow) -> AppResult<()> {
        let payload: serde_json::Value = serde_json::from_str(&job.payload).unwrap_or_default();
        let outcome = match job.kind.as_str() {
            crate::webhooks::JOB_KIND => self.deliver_webhook(&payload).await,
            other => Ok(Outcome::Failed(format!("unknown job kind `{other}`"))),
        };
        let outcome = outcome.unwrap_or_else(|e| Outcome::Retry(e.to_string()));
        let mut conn = self.db.writer().acquire().await?;
        match outcome {
            Outcome::Done => repo::jobs::complete(&mut conn, job.id).await?,
            Outcome::Retry(err) if job.attempts < MAX_ATTEMPTS => {
                tracing::warn!(
                    job = job.id,
                    kind = job.kind,
                    attempts = job.attempts,
                    error = err,
                    "job will be retried"
                );
                // `attempts` counts this run, so the first retry waits the shortest backoff.
                repo::jobs::retry_at(
                    &mut conn,
                    job.id,
                    self.now() + backoff_ms(job.attempts - 1),
                    &err,
                )
                .await?
            }
            Outcome::Retry(err) | Outcome::Failed(err) => {
                tracing::error!(
                    job = job.id,
                    kind = job.kind,
                    attempts = job.attempts,
                    error = err,
                    "job failed for good"
                );
                repo::jobs::fail(&mut conn, job.id, &err, self.now()).await?
            }
        }
        Ok(())
    }

    /// Wakes the worker now instead of at its next poll.
    pub(crate) fn wake_worker(&self) {
        self.worker_wake.notify_one();
    }

    /// The worker loop of a `serve` process: runs due jobs, then sleeps until woken or until the
    /// next poll (so jobs queued by another process are picked up within a second).
    pub async fn run_worker(self) {
        loop {
            if let Err(e) = self.run_due_jobs().await {
                tracing::error!(error = %e, "worker pass failed; retrying");
            }
            let _ = tokio::time::timeout(Duration::from_secs(1), self.worker_wake.notified()).await;
        }
    }

    /// Jobs that ran out of attempts, for the admin view.
    pub async fn failed_jobs(&self, actor: &Actor) -> AppResult<Vec<FailedJob>> {
        if !actor.is_admin() {
            return Err(AppError::Forbidden(
                "only admins can see failed jobs".into(),
            ));
        }
        let mut conn = self.db.reader().acquire().await?;
        Ok(repo::jobs::failed(&mut conn, 100)
            .await?
            .into_iter()
            .map(|r| FailedJob {
                id: r.id,
                kind: r.kind,
                payload: serde_json::from_str(&r.payload).unwrap_or_default(),
                attempts: r.attempts,
                last_error: r.last_error,
                created_at: r.created_at,
                failed_at: r.failed_at,
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::backoff_ms;

    #[test]
    fn backoff_doubles_and_caps() {
        assert_eq!(backoff_ms(0), 30_000);
        assert_eq!(backoff_ms(1), 60_000);
        assert_eq!(backoff_ms(3), 240_000);
        assert_eq!(backoff_ms(20), 3_600_000);
    }
}
