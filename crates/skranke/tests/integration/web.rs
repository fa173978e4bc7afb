//! The web UI's security and language rules, over plain HTTP.

use reqwest::StatusCode;
use serde_json::json;

use crate::both;
use crate::support::{TestApp, browser, csrf_from, html, signed_in, submit};
use skranke_domain::Role;

both!(
    post_without_csrf_token_is_refused,
    danish_when_the_browser_asks,
    setup_page_only_while_no_admin,
    signup_is_an_admin_setting,
    a_restart_keeps_people_logged_in,
    a_failed_form_keeps_what_was_typed,
    admins_manage_webhooks_in_the_ui,
    reading_a_page_does_not_write_the_session,
    ticket_lists_show_who_has_each_ticket,
    the_assign_picker_follows_changes_to_agents
);

async fn setup_page_only_while_no_admin(app: TestApp) {
    let client = browser();
    let root = client.get(app.url("/")).send().await.unwrap();
    assert_eq!(
        root.headers()["location"],
        "/setup",
        "a fresh install sends people to setup"
    );
    let weak = submit(
        &client,
        &app.base,
        "/setup",
        "/setup",
        &[
            ("name", "Ada"),
            ("email", "ada@x.dk"),
            ("password", "short"),
        ],
    )
    .await;
    assert_eq!(weak.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = weak.text().await.unwrap();
    assert!(html.contains("ada@x.dk"), "the form keeps what was typed");
    let ok = submit(
        &client,
        &app.base,
        "/setup",
        "/setup",
        &[
            ("name", "Ada"),
            ("email", "ada@x.dk"),
            ("password", "a long password"),
        ],
    )
    .await;
    assert_eq!(ok.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        client
            .get(app.url("/admin/users"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK,
        "logged in as admin"
    );
    // Once an admin exists the page is gone, for everybody.
    assert_eq!(
        browser()
            .get(app.url("/setup"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::NOT_FOUND
    );
    let again = submit(
        &client,
        &app.base,
        "/admin/users",
        "/setup",
        &[
            ("name", "Eve"),
            ("email", "eve@x.dk"),
            ("password", "a long password"),
        ],
    )
    .await;
    assert_eq!(again.status(), StatusCode::NOT_FOUND);
}

async fn signup_is_an_admin_setting(app: TestApp) {
    let admin = app.admin("Ada").await;
    let client = browser();
    assert_eq!(
        client
            .get(app.url("/signup"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::NOT_FOUND,
        "off by default"
    );
    app.patch(
        &admin,
        "/api/v1/settings",
        serde_json::json!({"signup_enabled": true}),
    )
    .await;
    let resp = submit(
        &client,
        &app.base,
        "/signup",
        "/signup",
        &[
            ("name", "Sam"),
            ("email", "sam@x.dk"),
            ("password", "a long password"),
        ],
    )
    .await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    assert_eq!(resp.headers()["location"], "/portal");
    let (_, users) = app.get(&admin, "/api/v1/users?role=customer").await;
    assert!(
        users["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u["email"] == "sam@x.dk"),
        "signed up as a customer"
    );
}

async fn a_restart_keeps_people_logged_in(app: TestApp) {
    app.user_with_password(Role::Agent, Some(1), "Lena", "a good password")
        .await;
    let admin = app.admin("Ada").await;
    let (_, users) = app.get(&admin, "/api/v1/users?role=agent").await;
    let email = users["items"][0]["email"].as_str().unwrap().to_string();
    let client = browser();
    let resp = submit(
        &client,
        &app.base,
        "/login",
        "/login",
        &[("email", &email), ("password", "a good password")],
    )
    .await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    let other = app.restarted().await;
    // The cookie jar is per host:port, so carry the cookie over by hand.
    let cookie = resp.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let page = reqwest::Client::new()
        .get(format!("{other}/work"))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().await.unwrap().contains("Lena"));
    // Logging out ends the session for good.
    let logout = submit(&client, &app.base, "/work", "/logout", &[]).await;
    assert_eq!(logout.status(), StatusCode::SEE_OTHER);
    let after = client.get(app.url("/work")).send().await.unwrap();
    assert_eq!(after.status(), StatusCode::SEE_OTHER);
    assert!(
        after.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("/login")
    );
}

async fn a_failed_form_keeps_what_was_typed(app: TestApp) {
    app.user_with_password(Role::Customer, None, "Carla", "a good password")
        .await;
    let admin = app.admin("Ada").await;
    app.agent("Lena", 1).await;
    let (_, users) = app.get(&admin, "/api/v1/users?role=customer").await;
    let email = users["items"][0]["email"].as_str().unwrap().to_string();
    let client = signed_in(&app.base, &email, "a good password").await;
    let long = "x".repeat(201);
    let description = "The printer on floor 2 shows a blinking light";
    let resp = submit(
        &client,
        &app.base,
        "/portal/new",
        "/tickets",
        &[
            ("title", &long),
            ("description", description),
            ("type", "incident"),
            ("urgency", "medium"),
        ],
    )
    .await;
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = resp.text().await.unwrap();
    assert!(html.contains("200"), "the message says the limit");
    assert!(
        html.contains(description),
        "the description is still in the form"
    );
    // A comment that fails keeps its text too.
    let ok = submit(
        &client,
        &app.base,
        "/portal/new",
        "/tickets",
        &[
            ("title", "Printer"),
            ("description", description),
            ("type", "incident"),
            ("urgency", "medium"),
        ],
    )
    .await;
    assert_eq!(ok.status(), StatusCode::SEE_OTHER);
    let location = ok.headers()["location"].to_str().unwrap().to_string();
    let big = "y".repeat(64 * 1024 + 1);
    let resp = submit(
        &client,
        &app.base,
        &location,
        &format!("{location}/comments"),
        &[("body", &big)],
    )
    .await;
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(resp.text().await.unwrap().contains(&big));
}

async fn post_without_csrf_token_is_refused(app: TestApp) {
    app.user_with_password(Role::Customer, None, "Carla", "a good password")
        .await;
    let email = {
        let (_, users) = app
            .get(&app.admin("Ada").await, "/api/v1/users?role=customer")
            .await;
        users["items"][0]["email"].as_str().unwrap().to_string()
    };
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let page = client.get(app.url("/login")).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let cookie = page
        .headers()
        .get("set-cookie")
        .expect("a session cookie")
        .to_str()
        .unwrap()
        .to_string();
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    let token = csrf_from(&page.text().await.unwrap());

    let form = [("email", email.as_str()), ("password", "a good password")];
    let refused = client
        .post(app.url("/login"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN, "no token");
    let wrong = [
        ("email", email.as_str()),
        ("password", "a good password"),
        ("csrf_token", "0000"),
    ];
    assert_eq!(
        client
            .post(app.url("/login"))
            .form(&wrong)
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::FORBIDDEN
    );
    let foreign = client
        .post(app.url("/login"))
        .header("origin", "https://evil.example")
        .form(&[
            ("email", email.as_str()),
            ("password", "a good password"),
            ("csrf_token", token.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(foreign.status(), StatusCode::FORBIDDEN, "cross-site origin");

    let ok = client
        .post(app.url("/login"))
        .form(&[
            ("email", email.as_str()),
            ("password", "a good password"),
            ("csrf_token", token.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), StatusCode::SEE_OTHER);
    let rotated = ok
        .headers()
        .get("set-cookie")
        .expect("session id rotated at login")
        .to_str()
        .unwrap();
    assert_ne!(rotated.split(';').next(), cookie.split(';').next());
    let portal = client.get(app.url("/portal")).send().await.unwrap();
    assert_eq!(portal.status(), StatusCode::OK);
}

async fn danish_when_the_browser_asks(app: TestApp) {
    let da = app
        .http
        .get(app.url("/login"))
        .header("accept-language", "da-DK,da;q=0.9,en;q=0.5")
        .send()
        .await
        .unwrap();
    let html = da.text().await.unwrap();
    assert!(html.contains("lang=\"da\""), "{html}");
    assert!(
        html.contains("Adgangskode"),
        "the Danish word for password: {html}"
    );
    let en = app
        .http
        .get(app.url("/login"))
        .header("accept-language", "en-GB")
        .send()
        .await
        .unwrap();
    let html = en.text().await.unwrap();
    assert!(html.contains("lang=\"en\""));
    assert!(html.contains("Password"));
}

async fn admins_manage_webhooks_in_the_ui(app: TestApp) {
    app.user_with_password(Role::Admin, None, "Ada", "a good password")
        .await;
    app.user_with_password(Role::Customer, None, "Carla", "a good password")
        .await;
    let lookup = app.admin("Other admin").await;
    let (_, users) = app.get(&lookup, "/api/v1/users").await;
    let email_of = |name: &str| {
        users["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["name"] == name)
            .unwrap()["email"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let admin = browser();
    submit(
        &admin,
        &app.base,
        "/login",
        "/login",
        &[("email", &email_of("Ada")), ("password", "a good password")],
    )
    .await;
    let bad = submit(
        &admin,
        &app.base,
        "/admin/webhooks",
        "/admin/webhooks",
        &[("url", "ftp://x"), ("events", "ticket_created")],
    )
    .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.text().await.unwrap().contains("ftp://x"),
        "the form keeps the URL"
    );
    let ok = submit(
        &admin,
        &app.base,
        "/admin/webhooks",
        "/admin/webhooks",
        &[
            ("url", "http://127.0.0.1:9/hook"),
            ("events", "ticket_created"),
            ("events", "status_changed"),
        ],
    )
    .await;
    assert_eq!(ok.status(), StatusCode::SEE_OTHER);
    let page = admin
        .get(app.url("/admin/webhooks"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("whsec_"), "the secret is shown once");
    assert!(page.contains("ticket_created, status_changed"));
    let again = admin
        .get(app.url("/admin/webhooks"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!again.contains("whsec_"), "and only once");
    let customer = browser();
    submit(
        &customer,
        &app.base,
        "/login",
        "/login",
        &[
            ("email", &email_of("Carla")),
            ("password", "a good password"),
        ],
    )
    .await;
    assert_eq!(
        customer
            .get(app.url("/admin/webhooks"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::NOT_FOUND
    );
}

/// Page views only read the session: on SQLite a write would queue behind every other write.
async fn reading_a_page_does_not_write_the_session(app: TestApp) {
    let agent = app
        .user_with_password(Role::Agent, Some(1), "Lena", "a good password")
        .await;
    let client = signed_in(&app.base, &agent.email, "a good password").await;
    assert_eq!(
        client.get(app.url("/work")).send().await.unwrap().status(),
        StatusCode::OK
    );
    let read = || async {
        skranke_store::sqlx::query_scalar::<_, i64>("SELECT MAX(expires_at) FROM sessions")
            .fetch_one(app.app.db().reader())
            .await
            .unwrap()
    };
    let before = read().await;
    for path in ["/work", "/work/queue", "/notifications"] {
        assert_eq!(
            client.get(app.url(path)).send().await.unwrap().status(),
            StatusCode::OK
        );
    }
    assert_eq!(
        read().await,
        before,
        "no session was saved by reading pages"
    );
}

/// Lists read brief rows (only what a row shows); the requester's and assignee's names must still
/// be on them.
async fn ticket_lists_show_who_has_each_ticket(app: TestApp) {
    let customer = app.customer("Carla Kunde").await;
    let _lena = app.agent("Lena Førstelinje", 1).await;
    let number = app.ticket(&customer, "Printer on fire").await;
    let viewer = app
        .user_with_password(Role::Agent, Some(2), "Olaf", "a good password")
        .await;
    let client = signed_in(&app.base, &viewer.email, "a good password").await;
    let html = html(&client, &app.url("/work/all")).await;
    assert!(html.contains(&format!("/tickets/{number}")), "{html}");
    assert!(
        html.contains("Carla Kunde"),
        "the requester is shown: {html}"
    );
    assert!(
        html.contains("Lena Førstelinje"),
        "the assignee is shown, not 'unassigned': {html}"
    );
}

/// The ticket page's agents are kept in memory for a few seconds (`App::agents`); a change made
/// through this process shows on the next page all the same.
async fn the_assign_picker_follows_changes_to_agents(app: TestApp) {
    let admin = app.admin("Ada").await;
    let customer = app.customer("Carla").await;
    app.agent("Lena", 1).await;
    let number = app.ticket(&customer, "Printer on fire").await;
    let viewer = app
        .user_with_password(Role::Admin, None, "Otto", "a good password")
        .await;
    let client = signed_in(&app.base, &viewer.email, "a good password").await;
    let page = app.url(&format!("/tickets/{number}"));
    assert!(!html(&client, &page).await.contains("Mads"));

    let mads = app.agent("Mads", 1).await;
    assert!(
        html(&client, &page).await.contains("Mads"),
        "a new agent can be picked at once"
    );
    let (s, u) = app
        .patch(
            &admin,
            &format!("/api/v1/users/{}", mads.id),
            json!({"name": "Magnus"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{u}");
    let html = html(&client, &page).await;
    assert!(
        html.contains("Magnus") && !html.contains("Mads"),
        "a renamed agent shows the new name at once"
    );
}
