#!/usr/bin/env bash
# Schema fuzzing of the JSON API: schemathesis reads /api/v1/openapi.json from a live
# `skranke serve --demo` (fresh data directory, free loopback port) and sends generated requests
# as a customer and as an agent. A run fails on any 5xx and on any answer that does not match the
# document: its status code, its content type or its body schema.
#
#   scripts/fuzz-api.sh                  fuzz (installs schemathesis into .ci/.venv if needed)
#   scripts/fuzz-api.sh --install-only   only install schemathesis
#
#   SKRANKE_BIN          the binary to start (default <target>/debug/skranke; build it first)
#   SKRANKE_FUZZ_SEED    the random seed (default fixed, so a failure reproduces)
#   SKRANKE_FUZZ_EXAMPLES  test cases per operation and phase (default 25)
#
# Bounded: each role's run is capped at 4 minutes; both together take well under a minute here.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root="$PWD"

SCHEMATHESIS_VERSION="4.32.5"
venv="$root/.ci/.venv"
st="$venv/bin/schemathesis"

install_schemathesis() {
  if [ -x "$st" ] && [ "$("$st" --version 2>/dev/null)" = "schemathesis, version $SCHEMATHESIS_VERSION" ]; then
    return
  fi
  echo "installing schemathesis $SCHEMATHESIS_VERSION into $venv"
  rm -rf "$venv"
  python3 -m venv "$venv"
  local attempt
  for attempt in 1 2 3; do
    if "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"; then
      return
    fi
    echo "pip install failed (attempt $attempt); retrying" >&2
    sleep $((attempt * 5))
  done
  echo "FATAL: could not install schemathesis $SCHEMATHESIS_VERSION" >&2
  exit 1
}

install_schemathesis
if [ "${1:-}" = "--install-only" ]; then
  exit 0
fi

target_dir="${CARGO_TARGET_DIR:-$root/target}"
case "$target_dir" in /*) ;; *) target_dir="$root/$target_dir" ;; esac
bin="${SKRANKE_BIN:-$target_dir/debug/skranke}"
if [ ! -x "$bin" ]; then
  echo "FATAL: $bin not found; run cargo build --bin skranke first" >&2
  exit 1
fi

data="$(mktemp -d "${TMPDIR:-/tmp}/skranke-fuzz.XXXXXX")"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$data"
}
trap cleanup EXIT

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:$port"
"$bin" --data-dir "$data" serve --demo --bind "127.0.0.1:$port" >"$data/server.log" 2>&1 &
server_pid=$!
up() { python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' "$base/healthz" 2>/dev/null; }
for _ in $(seq 1 100); do
  up && break
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "FATAL: skranke serve exited" >&2
    cat "$data/server.log" >&2
    exit 1
  fi
  sleep 0.2
done
if ! up; then
  echo "FATAL: skranke serve did not answer on $base" >&2
  exit 1
fi

token() { "$bin" --data-dir "$data" token create --email "$1" | tail -n 1; }

seed="${SKRANKE_FUZZ_SEED:-20261128}"
examples="${SKRANKE_FUZZ_EXAMPLES:-25}"
failed=()
passed=0
for who in customer:carla@demo.skranke agent:lena@demo.skranke; do
  role="${who%%:*}"
  email="${who#*:}"
  printf '\n--- schemathesis as %s (%s) ---\n' "$role" "$email"
  tok="$(token "$email")"
  # From the data directory, so nothing is written into the work tree. Revoking a token is left
  # out: the fuzzer would revoke its own (ids are small) and every later request would get a 401;
  # the integration test auth::tokens_are_managed_through_the_api covers it.
  if ! (cd "$data" && timeout 240 "$st" run "$base/api/v1/openapi.json" \
    --url "$base" \
    --header "Authorization: Bearer $tok" \
    --exclude-operation-id revoke_token \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
    --max-examples "$examples" \
    --seed "$seed" \
    --request-timeout 10 \
    --generation-database none \
    --no-color); then
    failed+=("$role")
  else
    passed=$((passed + 1))
  fi
done

if grep -q "panicked" "$data/server.log"; then
  echo "FAIL: the server panicked during fuzzing:" >&2
  grep -A2 "panicked" "$data/server.log" >&2
  failed+=("panic")
fi
if [ "${#failed[@]}" -gt 0 ]; then
  echo "FAIL: schema fuzzing found problems (${failed[*]}); the server log is below" >&2
  tail -n 50 "$data/server.log" >&2
  echo "schemathesis: $passed passed, ${#failed[@]} failed"
  exit 1
fi
echo "schema fuzzing: no 5xx, every answer matches the document"
echo "schemathesis: $passed passed, 0 failed"
