//! Every legal and illegal status transition of SPEC §2, through the API.

use reqwest::StatusCode;
use serde_json::json;

use crate::both;
use crate::support::{TestApp, TestUser};

both!(
    support_transitions,
    customer_transitions,
    reopen_window_and_follow_up,
    only_the_assignee_or_admin_handles,
    type_change_is_logged
);

async fn set(
    app: &TestApp,
    who: &TestUser,
    n: i64,
    status: &str,
) -> (StatusCode, serde_json::Value) {
    app.patch(
        who,
        &format!("/api/v1/tickets/{n}"),
        json!({ "status": status }),
    )
    .await
}

async fn support_transitions(app: TestApp) {
    let customer = app.customer("Carla").await;
    let agent = app.agent("Lena", 1).await;
    let n = app.ticket(&customer, "Printer").await;

    let (s, e) = set(&app, &agent, n, "open").await;
    assert_eq!(s, StatusCode::CONFLICT, "open → open: {e}");
    assert!(e["detail"].as_str().unwrap().contains("already open"));
    assert_eq!(set(&app, &agent, n, "pending").await.0, StatusCode::OK); // open → pending
    assert_eq!(set(&app, &agent, n, "open").await.0, StatusCode::OK); // pending → open
    assert_eq!(set(&app, &agent, n, "resolved").await.0, StatusCode::OK); // open → resolved
    let (s, e) = set(&app, &agent, n, "pending").await; // resolved → pending
    assert_eq!(s, StatusCode::CONFLICT);
    assert!(e["detail"].as_str().unwrap().contains("reopened"), "{e}");
    assert_eq!(set(&app, &agent, n, "open").await.0, StatusCode::OK); // resolved → open
    assert_eq!(set(&app, &agent, n, "pending").await.0, StatusCode::OK);
    assert_eq!(set(&app, &agent, n, "resolved").await.0, StatusCode::OK); // pending → resolved
    let (s, e) = set(&app, &agent, n, "closed").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "unknown status: {e}");
    assert!(e["detail"].as_str().unwrap().contains("closed"));
}

async fn customer_transitions(app: TestApp) {
    let customer = app.customer("Carla").await;
    let agent = app.agent("Lena", 1).await;
    let n = app.ticket(&customer, "Printer").await;

    let (s, e) = set(&app, &customer, n, "pending").await;
    assert_eq!(
        s,
        StatusCode::CONFLICT,
        "a customer cannot set pending: {e}"
    );
    // A comment on a pending ticket makes it open again.
    set(&app, &agent, n, "pending").await;
    app.post(
        &customer,
        &format!("/api/v1/tickets/{n}/comments"),
        json!({"body": "here you go"}),
    )
    .await;
    assert_eq!(app.ticket_json(&agent, n).await["status"], "open");
    // A comment on an open ticket keeps it open.
    app.post(
        &customer,
        &format!("/api/v1/tickets/{n}/comments"),
        json!({"body": "and more"}),
    )
    .await;
    assert_eq!(app.ticket_json(&agent, n).await["status"], "open");
    // The customer may mark it solved, and reopen it within the window (button or comment).
    assert_eq!(set(&app, &customer, n, "resolved").await.0, StatusCode::OK);
    let (s, t) = app
        .post(&customer, &format!("/api/v1/tickets/{n}/reopen"), json!({}))
        .await;
    assert_eq!(s, StatusCode::OK, "{t}");
    assert_eq!(t["status"], "open");
    set(&app, &agent, n, "resolved").await;
    app.post(
        &customer,
        &format!("/api/v1/tickets/{n}/comments"),
        json!({"body": "it broke again"}),
    )
    .await;
    assert_eq!(app.ticket_json(&agent, n).await["status"], "open");
    assert!(
        app.event_kinds(&agent, n)
            .await
            .contains(&"reopened".to_string())
    );
    // A customer cannot write internal notes.
    let (s, _) = app
        .post(
            &customer,
            &format!("/api/v1/tickets/{n}/comments"),
            json!({"body": "psst", "internal": true}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
}

async fn reopen_window_and_follow_up(app: TestApp) {
    let customer = app.customer("Carla").await;
    let agent = app.agent("Lena", 1).await;
    let n = app.ticket(&customer, "Printer").await;
    set(&app, &agent, n, "resolved").await;

    // Day 14: still within the window.
    app.advance_days(14);
    app.clock.advance(-10_000);
    assert_eq!(set(&app, &customer, n, "open").await.0, StatusCode::OK);
    set(&app, &agent, n, "resolved").await;

    // Past 14 days the ticket is read-only.
    app.advance_days(15);
    let (s, e) = app
        .post(&customer, &format!("/api/v1/tickets/{n}/reopen"), json!({}))
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert!(e["detail"].as_str().unwrap().contains("14 days"), "{e}");
    let (s, _) = app
        .post(
            &agent,
            &format!("/api/v1/tickets/{n}/comments"),
            json!({"body": "late reply"}),
        )
        .await;
    assert_eq!(
        s,
        StatusCode::CONFLICT,
        "support cannot write on a closed ticket"
    );

    // A customer's reply starts a follow-up ticket linked to the old one.
    let (s, c) = app
        .post(
            &customer,
            &format!("/api/v1/tickets/{n}/comments"),
            json!({"body": "The printer is broken again."}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{c}");
    assert_eq!(c["follow_up_of"], n);
    let follow = c["ticket"]["number"].as_i64().unwrap();
    assert_ne!(follow, n);
    let t = app.ticket_json(&customer, follow).await;
    assert_eq!(t["follow_up_of"], n);
    assert_eq!(t["status"], "open");
    assert_eq!(t["description"], "The printer is broken again.");
    assert!(t["title"].as_str().unwrap().contains(&format!("#{n}")));
    assert_eq!(app.ticket_json(&customer, n).await["status"], "resolved");
    assert!(
        app.event_kinds(&customer, n)
            .await
            .contains(&"follow_up_created".to_string())
    );
}

async fn only_the_assignee_or_admin_handles(app: TestApp) {
    let customer = app.customer("Carla").await;
    let lena = app.agent("Lena", 1).await;
    let lars = app.agent("Lars", 1).await;
    let admin = app.admin("Ada").await;
    let n = app.ticket(&customer, "Printer").await;
    let assignee = app.ticket_json(&admin, n).await["assignee"]["id"]
        .as_i64()
        .unwrap();
    let (owner, other) = if assignee == lena.id {
        (&lena, &lars)
    } else {
        (&lars, &lena)
    };

    let (s, e) = set(&app, other, n, "pending").await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{e}");
    assert!(e["detail"].as_str().unwrap().contains(&owner.name));
    let (s, _) = app
        .post(
            other,
            &format!("/api/v1/tickets/{n}/comments"),
            json!({"body": "hi"}),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN, "a public reply is the assignee's");
    // Any agent may add an internal note.
    let (s, _) = app
        .post(
            other,
            &format!("/api/v1/tickets/{n}/comments"),
            json!({"body": "seen this before", "internal": true}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    assert_eq!(set(&app, owner, n, "pending").await.0, StatusCode::OK);
    assert_eq!(set(&app, &admin, n, "open").await.0, StatusCode::OK);
}

async fn type_change_is_logged(app: TestApp) {
    let customer = app.customer("Carla").await;
    let agent = app.agent("Lena", 1).await;
    let n = app.ticket(&customer, "I need a new mouse").await;
    let (s, e) = app
        .patch(
            &customer,
            &format!("/api/v1/tickets/{n}"),
            json!({"type": "request"}),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN, "the agent decides the type: {e}");
    let (s, t) = app
        .patch(
            &agent,
            &format!("/api/v1/tickets/{n}"),
            json!({"type": "request"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{t}");
    assert_eq!(t["type"], "request");
    let (_, events) = app
        .get(&customer, &format!("/api/v1/tickets/{n}/events"))
        .await;
    let change = events["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "type_changed")
        .cloned()
        .unwrap();
    assert_eq!(change["data"]["from"], "incident");
    assert_eq!(change["data"]["to"], "request");
    assert_eq!(change["actor"]["id"], agent.id);
    // Impact × urgency sets the priority.
    let (_, t) = app
        .patch(
            &agent,
            &format!("/api/v1/tickets/{n}"),
            json!({"impact": "high", "urgency": "high"}),
        )
        .await;
    assert_eq!(t["priority"], "p1");
    let (_, t) = app
        .patch(
            &agent,
            &format!("/api/v1/tickets/{n}"),
            json!({"impact": "low", "urgency": "low"}),
        )
        .await;
    assert_eq!(t["priority"], "p4");
}
