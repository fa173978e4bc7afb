#!/usr/bin/env bash
# The full test suite: formatting, lints, unit + integration tests (SQLite and
# PostgreSQL), the browser end-to-end tests against a real `skranke serve`, then schema fuzzing
# of the JSON API against its OpenAPI document (scripts/fuzz-api.sh, schemathesis).
#
#   SKRANKE_TEST_PG_URL  PostgreSQL for the integration tests
#                        (default postgres://postgres@127.0.0.1:5432)
#   SKRANKE_BIN          binary the e2e tests start (default <target>/debug/skranke)
#   CHROMIUM_PATH        browser for the e2e tests (default /usr/bin/chromium)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root="$PWD"

export SKRANKE_TEST_PG_URL="${SKRANKE_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432}"

step() { printf '\n=== %s ===\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all --check

step "cargo clippy"
cargo clippy --workspace --all-targets -- -D warnings

step "cargo test (SQLite + PostgreSQL at $SKRANKE_TEST_PG_URL)"
cargo test --workspace

step "cargo build --bin skranke"
cargo build --bin skranke

step "e2e (node --test + playwright-core)"
target_dir="${CARGO_TARGET_DIR:-$root/target}"
case "$target_dir" in /*) ;; *) target_dir="$root/$target_dir" ;; esac
export SKRANKE_BIN="${SKRANKE_BIN:-$target_dir/debug/skranke}"
if [ ! -d e2e/node_modules/playwright-core ]; then
  (cd e2e && npm ci --no-audit --no-fund)
fi
(cd e2e && node --test --test-concurrency=1 specs/)

step "schema fuzzing (schemathesis, as a customer and as an agent)"
bash scripts/fuzz-api.sh
