//! Bearer tokens, the token endpoint, and the operator CLI working beside a running server.

use reqwest::StatusCode;
use serde_json::json;
use skranke_domain::Role;

use crate::both;
use crate::support::{TestApp, browser, html, submit};

both!(
    token_auth,
    password_login_for_tokens,
    deactivated_users_lose_access,
    a_browser_session_reads_its_user_afresh,
    tokens_are_managed_through_the_api
);

async fn token_auth(app: TestApp) {
    let carla = app.customer("Carla").await;
    let (s, e) = app.call("GET", "/api/v1/me", None, None).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED, "{e}");
    let (s, _) = app.call("GET", "/api/v1/me", Some("skr_0000"), None).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let (s, _) = app
        .call("GET", "/api/v1/tickets", Some("not-even-a-token"), None)
        .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let (s, me) = app.get(&carla, "/api/v1/me").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(me["id"], carla.id);
    assert_eq!(me["role"], "customer");
    assert!(carla.token.starts_with("skr_"));
}

async fn password_login_for_tokens(app: TestApp) {
    let agent = app
        .user_with_password(Role::Agent, Some(1), "Lena", "correct horse battery")
        .await;
    let (s, e) = app
        .call(
            "POST",
            "/api/v1/auth/token",
            None,
            Some(json!({"email": agent.email, "password": "wrong password"})),
        )
        .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED, "{e}");
    let (s2, e2) = app
        .call(
            "POST",
            "/api/v1/auth/token",
            None,
            Some(json!({"email": "nobody@x.dk", "password": "wrong password"})),
        )
        .await;
    assert_eq!(
        (s, e["detail"].clone()),
        (s2, e2["detail"].clone()),
        "unknown e-mail and wrong password look alike"
    );
    let (s, t) = app
        .call(
            "POST",
            "/api/v1/auth/token",
            None,
            Some(json!({"email": agent.email.to_uppercase(), "password": "correct horse battery"})),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{t}");
    let token = t["token"].as_str().unwrap();
    let (s, me) = app.call("GET", "/api/v1/me", Some(token), None).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(me["level"], 1);
}

async fn deactivated_users_lose_access(app: TestApp) {
    let admin = app.admin("Ada").await;
    let carla = app.customer("Carla").await;
    let (s, _) = app
        .patch(
            &admin,
            &format!("/api/v1/users/{}", carla.id),
            json!({"active": false}),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(
        app.get(&carla, "/api/v1/me").await.0,
        StatusCode::UNAUTHORIZED
    );
    // The last admin cannot lock the desk.
    let (s, e) = app
        .patch(
            &admin,
            &format!("/api/v1/users/{}", admin.id),
            json!({"role": "agent", "level": 1}),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT, "{e}");
}

/// A caller lists, creates and revokes their own API tokens; never anyone else's, and the
/// secret is shown only in the answer that creates it.
async fn tokens_are_managed_through_the_api(app: TestApp) {
    let carla = app.customer("Carla").await;
    let lena = app.agent("Lena", 1).await;
    let (s, list) = app.get(&carla, "/api/v1/me/tokens").await;
    assert_eq!(s, StatusCode::OK, "{list}");
    assert_eq!(list["items"].as_array().unwrap().len(), 1, "{list}");
    let first_id = list["items"][0]["id"].as_i64().unwrap();

    let (s, ci) = app
        .post(&carla, "/api/v1/me/tokens", json!({"name": "  CI  "}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{ci}");
    assert_eq!(ci["name"], "CI");
    let ci_token = ci["token"].as_str().unwrap().to_owned();
    assert!(ci_token.starts_with("skr_"));
    let (s, unnamed) = app.post(&carla, "/api/v1/me/tokens", json!({})).await;
    assert_eq!(s, StatusCode::CREATED, "{unnamed}");
    assert_eq!(unnamed["name"], "API token");
    let (s, e) = app
        .post(
            &carla,
            "/api/v1/me/tokens",
            json!({"name": "x".repeat(101)}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert!(e.to_string().contains("100"), "{e}");

    let (s, me) = app.call("GET", "/api/v1/me", Some(&ci_token), None).await;
    assert_eq!((s, me["id"].as_i64()), (StatusCode::OK, Some(carla.id)));
    let (_, list) = app.get(&carla, "/api/v1/me/tokens").await;
    assert!(list["next_cursor"].is_null(), "{list}");
    let list = list["items"].clone();
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["test", "CI", "API token"]);
    assert!(!list.to_string().contains("skr_"), "no secret in the list");
    // Used ones say when (to the hour: a use is recorded at most once an hour).
    assert!(list[1]["last_used_at"].is_string(), "{list}");
    assert!(list[2]["last_used_at"].is_null(), "{list}");
    let used = list[1]["last_used_at"].clone();
    app.call("GET", "/api/v1/me", Some(&ci_token), None).await;
    assert_eq!(
        app.get(&carla, "/api/v1/me/tokens").await.1["items"][1]["last_used_at"],
        used
    );
    app.advance_days(1);
    app.call("GET", "/api/v1/me", Some(&ci_token), None).await;
    let later = app.get(&carla, "/api/v1/me/tokens").await.1["items"][1]["last_used_at"].clone();
    // Pages by keyset, as every list.
    let (_, page1) = app.get(&carla, "/api/v1/me/tokens?limit=2").await;
    assert_eq!(page1["items"].as_array().unwrap().len(), 2, "{page1}");
    let next = page1["next_cursor"]
        .as_str()
        .expect("a next page")
        .to_owned();
    let (_, page2) = app
        .get(&carla, &format!("/api/v1/me/tokens?limit=2&cursor={next}"))
        .await;
    assert_eq!(page2["items"][0]["name"], "API token", "{page2}");
    assert!(page2["next_cursor"].is_null(), "{page2}");
    assert!(later.is_string() && later != used, "{used} then {later}");

    // Someone else's token is not there for them: the same 404 as a missing one.
    let ci_path = format!("/api/v1/me/tokens/{}", ci["id"]);
    let (s, e) = app.call("DELETE", &ci_path, Some(&lena.token), None).await;
    assert_eq!(s, StatusCode::NOT_FOUND, "{e}");
    let (s, _) = app.call("GET", "/api/v1/me", Some(&ci_token), None).await;
    assert_eq!(s, StatusCode::OK);

    let (s, _) = app.call("DELETE", &ci_path, Some(&carla.token), None).await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, _) = app.call("GET", "/api/v1/me", Some(&ci_token), None).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED, "a revoked token stops at once");
    let (s, _) = app.call("DELETE", &ci_path, Some(&carla.token), None).await;
    assert_eq!(s, StatusCode::NOT_FOUND, "already revoked");

    // The token making the request may revoke itself.
    let own = format!("/api/v1/me/tokens/{first_id}");
    let (s, _) = app.call("DELETE", &own, Some(&carla.token), None).await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, _) = app
        .call("GET", "/api/v1/me", Some(&carla.token), None)
        .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
}

/// The session's stored rows: the user each names, and its data as stored.
async fn stored_sessions(app: &TestApp) -> Vec<(Option<i64>, String)> {
    skranke_store::sqlx::query_as("SELECT user_id, data FROM sessions ORDER BY user_id")
        .fetch_all(app.app.db().reader())
        .await
        .expect("sessions")
}

/// A signed-in page reads the session and its user in one statement (`repo::sessions::load`;
/// `queries.rs` counts them). The user is read afresh with every page, never kept in the stored
/// session: a rename shows on the next page, a deactivated user is signed out there.
async fn a_browser_session_reads_its_user_afresh(app: TestApp) {
    let admin = app.admin("Ada").await;
    let lena = app
        .user_with_password(Role::Agent, Some(1), "Lena", "a good password")
        .await;
    let lars = app
        .user_with_password(Role::Agent, Some(2), "Lars", "a good password")
        .await;
    let client = browser();
    let login = |email: String| {
        let client = client.clone();
        let base = app.base.clone();
        async move {
            let r = submit(
                &client,
                &base,
                "/login",
                "/login",
                &[("email", &email), ("password", "a good password")],
            )
            .await;
            assert_eq!(r.status(), StatusCode::SEE_OTHER);
        }
    };
    let page = |path: &str| {
        let client = client.clone();
        let url = app.url(path);
        async move {
            let r = client.get(url).send().await.unwrap();
            (r.status(), r.text().await.unwrap())
        }
    };
    let no_loaded_user_stored = |rows: &[(Option<i64>, String)]| {
        for (_, data) in rows {
            assert!(!data.contains("_actor"), "stored session data: {data}");
        }
    };

    login(lena.email.clone()).await;
    let (s, body) = page("/work").await;
    assert_eq!(s, StatusCode::OK);
    assert!(body.contains("Lena"), "{body}");
    let rows = stored_sessions(&app).await;
    assert!(rows.iter().any(|(u, _)| *u == Some(lena.id)), "{rows:?}");
    no_loaded_user_stored(&rows);

    // A row that names no user (written before migration 0013), or another user than its data
    // (written by an older binary after a login): the data's user, read on its own.
    for column in [None, Some(lars.id)] {
        skranke_store::sqlx::query("UPDATE sessions SET user_id = $1 WHERE user_id = $2")
            .bind(column)
            .bind(lena.id)
            .execute(app.app.db().writer())
            .await
            .expect("session row");
        let (s, body) = page("/work").await;
        assert_eq!(s, StatusCode::OK);
        assert!(
            body.contains("Lena") && !body.contains("Lars"),
            "{column:?}: {body}"
        );
        skranke_store::sqlx::query(
            "UPDATE sessions SET user_id = $1 WHERE user_id IS NULL OR user_id = $2",
        )
        .bind(lena.id)
        .bind(lars.id)
        .execute(app.app.db().writer())
        .await
        .expect("session row");
    }

    // A page that writes the session (a flash message) after it was loaded with its user.
    let r = submit(
        &client,
        &app.base,
        "/notifications",
        "/notifications/read",
        &[],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(page("/notifications").await.0, StatusCode::OK);
    no_loaded_user_stored(&stored_sessions(&app).await);

    let (s, _) = app
        .patch(
            &admin,
            &format!("/api/v1/users/{}", lena.id),
            json!({"name": "Lena Holm"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert!(page("/work").await.1.contains("Lena Holm"));

    // Another user in the same browser.
    let r = submit(&client, &app.base, "/work", "/logout", &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    login(lars.email.clone()).await;
    let body = html(&client, &app.url("/work")).await;
    assert!(body.contains("Lars") && !body.contains("Lena"), "{body}");
    let rows = stored_sessions(&app).await;
    assert!(rows.iter().any(|(u, _)| *u == Some(lars.id)), "{rows:?}");
    assert!(!rows.iter().any(|(u, _)| *u == Some(lena.id)), "{rows:?}");

    let (s, _) = app
        .patch(
            &admin,
            &format!("/api/v1/users/{}", lars.id),
            json!({"active": false}),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let r = client.get(app.url("/work")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(
        r.headers()[reqwest::header::LOCATION]
            .to_str()
            .unwrap()
            .starts_with("/login")
    );
}

/// `skranke user add` and `skranke token create` against the database a server is using.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cli_adds_users_and_tokens_while_serving() {
    let app = TestApp::spawn(crate::support::Backend::Sqlite).await;
    let dir = app.data_dir();
    let bin = env!("CARGO_BIN_EXE_skranke");
    let run = |args: &[&str], stdin: Option<&str>| {
        use std::io::Write;
        let mut child = std::process::Command::new(bin)
            .args(args)
            .arg("--data-dir")
            .arg(&dir)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("run skranke");
        if let Some(input) = stdin {
            child
                .stdin
                .take()
                .unwrap()
                .write_all(input.as_bytes())
                .unwrap();
        } else {
            drop(child.stdin.take());
        }
        child.wait_with_output().expect("skranke output")
    };
    let out = run(
        &[
            "user",
            "add",
            "--email",
            "ahmed@x.dk",
            "--name",
            "LevelTwoAhmed",
            "--role",
            "agent",
            "--level",
            "2",
            "--password-stdin",
        ],
        Some("a long password\n"),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(
        &[
            "user",
            "add",
            "--email",
            "ahmed@x.dk",
            "--name",
            "Again",
            "--role",
            "customer",
        ],
        None,
    );
    assert!(!out.status.success(), "a duplicate e-mail is refused");
    assert!(String::from_utf8_lossy(&out.stderr).contains("already exists"));
    let out = run(
        &[
            "user", "add", "--email", "x@x.dk", "--name", "X", "--role", "agent",
        ],
        None,
    );
    assert!(!out.status.success(), "an agent needs a level");
    let out = run(&["token", "create", "--email", "ahmed@x.dk"], None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let token = String::from_utf8(out.stdout).unwrap().trim().to_string();
    let (s, me) = app.call("GET", "/api/v1/me", Some(&token), None).await;
    assert_eq!(s, StatusCode::OK, "{me}");
    assert_eq!(me["name"], "LevelTwoAhmed");
    assert_eq!(me["level"], 2);
    let out = run(&["migrate"], None);
    assert!(out.status.success());
}
