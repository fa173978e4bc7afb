-- Webhooks: admins register URLs and pick event kinds; each delivery is a row, sent by a job.
CREATE TABLE webhooks (
    id         INTEGER PRIMARY KEY,
    url        TEXT    NOT NULL,
    secret     TEXT    NOT NULL,
    -- Space-separated event kinds, or '*' for all.
    events     TEXT    NOT NULL,
    active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_by INTEGER REFERENCES users (id),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE webhook_deliveries (
    id               INTEGER PRIMARY KEY,
    webhook_id       INTEGER NOT NULL REFERENCES webhooks (id),
    event_id         INTEGER NOT NULL REFERENCES events (id),
    event_kind       TEXT    NOT NULL,
    -- pending | delivered | failed
    status           TEXT    NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    last_status_code INTEGER,
    last_error       TEXT,
    created_at       INTEGER NOT NULL,
    delivered_at     INTEGER,
    UNIQUE (webhook_id, event_id)
);
CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries (webhook_id, id);

-- A job that ran out of attempts stays, marked, for admins to see: never silently dropped.
ALTER TABLE jobs ADD COLUMN failed_at INTEGER;
CREATE INDEX jobs_failed ON jobs (failed_at);
