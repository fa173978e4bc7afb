//! The OpenAPI document at `/api/v1/openapi.json` and the reference page at `/api/v1/docs`.
//!
//! `document_snapshot` compares the document with the committed snapshot
//! `snapshots/integration__openapi__openapi.snap`, so any change to the API's contract shows up
//! in review. When a change is intended, update the snapshot and commit it with the change:
//!
//! ```text
//! INSTA_UPDATE=always cargo test -p skranke --test integration openapi::document_snapshot
//! git diff crates/skranke/tests/integration/snapshots/
//! ```
//!
//! (Outside CI a failing run also leaves `integration__openapi__openapi.snap.new` beside the
//! snapshot; renaming it over the `.snap` accepts it. `cargo insta` is not needed.)

use std::collections::BTreeSet;

use reqwest::StatusCode;
use serde_json::Value;

use crate::support::{Backend, TestApp};

fn document() -> Value {
    serde_json::to_value(skranke_web::api::openapi::document()).expect("document as JSON")
}

/// (method, path) of every operation the document lists.
fn documented(doc: &Value) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in item.as_object().expect("path item").keys() {
            if ["get", "put", "post", "delete", "patch", "head", "options"]
                .contains(&method.as_str())
            {
                out.insert((method.to_uppercase(), path.clone()));
            }
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn document_snapshot() {
    let t = TestApp::spawn(Backend::Sqlite).await;
    let (status, mut doc) = t.call("GET", "/api/v1/openapi.json", None, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(doc["openapi"], "3.1.0");
    assert_eq!(doc, document(), "the server serves the generated document");
    // The crate version changes with every release; the contract does not.
    doc["info"]["version"] = Value::from("[version]");
    insta::assert_json_snapshot!("openapi", doc);
}

#[test]
fn every_route_is_documented() {
    let served: BTreeSet<(String, String)> = skranke_web::api::served_routes()
        .into_iter()
        .map(|(m, p)| (m.as_str().to_string(), p))
        .collect();
    let documented = documented(&document());
    let undocumented: Vec<_> = served.difference(&documented).collect();
    let unserved: Vec<_> = documented.difference(&served).collect();
    assert!(
        undocumented.is_empty(),
        "routes missing from the OpenAPI document (add them to `paths(...)` in api/openapi.rs): {undocumented:?}"
    );
    assert!(
        unserved.is_empty(),
        "documented operations the router does not serve: {unserved:?}"
    );
}

/// Every documented operation answers on the live server (no fallback 404, no 405), and the
/// document says truthfully which ones need a token: those answer 401 without one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn documented_operations_are_served_and_guarded() {
    let t = TestApp::spawn(Backend::Sqlite).await;
    let doc = document();
    for (method, path) in documented(&doc) {
        let op = &doc["paths"][&path][method.to_lowercase()];
        let needs_token = op["security"]
            .as_array()
            .is_some_and(|s| s.iter().any(|r| r.get("bearer").is_some()));
        let concrete = path
            .replace("{number}", "1")
            .replace("{id}", "1")
            .replace("{revision}", "1");
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let resp = t
            .http
            .request(method.clone(), t.url(&concrete))
            .send()
            .await
            .expect("request");
        let status = resp.status();
        let auth_header = resp.headers().contains_key("www-authenticate");
        let body = resp.text().await.unwrap_or_default();
        assert_ne!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
        assert!(
            !body.contains("endpoint not found"),
            "{method} {path} reached the fallback"
        );
        if needs_token {
            assert_eq!(
                status,
                StatusCode::UNAUTHORIZED,
                "{method} {path} without a token: {body}"
            );
            assert!(auth_header, "{method} {path}: 401 without WWW-Authenticate");
        } else {
            assert_ne!(status, StatusCode::UNAUTHORIZED, "{method} {path}: {body}");
        }
    }
}

/// The settings the server answers with are the ones the `Settings` schema describes, so a new
/// setting in the service layer cannot go undocumented.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn settings_match_the_document() {
    let t = TestApp::spawn(Backend::Sqlite).await;
    let admin = t.admin("Ada").await;
    let (status, settings) = t.get(&admin, "/api/v1/settings").await;
    assert_eq!(status, StatusCode::OK, "{settings}");
    let served: BTreeSet<&String> = settings.as_object().unwrap().keys().collect();
    let doc = document();
    let schema = &doc["components"]["schemas"]["Settings"];
    let documented: BTreeSet<&String> = schema["properties"].as_object().unwrap().keys().collect();
    assert_eq!(served, documented);
    let required: BTreeSet<&str> = schema["required"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(
        required.len(),
        documented.len(),
        "every setting is always sent"
    );
    let changes = &doc["components"]["schemas"]["SettingsChanges"]["properties"];
    let changeable: BTreeSet<&String> = changes.as_object().unwrap().keys().collect();
    assert_eq!(served, changeable);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reference_page() {
    let t = TestApp::spawn(Backend::Sqlite).await;
    let resp = t.http.get(t.url("/api/v1/docs")).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let ct = resp.headers()["content-type"].to_str().unwrap().to_string();
    assert!(ct.starts_with("text/html"), "{ct}");
    let csp = resp.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(csp.contains("script-src 'self'"), "{csp}");
    let html = resp.text().await.unwrap();
    assert!(html.contains("/assets/app.css"));
    assert!(!html.contains("<script") && !html.contains("style="));
    for (method, path) in documented(&document()) {
        assert!(html.contains(&format!("<code>{path}</code>")), "{path}");
        assert!(html.contains(&format!(">{method}</span>")), "{method}");
    }
    for name in ["Ticket", "Problem", "Status", "TicketList"] {
        assert!(html.contains(&format!("id=\"schema-{name}\"")), "{name}");
    }
}
