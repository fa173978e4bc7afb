//! The knowledge base (issue 3): who reads which document by every path (API get, list, search,
//! image URL by token and by session cookie), revisions, diff and restore, the edit conflict,
//! Danish and English stemming in search, designations, and the service catalog as data.

use reqwest::StatusCode;
use serde_json::{Value, json};
use skranke_domain::Role;

use crate::both;
use crate::support::{TestApp, TestUser};

both!(
    visibility_matrix_by_every_path,
    revisions_diff_and_restore,
    stale_edit_is_a_conflict,
    danish_stemming_in_search,
    ticket_takes_the_services_defaults,
    customers_and_agents_cannot_administer,
    catalog_document_embeds_the_live_services,
    image_uploads_are_checked,
    images_through_the_session_cookie,
    demo_seeds_the_knowledge_base,
);

const PNG: &[u8] =
    b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";
const GIF: &[u8] = b"GIF89a\x01\0\x01\0\x80\0\0\0\0\0\xff\xff\xff!\xf9\x04\x01\0\0\0\0,\0\0\0\0\x01\0\x01\0\0\x02\x02D\x01\0;";

async fn put(app: &TestApp, user: &TestUser, path: &str, body: Value) -> (StatusCode, Value) {
    app.call("PUT", path, Some(&user.token), Some(body)).await
}

/// Creates a document and returns its JSON.
async fn document(app: &TestApp, user: &TestUser, title: &str, body: &str, vis: &str) -> Value {
    let (s, d) = app
        .post(
            user,
            "/api/v1/documents",
            json!({"title": title, "body": body, "visibility": vis}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{d}");
    d
}

/// Posts `bytes` as the `file` field of a multipart form, built by hand.
async fn upload_raw(
    app: &TestApp,
    token: &str,
    doc: i64,
    filename: &str,
    declared_type: &str,
    bytes: &[u8],
) -> (StatusCode, Value) {
    let boundary = "skranke-test-boundary-7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\nContent-Type: {declared_type}\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let resp = app
        .http
        .post(app.url(&format!("/api/v1/documents/{doc}/attachments")))
        .bearer_auth(token)
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body)
        .send()
        .await
        .expect("upload");
    let status = resp.status();
    let ct = resp
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    let text = resp.text().await.unwrap();
    if status.is_client_error() {
        assert!(
            ct.starts_with("application/problem+json"),
            "{status}: {ct} {text}"
        );
    }
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

async fn upload(app: &TestApp, user: &TestUser, doc: i64, bytes: &[u8]) -> i64 {
    let (s, a) = upload_raw(app, &user.token, doc, "shot.png", "image/png", bytes).await;
    assert_eq!(s, StatusCode::CREATED, "{a}");
    a["id"].as_i64().unwrap()
}

async fn image_status(app: &TestApp, token: Option<&str>, id: i64) -> StatusCode {
    let mut req = app.http.get(app.url(&format!("/attachments/{id}")));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    req.send().await.unwrap().status()
}

fn ids(list: &Value) -> Vec<i64> {
    list["items"]
        .as_array()
        .unwrap_or_else(|| panic!("not a list: {list}"))
        .iter()
        .map(|d| d["id"].as_i64().unwrap())
        .collect()
}

async fn visibility_matrix_by_every_path(app: TestApp) {
    let customer = app.customer("Carla").await;
    let agent = app.agent("Lena", 1).await;
    let admin = app.admin("Ada").await;
    let internal = document(
        &app,
        &agent,
        "Internal zebra runbook",
        "zebra internals",
        "internal",
    )
    .await;
    let public = document(
        &app,
        &agent,
        "Public zebra guide",
        "zebra for everyone",
        "public",
    )
    .await;
    let sla = document(
        &app,
        &admin,
        "Zebra SLA",
        "zebra response times",
        "internal",
    )
    .await;
    let catalog = document(&app, &admin, "Zebra catalog", "zebra services", "internal").await;
    let (s, d) = put(
        &app,
        &admin,
        "/api/v1/documents/designations",
        json!({"sla": sla["id"], "service_catalog": catalog["id"]}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{d}");
    assert_eq!(d["sla"]["id"], sla["id"]);
    assert_eq!(d["service_catalog"]["title"], "Zebra catalog");

    let docs = [
        (&internal, false),
        (&public, true),
        (&sla, true),
        (&catalog, true),
    ];
    let mut images = Vec::new();
    for (d, _) in &docs {
        images.push(upload(&app, &agent, d["id"].as_i64().unwrap(), PNG).await);
    }
    for who in [&customer, &agent, &admin] {
        let internal_reader = who.id != customer.id;
        let (_, list) = app.get(who, "/api/v1/documents").await;
        let listed = ids(&list);
        let (_, found) = app.get(who, "/api/v1/documents?q=zebra").await;
        let found = ids(&found);
        for ((d, customer_may), image) in docs.iter().zip(&images) {
            let id = d["id"].as_i64().unwrap();
            let may = internal_reader || *customer_may;
            let expected = if may {
                StatusCode::OK
            } else {
                StatusCode::NOT_FOUND
            };
            let (s, body) = app.get(who, &format!("/api/v1/documents/{id}")).await;
            assert_eq!(s, expected, "{} GET document {id}: {body}", who.name);
            assert_eq!(listed.contains(&id), may, "{} list: {listed:?}", who.name);
            assert_eq!(found.contains(&id), may, "{} search: {found:?}", who.name);
            assert_eq!(
                image_status(&app, Some(&who.token), *image).await,
                expected,
                "{} image of document {id}",
                who.name
            );
        }
        for path in ["/api/v1/documents/sla", "/api/v1/documents/service-catalog"] {
            let (s, body) = app.get(who, path).await;
            assert_eq!(s, StatusCode::OK, "{} {path}: {body}", who.name);
        }
    }
    // The customer cannot tell an internal document from a missing one.
    let iid = internal["id"].as_i64().unwrap();
    let (s1, e1) = app
        .get(&customer, &format!("/api/v1/documents/{iid}"))
        .await;
    let (s2, e2) = app.get(&customer, "/api/v1/documents/999999").await;
    assert_eq!((s1, &e1["detail"]), (s2, &e2["detail"]));
    for path in [
        format!("/api/v1/documents/{iid}/revisions"),
        format!("/api/v1/documents/{iid}/diff"),
        format!("/api/v1/documents/{iid}/attachments"),
    ] {
        assert_eq!(
            app.get(&customer, &path).await.0,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    let (s, _) = upload_raw(&app, &customer.token, iid, "x.png", "image/png", PNG).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = put(
        &app,
        &customer,
        &format!("/api/v1/documents/{iid}"),
        json!({"title": "x", "body": "y", "base_revision": 1}),
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    // A document the customer may read is still not theirs to change or dig into.
    let pid = public["id"].as_i64().unwrap();
    let (s, _) = put(
        &app,
        &customer,
        &format!("/api/v1/documents/{pid}"),
        json!({"title": "x", "body": "y", "base_revision": 1}),
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert_eq!(
        app.get(&customer, &format!("/api/v1/documents/{pid}/revisions"))
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    let (s, _) = upload_raw(&app, &customer.token, pid, "x.png", "image/png", PNG).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    // No credentials at all: 401, and a wrong token is not waved through.
    assert_eq!(
        image_status(&app, None, images[1]).await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        image_status(&app, Some("skr_wrong"), images[1]).await,
        StatusCode::UNAUTHORIZED
    );
    // Un-designating the SLA hides it from the customer again, by every path.
    let (s, _) = put(
        &app,
        &admin,
        "/api/v1/documents/designations",
        json!({"sla": null}),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let sid = sla["id"].as_i64().unwrap();
    assert_eq!(
        app.get(&customer, &format!("/api/v1/documents/{sid}"))
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        image_status(&app, Some(&customer.token), images[2]).await,
        StatusCode::NOT_FOUND
    );
    let (s, e) = app.get(&customer, "/api/v1/documents/sla").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert!(
        e["detail"]
            .as_str()
            .unwrap()
            .contains("no document is designated"),
        "{e}"
    );
    let (_, found) = app.get(&customer, "/api/v1/documents?q=zebra").await;
    assert!(!ids(&found).contains(&sid));
    // Designations are logged.
    let (_, audit) = app
        .get(&admin, "/api/v1/audit?kind=designation_changed")
        .await;
    assert_eq!(audit["items"].as_array().unwrap().len(), 3, "{audit}");
}

async fn revisions_diff_and_restore(app: TestApp) {
    let lena = app.agent("Lena", 1).await;
    let ahmed = app.agent("Ahmed", 2).await;
    let d = document(
        &app,
        &lena,
        "Toner",
        "line one\nline two\nline three",
        "internal",
    )
    .await;
    let id = d["id"].as_i64().unwrap();
    assert_eq!(d["revision"], 1);
    let path = format!("/api/v1/documents/{id}");
    let (s, d2) = put(
        &app,
        &ahmed,
        &path,
        json!({"title": "Toner", "body": "line one\nline 2\nline three", "base_revision": 1}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{d2}");
    assert_eq!(d2["revision"], 2);
    assert_eq!(d2["updated_by"]["name"], "Ahmed");
    let (s, d3) = put(
        &app,
        &lena,
        &path,
        json!({"title": "Toner cartridges", "body": "line one\nline 2\nline three\nline four", "visibility": "public", "base_revision": 2}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{d3}");
    assert_eq!(d3["revision"], 3);
    assert_eq!(d3["visibility"], "public");
    // Saving the same text again is not a new revision.
    let (_, same) = put(
        &app,
        &lena,
        &path,
        json!({"title": "Toner cartridges", "body": "line one\nline 2\nline three\nline four", "base_revision": 3}),
    )
    .await;
    assert_eq!(same["revision"], 3);

    let (_, revs) = app.get(&lena, &format!("{path}/revisions")).await;
    let items = revs["items"].as_array().unwrap();
    let numbers: Vec<i64> = items
        .iter()
        .map(|r| r["revision"].as_i64().unwrap())
        .collect();
    assert_eq!(numbers, [3, 2, 1]);
    let authors: Vec<&str> = items
        .iter()
        .map(|r| r["author"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(authors, ["Lena", "Ahmed", "Lena"]);
    assert!(items.iter().all(|r| r["created_at"].is_string()));
    let (_, page) = app.get(&lena, &format!("{path}/revisions?limit=2")).await;
    let cursor = page["next_cursor"].as_str().expect("a second page");
    let (_, rest) = app
        .get(&lena, &format!("{path}/revisions?limit=2&cursor={cursor}"))
        .await;
    assert_eq!(rest["items"][0]["revision"], 1);

    let (s, diff) = app.get(&lena, &format!("{path}/diff?from=1&to=3")).await;
    assert_eq!(s, StatusCode::OK, "{diff}");
    let lines: Vec<(String, String)> = diff["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["op"].as_str().unwrap().to_string(),
                l["text"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expect = [
        ("same", "line one"),
        ("removed", "line two"),
        ("added", "line 2"),
        ("same", "line three"),
        ("added", "line four"),
    ];
    assert_eq!(
        lines,
        expect.map(|(a, b)| (a.to_string(), b.to_string())),
        "{diff}"
    );
    assert_eq!(diff["from"]["title"], "Toner");
    assert_eq!(diff["to"]["title"], "Toner cartridges");
    let (s, _) = app.get(&lena, &format!("{path}/diff?from=1&to=9")).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);

    let (s, restored) = app
        .post(&ahmed, &format!("{path}/restore"), json!({"revision": 1}))
        .await;
    assert_eq!(s, StatusCode::OK, "{restored}");
    assert_eq!(restored["revision"], 4);
    assert_eq!(restored["title"], "Toner");
    assert_eq!(restored["body"], "line one\nline two\nline three");
    assert_eq!(
        restored["visibility"], "public",
        "restoring keeps the visibility"
    );
    let (_, r4) = app.get(&lena, &format!("{path}/revisions/4")).await;
    assert_eq!(r4["restored_from"], 1);
    assert_eq!(r4["author"]["name"], "Ahmed");
    assert!(r4["body_html"].as_str().unwrap().contains("line two"));
    // Without parameters the diff shows the latest change.
    let (_, latest) = app.get(&lena, &format!("{path}/diff")).await;
    assert_eq!(
        (
            latest["from"]["revision"].as_i64(),
            latest["to"]["revision"].as_i64()
        ),
        (Some(3), Some(4))
    );
    let (s, _) = app
        .post(&ahmed, &format!("{path}/restore"), json!({"revision": 4}))
        .await;
    assert_eq!(
        s,
        StatusCode::UNPROCESSABLE_ENTITY,
        "restoring the current text"
    );
    let (_, revs) = app.get(&lena, &format!("{path}/revisions")).await;
    assert_eq!(
        revs["items"].as_array().unwrap().len(),
        4,
        "history is kept"
    );
}

async fn stale_edit_is_a_conflict(app: TestApp) {
    let lena = app.agent("Lena", 1).await;
    let lars = app.agent("Lars", 1).await;
    let d = document(&app, &lena, "Monitors", "original", "internal").await;
    let path = format!("/api/v1/documents/{}", d["id"]);
    // Both open revision 1; Lena saves first.
    let (s, _) = put(
        &app,
        &lena,
        &path,
        json!({"title": "Monitors", "body": "Lena's text", "base_revision": 1}),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let (s, e) = put(
        &app,
        &lars,
        &path,
        json!({"title": "Monitors", "body": "Lars's text", "base_revision": 1}),
    )
    .await;
    assert_eq!(s, StatusCode::CONFLICT, "{e}");
    let detail = e["detail"].as_str().unwrap();
    assert!(
        detail.contains("Lena") && detail.contains("not saved"),
        "{detail}"
    );
    let (_, now) = app.get(&lena, &path).await;
    assert_eq!(now["body"], "Lena's text", "nothing was overwritten");
    assert_eq!(now["revision"], 2);
    // With the current revision Lars's save goes through.
    let (s, _) = put(
        &app,
        &lars,
        &path,
        json!({"title": "Monitors", "body": "Lars's text", "base_revision": 2}),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let (s, e) = put(
        &app,
        &lars,
        &path,
        json!({"title": "Monitors", "body": "no base"}),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
}

async fn danish_stemming_in_search(app: TestApp) {
    let agent = app.agent("Lena", 1).await;
    let customer = app.customer("Carla").await;
    let printer = document(
        &app,
        &agent,
        "Printer offline — check the cable",
        "Someone stepped on the network cable.",
        "internal",
    )
    .await;
    let public = document(
        &app,
        &agent,
        "Working from the second floor",
        "Choose the printer next to the kitchen.",
        "public",
    )
    .await;
    document(&app, &agent, "VPN", "Reconnect the VPN client.", "internal").await;
    let search = |user: TestUser, q: &'static str| {
        let app = &app;
        async move {
            let (s, list) = app.get(&user, &format!("/api/v1/documents?q={q}")).await;
            assert_eq!(s, StatusCode::OK, "{list}");
            ids(&list)
        }
    };
    let (pid, pubid) = (
        printer["id"].as_i64().unwrap(),
        public["id"].as_i64().unwrap(),
    );
    // Danish definite form finds the English word; the title match ranks first.
    let found = search(agent.clone(), "printeren").await;
    assert_eq!(found, [pid, pubid]);
    let found = search(agent.clone(), "Printers%20CABLES").await;
    assert_eq!(found, [pid], "every word must match");
    assert_eq!(search(agent.clone(), "offline").await, [pid]);
    assert!(search(agent.clone(), "scanner").await.is_empty());
    assert!(
        search(agent.clone(), "%22%29%28*").await.is_empty(),
        "punctuation only"
    );
    // Customers search only what they may read.
    assert_eq!(search(customer.clone(), "printeren").await, [pubid]);
    // The index follows edits.
    let (s, _) = put(
        &app,
        &agent,
        &format!("/api/v1/documents/{pid}"),
        json!({"title": "Scanner offline", "body": "Check the scanner cable.", "base_revision": 1}),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(search(agent.clone(), "scannere").await, [pid]);
    assert_eq!(search(agent.clone(), "printeren").await, [pubid]);
    // Search pages.
    for i in 0..3 {
        document(
            &app,
            &agent,
            &format!("Paging quokka {i}"),
            "quokka",
            "internal",
        )
        .await;
    }
    let (_, page) = app.get(&agent, "/api/v1/documents?q=quokka&limit=2").await;
    assert_eq!(ids(&page).len(), 2);
    let cursor = page["next_cursor"].as_str().unwrap().to_string();
    let (_, rest) = app
        .get(
            &agent,
            &format!("/api/v1/documents?q=quokka&limit=2&cursor={cursor}"),
        )
        .await;
    assert_eq!(ids(&rest).len(), 1);
    assert!(rest["next_cursor"].is_null());
}

async fn ticket_takes_the_services_defaults(app: TestApp) {
    let admin = app.admin("Ada").await;
    let customer = app.customer("Carla").await;
    app.agent("Lena", 1).await;
    let (s, net) = app
        .post(
            &admin,
            "/api/v1/services",
            json!({"name": "Network", "description": "LAN and Wi-Fi", "type": "incident",
                   "default_impact": "high", "default_urgency": "high"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{net}");
    assert_eq!(net["covered"], true);
    let (s, private) = app
        .post(
            &admin,
            "/api/v1/services",
            json!({"name": "Private devices", "type": "request", "covered": false,
                   "not_covered_reason": "Use your own supplier"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{private}");
    let (_, list) = app.get(&customer, "/api/v1/services").await;
    let names: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Network", "Private devices"]);

    let (s, t) = app
        .post(
            &customer,
            "/api/v1/tickets",
            json!({"title": "No internet", "description": "", "type": "incident", "service_id": net["id"]}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{t}");
    assert_eq!(t["service_id"], net["id"]);
    assert_eq!(t["service_name"], "Network");
    assert_eq!(
        (t["impact"].as_str(), t["urgency"].as_str()),
        (Some("high"), Some("high"))
    );
    assert_eq!(t["priority"], "p1");
    // What the customer states wins over the default.
    let (_, t) = app
        .post(
            &customer,
            "/api/v1/tickets",
            json!({"title": "Slow Wi-Fi", "type": "incident", "urgency": "low", "service_id": net["id"]}),
        )
        .await;
    assert_eq!(
        (t["impact"].as_str(), t["urgency"].as_str()),
        (Some("high"), Some("low"))
    );
    // Unknown, retired and not covered services are refused with a reason.
    let (s, e) = app
        .post(
            &customer,
            "/api/v1/tickets",
            json!({"title": "x", "type": "request", "service_id": private["id"]}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        e["detail"]
            .as_str()
            .unwrap()
            .contains("Use your own supplier"),
        "{e}"
    );
    assert_eq!(e["field"], "service_id");
    let (s, _) = app
        .post(
            &customer,
            "/api/v1/tickets",
            json!({"title": "x", "type": "request", "service_id": 424242}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, retired) = app
        .patch(
            &admin,
            &format!("/api/v1/services/{}", net["id"]),
            json!({"active": false}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{retired}");
    assert_eq!(retired["active"], false);
    let (s, _) = app
        .post(
            &customer,
            "/api/v1/tickets",
            json!({"title": "x", "type": "incident", "service_id": net["id"]}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (_, list) = app
        .get(&customer, "/api/v1/services?include_inactive=true")
        .await;
    assert_eq!(
        list["items"].as_array().unwrap().len(),
        1,
        "customers never see retired services"
    );
    let (_, list) = app
        .get(&admin, "/api/v1/services?include_inactive=true")
        .await;
    assert_eq!(list["items"].as_array().unwrap().len(), 2);
    // A service needs a reason when it is not covered.
    let (s, e) = app
        .post(
            &admin,
            "/api/v1/services",
            json!({"name": "Phones", "type": "request", "covered": false}),
        )
        .await;
    assert_eq!(
        (s, e["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("not_covered_reason"))
    );
}

async fn customers_and_agents_cannot_administer(app: TestApp) {
    let customer = app.customer("Carla").await;
    let agent = app.agent("Lena", 1).await;
    let admin = app.admin("Ada").await;
    let (s, _) = app
        .post(
            &customer,
            "/api/v1/documents",
            json!({"title": "Mine", "body": "text", "visibility": "public"}),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (_, list) = app.get(&agent, "/api/v1/documents").await;
    assert!(ids(&list).is_empty(), "nothing was created");
    for who in [&customer, &agent] {
        let (s, _) = app
            .post(
                who,
                "/api/v1/services",
                json!({"name": "x", "type": "incident"}),
            )
            .await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{}", who.name);
    }
    let (_, svc) = app
        .post(
            &admin,
            "/api/v1/services",
            json!({"name": "Printing", "type": "incident"}),
        )
        .await;
    for who in [&customer, &agent] {
        let (s, _) = app
            .patch(
                who,
                &format!("/api/v1/services/{}", svc["id"]),
                json!({"name": "y"}),
            )
            .await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{}", who.name);
    }
    let d = document(&app, &agent, "Agent's", "text", "internal").await;
    for who in [&customer, &agent] {
        let (s, _) = put(
            &app,
            who,
            "/api/v1/documents/designations",
            json!({"sla": d["id"]}),
        )
        .await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{}", who.name);
    }
    let (s, e) = put(
        &app,
        &admin,
        "/api/v1/documents/designations",
        json!({"sla": 999999}),
    )
    .await;
    assert_eq!(
        (s, e["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("sla"))
    );
}

async fn catalog_document_embeds_the_live_services(app: TestApp) {
    let admin = app.admin("Ada").await;
    let customer = app.customer("Carla").await;
    let (s, e) = app
        .get(&customer, "/api/v1/documents/service-catalog")
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert!(
        e["detail"].as_str().unwrap().contains("Service catalog"),
        "{e}"
    );
    let (_, svc) = app
        .post(
            &admin,
            "/api/v1/services",
            json!({"name": "Printing", "description": "Printers | scanners", "type": "incident"}),
        )
        .await;
    app.post(
        &admin,
        "/api/v1/services",
        json!({"name": "Private devices", "type": "request", "covered": false, "not_covered_reason": "Not ours"}),
    )
    .await;
    let d = document(
        &app,
        &admin,
        "Service catalog",
        "What we do:\n\n{{services}}\n\nAsk us.",
        "internal",
    )
    .await;
    put(
        &app,
        &admin,
        "/api/v1/documents/designations",
        json!({"service_catalog": d["id"]}),
    )
    .await;
    let (s, cat) = app
        .get(&customer, "/api/v1/documents/service-catalog")
        .await;
    assert_eq!(s, StatusCode::OK, "{cat}");
    let html = cat["body_html"].as_str().unwrap();
    assert!(html.contains("<table>"), "{html}");
    assert!(
        html.contains("Printing") && html.contains("Printers | scanners"),
        "{html}"
    );
    assert!(html.contains("Not ours"), "{html}");
    assert!(!html.contains("{{services}}"));
    assert_eq!(cat["designations"], json!(["service_catalog"]));
    assert!(
        cat["body"].as_str().unwrap().contains("{{services}}"),
        "the source keeps the marker"
    );
    // The document follows the data.
    app.patch(
        &admin,
        &format!("/api/v1/services/{}", svc["id"]),
        json!({"name": "Printing and scanning"}),
    )
    .await;
    let (_, cat) = app
        .get(&customer, "/api/v1/documents/service-catalog")
        .await;
    assert!(
        cat["body_html"]
            .as_str()
            .unwrap()
            .contains("Printing and scanning")
    );
}

async fn image_uploads_are_checked(app: TestApp) {
    let agent = app.agent("Lena", 1).await;
    let d = document(&app, &agent, "With images", "text", "internal").await;
    let id = d["id"].as_i64().unwrap();
    // The type comes from the bytes, not from the name or the declared type.
    let (s, a) = upload_raw(&app, &agent.token, id, "picture.png", "image/png", GIF).await;
    assert_eq!(s, StatusCode::CREATED, "{a}");
    assert_eq!(a["content_type"], "image/gif");
    assert_eq!(a["filename"], "picture.png");
    let url = a["url"].as_str().unwrap().to_string();
    assert_eq!(a["markdown"], format!("![picture.png]({url})"));
    let resp = app
        .http
        .get(app.url(&url))
        .bearer_auth(&agent.token)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(resp.headers()["content-type"], "image/gif");
    let etag = resp.headers()["etag"].to_str().unwrap().to_string();
    assert_eq!(resp.bytes().await.unwrap().as_ref(), GIF);
    let again = app
        .http
        .get(app.url(&url))
        .bearer_auth(&agent.token)
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    // The file is under the data dir.
    assert!(app.data_dir().join("attachments").is_dir());
    // Not an image: refused, whatever it is called.
    let (s, e) = upload_raw(
        &app,
        &agent.token,
        id,
        "evil.png",
        "image/png",
        b"<svg onload=alert(1)>",
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert_eq!(e["field"], "file");
    // Too large: 413 with an explanation.
    let mut big = PNG.to_vec();
    big.resize(5 * 1024 * 1024 + 1, 0);
    let (s, e) = upload_raw(&app, &agent.token, id, "big.png", "image/png", &big).await;
    assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE, "{e}");
    assert!(e["detail"].as_str().unwrap().contains("5 MiB"), "{e}");
    let (s, e) = upload_raw(&app, &agent.token, id, "empty.png", "image/png", b"").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    // The image shows in the rendered document.
    let (_, d) = put(
        &app,
        &agent,
        &format!("/api/v1/documents/{id}"),
        json!({"title": "With images", "body": format!("See:\n\n{}", a["markdown"].as_str().unwrap()), "base_revision": 1}),
    )
    .await;
    assert!(
        d["body_html"]
            .as_str()
            .unwrap()
            .contains(&format!("src=\"{url}\"")),
        "{d}"
    );
    let (_, list) = app
        .get(&agent, &format!("/api/v1/documents/{id}/attachments"))
        .await;
    assert_eq!(ids(&list).len(), 1);
}

fn csrf_from(html: &str) -> String {
    let at = html
        .find("name=\"csrf_token\"")
        .expect("a csrf_token field");
    let tail = &html[at..];
    let v = tail.find("value=\"").expect("value") + 7;
    tail[v..v + tail[v..].find('"').unwrap()].to_string()
}

/// A browser signed in through the login form.
async fn signed_in_browser(app: &TestApp, email: &str, password: &str) -> reqwest::Client {
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let page = client.get(app.url("/login")).send().await.unwrap();
    let token = csrf_from(&page.text().await.unwrap());
    let resp = client
        .post(app.url("/login"))
        .form(&[
            ("email", email),
            ("password", password),
            ("csrf_token", token.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::SEE_OTHER, "logged in");
    client
}

async fn images_through_the_session_cookie(app: TestApp) {
    let agent = app.agent("Lena", 1).await;
    let customer = app
        .user_with_password(Role::Customer, None, "Carla", "a good password")
        .await;
    let public = document(&app, &agent, "Public", "text", "public").await;
    let internal = document(&app, &agent, "Internal", "text", "internal").await;
    let public_img = upload(&app, &agent, public["id"].as_i64().unwrap(), PNG).await;
    let internal_img = upload(&app, &agent, internal["id"].as_i64().unwrap(), PNG).await;
    let browser = signed_in_browser(&app, &customer.email, "a good password").await;
    let get = |id: i64| browser.get(app.url(&format!("/attachments/{id}"))).send();
    let ok = get(public_img).await.unwrap();
    assert_eq!(ok.status(), StatusCode::OK);
    assert_eq!(ok.headers()["content-type"], "image/png");
    assert_eq!(
        get(internal_img).await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(get(999_999).await.unwrap().status(), StatusCode::NOT_FOUND);
}

async fn demo_seeds_the_knowledge_base(app: TestApp) {
    app.app.seed_demo().await.expect("demo");
    let token = |email: &'static str| {
        let app = &app.app;
        async move {
            TestUser {
                id: 0,
                email: email.into(),
                name: email.into(),
                token: app.create_token_for_email(email).await.unwrap(),
            }
        }
    };
    let carla = token("carla@demo.skranke").await;
    let lena = token("lena@demo.skranke").await;
    let (s, sla) = app.get(&carla, "/api/v1/documents/sla").await;
    assert_eq!(s, StatusCode::OK, "{sla}");
    let (_, catalog) = app.get(&carla, "/api/v1/documents/service-catalog").await;
    let html = catalog["body_html"].as_str().unwrap();
    assert!(
        html.contains("<table>") && html.contains("Printing"),
        "{html}"
    );
    assert!(html.contains("Private devices"), "{html}");
    let (_, services) = app.get(&carla, "/api/v1/services").await;
    assert!(services["items"].as_array().unwrap().len() >= 3);
    let title = |list: &Value| -> Vec<String> {
        list["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["title"].as_str().unwrap().to_string())
            .collect()
    };
    let (_, found) = app.get(&lena, "/api/v1/documents?q=printeren").await;
    assert_eq!(title(&found)[0], "Printer offline — check the cable");
    let (_, found) = app.get(&carla, "/api/v1/documents?q=printeren").await;
    assert!(
        !title(&found)
            .iter()
            .any(|t| t.starts_with("Printer offline")),
        "{found}"
    );
    // Seeding twice changes nothing.
    app.app.seed_demo().await.expect("demo again");
    let (_, services_again) = app.get(&carla, "/api/v1/services").await;
    assert_eq!(services, services_again);
}
