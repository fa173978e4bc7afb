//! Webhooks: admins register a URL and pick event kinds. Every matching event gets a delivery row
//! and a job in the same transaction as the event, so none is lost; the job POSTs the event as JSON
//! signed with HMAC-SHA256 and retries with backoff. Delivery is at least once: a receiver
//! deduplicates by the `X-Skranke-Delivery` id.

use std::sync::Arc;

use hmac::{Hmac, Mac};
use serde_json::json;
use sha2::Sha256;
use skranke_domain::EventKind;
use skranke_store::Tx;
use skranke_store::repo::{self, webhooks::DeliveryRow, webhooks::WebhookRow};

use crate::jobs::Outcome;
use crate::{Actor, App, AppError, AppResult, Page, auth};

pub(crate) const JOB_KIND: &str = "webhook_delivery";
pub const SIGNATURE_HEADER: &str = "X-Skranke-Signature";
pub const DELIVERY_HEADER: &str = "X-Skranke-Delivery";
pub const EVENT_HEADER: &str = "X-Skranke-Event";

#[derive(Debug, Clone)]
pub struct Webhook {
    pub id: i64,
    pub url: String,
    /// Event kinds, or `["*"]` for all.
    pub events: Vec<String>,
    pub active: bool,
    pub created_at: i64,
}

/// A new webhook and its signing secret, shown once.
#[derive(Debug, Clone)]
pub struct CreatedWebhook {
    pub webhook: Webhook,
    pub secret: String,
}

#[derive(Debug, Clone)]
pub struct Delivery {
    pub id: i64,
    pub event_id: i64,
    pub event_kind: String,
    pub status: String,
    pub attempts: i64,
    pub last_status_code: Option<i64>,
    pub last_error: Option<String>,
    pub created_at: i64,
    pub delivered_at: Option<i64>,
}

impl From<WebhookRow> for Webhook {
    fn from(r: WebhookRow) -> Self {
        Webhook {
            id: r.id,
            url: r.url,
            events: r.events.split_whitespace().map(String::from).collect(),
            active: r.active.0,
            created_at: r.created_at,
        }
    }
}

impl From<DeliveryRow> for Delivery {
    fn from(r: DeliveryRow) -> Self {
        Delivery {
            id: r.id,
            event_id: r.event_id,
            event_kind: r.event_kind,
            status: r.status,
            attempts: r.attempts,
            last_status_code: r.last_status_code,
            last_error: r.last_error,
            created_at: r.created_at,
            delivered_at: r.delivered_at,
        }
    }
}

fn subscribes(events: &str, kind: &str) -> bool {
    events.split_whitespace().any(|e| e == "*" || e == kind)
}

/// `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`: the timestamp is signed too, so a
/// receiver can refuse replays of old deliveries.
pub fn signature(secret: &str, timestamp_s: i64, body: &[u8]) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes keys of any length");
    mac.update(timestamp_s.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    let hex: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("t={timestamp_s},v1={hex}")
}

fn rfc3339(ms: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}

fn require_admin(actor: &Actor) -> AppResult<()> {
    if actor.is_admin() {
        Ok(())
    } else {
        Err(AppError::Forbidden("only admins manage webhooks".into()))
    }
}

impl App {
    /// The active webhooks, kept in memory because every event consults them: one SELECT per
    /// event was two of the eleven statements in a ticket creation's write transaction
    /// (docs/benchmarks.md, finding 5). Changes in this process take effect at once; another
    /// `serve` process on the same PostgreSQL database sees them at its next settings reload
    /// (30 s).
    async fn active_webhooks(&self, tx: &mut Tx) -> AppResult<Arc<Vec<WebhookRow>>> {
        match self.webhook_cache.get() {
            Ok(hooks) => Ok(hooks),
            Err(generation) => {
                let hooks = Arc::new(repo::webhooks::active(tx).await?);
                self.webhook_cache.keep(generation, hooks.clone());
                Ok(hooks)
            }
        }
    }

    pub(crate) fn forget_active_webhooks(&self) {
        self.webhook_cache.forget();
    }

    /// Queues a delivery for every active webhook that wants this kind of event, inside the
    /// event's own transaction.
    pub(crate) async fn fan_out_webhooks(
        &self,
        tx: &mut Tx,
        event_id: i64,
        kind: &str,
    ) -> AppResult<()> {
        let hooks = self.active_webhooks(tx).await?;
        let mut queued = false;
        for hook in hooks.iter().filter(|h| subscribes(&h.events, kind)) {
            let now = self.now();
            let delivery =
                repo::webhooks::insert_delivery(tx, hook.id, event_id, kind, now).await?;
            repo::jobs::enqueue(
                tx,
                JOB_KIND,
                &json!({"delivery_id": delivery}),
                now,
                &format!("webhook:{delivery}"),
                now,
            )
            .await?;
            queued = true;
        }
        if queued {
            self.wake_worker();
        }
        Ok(())
    }

    pub async fn create_webhook(
        &self,
        actor: &Actor,
        url: &str,
        events: &[String],
    ) -> AppResult<CreatedWebhook> {
        require_admin(actor)?;
        let url = url.trim();
        let parsed = reqwest::Url::parse(url)
            .map_err(|e| AppError::invalid("url", format!("not a URL: {e}")))?;
        if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
            return Err(AppError::invalid("url", "use an http:// or https:// URL"));
        }
        let mut kinds: Vec<String> = Vec::new();
        for e in events.iter().map(|e| e.trim()).filter(|e| !e.is_empty()) {
            if e != "*" && e.parse::<EventKind>().is_err() {
                return Err(AppError::invalid(
                    "events",
                    format!("unknown event kind `{e}`"),
                ));
            }
            if !kinds.iter().any(|k| k == e) {
                kinds.push(e.to_string());
            }
        }
        if kinds.is_empty() {
            return Err(AppError::invalid(
                "events",
                "pick at least one event kind (or * for all)",
            ));
        }
        let secret = format!("whsec_{}", auth::random_secret());
        let now = self.now();
        let _change = self.webhook_cache.change();
        let mut tx = self.db.begin().await?;
        let id =
            repo::webhooks::insert(&mut tx, url, &secret, &kinds.join(" "), actor.id, now).await?;
        self.append_event(
            &mut tx,
            None,
            Some(actor.id),
            EventKind::WebhookCreated,
            true,
            json!({"webhook_id": id, "url": url, "events": kinds}),
        )
        .await?;
        let row = repo::webhooks::by_id(&mut tx, id)
            .await?
            .ok_or(AppError::NotFound("webhook"))?;
        tx.commit().await?;
        Ok(CreatedWebhook {
            webhook: row.into(),
            secret,
        })
    }

    pub async fn webhooks(&self, actor: &Actor) -> AppResult<Vec<Webhook>> {
        require_admin(actor)?;
        let mut conn = self.db.reader().acquire().await?;
        Ok(repo::webhooks::all(&mut conn)
            .await?
            .into_iter()
            .map(Webhook::from)
            .collect())
    }

    /// Turns a webhook off (or on again); deliveries already queued for it then fail.
    pub async fn set_webhook_active(
        &self,
        actor: &Actor,
        id: i64,
        active: bool,
    ) -> AppResult<Webhook> {
        require_admin(actor)?;
        let _change = self.webhook_cache.change();
        let mut tx = self.db.begin().await?;
        if !repo::webhooks::set_active(&mut tx, id, active, self.now()).await? {
            return Err(AppError::NotFound("webhook"));
        }
        self.append_event(
            &mut tx,
            None,
            Some(actor.id),
            EventKind::WebhookUpdated,
            true,
            json!({"webhook_id": id, "active": active}),
        )
        .await?;
        let row = repo::webhooks::by_id(&mut tx, id)
            .await?
            .ok_or(AppError::NotFound("webhook"))?;
        tx.commit().await?;
        Ok(row.into())
    }

    /// The delivery log of one webhook, newest first.
    pub async fn webhook_deliveries(
        &self,
        actor: &Actor,
        id: i64,
        cursor: Option<&str>,
        limit: Option<i64>,
    ) -> AppResult<Page<Delivery>> {
        require_admin(actor)?;
        let limit = repo::page_limit(limit);
        let before = cursor
            .map(|c| {
                c.parse::<i64>()
                    .map_err(|_| AppError::invalid("cursor", "not a cursor from this list"))
            })
            .transpose()?;
        let mut conn = self.db.reader().acquire().await?;
        repo::webhooks::by_id(&mut conn, id)
            .await?
            .ok_or(AppError::NotFound("webhook"))?;
        let rows = repo::webhooks::deliveries(&mut conn, id, before, limit).await?;
        Ok(Page::from_rows(
            rows,
            limit,
            |r| r.id.to_string(),
            Delivery::from,
        ))
    }

    /// One delivery attempt (the job).
    pub(crate) async fn deliver_webhook(&self, payload: &serde_json::Value) -> AppResult<Outcome> {
        let Some(delivery_id) = payload["delivery_id"].as_i64() else {
            return Ok(Outcome::Failed("payload without delivery_id".into()));
        };
        let mut conn = self.db.reader().acquire().await?;
        let Some(delivery) = repo::webhooks::delivery(&mut conn, delivery_id).await? else {
            return Ok(Outcome::Failed(format!(
                "delivery {delivery_id} does not exist"
            )));
        };
        if delivery.status == "delivered" {
            return Ok(Outcome::Done);
        }
        let hook = repo::webhooks::by_id(&mut conn, delivery.webhook_id)
            .await?
            .ok_or(AppError::NotFound("webhook"))?;
        let event = repo::events::by_id(&mut conn, delivery.event_id)
            .await?
            .ok_or(AppError::NotFound("event"))?;
        drop(conn);
        if !hook.active.0 {
            let mut conn = self.db.writer().acquire().await?;
            repo::webhooks::record_attempt(
                &mut conn,
                delivery.id,
                "failed",
                None,
                Some("webhook deactivated"),
                None,
            )
            .await?;
            return Ok(Outcome::Failed("webhook deactivated".into()));
        }
        let body = serde_json::to_vec(&json!({
            "delivery_id": delivery.id,
            "webhook_id": hook.id,
            "event": {
                "id": event.id,
                "kind": event.kind,
                "ticket_number": event.ticket_number,
                "actor": event.actor_id.map(|id| json!({"id": id, "name": event.actor_name})),
                "internal": event.internal.0,
                "data": serde_json::from_str::<serde_json::Value>(&event.data).unwrap_or_default(),
                "created_at": rfc3339(event.created_at),
            },
        }))
        .map_err(|e| AppError::Internal(Box::new(e)))?;
        let sig = signature(&hook.secret, self.now() / 1000, &body);
        let result = self
            .http
            .post(&hook.url)
            .header("content-type", "application/json")
            .header(SIGNATURE_HEADER, sig)
            .header(DELIVERY_HEADER, delivery.id.to_string())
            .header(EVENT_HEADER, &delivery.event_kind)
            .body(body)
            .send()
            .await;
        let now = self.now();
        let attempts_after = delivery.attempts + 1;
        let mut conn = self.db.writer().acquire().await?;
        let (code, error) = match result {
            Ok(resp) if resp.status().is_success() => {
                repo::webhooks::record_attempt(
                    &mut conn,
                    delivery.id,
                    "delivered",
                    Some(i64::from(resp.status().as_u16())),
                    None,
                    Some(now),
                )
                .await?;
                return Ok(Outcome::Done);
            }
            Ok(resp) => (
                Some(i64::from(resp.status().as_u16())),
                format!("the receiver answered {}", resp.status()),
            ),
            Err(e) => (None, format!("could not deliver: {e}")),
        };
        let status = if attempts_after >= crate::jobs::MAX_ATTEMPTS {
            "failed"
        } else {
            "pending"
        };
        repo::webhooks::record_attempt(&mut conn, delivery.id, status, code, Some(&error), None)
            .await?;
        Ok(Outcome::Retry(error))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subscriptions() {
        assert!(subscribes("ticket_created comment_added", "comment_added"));
        assert!(!subscribes("ticket_created", "comment_added"));
        assert!(subscribes("*", "anything"));
    }

    #[test]
    fn signature_is_stable_hex() {
        let s = signature("secret", 1_700_000_000, b"{}");
        assert!(s.starts_with("t=1700000000,v1="));
        assert_eq!(s.len(), "t=1700000000,v1=".len() + 64);
        assert_eq!(s, signature("secret", 1_700_000_000, b"{}"));
        assert_ne!(s, signature("other", 1_700_000_000, b"{}"));
    }
}
