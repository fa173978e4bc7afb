//! Routing: fewest unresolved tickets under concurrent creation, the tie-break, queue mode, the
//! unstaffed level, reassignment and escalation by rule.

use reqwest::StatusCode;
use serde_json::json;

use crate::both;
use crate::support::{TestApp, TestUser};

both!(
    fair_under_concurrent_creation,
    queue_mode_waits_for_an_agent_to_take,
    no_agent_available_waits_and_tells_admins,
    reassign_rules,
    escalate_by_level_rule,
    settings_reach_other_processes,
    agent_load_follows_every_change
);

async fn open_count(app: &TestApp, admin: &TestUser, agent_id: i64) -> usize {
    let mut count = 0;
    let mut cursor: Option<String> = None;
    loop {
        let mut path = format!("/api/v1/tickets?assignee={agent_id}&status=open&limit=100");
        if let Some(c) = &cursor {
            path.push_str(&format!("&cursor={c}"));
        }
        let (s, page) = app.get(admin, &path).await;
        assert_eq!(s, StatusCode::OK);
        count += page["items"].as_array().unwrap().len();
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => return count,
        }
    }
}

async fn fair_under_concurrent_creation(app: TestApp) {
    let admin = app.admin("Ada").await;
    let mut agents = Vec::new();
    for i in 0..4 {
        agents.push(app.agent(&format!("Agent {i}"), 1).await);
    }
    let mut customers = Vec::new();
    for i in 0..20 {
        customers.push(app.customer(&format!("Customer {i}")).await);
    }
    let app = &app;
    futures::future::join_all(customers.iter().map(|c| async move {
        for i in 0..10 {
            let (s, t) = app
                .post(
                    c,
                    "/api/v1/tickets",
                    json!({"title": format!("Ticket {i}"), "description": "", "type": "incident"}),
                )
                .await;
            assert_eq!(s, StatusCode::CREATED, "{t}");
            assert!(t["assignee"].is_object(), "every ticket is assigned: {t}");
        }
    }))
    .await;
    let mut counts = Vec::new();
    for a in &agents {
        counts.push(open_count(app, &admin, a.id).await);
    }
    assert_eq!(counts.iter().sum::<usize>(), 200, "{counts:?}");
    let (min, max) = (counts.iter().min().unwrap(), counts.iter().max().unwrap());
    assert!(
        max - min <= 1,
        "unresolved counts {counts:?} are more than 1 apart"
    );
    // Each assignment records why that agent was chosen.
    let (_, list) = app.get(&admin, "/api/v1/tickets?limit=1").await;
    let n = list["items"][0]["number"].as_i64().unwrap();
    let (_, events) = app
        .get(&admin, &format!("/api/v1/tickets/{n}/events"))
        .await;
    let assigned = events["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "assigned")
        .cloned()
        .unwrap();
    assert_eq!(assigned["data"]["rule"], "fewest_unresolved");
    assert_eq!(assigned["data"]["candidates"].as_array().unwrap().len(), 4);
}

async fn queue_mode_waits_for_an_agent_to_take(app: TestApp) {
    let admin = app.admin("Ada").await;
    let customer = app.customer("Carla").await;
    let lena = app.agent("Lena", 1).await;
    let ahmed = app.agent("Ahmed", 2).await;
    let (s, settings) = app
        .patch(&admin, "/api/v1/settings", json!({"level1_mode": "queue"}))
        .await;
    assert_eq!(s, StatusCode::OK, "{settings}");
    assert_eq!(settings["level1_mode"], "queue");
    let n = app.ticket(&customer, "Printer").await;
    let t = app.ticket_json(&admin, n).await;
    assert!(t["assignee"].is_null(), "{t}");
    let (_, queue) = app
        .get(&lena, "/api/v1/tickets?assignee=none&level=1&sort=priority")
        .await;
    assert_eq!(queue["items"][0]["number"], n);
    // An agent of another level cannot take it; one of this level can.
    let (s, _) = app
        .post(
            &ahmed,
            &format!("/api/v1/tickets/{n}/assign"),
            json!({"assignee_id": ahmed.id}),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, t) = app
        .post(
            &lena,
            &format!("/api/v1/tickets/{n}/assign"),
            json!({"assignee_id": lena.id}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{t}");
    assert_eq!(t["assignee"]["id"], lena.id);
    let (_, events) = app
        .get(&admin, &format!("/api/v1/tickets/{n}/events"))
        .await;
    let kinds: Vec<_> = events["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["ticket_created", "queued", "assigned"]);
    assert_eq!(events["items"][2]["data"]["rule"], "taken");
    // Settings changes are audited.
    let (_, audit) = app.get(&admin, "/api/v1/audit?kind=settings_changed").await;
    assert_eq!(audit["items"].as_array().unwrap().len(), 1);
}

async fn no_agent_available_waits_and_tells_admins(app: TestApp) {
    let admin = app.admin("Ada").await;
    let customer = app.customer("Carla").await;
    let (s, t) = app
        .post(
            &customer,
            "/api/v1/tickets",
            json!({"title": "Printer", "description": "", "type": "incident"}),
        )
        .await;
    assert_eq!(
        s,
        StatusCode::CREATED,
        "the customer never sees an error: {t}"
    );
    assert!(t["assignee"].is_null());
    assert_eq!(t["level"], 1);
    let (_, notes) = app.get(&admin, "/api/v1/notifications").await;
    let items = notes["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{notes}");
    assert_eq!(items[0]["ticket_number"], t["number"]);
    assert_eq!(items[0]["read"], false);
    assert_eq!(items[0]["kind"], "unassigned");
    assert!(
        items[0]["message"]
            .as_str()
            .unwrap()
            .contains("no active agent at level 1"),
        "{notes}"
    );
    let (s, _) = app
        .post(&admin, "/api/v1/notifications/read", json!({}))
        .await;
    assert_eq!(s, StatusCode::OK);
    let (_, notes) = app.get(&admin, "/api/v1/notifications").await;
    assert_eq!(notes["items"][0]["read"], true);
    // The customer was not told anything about staffing.
    let (_, notes) = app.get(&customer, "/api/v1/notifications").await;
    assert!(notes["items"].as_array().unwrap().is_empty());
}

async fn reassign_rules(app: TestApp) {
    let admin = app.admin("Ada").await;
    let customer = app.customer("Carla").await;
    let lena = app.agent("Lena", 1).await;
    let lars = app.agent("Lars", 1).await;
    let ahmed = app.agent("Ahmed", 2).await;
    let n = app.ticket(&customer, "Printer").await;
    let owner_id = app.ticket_json(&admin, n).await["assignee"]["id"]
        .as_i64()
        .unwrap();
    let (owner, other) = if owner_id == lena.id {
        (&lena, &lars)
    } else {
        (&lars, &lena)
    };
    let path = format!("/api/v1/tickets/{n}/assign");

    let (s, e) = app
        .post(owner, &path, json!({"assignee_id": customer.id}))
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(e["detail"].as_str().unwrap().contains("customer"), "{e}");
    let (s, e) = app
        .post(owner, &path, json!({"assignee_id": ahmed.id}))
        .await;
    assert_eq!(
        s,
        StatusCode::UNPROCESSABLE_ENTITY,
        "moving up a level is an escalation: {e}"
    );
    assert!(e["detail"].as_str().unwrap().contains("escalate"));
    let (s, _) = app
        .post(other, &path, json!({"assignee_id": other.id}))
        .await;
    assert_eq!(
        s,
        StatusCode::FORBIDDEN,
        "only the assignee hands a ticket over"
    );
    let (s, t) = app
        .post(owner, &path, json!({"assignee_id": other.id}))
        .await;
    assert_eq!(s, StatusCode::OK, "{t}");
    assert_eq!(t["assignee"]["id"], other.id);
    // The new assignee is told.
    let (_, notes) = app.get(other, "/api/v1/notifications").await;
    assert_eq!(notes["items"].as_array().unwrap().len(), 1);
    // An inactive agent cannot be assigned.
    let (s, _) = app
        .patch(
            &admin,
            &format!("/api/v1/users/{}", owner.id),
            json!({"active": false}),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let (s, e) = app
        .post(other, &path, json!({"assignee_id": owner.id}))
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(e["detail"].as_str().unwrap().contains("deactivated"), "{e}");
    // An admin may assign anyone; the ticket takes the agent's level.
    let (s, t) = app
        .post(&admin, &path, json!({"assignee_id": ahmed.id}))
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(t["level"], 2);
}

async fn escalate_by_level_rule(app: TestApp) {
    let customer = app.customer("Carla").await;
    let lena = app.agent("Lena", 1).await;
    let a2 = app.agent("Ahmed", 2).await;
    let b2 = app.agent("Bo", 2).await;
    let tove = app.agent("Tove", 3).await;
    // Give Ahmed a ticket so Bo is the least loaded at level 2.
    let first = app.ticket(&customer, "First").await;
    app.post(
        &lena,
        &format!("/api/v1/tickets/{first}/escalate"),
        json!({"level": 2, "assignee_id": a2.id, "reason": "r"}),
    )
    .await;
    let n = app.ticket(&customer, "Second").await;
    let path = format!("/api/v1/tickets/{n}/escalate");

    let (s, e) = app.post(&lena, &path, json!({"level": 2})).await;
    assert_eq!(
        s,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a reason is required: {e}"
    );
    assert_eq!(e["field"], "reason");
    let (s, e) = app
        .post(&lena, &path, json!({"level": 1, "reason": "x"}))
        .await;
    assert_eq!(
        s,
        StatusCode::UNPROCESSABLE_ENTITY,
        "not to the same level: {e}"
    );
    let (s, e) = app
        .post(
            &lena,
            &path,
            json!({"level": 2, "assignee_id": tove.id, "reason": "x"}),
        )
        .await;
    assert_eq!(
        s,
        StatusCode::UNPROCESSABLE_ENTITY,
        "the named agent must be of that level: {e}"
    );
    let (s, t) = app
        .post(&lena, &path, json!({"level": 2, "reason": "Needs level 2"}))
        .await;
    assert_eq!(s, StatusCode::OK, "{t}");
    assert_eq!(t["assignee"]["id"], b2.id);
    // And down is never an escalation.
    let (s, e) = app
        .post(&b2, &path, json!({"level": 1, "reason": "back"}))
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        e["detail"].as_str().unwrap().contains("higher level"),
        "{e}"
    );
    let (s, t) = app
        .post(
            &b2,
            &path,
            json!({"level": 3, "assignee_id": tove.id, "reason": "Vendor bug"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(t["level"], 3);
}

async fn settings_reach_other_processes(app: TestApp) {
    let admin = app.admin("Ada").await;
    let other = app.second_app().await;
    assert_eq!(
        other.settings().await.mode(skranke_domain::Level::ONE),
        skranke_app::LevelMode::Auto
    );
    app.patch(&admin, "/api/v1/settings", json!({"level1_mode": "queue"}))
        .await;
    // The other process re-reads on its housekeeping timer; here we run that step directly.
    other.reload_settings().await.unwrap();
    assert_eq!(
        other.settings().await.mode(skranke_domain::Level::ONE),
        skranke_app::LevelMode::Queue
    );
}

/// Routing reads each agent's unresolved count from `users.unresolved_count`, kept by triggers
/// (migration 0005). After every kind of change it must equal a fresh count of the tickets.
async fn assert_loads_match(app: &TestApp, step: &str) {
    let rows: Vec<(i64, i64, i64)> = skranke_store::sqlx::query_as(
        "SELECT u.id, u.unresolved_count, \
                (SELECT COUNT(*) FROM tickets t WHERE t.assignee_id = u.id AND t.status IN ('open', 'pending')) \
         FROM users u ORDER BY u.id",
    )
    .fetch_all(app.app.db().reader())
    .await
    .expect("loads");
    for (id, kept, counted) in rows {
        assert_eq!(
            kept, counted,
            "user {id} after {step}: kept {kept}, counted {counted}"
        );
    }
}

async fn agent_load_follows_every_change(app: TestApp) {
    let admin = app.admin("Ada").await;
    let carla = app.customer("Carla").await;
    let lena = app.agent("Lena", 1).await;
    let lars = app.agent("Lars", 1).await;
    let ahmed = app.agent("Ahmed", 2).await;
    let mut numbers = Vec::new();
    for i in 0..6 {
        numbers.push(app.ticket(&carla, &format!("Ticket {i}")).await);
    }
    assert_loads_match(&app, "creation").await;
    let assignee = |t: &serde_json::Value| t["assignee"]["id"].as_i64().unwrap();
    let first = app.ticket_json(&admin, numbers[0]).await;
    let handler = if assignee(&first) == lena.id {
        &lena
    } else {
        &lars
    };

    let n = numbers[0];
    let (s, t) = app
        .post(
            handler,
            &format!("/api/v1/tickets/{n}/comments"),
            json!({"body": "Is it on?", "set_status": "pending"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{t}");
    assert_loads_match(&app, "pending").await;
    let (s, t) = app
        .patch(
            handler,
            &format!("/api/v1/tickets/{n}"),
            json!({"status": "resolved"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{t}");
    assert_loads_match(&app, "resolve").await;
    let (s, t) = app
        .patch(
            &carla,
            &format!("/api/v1/tickets/{n}"),
            json!({"status": "open"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{t}");
    assert_loads_match(&app, "reopen").await;

    let other = if handler.id == lena.id { &lars } else { &lena };
    let (s, t) = app
        .post(
            &admin,
            &format!("/api/v1/tickets/{n}/assign"),
            json!({"assignee_id": other.id}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{t}");
    assert_loads_match(&app, "reassign").await;
    let (s, t) = app
        .post(
            other,
            &format!("/api/v1/tickets/{n}/escalate"),
            json!({"level": 2, "assignee_id": ahmed.id, "reason": "Needs level 2"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{t}");
    assert_eq!(assignee(&t), ahmed.id);
    assert_loads_match(&app, "escalate").await;
    // A resolved ticket handed to someone else adds nothing to their load.
    let (s, t) = app
        .patch(
            &ahmed,
            &format!("/api/v1/tickets/{n}"),
            json!({"status": "resolved"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{t}");
    let (s, t) = app
        .post(
            &admin,
            &format!("/api/v1/tickets/{n}/assign"),
            json!({"assignee_id": lena.id}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{t}");
    assert_loads_match(&app, "assigning a resolved ticket").await;

    // The counts steer routing: Lars now carries more, so the next tickets go to Lena first.
    let loads: Vec<(i64, i64)> = skranke_store::sqlx::query_as(
        "SELECT id, unresolved_count FROM users WHERE id IN ($1, $2) ORDER BY id",
    )
    .bind(lena.id)
    .bind(lars.id)
    .fetch_all(app.app.db().reader())
    .await
    .unwrap();
    let lighter = loads.iter().min_by_key(|(_, c)| *c).unwrap().0;
    let heavier_by =
        loads.iter().map(|(_, c)| *c).max().unwrap() - loads.iter().map(|(_, c)| *c).min().unwrap();
    if heavier_by > 0 {
        let n = app.ticket(&carla, "Next").await;
        assert_eq!(assignee(&app.ticket_json(&admin, n).await), lighter);
    }
    assert_loads_match(&app, "the end").await;
}
