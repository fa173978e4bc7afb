//! The web UI's security and language rules, over plain HTTP.

use reqwest::StatusCode;

use crate::both;
use crate::support::TestApp;
use skranke_domain::Role;

both!(
    post_without_csrf_token_is_refused,
    danish_when_the_browser_asks
);

fn csrf_from(html: &str) -> String {
    let at = html
        .find("name=\"csrf_token\"")
        .expect("a csrf_token field");
    let tail = &html[at..];
    let v = tail.find("value=\"").expect("value") + 7;
    tail[v..v + tail[v..].find('"').unwrap()].to_string()
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
