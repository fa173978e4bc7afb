//! SPEC §6, the seed's worked example, end to end through the API; and what a creation answers.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::both;
use crate::support::TestApp;

both!(
    printer_and_the_cable,
    the_creation_answer_is_the_ticket_as_stored
);

async fn printer_and_the_cable(app: TestApp) {
    let customer = app.customer("Carla").await;
    let lena = app.agent("Lena", 1).await;
    let lars = app.agent("Lars", 1).await;
    let ahmed = app.agent("LevelTwoAhmed", 2).await;
    let _tove = app.agent("Tove", 3).await;
    // Lars already has a ticket, so the least-loaded level-1 agent is Lena.
    let other = app.customer("John").await;
    let first = app.ticket(&other, "VPN drops").await;
    assert_eq!(
        app.ticket_json(&other, first).await["assignee"]["id"],
        lena.id
    );
    app.clock.advance(1000);
    let busy = app.ticket(&other, "Monitor").await;
    assert_eq!(
        app.ticket_json(&other, busy).await["assignee"]["id"],
        lars.id
    );
    app.patch(
        &lars,
        &format!("/api/v1/tickets/{busy}"),
        json!({"status": "resolved"}),
    )
    .await;
    app.patch(
        &lena,
        &format!("/api/v1/tickets/{first}"),
        json!({"status": "resolved"}),
    )
    .await;
    // Both now have 0 unresolved; Lena got hers least recently.

    // 1. The customer reports it in the portal.
    let (status, t) = app
        .post(
            &customer,
            "/api/v1/tickets",
            json!({"title": "Printer does not print", "description": "Nothing comes out of the printer on the 2nd floor.", "type": "incident", "urgency": "medium"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{t}");
    let n = t["number"].as_i64().unwrap();
    assert_eq!(t["status"], "open");
    assert_eq!(t["type"], "incident");
    assert_eq!(t["level"], 1);
    // 2. Auto-assigned to the least-loaded level-1 agent (a tie, broken by least recent).
    assert_eq!(t["assignee"]["id"], lena.id, "{t}");
    assert_eq!(t["requester"]["id"], customer.id);

    // 3. The agent asks a question and sets Pending.
    let (status, c) = app
        .post(
            &lena,
            &format!("/api/v1/tickets/{n}/comments"),
            json!({"body": "Is the cable plugged in?", "set_status": "pending"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{c}");
    assert_eq!(app.ticket_json(&customer, n).await["status"], "pending");
    // The customer is told the desk waits on them.
    let (_, notes) = app.get(&customer, "/api/v1/notifications").await;
    assert_eq!(notes["items"][0]["ticket_number"], n, "{notes}");
    assert!(
        notes["items"][0]["message"]
            .as_str()
            .unwrap()
            .contains("waiting for your reply")
    );

    // 4. The customer answers; the ticket is Open again.
    let (status, _) = app
        .post(
            &customer,
            &format!("/api/v1/tickets/{n}/comments"),
            json!({"body": "I think so. John was here earlier."}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(app.ticket_json(&customer, n).await["status"], "open");

    // 5. Level 1 cannot solve it and escalates to LevelTwoAhmed, with a reason.
    let (status, t) = app
        .post(
            &lena,
            &format!("/api/v1/tickets/{n}/escalate"),
            json!({"level": 2, "assignee_id": ahmed.id, "reason": "Hardware side; needs someone on site."}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{t}");
    assert_eq!(t["level"], 2);
    assert_eq!(t["assignee"]["id"], ahmed.id);
    assert_eq!(t["assignee"]["name"], "LevelTwoAhmed");

    // 6. Ahmed says plug the cable back in, and resolves.
    let (status, c) = app
        .post(
            &ahmed,
            &format!("/api/v1/tickets/{n}/comments"),
            json!({"body": "Plug the cable back in: John stepped on it.", "set_status": "resolved"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{c}");
    let t = app.ticket_json(&customer, n).await;
    assert_eq!(t["status"], "resolved");
    assert!(t["resolved_at"].is_string());
    assert!(t["reopen_until"].is_string());
    let (_, notes) = app.get(&customer, "/api/v1/notifications").await;
    assert!(
        notes["items"][0]["message"]
            .as_str()
            .unwrap()
            .contains("resolved"),
        "{notes}"
    );

    // Every step is on the timeline, in order.
    let kinds = app.event_kinds(&ahmed, n).await;
    let expected = [
        "ticket_created",
        "assigned",
        "comment_added",
        "status_changed",
        "comment_added",
        "status_changed",
        "escalated",
        "internal_note_added",
        "assigned",
        "comment_added",
        "status_changed",
    ];
    assert_eq!(kinds, expected);
    // The customer's timeline has the public steps, without the internal ones.
    let customer_kinds = app.event_kinds(&customer, n).await;
    assert!(
        !customer_kinds
            .iter()
            .any(|k| k == "internal_note_added" || k == "assigned"),
        "{customer_kinds:?}"
    );
    assert!(customer_kinds.contains(&"escalated".to_string()));
    // The escalation reason is an internal note: agents see it, the customer does not.
    let (_, comments) = app
        .get(&ahmed, &format!("/api/v1/tickets/{n}/comments"))
        .await;
    assert!(comments["items"].as_array().unwrap().iter().any(|c| c["internal"] == true
        && c["body"].as_str().unwrap().contains("Hardware side")));
    let (_, comments) = app
        .get(&customer, &format!("/api/v1/tickets/{n}/comments"))
        .await;
    let items = comments["items"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    assert!(items.iter().all(|c| c["internal"] == false));
}

/// A creation answers with the ticket as written, without reading it back: the answer must be
/// exactly what reading the ticket gives, whoever is assigned, requested or named as service, and
/// for a follow-up started by a late reply.
async fn the_creation_answer_is_the_ticket_as_stored(app: TestApp) {
    let admin = app.admin("Ada").await;
    let carla = app.customer("Carla").await;
    let same = |answer: &Value, stored: &Value| {
        assert_eq!(answer, stored, "the answer differs from the stored ticket");
    };

    // Nobody at level 1 yet: queued.
    let (s, t) = app
        .post(
            &carla,
            "/api/v1/tickets",
            json!({"title": "VPN drops", "description": "Every *hour*.", "type": "incident"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{t}");
    assert!(t["assignee"].is_null(), "{t}");
    same(
        &t,
        &app.ticket_json(&carla, t["number"].as_i64().unwrap()).await,
    );

    // Assigned, created by the customer.
    let lena = app.agent("Lena", 1).await;
    let (s, t) = app
        .post(
            &carla,
            "/api/v1/tickets",
            json!({"title": "Printer", "description": "", "type": "request", "urgency": "high"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{t}");
    assert_eq!(t["assignee"]["id"], lena.id, "{t}");
    let number = t["number"].as_i64().unwrap();
    same(&t, &app.ticket_json(&carla, number).await);

    // Created by an agent on behalf of the customer, with a service and an impact.
    let (s, net) = app
        .post(
            &admin,
            "/api/v1/services",
            json!({"name": "Network", "description": "LAN", "type": "incident",
                   "default_impact": "low", "default_urgency": "high"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{net}");
    let (s, t) = app
        .post(
            &lena,
            "/api/v1/tickets",
            json!({"title": "Switch down", "description": "Room 2", "type": "incident", "service_id": net["id"],
                   "requester_id": carla.id, "impact": "high"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{t}");
    assert_eq!(t["service_name"], "Network", "{t}");
    assert_eq!(t["requester"]["id"], carla.id, "{t}");
    same(
        &t,
        &app.ticket_json(&lena, t["number"].as_i64().unwrap()).await,
    );

    // A follow-up, started by the customer's reply long after the ticket was resolved.
    let (s, r) = app
        .patch(
            &lena,
            &format!("/api/v1/tickets/{number}"),
            json!({"status": "resolved"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{r}");
    app.advance_days(30);
    let (s, c) = app
        .post(
            &carla,
            &format!("/api/v1/tickets/{number}/comments"),
            json!({"body": "Broken again."}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{c}");
    assert_eq!(c["follow_up_of"], number, "{c}");
    let follow_up = c["ticket"]["number"].as_i64().unwrap();
    same(&c["ticket"], &app.ticket_json(&carla, follow_up).await);
}
