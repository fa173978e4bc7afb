//! Ticket search (`GET /api/v1/tickets?q=`): through the full-text index of title and description,
//! every word as the start of a word, all words required, with the other filters, the order and the
//! keyset pages unchanged; a ticket number also finds that ticket.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::both;
use crate::support::{TestApp, TestUser};

both!(
    words_match_by_their_start_in_either_language,
    description_is_searched_but_comments_are_not,
    all_words_must_match,
    customers_search_only_their_own_tickets,
    number_finds_the_ticket_and_its_mentions,
    operators_and_punctuation_are_plain_text,
    pages_of_a_search_hold_every_match_once,
    changed_text_is_found_by_its_new_words,
);

/// Creates a ticket with a description (and an urgency, for the priority order); its number.
async fn ticket(
    app: &TestApp,
    user: &TestUser,
    title: &str,
    description: &str,
    urgency: &str,
) -> i64 {
    let (status, t) = app
        .post(
            user,
            "/api/v1/tickets",
            json!({"title": title, "description": description, "type": "incident", "urgency": urgency}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{t}");
    t["number"].as_i64().expect("number")
}

fn numbers(list: &Value) -> Vec<i64> {
    list["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|t| t["number"].as_i64().unwrap())
        .collect()
}

/// The numbers a search finds, in the list's order (newest first unless `extra` sorts).
async fn search(app: &TestApp, user: &TestUser, q: &str, extra: &str) -> Vec<i64> {
    let q: String = form_urlencoded(q);
    let (status, list) = app
        .get(user, &format!("/api/v1/tickets?q={q}{extra}"))
        .await;
    assert_eq!(status, StatusCode::OK, "q={q}: {list}");
    numbers(&list)
}

/// Percent-encodes everything but ASCII letters and digits.
fn form_urlencoded(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

async fn words_match_by_their_start_in_either_language(app: TestApp) {
    let carla = app.customer("Carla").await;
    let agent = app.agent("Lena", 1).await;
    let da = ticket(
        &app,
        &carla,
        "Printeren virker ikke",
        "Den står på 2. sal.",
        "medium",
    )
    .await;
    let en = ticket(&app, &carla, "Printers offline", "Both of them.", "medium").await;
    let screen = ticket(
        &app,
        &carla,
        "SKÆRMEN er sort",
        "Efter opdateringen.",
        "medium",
    )
    .await;
    ticket(&app, &carla, "VPN", "Forbindelsen falder ud.", "medium").await;
    // "printer" is the start of the Danish definite form and of the English plural.
    assert_eq!(search(&app, &agent, "printer", "").await, [en, da]);
    assert_eq!(search(&app, &agent, "PRINTER", "").await, [en, da]);
    assert_eq!(search(&app, &agent, "printeren", "").await, [da]);
    // Case folding is not limited to ASCII.
    assert_eq!(search(&app, &agent, "skærm", "").await, [screen]);
    // A word matches from its start, not in its middle.
    assert!(search(&app, &agent, "rinter", "").await.is_empty());
    assert!(search(&app, &agent, "scanner", "").await.is_empty());
    // Words of one or two letters match whole words only.
    assert_eq!(search(&app, &agent, "vir", "").await, [da]);
    assert!(search(&app, &agent, "vi", "").await.is_empty());
    assert_eq!(search(&app, &agent, "er sort", "").await, [screen]);
    assert_eq!(search(&app, &agent, "of", "").await, [en]);
}

async fn description_is_searched_but_comments_are_not(app: TestApp) {
    let carla = app.customer("Carla").await;
    let agent = app.agent("Lena", 1).await;
    let n = ticket(
        &app,
        &carla,
        "Kan ikke logge ind",
        "Outlook beder om adgangskoden igen og igen.",
        "medium",
    )
    .await;
    ticket(&app, &carla, "Ny skærm", "Til mødelokalet.", "medium").await;
    assert_eq!(search(&app, &agent, "outlook", "").await, [n]);
    assert_eq!(search(&app, &carla, "adgangskode", "").await, [n]);
    // Neither internal notes nor public comments are searched: only title and description.
    for (body, internal) in [("zebra in a note", true), ("quokka in a reply", false)] {
        let (s, c) = app
            .post(
                &agent,
                &format!("/api/v1/tickets/{n}/comments"),
                json!({"body": body, "internal": internal}),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{c}");
    }
    assert!(search(&app, &agent, "zebra", "").await.is_empty());
    assert!(search(&app, &carla, "zebra", "").await.is_empty());
    assert!(search(&app, &agent, "quokka", "").await.is_empty());
}

async fn all_words_must_match(app: TestApp) {
    let carla = app.customer("Carla").await;
    let agent = app.agent("Lena", 1).await;
    let third = ticket(
        &app,
        &carla,
        "Printer offline",
        "On the third floor.",
        "medium",
    )
    .await;
    let second = ticket(
        &app,
        &carla,
        "Printer jammed",
        "Second floor, by the kitchen.",
        "medium",
    )
    .await;
    ticket(&app, &carla, "Coffee machine", "Second floor.", "medium").await;
    assert_eq!(search(&app, &agent, "printer second", "").await, [second]);
    assert_eq!(search(&app, &agent, "second printer", "").await, [second]);
    assert_eq!(
        search(&app, &agent, "printer floor", "").await,
        [second, third]
    );
    assert_eq!(search(&app, &agent, "print thir flo", "").await, [third]);
    assert!(
        search(&app, &agent, "printer basement", "")
            .await
            .is_empty()
    );
}

async fn customers_search_only_their_own_tickets(app: TestApp) {
    let a = app.customer("Customer A").await;
    let b = app.customer("Customer B").await;
    let agent = app.agent("Lena", 1).await;
    let mine = ticket(&app, &a, "Printer offline", "Kantinen, stue.", "medium").await;
    let theirs = ticket(&app, &b, "Printer offline", "Kantinen, 1. sal.", "medium").await;
    assert_eq!(search(&app, &a, "kantinen", "").await, [mine]);
    assert_eq!(search(&app, &b, "kantine", "").await, [theirs]);
    assert_eq!(search(&app, &agent, "kantinen", "").await, [theirs, mine]);
    // Not by the other's number either.
    assert!(search(&app, &a, &format!("#{theirs}"), "").await.is_empty());
    assert_eq!(search(&app, &b, &theirs.to_string(), "").await, [theirs]);
}

async fn number_finds_the_ticket_and_its_mentions(app: TestApp) {
    let carla = app.customer("Carla").await;
    let agent = app.agent("Lena", 1).await;
    let first = ticket(&app, &carla, "Printer offline", "Third floor.", "medium").await;
    let again = ticket(
        &app,
        &carla,
        "Same again",
        &format!("Like #{first} last week."),
        "medium",
    )
    .await;
    ticket(&app, &carla, "VPN", "Slow.", "medium").await;
    assert_eq!(
        search(&app, &agent, &format!("#{first}"), "").await,
        [again, first]
    );
    assert_eq!(
        search(&app, &agent, &format!(" {first} "), "").await,
        [again, first]
    );
    assert_eq!(search(&app, &agent, &again.to_string(), "").await, [again]);
    // The number is combined with the other filters like any match.
    assert!(
        search(&app, &agent, &format!("#{first}"), "&status=resolved")
            .await
            .is_empty()
    );
}

async fn operators_and_punctuation_are_plain_text(app: TestApp) {
    let carla = app.customer("Carla").await;
    let agent = app.agent("Lena", 1).await;
    let n = ticket(
        &app,
        &carla,
        "Printer offline",
        "Near the kitchen, or not.",
        "medium",
    )
    .await;
    // Without any word nothing can match, and nothing is an error.
    for q in [
        "\"", "*", "\"*", "'", "''", "()", "(", "-", "^", ":", "%", "_", "\\", "!", "&|", "#", "+",
        "\"\"*", "'':*", "*:", "{}", "[]", "@", "/", ";", "--",
    ] {
        assert!(search(&app, &agent, q, "").await.is_empty(), "q={q}");
        assert!(search(&app, &carla, q, "").await.is_empty(), "q={q}");
    }
    // Quotes, stars and the databases' operators around words are plain text: the words count.
    for q in [
        "\"printer\"",
        "printer*",
        "\"printer*\"",
        "'printer':*",
        "printer\"",
        "\"printer",
        "printer -offline",
        "printer OR",
        "OR printer",
        "NOT printer",
        "near",
        "NEAR(printer kitchen)",
        "printer & !offline",
        "printer | kitchen",
        "offline:printer",
        "printer^",
        "(printer)",
    ] {
        assert_eq!(search(&app, &agent, q, "").await, [n], "q={q}");
    }
    assert!(
        search(&app, &agent, "printer AND scanner", "")
            .await
            .is_empty()
    );
    assert!(
        search(&app, &agent, "printer'); DROP TABLE tickets; --", "")
            .await
            .is_empty()
    );
    assert_eq!(search(&app, &agent, "printer", "").await, [n]);
}

async fn pages_of_a_search_hold_every_match_once(app: TestApp) {
    let carla = app.customer("Carla").await;
    let agent = app.agent("Lena", 1).await;
    let urgencies = ["low", "high", "medium"];
    let mut matches = Vec::new();
    for i in 0..9 {
        let urgency = urgencies[i % 3];
        // The word in the title of some and only in the description of the others.
        let n = if i % 2 == 0 {
            ticket(
                &app,
                &carla,
                &format!("Printeren nr. {i}"),
                "Virker ikke.",
                urgency,
            )
            .await
        } else {
            ticket(
                &app,
                &carla,
                &format!("Nr. {i}"),
                "The printer is out of toner.",
                urgency,
            )
            .await
        };
        matches.push((n, urgency));
        ticket(
            &app,
            &carla,
            &format!("Scanner {i}"),
            "Virker ikke.",
            urgency,
        )
        .await;
    }
    let priority = |u: &str| match u {
        "high" => 2,
        "medium" => 3,
        _ => 4,
    };
    let mut newest: Vec<i64> = matches.iter().map(|(n, _)| *n).collect();
    newest.reverse();
    let mut by_priority = matches.clone();
    by_priority.sort_by_key(|(n, u)| (priority(u), *n));
    let by_priority: Vec<i64> = by_priority.into_iter().map(|(n, _)| n).collect();

    // The agent's search and the customer's take different paths through the index.
    for (user, sort, expected) in [
        (&agent, "newest", &newest),
        (&agent, "priority", &by_priority),
        (&carla, "newest", &newest),
        (&carla, "priority", &by_priority),
    ] {
        let mut seen = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let after = cursor
                .as_deref()
                .map(|c| format!("&cursor={c}"))
                .unwrap_or_default();
            let (status, page) = app
                .get(
                    user,
                    &format!("/api/v1/tickets?q=printer&sort={sort}&limit=2{after}"),
                )
                .await;
            assert_eq!(status, StatusCode::OK, "{page}");
            let got = numbers(&page);
            assert!(got.len() <= 2, "{page}");
            seen.extend(got);
            match page["next_cursor"].as_str() {
                Some(c) => cursor = Some(c.to_string()),
                None => break,
            }
        }
        assert_eq!(&seen, expected, "{} sort={sort}", user.name);
    }
    // With other filters on top.
    let toner: Vec<i64> = matches
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 2 == 1)
        .map(|(_, (n, _))| *n)
        .rev()
        .collect();
    assert_eq!(
        search(&app, &agent, "printer toner", "&status=open").await,
        toner
    );
    assert!(
        search(&app, &agent, "printer toner", "&status=pending")
            .await
            .is_empty()
    );
}

/// The app has no edit of title or description yet; the database keeps the index right should the
/// text change, whether the ticket was indexed already (on SQLite the index is written behind the
/// creations and a search catches it up first) or not yet.
async fn changed_text_is_found_by_its_new_words(app: TestApp) {
    let carla = app.customer("Carla").await;
    let agent = app.agent("Lena", 1).await;
    let indexed = ticket(&app, &carla, "Printer offline", "Third floor.", "medium").await;
    assert_eq!(search(&app, &agent, "printer", "").await, [indexed]);
    let not_yet = ticket(&app, &carla, "Scanner jammed", "Second floor.", "medium").await;
    for (number, title) in [(indexed, "Plotter offline"), (not_yet, "Laminator jammed")] {
        skranke_store::sqlx::query("UPDATE tickets SET title = $1 WHERE number = $2")
            .bind(title)
            .bind(number)
            .execute(app.app.db().writer())
            .await
            .expect("update");
    }
    assert!(search(&app, &agent, "printer", "").await.is_empty());
    assert!(search(&app, &agent, "scanner", "").await.is_empty());
    assert_eq!(search(&app, &agent, "plotter", "").await, [indexed]);
    assert_eq!(search(&app, &agent, "laminator", "").await, [not_yet]);
    assert_eq!(search(&app, &agent, "floor", "").await, [not_yet, indexed]);
    if app.app.db().backend() == skranke_store::Backend::Sqlite {
        // FTS5 compares its index with the tickets' text and fails on any difference.
        skranke_store::sqlx::query(
            "INSERT INTO tickets_fts (tickets_fts, rank) VALUES ('integrity-check', 1)",
        )
        .execute(app.app.db().writer())
        .await
        .expect("the search index holds exactly the tickets' text");
    }
}
