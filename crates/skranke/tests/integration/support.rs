use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use reqwest::StatusCode;
use serde_json::{Value, json};
use skranke::config::{Config, Overrides};
use skranke_app::users::NewUser;
use skranke_app::{App, ManualClock};
use skranke_domain::{DAY_MS, Role};
use tokio::sync::OnceCell;

/// Monday 2026-01-05 09:00 UTC: tests start here and move the clock by hand.
pub const T0: i64 = 1_767_603_600_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Runs a scenario `async fn name(app: TestApp)` on both databases.
#[macro_export]
macro_rules! both {
    ($($name:ident),+ $(,)?) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$name($crate::support::TestApp::spawn($crate::support::Backend::Sqlite).await).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                super::$name($crate::support::TestApp::spawn($crate::support::Backend::Postgres).await).await
            }
        }
    )+};
}

pub struct TestApp {
    pub base: String,
    pub config: Config,
    pub app: App,
    pub clock: Arc<ManualClock>,
    pub http: reqwest::Client,
    _dir: TempDir,
}

/// A user made for a test, with an API token.
#[derive(Debug, Clone)]
pub struct TestUser {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub token: String,
}

struct TempDir(std::path::PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

static COUNTER: AtomicU32 = AtomicU32::new(0);
static PG_CLEANUP: OnceCell<()> = OnceCell::const_new();

fn pg_url() -> String {
    std::env::var("SKRANKE_TEST_PG_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".to_string())
}

/// A fresh PostgreSQL database for one test. Databases of earlier runs are dropped once per run.
async fn fresh_pg_database(name: &str) -> String {
    use skranke_store::sqlx::{Connection, Executor, PgConnection};
    let base = pg_url();
    let admin_url = format!("{}/postgres", base.trim_end_matches('/'));
    let mut conn = PgConnection::connect(&admin_url).await.unwrap_or_else(|e| {
        panic!("PostgreSQL is required for the test suite and is not reachable at {admin_url}: {e}")
    });
    PG_CLEANUP
        .get_or_init(|| async {
            let pid = std::process::id();
            let mut c = PgConnection::connect(&admin_url)
                .await
                .expect("PostgreSQL reachable");
            let old: Vec<(String,)> = skranke_store::sqlx::query_as(
                "SELECT datname FROM pg_database WHERE datname LIKE 'skranke_test_%'",
            )
            .fetch_all(&mut c)
            .await
            .unwrap_or_default();
            for (db,) in old {
                if !db.starts_with(&format!("skranke_test_{pid}_")) {
                    let _ = c
                        .execute(format!("DROP DATABASE IF EXISTS \"{db}\" WITH (FORCE)").as_str())
                        .await;
                }
            }
        })
        .await;
    conn.execute(format!("CREATE DATABASE \"{name}\"").as_str())
        .await
        .expect("create test database");
    format!("{}/{name}", base.trim_end_matches('/'))
}

impl TestApp {
    pub async fn spawn(backend: Backend) -> TestApp {
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let name = format!("skranke_test_{}_{n}", std::process::id());
        let dir = std::env::temp_dir().join(&name);
        std::fs::create_dir_all(&dir).expect("temp dir");
        let database_url = match backend {
            Backend::Sqlite => format!("sqlite://{}", dir.join("skranke.db").display()),
            Backend::Postgres => fresh_pg_database(&name).await,
        };
        let overrides = Overrides {
            data_dir: Some(dir.clone()),
            database_url: Some(database_url),
            bind: Some("127.0.0.1:0".into()),
        };
        let config = Config::load_from(&dir, &overrides, |_| None).expect("config");
        let db = skranke::open_db(&config).await.expect("database");
        let clock = Arc::new(ManualClock::new(T0));
        let app = skranke::build_app(&config, db, clock.clone())
            .await
            .expect("app");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let base = format!("http://{addr}");
        skranke::serve(app.clone(), listener, base.clone())
            .await
            .expect("serve");
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        TestApp {
            base,
            config,
            app,
            clock,
            http,
            _dir: TempDir(dir),
        }
    }

    pub fn advance_days(&self, days: i64) {
        self.clock.advance(days * DAY_MS);
    }

    async fn make_user(
        &self,
        role: Role,
        level: Option<i64>,
        name: &str,
        password: Option<&str>,
    ) -> TestUser {
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let email = format!("{}{n}@test.skranke", name.to_lowercase().replace(' ', "."));
        let user = self
            .app
            .create_user(
                None,
                NewUser {
                    email: email.clone(),
                    name: name.to_string(),
                    role,
                    level,
                    password: password.map(String::from),
                },
            )
            .await
            .expect("create user");
        let token = self
            .app
            .create_token(user.id, "test")
            .await
            .expect("token")
            .token;
        TestUser {
            id: user.id,
            email,
            name: name.to_string(),
            token,
        }
    }

    pub async fn customer(&self, name: &str) -> TestUser {
        self.make_user(Role::Customer, None, name, None).await
    }

    pub async fn agent(&self, name: &str, level: i64) -> TestUser {
        self.make_user(Role::Agent, Some(level), name, None).await
    }

    pub async fn admin(&self, name: &str) -> TestUser {
        self.make_user(Role::Admin, None, name, None).await
    }

    pub async fn user_with_password(
        &self,
        role: Role,
        level: Option<i64>,
        name: &str,
        password: &str,
    ) -> TestUser {
        self.make_user(role, level, name, Some(password)).await
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn call(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let mut req = self.http.request(method, self.url(path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        let resp = req.send().await.expect("request");
        let status = resp.status();
        let is_problem = resp.headers().get("content-type").is_some_and(|c| {
            c.to_str()
                .unwrap_or("")
                .starts_with("application/problem+json")
        });
        let text = resp.text().await.expect("body");
        let value = serde_json::from_str(&text).unwrap_or(Value::String(text));
        if status.is_client_error() || status.is_server_error() {
            assert!(
                is_problem,
                "{status} from {path} is not problem+json: {value}"
            );
            assert!(
                value["detail"].is_string(),
                "problem without detail: {value}"
            );
        }
        assert!(
            !status.is_server_error(),
            "{path} answered {status}: {value}"
        );
        (status, value)
    }

    pub async fn get(&self, user: &TestUser, path: &str) -> (StatusCode, Value) {
        self.call("GET", path, Some(&user.token), None).await
    }

    pub async fn post(&self, user: &TestUser, path: &str, body: Value) -> (StatusCode, Value) {
        self.call("POST", path, Some(&user.token), Some(body)).await
    }

    pub async fn patch(&self, user: &TestUser, path: &str, body: Value) -> (StatusCode, Value) {
        self.call("PATCH", path, Some(&user.token), Some(body))
            .await
    }

    /// Creates a ticket as `user` and returns its number.
    pub async fn ticket(&self, user: &TestUser, title: &str) -> i64 {
        let (status, t) = self
            .post(
                user,
                "/api/v1/tickets",
                json!({"title": title, "description": "details", "type": "incident"}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{t}");
        t["number"].as_i64().expect("number")
    }

    /// The ticket's current JSON, read as an admin would (everything visible).
    pub async fn ticket_json(&self, user: &TestUser, number: i64) -> Value {
        let (status, t) = self.get(user, &format!("/api/v1/tickets/{number}")).await;
        assert_eq!(status, StatusCode::OK, "{t}");
        t
    }

    pub async fn event_kinds(&self, user: &TestUser, number: i64) -> Vec<String> {
        let (status, e) = self
            .get(user, &format!("/api/v1/tickets/{number}/events"))
            .await;
        assert_eq!(status, StatusCode::OK, "{e}");
        e["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["kind"].as_str().unwrap().to_string())
            .collect()
    }
}

impl TestApp {
    pub fn data_dir(&self) -> std::path::PathBuf {
        self._dir.0.clone()
    }
}

impl TestApp {
    /// A second app (as in another `serve` process) on the same database.
    pub async fn second_app(&self) -> App {
        let db = skranke::open_db(&self.config).await.expect("database");
        skranke::build_app(&self.config, db, self.clock.clone())
            .await
            .expect("app")
    }

    /// A second server process on the same database, as after a restart.
    pub async fn restarted(&self) -> String {
        let app = self.second_app().await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        skranke::serve(app, listener, base.clone())
            .await
            .expect("serve");
        base
    }
}

// Browser-like helpers for the UI tests: a cookie jar, and forms posted with their CSRF token.

/// The CSRF token of the first form on a page.
pub fn csrf_from(html: &str) -> String {
    let at = html
        .find("name=\"csrf_token\"")
        .expect("a csrf_token field");
    let tail = &html[at..];
    let v = tail.find("value=\"").expect("value") + 7;
    tail[v..v + tail[v..].find('"').unwrap()].to_string()
}

pub fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// A browser signed in through the login form (the login's answer is not checked here).
pub async fn signed_in(base: &str, email: &str, password: &str) -> reqwest::Client {
    let client = browser();
    submit(
        &client,
        base,
        "/login",
        "/login",
        &[("email", email), ("password", password)],
    )
    .await;
    client
}

/// The body of `url` as the browser gets it.
pub async fn html(client: &reqwest::Client, url: &str) -> String {
    client.get(url).send().await.unwrap().text().await.unwrap()
}

/// Opens `page`, then posts `form` with the page's CSRF token.
pub async fn submit(
    client: &reqwest::Client,
    base: &str,
    page: &str,
    action: &str,
    form: &[(&str, &str)],
) -> reqwest::Response {
    let token = csrf_from(&html(client, &format!("{base}{page}")).await);
    let mut fields: Vec<(&str, &str)> = form.to_vec();
    fields.push(("csrf_token", &token));
    client
        .post(format!("{base}{action}"))
        .form(&fields)
        .send()
        .await
        .unwrap()
}
