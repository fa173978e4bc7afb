//! The knowledge base pages over plain HTTP, as a browser without JavaScript uses them: a stale
//! save keeps the person's text, a customer gets the 404 page for an internal document, the
//! editor's image upload checks the CSRF token and keeps the draft, and a customer naming a
//! service the desk does not cover is told why with the form kept.

use reqwest::StatusCode;
use serde_json::{Value, json};
use skranke_domain::Role;

use crate::both;
use crate::support::{TestApp, TestUser, browser, csrf_from};

both!(
    stale_save_keeps_the_text,
    customers_get_404_for_internal_documents,
    image_upload_from_the_editor,
    not_covered_service_is_refused_with_the_reason,
);

const PASSWORD: &str = "a good password";
const PNG: &[u8] =
    b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";

async fn page(client: &reqwest::Client, app: &TestApp, path: &str) -> (StatusCode, String) {
    let resp = client.get(app.url(path)).send().await.unwrap();
    let status = resp.status();
    (status, resp.text().await.unwrap())
}

/// Opens `page`, then posts `form` with the page's CSRF token.
async fn submit(
    client: &reqwest::Client,
    app: &TestApp,
    page_path: &str,
    action: &str,
    form: &[(&str, &str)],
) -> reqwest::Response {
    let (_, html) = page(client, app, page_path).await;
    let token = csrf_from(&html);
    let mut fields: Vec<(&str, &str)> = form.to_vec();
    fields.push(("csrf_token", &token));
    client
        .post(app.url(action))
        .form(&fields)
        .send()
        .await
        .unwrap()
}

/// A person with a password, signed in through the login form.
async fn signed_in(
    app: &TestApp,
    role: Role,
    level: Option<i64>,
    name: &str,
) -> (TestUser, reqwest::Client) {
    let user = app.user_with_password(role, level, name, PASSWORD).await;
    let client = browser();
    let resp = submit(
        &client,
        app,
        "/login",
        "/login",
        &[("email", &user.email), ("password", PASSWORD)],
    )
    .await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER, "{name} logs in");
    (user, client)
}

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

async fn stale_save_keeps_the_text(app: TestApp) {
    let (_, lena) = signed_in(&app, Role::Agent, Some(1), "Lena").await;
    let lars = app.agent("Lars", 1).await;
    let d = document(
        &app,
        &lars,
        "Printer offline",
        "Check the cable.",
        "internal",
    )
    .await;
    let id = d["id"].as_i64().unwrap();
    let edit = format!("/kb/{id}/edit");
    let (s, html) = page(&lena, &app, &edit).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains(r#"name="base_revision" value="1""#), "{html}");

    // Lars saves while Lena is still typing.
    let (s, v) = app
        .call(
            "PUT",
            &format!("/api/v1/documents/{id}"),
            Some(&lars.token),
            Some(json!({"title": "Printer offline", "body": "Check the cable and the switch.", "base_revision": 1})),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");

    let mine = "Check the cable.\n\nThen print a test page from the printer's menu.";
    let resp = submit(
        &lena,
        &app,
        &edit,
        &format!("/kb/{id}"),
        &[
            ("title", "Printer offline"),
            ("visibility", "internal"),
            ("body", mine),
            ("base_revision", "1"),
        ],
    )
    .await;
    assert_eq!(resp.status(), StatusCode::CONFLICT);
    let html = resp.text().await.unwrap();
    assert!(
        html.contains("Then print a test page from the printer&#39;s menu.")
            || html.contains("Then print a test page from the printer&#x27;s menu."),
        "Lena's text is still in the form: {html}"
    );
    assert!(html.contains("Lars"), "says who saved in between");
    assert!(
        html.contains(&format!("/kb/{id}/diff?from=1&#38;to=2"))
            || html.contains(&format!("/kb/{id}/diff?from=1&amp;to=2")),
        "links to what changed: {html}"
    );
    assert!(
        html.contains(r#"name="base_revision" value="2""#),
        "a deliberate second save is based on the current revision"
    );
    let (_, now) = app.get(&lars, &format!("/api/v1/documents/{id}")).await;
    assert_eq!(
        now["body"], "Check the cable and the switch.",
        "nothing overwritten"
    );

    // Saving again, knowingly, works.
    let resp = submit(
        &lena,
        &app,
        &edit,
        &format!("/kb/{id}"),
        &[
            ("title", "Printer offline"),
            ("visibility", "internal"),
            ("body", mine),
            ("base_revision", "2"),
        ],
    )
    .await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    let (_, html) = page(&lena, &app, &format!("/kb/{id}")).await;
    assert!(html.contains("Saved as revision 3."), "{html}");
    let (s, html) = page(&lena, &app, &format!("/kb/{id}/diff?from=2&to=3")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        html.contains("d-added") && html.contains("d-removed"),
        "{html}"
    );
}

async fn customers_get_404_for_internal_documents(app: TestApp) {
    let admin = app.admin("Ada").await;
    let (_, carla) = signed_in(&app, Role::Customer, None, "Carla").await;
    let internal = document(&app, &admin, "Zebra internal", "zebra secret", "internal").await;
    let public = document(&app, &admin, "Zebra public", "zebra guide", "public").await;
    let sla = document(&app, &admin, "Zebra SLA", "zebra hours", "internal").await;
    let (iid, pid, sid) = (
        internal["id"].as_i64().unwrap(),
        public["id"].as_i64().unwrap(),
        sla["id"].as_i64().unwrap(),
    );

    let (s, html) = page(&carla, &app, "/sla").await;
    assert_eq!(s, StatusCode::NOT_FOUND, "no SLA yet");
    assert!(!html.contains("href=\"/sla\""), "and no SLA link");
    let (s, _) = app
        .call(
            "PUT",
            "/api/v1/documents/designations",
            Some(&admin.token),
            Some(json!({"sla": sid})),
        )
        .await;
    assert_eq!(s, StatusCode::OK);

    for path in [
        format!("/kb/{iid}"),
        format!("/kb/{iid}/edit"),
        format!("/kb/{iid}/history"),
        format!("/kb/{iid}/diff"),
        format!("/kb/{iid}/revisions/1"),
        format!("/kb/{pid}/edit"),
        "/kb/new".to_string(),
        "/kb/99999".to_string(),
        "/kb/x".to_string(),
    ] {
        let (s, html) = page(&carla, &app, &path).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{path}");
        assert!(!html.contains("zebra secret"), "{path}");
    }
    let (s, html) = page(&carla, &app, &format!("/kb/{pid}")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("zebra guide"));
    assert!(
        !html.contains(&format!("/kb/{pid}/edit")),
        "no Edit for customers"
    );
    let (s, html) = page(&carla, &app, "/sla").await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("zebra hours"));
    assert!(
        html.contains("href=\"/sla\""),
        "the SLA is in the navigation"
    );
    let (s, html) = page(&carla, &app, &format!("/kb/{sid}")).await;
    assert_eq!(s, StatusCode::OK, "the designated document by its id too");
    assert!(html.contains("zebra hours"));

    let (s, html) = page(&carla, &app, "/kb?q=zebra").await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        html.contains("Zebra public") && html.contains("Zebra SLA"),
        "{html}"
    );
    assert!(!html.contains("Zebra internal"), "search leaves it out");
    let (_, html) = page(&carla, &app, "/kb").await;
    assert!(!html.contains("Zebra internal"), "so does the list");

    // A customer cannot write either, even with a valid form.
    let resp = submit(
        &carla,
        &app,
        "/portal",
        &format!("/kb/{pid}"),
        &[("title", "Hacked"), ("body", "x"), ("base_revision", "1")],
    )
    .await;
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);
    let (_, d) = app.get(&admin, &format!("/api/v1/documents/{pid}")).await;
    assert_eq!(d["title"], "Zebra public");
}

/// The edit form posted as multipart by its "Upload image" button, as a browser sends it.
fn multipart(fields: &[(&str, &str)], file: Option<(&str, &[u8])>) -> (String, Vec<u8>) {
    let boundary = "skranke-kb-web-boundary-x7d0";
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    if let Some((name, bytes)) = file {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: image/png\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn image_upload_from_the_editor(app: TestApp) {
    let (lena_user, lena) = signed_in(&app, Role::Agent, Some(1), "Lena").await;
    let d = document(&app, &lena_user, "Screens", "Old text.", "internal").await;
    let id = d["id"].as_i64().unwrap();
    let (_, html) = page(&lena, &app, &format!("/kb/{id}/edit")).await;
    let token = csrf_from(&html);
    let draft = "Old text.\n\nNew, unsaved paragraph.";
    let post = |fields: Vec<(&'static str, String)>,
                file: Option<(&'static str, &'static [u8])>| {
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (ct, body) = multipart(&fields, file);
        lena.post(app.url(&format!("/kb/{id}/images")))
            .header("content-type", ct)
            .body(body)
            .send()
    };
    let base = |token: &str| {
        vec![
            ("csrf_token", token.to_string()),
            ("base_revision", "1".to_string()),
            ("title", "Screens".to_string()),
            ("visibility", "internal".to_string()),
            ("body", draft.to_string()),
        ]
    };

    let no_token = post(base("")[1..].to_vec(), Some(("shot.png", PNG)))
        .await
        .unwrap();
    assert_eq!(no_token.status(), StatusCode::FORBIDDEN);
    let wrong = post(base("0000"), Some(("shot.png", PNG))).await.unwrap();
    assert_eq!(wrong.status(), StatusCode::FORBIDDEN);
    let (_, images) = app
        .get(&lena_user, &format!("/api/v1/documents/{id}/attachments"))
        .await;
    assert_eq!(
        images["items"].as_array().unwrap().len(),
        0,
        "nothing stored"
    );

    let no_file = post(base(&token), None).await.unwrap();
    assert_eq!(no_file.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        no_file
            .text()
            .await
            .unwrap()
            .contains("New, unsaved paragraph.")
    );

    let not_image = post(base(&token), Some(("notes.png", b"just text".as_slice())))
        .await
        .unwrap();
    assert_eq!(not_image.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = not_image.text().await.unwrap();
    assert!(
        html.contains("New, unsaved paragraph."),
        "the draft is kept"
    );
    assert!(html.contains("PNG, JPEG, GIF"), "{html}");

    let ok = post(base(&token), Some(("shot.png", PNG))).await.unwrap();
    assert_eq!(ok.status(), StatusCode::OK);
    let html = ok.text().await.unwrap();
    let (_, images) = app
        .get(&lena_user, &format!("/api/v1/documents/{id}/attachments"))
        .await;
    let aid = images["items"][0]["id"].as_i64().expect("stored");
    let snippet = format!("![shot.png](/attachments/{aid})");
    assert!(
        html.contains(&format!("New, unsaved paragraph.\n\n{snippet}")),
        "the image's Markdown follows the typed text: {html}"
    );
    assert!(html.contains(r#"name="base_revision" value="1""#));
    let (_, d) = app
        .get(&lena_user, &format!("/api/v1/documents/{id}"))
        .await;
    assert_eq!(d["body"], "Old text.", "nothing saved yet");

    // Reloading the answer's address goes back to the editor.
    let again = lena
        .get(app.url(&format!("/kb/{id}/images")))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::SEE_OTHER);
    assert_eq!(again.headers()["location"], format!("/kb/{id}/edit"));
}

async fn not_covered_service_is_refused_with_the_reason(app: TestApp) {
    let admin = app.admin("Ada").await;
    app.agent("Lena", 1).await;
    let (s, private) = app
        .post(
            &admin,
            "/api/v1/services",
            json!({"name": "Private devices", "type": "request", "covered": false,
                   "not_covered_reason": "Use your own supplier"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{private}");
    let sid = private["id"].as_i64().unwrap().to_string();
    let (_, carla) = signed_in(&app, Role::Customer, None, "Carla").await;

    let (s, html) = page(&carla, &app, &format!("/portal/new?service={sid}")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        html.contains(&format!(r#"<option value="{sid}" selected>"#)),
        "{html}"
    );
    assert!(
        html.contains("Use your own supplier"),
        "the reason is shown up front"
    );

    let description = "My own phone cannot reach the mail";
    let resp = submit(
        &carla,
        &app,
        "/portal/new",
        "/tickets",
        &[
            ("service_id", &sid),
            ("title", "Phone mail"),
            ("description", description),
            ("type", ""),
            ("urgency", ""),
        ],
    )
    .await;
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = resp.text().await.unwrap();
    assert!(html.contains("not covered"), "{html}");
    assert!(html.contains(description), "the form keeps what was typed");
    assert!(html.contains(&format!(r#"<option value="{sid}" selected>"#)));
}
