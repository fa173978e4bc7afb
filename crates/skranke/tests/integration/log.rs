//! The event log is append-only and the audit view filters it.

use reqwest::StatusCode;
use serde_json::json;

use crate::both;
use crate::support::TestApp;

both!(events_cannot_be_changed, audit_filters);

async fn events_cannot_be_changed(app: TestApp) {
    let carla = app.customer("Carla").await;
    app.ticket(&carla, "Printer").await;
    let db = app.app.db();
    let update = skranke_store::sqlx::query("UPDATE events SET kind = 'x'")
        .execute(db.writer())
        .await;
    assert!(update.is_err(), "the database refuses to update events");
    let delete = skranke_store::sqlx::query("DELETE FROM events")
        .execute(db.writer())
        .await;
    assert!(delete.is_err(), "the database refuses to delete events");
}

async fn audit_filters(app: TestApp) {
    let admin = app.admin("Ada").await;
    let carla = app.customer("Carla").await;
    let lena = app.agent("Lena", 1).await;
    let first = app.ticket(&carla, "First").await;
    app.advance_days(2);
    let second = app.ticket(&carla, "Second").await;
    app.patch(
        &lena,
        &format!("/api/v1/tickets/{second}"),
        json!({"status": "pending"}),
    )
    .await;

    let (s, all) = app.get(&admin, "/api/v1/audit").await;
    assert_eq!(s, StatusCode::OK);
    let ids: Vec<i64> = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_i64().unwrap())
        .collect();
    assert!(ids.windows(2).all(|w| w[0] > w[1]), "newest first");

    let (_, by_actor) = app
        .get(&admin, &format!("/api/v1/audit?actor={}", lena.id))
        .await;
    let items = by_actor["items"].as_array().unwrap();
    assert!(
        items.iter().all(|e| e["actor"]["id"] == lena.id),
        "{by_actor}"
    );
    assert!(items.iter().any(|e| e["kind"] == "status_changed"));
    assert!(items.len() < all["items"].as_array().unwrap().len());

    let (_, by_ticket) = app
        .get(&admin, &format!("/api/v1/audit?ticket={first}"))
        .await;
    assert!(
        by_ticket["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["ticket_number"] == first)
    );

    let (_, by_kind) = app.get(&admin, "/api/v1/audit?kind=ticket_created").await;
    assert_eq!(by_kind["items"].as_array().unwrap().len(), 2);

    let since = skranke_web::api::rfc3339(crate::support::T0 + skranke_domain::DAY_MS);
    let (_, recent) = app
        .get(
            &admin,
            &format!("/api/v1/audit?kind=ticket_created&from={since}"),
        )
        .await;
    let items = recent["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["ticket_number"], second);

    let (_, older) = app
        .get(
            &admin,
            &format!("/api/v1/audit?kind=ticket_created&until={since}"),
        )
        .await;
    let items = older["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{older}");
    assert_eq!(items[0]["ticket_number"], first);

    // Several filters at once, and the filter's list of kinds: the kinds that occur, sorted.
    let (_, both) = app
        .get(
            &admin,
            &format!("/api/v1/audit?actor={}&ticket={second}", lena.id),
        )
        .await;
    let items = both["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{both}");
    assert_eq!(items[0]["kind"], "status_changed");
    let mut kinds: Vec<String> = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap().to_string())
        .collect();
    kinds.sort();
    kinds.dedup();
    assert_eq!(app.app.event_kinds().await.unwrap(), kinds);

    let (_, page) = app.get(&admin, "/api/v1/audit?limit=2").await;
    let cursor = page["next_cursor"].as_str().unwrap();
    let (_, next) = app
        .get(&admin, &format!("/api/v1/audit?limit=2&cursor={cursor}"))
        .await;
    assert!(next["items"][0]["id"].as_i64().unwrap() < page["items"][1]["id"].as_i64().unwrap());
}
