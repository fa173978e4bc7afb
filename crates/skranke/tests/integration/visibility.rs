//! Who sees what (SPEC §1): customers see only their own tickets (404 for others', never 403),
//! and internal notes never reach a customer by any path.

use reqwest::StatusCode;
use serde_json::json;
use skranke_domain::Role;

use crate::both;
use crate::support::{TestApp, html, signed_in};

both!(
    visibility_matrix,
    customer_lists_only_own_tickets,
    the_ticket_page_shows_each_reader_their_timeline
);

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

/// The ticket page's timeline (`App::ticket_page`): each comment appears once, at its event, in
/// order, and a customer's page has no internal note.
async fn the_ticket_page_shows_each_reader_their_timeline(app: TestApp) {
    let carla = app
        .user_with_password(Role::Customer, None, "Carla", "a good password")
        .await;
    let lena = app
        .user_with_password(Role::Agent, Some(1), "Lena", "a good password")
        .await;
    let n = app.ticket(&carla, "Printer jams").await;
    for (who, body) in [
        (&lena, json!({"body": "First public reply"})),
        (
            &lena,
            json!({"body": "SECRET internal note", "internal": true}),
        ),
        (&carla, json!({"body": "Carla answers"})),
    ] {
        let (s, c) = app
            .post(who, &format!("/api/v1/tickets/{n}/comments"), body)
            .await;
        assert_eq!(s, StatusCode::CREATED, "{c}");
    }
    let page = |who: &crate::support::TestUser| {
        let base = app.base.clone();
        let url = app.url(&format!("/tickets/{n}"));
        let email = who.email.clone();
        async move { html(&signed_in(&base, &email, "a good password").await, &url).await }
    };

    let agents = page(&lena).await;
    let at = |text: &str| {
        assert_eq!(agents.matches(text).count(), 1, "{text} once: {agents}");
        agents.find(text).unwrap()
    };
    assert!(at("First public reply") < at("SECRET internal note"));
    assert!(at("SECRET internal note") < at("Carla answers"));

    let customers = page(&carla).await;
    assert!(customers.contains("First public reply"), "{customers}");
    assert!(customers.contains("Carla answers"), "{customers}");
    assert!(!customers.contains("SECRET"), "{customers}");
}
