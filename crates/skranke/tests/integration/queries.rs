//! The number of SQL statements a page costs must not grow with the length of the page (no N+1).
//!
//! Statements are counted per request: a tracing layer attributes every `sqlx::query` event to the
//! `request` span that tower-http opens for it. This runs on PostgreSQL only, on purpose: sqlx
//! executes SQLite statements on a connection worker thread, outside the request's span, so they
//! cannot be attributed to a request there. The repository code is the same for both databases.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex, Once};

use reqwest::StatusCode;
use serde_json::json;
use skranke_domain::Role;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id};
use tracing_subscriber::Layer;
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;

use crate::support::{Backend, TestApp};

static COUNTS: LazyLock<Mutex<HashMap<String, usize>>> = LazyLock::new(Default::default);
static INSTALL: Once = Once::new();

struct RequestUri(String);

struct UriVisitor(Option<String>);

impl Visit for UriVisitor {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "uri" {
            self.0 = Some(format!("{value:?}"));
        }
    }
}

struct StatementCounter;

impl<S: tracing::Subscriber + for<'a> LookupSpan<'a>> Layer<S> for StatementCounter {
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        if attrs.metadata().name() != "request" {
            return;
        }
        let mut v = UriVisitor(None);
        attrs.record(&mut v);
        if let (Some(uri), Some(span)) = (v.0, ctx.span(id)) {
            span.extensions_mut().insert(RequestUri(uri));
        }
    }

    fn on_event(&self, event: &tracing::Event<'_>, ctx: Context<'_, S>) {
        if !event.metadata().target().starts_with("sqlx::query") {
            return;
        }
        let Some(scope) = ctx.event_scope(event) else {
            return;
        };
        for span in scope {
            if let Some(RequestUri(uri)) = span.extensions().get::<RequestUri>() {
                *COUNTS.lock().unwrap().entry(uri.clone()).or_default() += 1;
                return;
            }
        }
    }
}

fn install() {
    INSTALL.call_once(|| {
        let filter = tracing_subscriber::filter::filter_fn(|m| {
            m.name() == "request" || m.target().starts_with("sqlx::query")
        });
        let subscriber = tracing_subscriber::registry().with(StatementCounter.with_filter(filter));
        tracing::subscriber::set_global_default(subscriber)
            .expect("no other global subscriber in the tests");
    });
}

/// Statements the request for `path_and_query` ran (the path must be unique to this call).
fn statements(path_and_query: &str) -> usize {
    COUNTS
        .lock()
        .unwrap()
        .iter()
        .filter(|(uri, _)| uri.ends_with(path_and_query))
        .map(|(_, n)| *n)
        .sum()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn page_cost_does_not_grow_with_page_length() {
    install();
    let app = TestApp::spawn(Backend::Postgres).await;
    let agent = app
        .user_with_password(Role::Agent, Some(1), "Lena", "a good password")
        .await;
    let carla = app.customer("Carla").await;
    let client = crate::support::browser();
    let resp = crate::support::submit(
        &client,
        &app.base,
        "/login",
        "/login",
        &[("email", &agent.email), ("password", "a good password")],
    )
    .await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);

    let get = |path: String| {
        let client = client.clone();
        let url = app.url(&path);
        async move {
            let r = client.get(url).send().await.unwrap();
            assert_eq!(r.status(), StatusCode::OK, "{path}");
            r.text().await.unwrap();
        }
    };
    let mut numbers = Vec::new();
    for i in 0..3 {
        numbers.push(app.ticket(&carla, &format!("Ticket {i}")).await);
    }
    let n = numbers[0];
    get("/work?probe=short".into()).await;
    get(format!("/tickets/{n}?probe=short")).await;
    let (_, _) = app
        .get(&agent, "/api/v1/tickets?limit=200&probe=short")
        .await;

    for i in 3..40 {
        numbers.push(app.ticket(&carla, &format!("Ticket {i}")).await);
    }
    for i in 0..20 {
        app.post(
            &carla,
            &format!("/api/v1/tickets/{n}/comments"),
            json!({"body": format!("comment {i}")}),
        )
        .await;
    }
    get("/work?probe=long".into()).await;
    get(format!("/tickets/{n}?probe=long")).await;
    let (_, _) = app
        .get(&agent, "/api/v1/tickets?limit=200&probe=long")
        .await;

    // The queue page: the session with its user (one statement, `repo::sessions::load`), the
    // page frame's counts, the list.
    assert_eq!(
        statements("/work?probe=short"),
        3,
        "the queue page's statements"
    );
    // The ticket page: the session with its user, the frame, the ticket, its comments, its events,
    // and the first time the agents for its pickers.
    assert_eq!(
        statements(&format!("/tickets/{n}?probe=short")),
        6,
        "the ticket page's statements"
    );
    for page in [
        "/work",
        &format!("/tickets/{n}"),
        "/api/v1/tickets?limit=200&",
    ] {
        let sep = if page.ends_with('&') { "" } else { "?" };
        let short = statements(&format!("{page}{sep}probe=short"));
        let long = statements(&format!("{page}{sep}probe=long"));
        assert!(short > 0, "{page}: statements were counted");
        // Not equal: the ticket page's agents may come from memory the second time (`App::agents`).
        assert!(
            long <= short,
            "{page}: 3 tickets cost {short} statements, 40 tickets (and 20 comments) {long}"
        );
    }
}
