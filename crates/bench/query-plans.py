#!/usr/bin/env python3
"""The query plan of every statement the UI's lists and counts run, on a filled SQLite database.

    crates/bench/query-plans.py DATA_DIR [PORT]   (after `skranke-bench fill`, see docs/benchmarks.md)

Starts `skranke serve` on DATA_DIR with sqlx's statement log on, signs in as the bench's level-1
agent, level-2 agent, admin and a customer, opens every list page with each of its filters and its
second page, and stops the server. Then it runs `EXPLAIN QUERY PLAN` (the sqlite3 CLI; unbound
parameters are NULL, and SQLite's plan does not depend on the values) for every distinct SELECT
the pages ran and prints, per statement, the pages that ran it, the slowest time the server logged
(the first run of a statement may include reading its pages from disk) and the plan. A plan line that reads a whole table (`SCAN x` without an index) is marked `!!`
unless the statement walks the table in rowid order under a LIMIT (a keyset page that stops after
it) or the table is small (users, settings and the like). Exits 1 if any line is marked.
"""

import http.cookiejar
import os
import re
import subprocess
import sys
import time
import urllib.parse
import urllib.request

DATA_DIR = sys.argv[1]
PORT = sys.argv[2] if len(sys.argv) > 2 else "18096"
BIN = os.environ.get("B", "target/release")
BASE = f"http://127.0.0.1:{PORT}"
DB = os.path.join(DATA_DIR, "skranke.db")
PASSWORD = "bench-password-2024"
# Tables that grow with the tickets; a whole-table read of any other is a few rows.
LARGE = {"tickets", "comments", "events", "notifications", "webhook_deliveries", "jobs", "sessions"}


def session(email):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{BASE}/login").read().decode()
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode(
        {"csrf_token": csrf, "next": "", "email": email, "password": PASSWORD}
    ).encode()
    opener.open(f"{BASE}/login", data=form).read()
    return opener


def visit(opener, path, seen):
    """Opens `path` and, if it links to a next page, that page too."""
    for _ in range(2):
        with opener.open(BASE + path) as r:
            html = r.read().decode()
            if r.status != 200:
                raise SystemExit(f"{path}: {r.status}")
        seen.append(path)
        nxt = re.search(r'href="([^"]*cursor=[^"]+)"', html)
        if not nxt:
            return html
        path = nxt.group(1).replace("&amp;", "&")
    return html


def main():
    log_path = os.path.join(DATA_DIR, "query-plans.log")
    env = dict(os.environ, SKRANKE_LOG="warn,sqlx::query=debug", NO_COLOR="1")
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            [f"{BIN}/skranke", "serve", "--data-dir", DATA_DIR, "--bind", f"127.0.0.1:{PORT}"],
            stdout=log, stderr=log, env=env,
        )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{BASE}/healthz").read()
                break
            except OSError:
                time.sleep(0.1)
        marks = []  # (log offset, page) to attribute statements to pages

        def mark(page):
            marks.append((os.path.getsize(log_path), page))

        plan = [
            ("agent1@bench.skranke", ["/work", "/work/queue", "/work/all",
                                      "/work/all?status=open", "/work/all?status=unresolved&level=2",
                                      "/work/all?type=request", "/work/all?assignee=unassigned",
                                      "/work/all?q=printer", "/work/all?q=printer&status=open",
                                      "/work/all?q=1000500", "/tickets/500000", "/tickets/1000000",
                                      "/notifications", "/profile", "/kb", "/services"]),
            ("agent5@bench.skranke", ["/work", "/work/queue", "/notifications"]),
            ("admin@bench.skranke", ["/admin/users", "/admin/users?role=agent",
                                     "/admin/users?role=customer", "/admin/audit",
                                     "/admin/audit?actor=2", "/admin/audit?ticket=500000",
                                     "/admin/audit?kind=escalated",
                                     "/admin/audit?from=2026-01-01&to=2026-01-02",
                                     "/admin/webhooks", "/admin/services"]),
            ("customer1@bench.skranke", ["/portal", "/notifications"]),
        ]
        for email, paths in plan:
            opener = session(email)
            for path in paths:
                time.sleep(0.05)  # let the log catch up before the next mark
                mark(f"{email.split('@')[0]} {path}")
                visit(opener, path, [])
        time.sleep(0.2)
        mark(None)
    finally:
        server.terminate()
        server.wait()

    text = open(log_path, "rb").read()  # marks are byte offsets
    statements = {}  # normalised SQL -> {"pages": set, "slowest": float}
    line_re = re.compile(r'db\.statement="((?:[^"\\]|\\.)*)".*?elapsed_secs=([0-9.e-]+)')
    for (start, page), (end, _) in zip(marks, marks[1:]):
        for m in line_re.finditer(text[start:end].decode("utf-8", errors="replace")):
            sql = m.group(1).encode().decode("unicode_escape")
            sql = " ".join(sql.split())
            if not re.match(r"(?i)(SELECT|WITH)\b", sql):
                continue
            entry = statements.setdefault(sql, {"pages": [], "slowest": 0.0})
            if page not in entry["pages"]:
                entry["pages"].append(page)
            entry["slowest"] = max(entry["slowest"], float(m.group(2)))

    flagged = 0
    for sql, entry in sorted(statements.items(), key=lambda kv: -kv[1]["slowest"]):
        result = subprocess.run(
            ["sqlite3", "-readonly", DB, "EXPLAIN QUERY PLAN " + sql],
            capture_output=True, text=True,
        )
        lines = [ln.rstrip() for ln in (result.stdout + result.stderr).splitlines() if ln.strip()]
        slow = " (over 20 ms: look at it)" if entry["slowest"] > 0.02 else ""
        print(f"### {entry['slowest'] * 1000:.2f} ms{slow}  ({'; '.join(entry['pages'][:4])})")
        print("```sql\n" + sql + "\n```\n```")
        aliases = dict(re.findall(r"(?i)\b(?:FROM|JOIN)\s+(\w+)\s+(?:AS\s+)?(\w+)", sql))
        aliases = {alias: table for table, alias in aliases.items()}
        for ln in lines:
            scan = re.search(r"\bSCAN (\w+)(.*)", ln)
            bad = False
            if scan and "USING" not in scan.group(2) and "VIRTUAL TABLE" not in scan.group(2):
                table = aliases.get(scan.group(1), scan.group(1))
                rowid_page = re.search(r"(?i)ORDER BY (\w+\.)?(id|rowid) DESC LIMIT", sql)
                bad = table in LARGE and not rowid_page
            flagged += bad
            print(("!! " if bad else "   ") + ln)
        print("```\n")
    print(f"{len(statements)} statements, {flagged} whole-table reads of large tables")
    sys.exit(1 if flagged else 0)


main()
