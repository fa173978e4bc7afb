//! Bad input gets a clear 4xx that says what is wrong.

use reqwest::StatusCode;
use serde_json::json;

use crate::both;
use crate::support::TestApp;

both!(
    bad_input_is_explained,
    pagination_walks_every_ticket_once,
    a_bad_creation_among_many_fails_alone
);

async fn bad_input_is_explained(app: TestApp) {
    let customer = app.customer("Carla").await;
    let _agent = app.agent("Lena", 1).await;
    let create = |body: serde_json::Value| {
        let app = &app;
        let customer = &customer;
        async move { app.post(customer, "/api/v1/tickets", body).await }
    };
    let (s, e) = create(json!({"title": "   ", "description": "", "type": "incident"})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(e["field"], "title");
    let (s, e) =
        create(json!({"title": "x".repeat(201), "description": "", "type": "incident"})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(e["detail"].as_str().unwrap().contains("200"), "{e}");
    let (s, _) =
        create(json!({"title": "x".repeat(200), "description": "", "type": "incident"})).await;
    assert_eq!(s, StatusCode::CREATED, "exactly 200 characters is fine");
    let (s, e) =
        create(json!({"title": "t", "description": "a".repeat(64 * 1024 + 1), "type": "incident"}))
            .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(e["field"], "description");
    let (s, e) = create(json!({"title": "t", "description": "", "type": "bug"})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(e["detail"].as_str().unwrap().contains("incident"), "{e}");
    let (s, e) =
        create(json!({"title": "t", "description": "", "type": "incident", "urgency": "extreme"}))
            .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    let (s, _) = create(json!({"description": "", "type": "incident"})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "missing title");
    // Malformed JSON.
    let resp = app
        .http
        .post(app.url("/api/v1/tickets"))
        .bearer_auth(&customer.token)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert!(resp.status().is_client_error());

    let n = app.ticket(&customer, "Printer").await;
    let (s, e) = app
        .post(
            &customer,
            &format!("/api/v1/tickets/{n}/comments"),
            json!({"body": "  "}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(e["field"], "body");
    let (s, _) = app
        .post(
            &customer,
            &format!("/api/v1/tickets/{n}/comments"),
            json!({"body": "b".repeat(64 * 1024 + 1)}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    // Unknown tickets.
    assert_eq!(
        app.get(&customer, "/api/v1/tickets/424242").await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&customer, "/api/v1/tickets/not-a-number").await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&customer, "/api/v1/tickets?status=lost").await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        app.get(&customer, "/api/v1/tickets?cursor=zzz").await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        app.get(&customer, "/api/v1/nothing-here").await.0,
        StatusCode::NOT_FOUND
    );
    // Nothing was created by the failed attempts.
    let (_, list) = app.get(&customer, "/api/v1/tickets").await;
    assert_eq!(list["items"].as_array().unwrap().len(), 2);
}

async fn pagination_walks_every_ticket_once(app: TestApp) {
    let customer = app.customer("Carla").await;
    let agent = app.agent("Lena", 1).await;
    let mut created = Vec::new();
    for i in 0..7 {
        let n = app.ticket(&customer, &format!("T{i}")).await;
        if i % 2 == 0 {
            app.patch(
                &agent,
                &format!("/api/v1/tickets/{n}"),
                json!({"impact": "high", "urgency": "high"}),
            )
            .await;
        }
        created.push(n);
    }
    for sort in ["newest", "priority"] {
        let mut seen = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let mut path = format!("/api/v1/tickets?limit=3&sort={sort}");
            if let Some(c) = &cursor {
                path.push_str(&format!("&cursor={c}"));
            }
            let (s, page) = app.get(&agent, &path).await;
            assert_eq!(s, StatusCode::OK, "{page}");
            for t in page["items"].as_array().unwrap() {
                seen.push((
                    t["priority"].as_str().unwrap().to_string(),
                    t["number"].as_i64().unwrap(),
                ));
            }
            match page["next_cursor"].as_str() {
                Some(c) => cursor = Some(c.to_string()),
                None => break,
            }
        }
        let mut numbers: Vec<_> = seen.iter().map(|s| s.1).collect();
        numbers.sort();
        assert_eq!(numbers, created, "{sort}: every ticket exactly once");
        if sort == "priority" {
            let mut sorted = seen.clone();
            sorted.sort();
            assert_eq!(seen, sorted, "P1 first, then oldest");
        }
    }
}

/// Creations that arrive together are written in one transaction (group commit); a bad one among
/// them fails alone (refused before it joins the batch; a batch that fails inside the database is
/// written again one by one, see the unit tests in app/src/batch.rs) and leaves no trace.
async fn a_bad_creation_among_many_fails_alone(app: TestApp) {
    let admin = app.admin("Ada").await;
    let _lena = app.agent("Lena", 1).await;
    let mut customers = Vec::new();
    for i in 0..12 {
        customers.push(app.customer(&format!("Customer {i}")).await);
    }
    let app = &app;
    let results = futures::future::join_all(customers.iter().enumerate().map(|(i, c)| async move {
        let body = if i == 5 {
            json!({"title": "Bad", "description": "", "type": "incident", "service_id": 999_999})
        } else {
            json!({"title": format!("Good {i}"), "description": "", "type": "incident"})
        };
        app.post(c, "/api/v1/tickets", body).await
    }))
    .await;
    let mut numbers = Vec::new();
    for (i, (s, t)) in results.iter().enumerate() {
        if i == 5 {
            assert_eq!(*s, StatusCode::UNPROCESSABLE_ENTITY, "{t}");
            assert_eq!(t["field"], "service_id", "{t}");
        } else {
            assert_eq!(*s, StatusCode::CREATED, "{t}");
            numbers.push(t["number"].as_i64().unwrap());
        }
    }
    numbers.sort();
    numbers.dedup();
    assert_eq!(numbers.len(), 11, "every good creation has its own number");
    assert_eq!(
        numbers.last().unwrap() - numbers.first().unwrap(),
        10,
        "no number was used by a rolled-back creation: {numbers:?}"
    );
    let (_, list) = app.get(&admin, "/api/v1/tickets?limit=50").await;
    let titles: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles.len(), 11, "{titles:?}");
    assert!(!titles.contains(&"Bad"));
    let created = app.event_kinds(&admin, numbers[0]).await;
    assert_eq!(
        created.iter().filter(|k| *k == "ticket_created").count(),
        1,
        "a re-run creation is logged once: {created:?}"
    );
}
