//! Who sees what (SPEC §1): customers see only their own tickets (404 for others', never 403),
//! and internal notes never reach a customer by any path.

use reqwest::StatusCode;
use serde_json::json;

use crate::both;
use crate::support::TestApp;

both!(visibility_matrix, customer_lists_only_own_tickets);

async fn visibility_matrix(app: TestApp) {
    let a = app.customer("Customer A").await;
    let b = app.customer("Customer B").await;
    let agent = app.agent("Lena", 1).await;
    let other_agent = app.agent("Lars", 1).await;
    let admin = app.admin("Ada").await;
    let n = app.ticket(&a, "A's printer").await;
    let owner = if app.ticket_json(&admin, n).await["assignee"]["id"] == agent.id {
        &agent
    } else {
        &other_agent
    };
    app.post(
        owner,
        &format!("/api/v1/tickets/{n}/comments"),
        json!({"body": "public reply"}),
    )
    .await;
    app.post(
        owner,
        &format!("/api/v1/tickets/{n}/comments"),
        json!({"body": "SECRET internal", "internal": true}),
    )
    .await;

    let paths = [
        format!("/api/v1/tickets/{n}"),
        format!("/api/v1/tickets/{n}/comments"),
        format!("/api/v1/tickets/{n}/events"),
    ];
    for (who, expected) in [
        (&a, StatusCode::OK),
        (&b, StatusCode::NOT_FOUND),
        (&agent, StatusCode::OK),
        (&other_agent, StatusCode::OK),
        (&admin, StatusCode::OK),
    ] {
        for p in &paths {
            let (s, body) = app.get(who, p).await;
            assert_eq!(s, expected, "{} GET {p}: {body}", who.name);
            let text = body.to_string();
            // Customers never see internal notes or internal events.
            if who.id == a.id {
                assert!(
                    !text.contains("SECRET"),
                    "{p} leaks an internal note: {text}"
                );
                assert!(
                    !text.contains("\"internal\":true"),
                    "{p} leaks an internal entry: {text}"
                );
            }
        }
    }
    // Agents and admins do see the internal note.
    let (_, c) = app
        .get(&other_agent, &format!("/api/v1/tickets/{n}/comments"))
        .await;
    assert!(c.to_string().contains("SECRET"));
    // Customer B cannot act on A's ticket either: the same 404, no hint it exists.
    let (s, e) = app
        .post(
            &b,
            &format!("/api/v1/tickets/{n}/comments"),
            json!({"body": "hi"}),
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s2, e2) = app
        .post(&b, "/api/v1/tickets/999999/comments", json!({"body": "hi"}))
        .await;
    assert_eq!(
        (s, e["detail"].clone()),
        (s2, e2["detail"].clone()),
        "existing and missing look alike"
    );
    assert_eq!(
        app.patch(
            &b,
            &format!("/api/v1/tickets/{n}"),
            json!({"status": "resolved"})
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.post(&b, &format!("/api/v1/tickets/{n}/reopen"), json!({}))
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    // Customers cannot list users or read the audit log.
    assert_eq!(app.get(&a, "/api/v1/users").await.0, StatusCode::FORBIDDEN);
    assert_eq!(app.get(&a, "/api/v1/audit").await.0, StatusCode::FORBIDDEN);
    assert_eq!(
        app.get(&agent, "/api/v1/audit").await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(app.get(&admin, "/api/v1/audit").await.0, StatusCode::OK);
}

async fn customer_lists_only_own_tickets(app: TestApp) {
    let a = app.customer("Customer A").await;
    let b = app.customer("Customer B").await;
    let agent = app.agent("Lena", 1).await;
    let mine = app.ticket(&a, "Mine").await;
    let theirs = app.ticket(&b, "Theirs").await;
    let (_, list) = app.get(&a, "/api/v1/tickets").await;
    let numbers: Vec<_> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["number"].as_i64().unwrap())
        .collect();
    assert_eq!(numbers, [mine]);
    // Even a search for the other's ticket number finds nothing.
    let (_, list) = app.get(&a, &format!("/api/v1/tickets?q={theirs}")).await;
    assert!(list["items"].as_array().unwrap().is_empty());
    let (_, list) = app.get(&agent, "/api/v1/tickets").await;
    assert_eq!(list["items"].as_array().unwrap().len(), 2);
}
