#!/bin/bash
# Runs every scenario against a fresh `skranke serve` each (so VmHWM is the scenario's own), as in
# docs/benchmarks.md.
#
#   crates/bench/run-scenarios.sh DATA_DIR PORT [extra serve arguments, e.g. --database-url URL]
#
# Environment: B (directory of the release binaries, default target/release), SCENARIOS, CLIENTS
# (16), REQUESTS (10000), DURATION (60 s), WARMUP (100), QUIET (wait until the 1-minute load
# average is at most this, default 1.5, because the machine is shared), MAXWAIT (900 s).
set -u
DIR=$1
PORT=$2
shift 2
B=${B:-target/release}
wait_quiet() {
  local waited=0
  while awk -v q="${QUIET:-1.5}" '{exit !($1 > q)}' /proc/loadavg && [ "$waited" -lt "${MAXWAIT:-900}" ]; do
    sleep 15
    waited=$((waited + 15))
  done
}
for s in ${SCENARIOS:-queue-page ticket-page api-list search create comment}; do
  wait_quiet
  out=$("$B/skranke-bench" startup --url "http://127.0.0.1:$PORT" --keep --log "$DIR/server-$s.log" -- \
    "$B/skranke" serve --data-dir "$DIR" --bind "127.0.0.1:$PORT" "$@") || exit 1
  echo "$out"
  pid=$(echo "$out" | sed -n 's/^server pid //p')
  "$B/skranke-bench" run --url "http://127.0.0.1:$PORT" --scenario "$s" --clients "${CLIENTS:-16}" \
    --requests "${REQUESTS:-10000}" --duration-secs "${DURATION:-60}" --warmup "${WARMUP:-100}" \
    --server-pid "$pid"
  kill "$pid"
  while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
done
