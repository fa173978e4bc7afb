//! Webhooks: deliveries are signed, retried with backoff from the jobs table, and logged.

use axum::http::{HeaderMap, StatusCode as AxumStatus};
use reqwest::StatusCode;
use serde_json::json;
use skranke_app::webhooks::signature;
use tokio::sync::mpsc;

use crate::both;
use crate::support::TestApp;

both!(
    deliveries_are_signed_and_retried,
    a_job_out_of_attempts_is_kept
);

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
    let (s, created) = app
        .post(
            &admin,
            "/api/v1/webhooks",
            json!({"url": url, "events": ["ticket_created"]}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{created}");
    let secret = created["secret"].as_str().unwrap().to_string();
    assert!(secret.starts_with("whsec_"));
    let id = created["id"].as_i64().unwrap();
    let (s, e) = app
        .post(
            &admin,
            "/api/v1/webhooks",
            json!({"url": "ftp://x", "events": ["ticket_created"]}),
        )
        .await;
    assert_eq!(
        s,
        StatusCode::UNPROCESSABLE_ENTITY,
        "only http(s) URLs: {e}"
    );
    let (s, _) = app
        .post(
            &admin,
            "/api/v1/webhooks",
            json!({"url": url, "events": ["no_such_kind"]}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, _) = app
        .post(
            &carla,
            "/api/v1/webhooks",
            json!({"url": url, "events": ["*"]}),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN, "admins only");
    let (_, list) = app.get(&admin, "/api/v1/webhooks").await;
    assert!(
        list["items"][0].get("secret").is_none(),
        "the secret is shown once only"
    );
    let deliveries = format!("/api/v1/webhooks/{id}/deliveries");

    let n = app.ticket(&carla, "Printer").await;
    // First attempt: the receiver fails; the job stays queued with backoff.
    assert_eq!(app.app.run_due_jobs().await.unwrap(), 1);
    let first = inbox.recv().await.unwrap();
    assert_eq!(
        app.app.run_due_jobs().await.unwrap(),
        0,
        "not due again before the backoff"
    );
    let (_, log) = app.get(&admin, &deliveries).await;
    assert_eq!(log["items"].as_array().unwrap().len(), 1);
    assert_eq!(log["items"][0]["status"], "pending");
    assert_eq!(log["items"][0]["last_status_code"], 500);
    // After the backoff it is sent again, and succeeds.
    app.clock.advance(31_000);
    assert_eq!(app.app.run_due_jobs().await.unwrap(), 1);
    let second = inbox.recv().await.unwrap();
    let (_, log) = app.get(&admin, &deliveries).await;
    assert_eq!(log["items"][0]["status"], "delivered");
    assert_eq!(log["items"][0]["attempts"], 2);
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
    assert_eq!(sig, signature(&secret, t, &second.body));
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
    let (s, hook) = app
        .patch(
            &admin,
            &format!("/api/v1/webhooks/{id}"),
            json!({"active": false}),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(hook["active"], false);
    app.ticket(&carla, "Another").await;
    assert_eq!(app.app.run_due_jobs().await.unwrap(), 0);
    assert!(inbox.try_recv().is_err());
}

/// A receiver that never answers 2xx: after the last attempt the delivery is failed and the job
/// stays, visible to admins.
async fn a_job_out_of_attempts_is_kept(app: TestApp) {
    let admin = app.admin("Ada").await;
    let carla = app.customer("Carla").await;
    let (url, mut inbox) = receiver(vec![503; 20]).await;
    app.post(
        &admin,
        "/api/v1/webhooks",
        json!({"url": url, "events": ["ticket_created"]}),
    )
    .await;
    app.ticket(&carla, "Printer").await;
    for _ in 0..skranke_app::jobs::MAX_ATTEMPTS {
        assert_eq!(app.app.run_due_jobs().await.unwrap(), 1);
        inbox.recv().await.unwrap();
        app.clock.advance(3_600_000);
    }
    assert_eq!(app.app.run_due_jobs().await.unwrap(), 0, "no more attempts");
    let (s, failed) = app.get(&admin, "/api/v1/jobs/failed").await;
    assert_eq!(s, StatusCode::OK);
    let items = failed["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{failed}");
    assert_eq!(items[0]["kind"], "webhook_delivery");
    assert!(items[0]["last_error"].as_str().unwrap().contains("503"));
    assert_eq!(
        app.get(&carla, "/api/v1/jobs/failed").await.0,
        StatusCode::FORBIDDEN
    );
}
