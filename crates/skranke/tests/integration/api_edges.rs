//! Edges of the JSON API that schema fuzzing (scripts/fuzz-api.sh) ran into, kept as tests so
//! they stay fixed: every answer is problem+json with the right status, never a 500 or a dropped
//! connection.

use reqwest::StatusCode;
use serde_json::json;

use crate::both;
use crate::support::TestApp;

both!(
    bodies_must_be_objects,
    an_empty_cursor_is_the_first_page,
    revision_numbers_below_one_are_refused,
    path_segments_of_the_wrong_type_are_404,
    framework_errors_are_problems_too
);

/// serde fills a struct from a JSON array too, by position: `[null, null]` used to clear both
/// designations.
async fn bodies_must_be_objects(app: TestApp) {
    let admin = app.admin("Ada").await;
    let (s, doc) = app
        .post(
            &admin,
            "/api/v1/documents",
            json!({"title": "SLA", "body": "We answer within a day.", "visibility": "public"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{doc}");
    let id = doc["id"].as_i64().unwrap();
    let (s, d) = app
        .call(
            "PUT",
            "/api/v1/documents/designations",
            Some(&admin.token),
            Some(json!({"sla": id})),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{d}");

    let (s, e) = app
        .call(
            "PUT",
            "/api/v1/documents/designations",
            Some(&admin.token),
            Some(json!([null, null])),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert_eq!(e["field"], "body");
    let (_, d) = app.get(&admin, "/api/v1/documents/designations").await;
    assert_eq!(d["sla"]["id"], id, "the designation is untouched: {d}");

    let (s, e) = app
        .post(
            &admin,
            "/api/v1/tickets",
            json!(["Printer", "", "incident"]),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
}

async fn an_empty_cursor_is_the_first_page(app: TestApp) {
    let customer = app.customer("Carla").await;
    let _agent = app.agent("Lena", 1).await;
    app.ticket(&customer, "Printer").await;
    for path in [
        "/api/v1/tickets?cursor=",
        "/api/v1/notifications?cursor=",
        "/api/v1/documents?cursor=",
    ] {
        let (s, page) = app.get(&customer, path).await;
        assert_eq!(s, StatusCode::OK, "{path}: {page}");
    }
    let (_, page) = app.get(&customer, "/api/v1/tickets?cursor=").await;
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
    let (s, e) = app.get(&customer, "/api/v1/tickets?cursor=nonsense").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert_eq!(e["field"], "cursor");
}

/// `to=-9223372036854775808` made the diff compute `to - 1` and panic.
async fn revision_numbers_below_one_are_refused(app: TestApp) {
    let agent = app.agent("Lena", 1).await;
    let (s, doc) = app
        .post(
            &agent,
            "/api/v1/documents",
            json!({"title": "VPN", "body": "Renew the certificate."}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{doc}");
    let id = doc["id"].as_i64().unwrap();
    for query in ["to=-9223372036854775808", "to=0", "from=-1", "from=0&to=1"] {
        let (s, e) = app
            .get(&agent, &format!("/api/v1/documents/{id}/diff?{query}"))
            .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{query}: {e}");
    }
    let (s, d) = app
        .get(&agent, &format!("/api/v1/documents/{id}/diff?from=1&to=1"))
        .await;
    assert_eq!(s, StatusCode::OK, "{d}");
}

async fn path_segments_of_the_wrong_type_are_404(app: TestApp) {
    let admin = app.admin("Ada").await;
    for path in [
        "/api/v1/users/abc",
        "/api/v1/users/99999999999999999999",
        "/api/v1/tickets/abc",
        "/api/v1/documents/abc",
        "/api/v1/documents/1/revisions/abc",
        "/api/v1/services/abc",
    ] {
        let (s, e) = app.get(&admin, path).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{path}: {e}");
    }
}

/// 405 (axum) and 413 (the body limit) are written below the handlers; they are problem+json
/// like every other error.
async fn framework_errors_are_problems_too(app: TestApp) {
    let customer = app.customer("Carla").await;
    let resp = app
        .http
        .delete(app.url("/api/v1/tickets"))
        .bearer_auth(&customer.token)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::METHOD_NOT_ALLOWED);
    let allow = resp.headers()["allow"].to_str().unwrap().to_string();
    assert!(allow.contains("GET") && allow.contains("POST"), "{allow}");
    assert!(
        resp.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/problem+json")
    );

    let (s, e) = app
        .post(
            &customer,
            "/api/v1/tickets",
            json!({"title": "Big", "description": "x".repeat(2 * 1024 * 1024), "type": "incident"}),
        )
        .await;
    assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE, "{e}");
    assert_eq!(e["field"], "body");
}
