-- Skranke core schema (SQLite). Times are integer Unix milliseconds written by the app's clock.
CREATE TABLE users (
    id               INTEGER PRIMARY KEY,
    email            TEXT    NOT NULL UNIQUE,
    name             TEXT    NOT NULL,
    role             TEXT    NOT NULL CHECK (role IN ('customer', 'agent', 'admin')),
    level            INTEGER CHECK (level BETWEEN 1 AND 3),
    password_hash    TEXT,
    active           INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    locale           TEXT,
    last_assigned_at INTEGER,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
);
CREATE INDEX users_role_level ON users (role, level, active);

CREATE TABLE sessions (
    id_hash    TEXT    PRIMARY KEY,
    data       TEXT    NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    token_hash   TEXT    NOT NULL UNIQUE,
    name         TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE settings (
    key        TEXT    PRIMARY KEY,
    value      TEXT    NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE counters (
    name  TEXT    PRIMARY KEY,
    value INTEGER NOT NULL
);
INSERT INTO counters (name, value) VALUES ('ticket_number', 1000);

CREATE TABLE tickets (
    id                        INTEGER PRIMARY KEY,
    number                    INTEGER NOT NULL UNIQUE,
    title                     TEXT    NOT NULL,
    description               TEXT    NOT NULL,
    type                      TEXT    NOT NULL CHECK (type IN ('incident', 'request')),
    status                    TEXT    NOT NULL CHECK (status IN ('open', 'pending', 'resolved')),
    impact                    TEXT    NOT NULL,
    urgency                   TEXT    NOT NULL,
    priority                  INTEGER NOT NULL CHECK (priority BETWEEN 1 AND 4),
    level                     INTEGER NOT NULL CHECK (level BETWEEN 1 AND 3),
    assignee_id               INTEGER REFERENCES users (id),
    requester_id              INTEGER NOT NULL REFERENCES users (id),
    service_id                INTEGER,
    parent_id                 INTEGER REFERENCES tickets (id),
    follow_up_of              INTEGER REFERENCES tickets (id),
    created_at                INTEGER NOT NULL,
    updated_at                INTEGER NOT NULL,
    first_response_at         INTEGER,
    resolved_at               INTEGER,
    pending_since             INTEGER,
    last_customer_activity_at INTEGER,
    first_response_due_at     INTEGER,
    resolution_due_at         INTEGER,
    sla_consumed_ms           INTEGER NOT NULL DEFAULT 0,
    sla_clock_started_at      INTEGER
);
-- Assignment counts unresolved tickets per agent; the agent's own list sorts by priority then age.
CREATE INDEX tickets_assignee_status ON tickets (assignee_id, status, priority, created_at);
-- The level queue: unassigned, unresolved tickets of one level.
CREATE INDEX tickets_level_queue ON tickets (level, status, priority, created_at) WHERE assignee_id IS NULL;
CREATE INDEX tickets_requester ON tickets (requester_id, id);
CREATE INDEX tickets_status_priority ON tickets (status, priority, id);

CREATE TABLE comments (
    id         INTEGER PRIMARY KEY,
    ticket_id  INTEGER NOT NULL REFERENCES tickets (id),
    author_id  INTEGER REFERENCES users (id),
    body       TEXT    NOT NULL,
    body_html  TEXT    NOT NULL,
    internal   INTEGER NOT NULL CHECK (internal IN (0, 1)),
    created_at INTEGER NOT NULL
);
CREATE INDEX comments_ticket ON comments (ticket_id, id);

-- Append-only: the code inserts events and never updates or deletes them.
CREATE TABLE events (
    id         INTEGER PRIMARY KEY,
    ticket_id  INTEGER REFERENCES tickets (id),
    actor_id   INTEGER REFERENCES users (id),
    kind       TEXT    NOT NULL,
    internal   INTEGER NOT NULL CHECK (internal IN (0, 1)),
    data       TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX events_ticket ON events (ticket_id, id);
CREATE INDEX events_actor ON events (actor_id, id);
CREATE INDEX events_kind ON events (kind, id);
CREATE INDEX events_created ON events (created_at, id);
CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;

CREATE TABLE notifications (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    ticket_id  INTEGER REFERENCES tickets (id),
    event_id   INTEGER REFERENCES events (id),
    -- What happened (a message key) and its arguments: rendered in the reader's language.
    kind       TEXT    NOT NULL,
    data       TEXT    NOT NULL,
    read_at    INTEGER,
    created_at INTEGER NOT NULL
);
CREATE INDEX notifications_user ON notifications (user_id, id);

CREATE TABLE jobs (
    id              INTEGER PRIMARY KEY,
    kind            TEXT    NOT NULL,
    payload         TEXT    NOT NULL,
    run_at          INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    lease_until     INTEGER,
    idempotency_key TEXT    UNIQUE,
    last_error      TEXT,
    created_at      INTEGER NOT NULL
);
CREATE INDEX jobs_due ON jobs (run_at);
