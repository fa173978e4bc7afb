//! The one integration-test binary. Every scenario starts the real app on port 0 with a fresh
//! database and talks HTTP; `both!` runs it on SQLite and on PostgreSQL. PostgreSQL is required:
//! a test fails when it cannot reach it (`SKRANKE_TEST_PG_URL`, default
//! postgres://postgres@127.0.0.1:5432), it never skips.

mod support;

mod api_edges;
mod assignment;
mod auth;
mod documents;
mod flow;
mod kb_web;
mod log;
mod openapi;
mod queries;
mod search;
mod transitions;
mod validation;
mod visibility;
mod web;
mod webhooks;
