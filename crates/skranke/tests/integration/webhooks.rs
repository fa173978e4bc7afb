//! Webhooks: deliveries are signed, retried with backoff from the jobs table, and logged.

use axum::http::{HeaderMap, StatusCode as AxumStatus};
use serde_json::json;
use skranke_app::webhooks::signature;
use tokio::sync::mpsc;

use crate::both;
use crate::support::TestApp;

both!(deliveries_are_signed_and_retried);

struct Received {
    headers: HeaderMap,
    body: Vec<u8>,
}

/// A receiver on loopback that answers each request with the next status from `answers`.
async fn receiver(answers: Vec<u16>) -> (String, mpsc::UnboundedReceiver<Received>) {
    let (tx, rx) = mpsc::unbounded_channel();
    let answers = std::sync::Arc::new(std::sync::Mutex::new(answers.into_iter()));
    let handler = move |headers: HeaderMap, body: axum::body::Bytes| {
        let tx = tx.clone();
        let answers = answers.clone();
        async move {
            let _ = tx.send(Received {
                headers,
                body: body.to_vec(),
            });
            let code = answers.lock().unwrap().next().unwrap_or(200);
            AxumStatus::from_u16(code).unwrap()
        }
    };
    let router = axum::Router::new().route("/hook", axum::routing::post(handler));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    (url, rx)
}

async fn deliveries_are_signed_and_retried(app: TestApp) {
    let admin = app.admin("Ada").await;
    let carla = app.customer("Carla").await;
    app.agent("Lena", 1).await;
    let (url, mut inbox) = receiver(vec![500, 200]).await;
    let actor = app.app.actor_by_id(admin.id).await.unwrap().unwrap();
    let created = app
        .app
        .create_webhook(&actor, &url, &["ticket_created".to_string()])
        .await
        .expect("webhook");
    assert!(created.secret.starts_with("whsec_"));
    let bad = app
        .app
        .create_webhook(&actor, "ftp://x", &["ticket_created".into()])
        .await;
    assert!(bad.is_err(), "only http(s) URLs");
    let customer = app.app.actor_by_id(carla.id).await.unwrap().unwrap();
    assert!(
        app.app
            .create_webhook(&customer, &url, &["*".into()])
            .await
            .is_err(),
        "admins only"
    );

    let n = app.ticket(&carla, "Printer").await;
    // First attempt: the receiver fails; the job stays queued with backoff.
    assert_eq!(app.app.run_due_jobs().await.unwrap(), 1);
    let first = inbox.recv().await.unwrap();
    assert_eq!(
        app.app.run_due_jobs().await.unwrap(),
        0,
        "not due again before the backoff"
    );
    let page = app
        .app
        .webhook_deliveries(&actor, created.webhook.id, None, None)
        .await
        .unwrap();
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.items[0].status, "pending");
    assert_eq!(page.items[0].last_status_code, Some(500));
    // After the backoff it is sent again, and succeeds.
    app.clock.advance(31_000);
    assert_eq!(app.app.run_due_jobs().await.unwrap(), 1);
    let second = inbox.recv().await.unwrap();
    let page = app
        .app
        .webhook_deliveries(&actor, created.webhook.id, None, None)
        .await
        .unwrap();
    assert_eq!(page.items[0].status, "delivered");
    assert_eq!(page.items[0].attempts, 2);
    // The same delivery both times (a receiver deduplicates by it), correctly signed.
    assert_eq!(
        first.headers["x-skranke-delivery"],
        second.headers["x-skranke-delivery"]
    );
    let sig = second.headers["x-skranke-signature"]
        .to_str()
        .unwrap()
        .to_string();
    let t: i64 = sig
        .trim_start_matches("t=")
        .split(',')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(sig, signature(&created.secret, t, &second.body));
    let body: serde_json::Value = serde_json::from_slice(&second.body).unwrap();
    assert_eq!(body["event"]["kind"], "ticket_created");
    assert_eq!(body["event"]["ticket_number"], n);
    // Only subscribed kinds are sent.
    app.post(
        &carla,
        &format!("/api/v1/tickets/{n}/comments"),
        json!({"body": "more"}),
    )
    .await;
    assert_eq!(app.app.run_due_jobs().await.unwrap(), 0);
    // A deactivated webhook gets nothing new.
    app.app
        .set_webhook_active(&actor, created.webhook.id, false)
        .await
        .unwrap();
    app.ticket(&carla, "Another").await;
    assert_eq!(app.app.run_due_jobs().await.unwrap(), 0);
    assert!(inbox.try_recv().is_err());
}
