-- Knowledge base, designations, attachments, the service catalog and the search index (SQLite).
-- Times are integer Unix milliseconds written by the app's clock.
CREATE TABLE documents (
    id         INTEGER PRIMARY KEY,
    title      TEXT    NOT NULL,
    body       TEXT    NOT NULL,
    visibility TEXT    NOT NULL CHECK (visibility IN ('internal', 'public')),
    -- The number of the latest revision; an edit names the revision it started from, and a
    -- stale one is refused (optimistic locking).
    revision   INTEGER NOT NULL,
    created_by INTEGER NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL,
    updated_by INTEGER NOT NULL REFERENCES users (id),
    updated_at INTEGER NOT NULL
);
CREATE INDEX documents_visibility ON documents (visibility, id);

-- Append-only: every save of a document, with its author.
CREATE TABLE document_revisions (
    document_id INTEGER NOT NULL REFERENCES documents (id),
    revision    INTEGER NOT NULL,
    title       TEXT    NOT NULL,
    body        TEXT    NOT NULL,
    visibility  TEXT    NOT NULL CHECK (visibility IN ('internal', 'public')),
    author_id   INTEGER NOT NULL REFERENCES users (id),
    -- Set when this revision restores an earlier one.
    restored_from INTEGER,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (document_id, revision)
);
CREATE TRIGGER document_revisions_no_update BEFORE UPDATE ON document_revisions BEGIN SELECT RAISE(ABORT, 'document revisions are append-only'); END;
CREATE TRIGGER document_revisions_no_delete BEFORE DELETE ON document_revisions BEGIN SELECT RAISE(ABORT, 'document revisions are append-only'); END;

-- At most one document per designation: the kind is the key.
CREATE TABLE designations (
    kind        TEXT    PRIMARY KEY CHECK (kind IN ('sla', 'service_catalog')),
    document_id INTEGER NOT NULL REFERENCES documents (id),
    updated_by  INTEGER NOT NULL REFERENCES users (id),
    updated_at  INTEGER NOT NULL
);
CREATE INDEX designations_document ON designations (document_id);

-- Files kept under <data dir>/<path>; whoever may read the owner may read the file.
CREATE TABLE attachments (
    id           INTEGER PRIMARY KEY,
    owner_kind   TEXT    NOT NULL CHECK (owner_kind IN ('document')),
    owner_id     INTEGER NOT NULL,
    filename     TEXT    NOT NULL,
    content_type TEXT    NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT    NOT NULL,
    path         TEXT    NOT NULL UNIQUE,
    uploaded_by  INTEGER NOT NULL REFERENCES users (id),
    created_at   INTEGER NOT NULL
);
CREATE INDEX attachments_owner ON attachments (owner_kind, owner_id, id);

CREATE TABLE services (
    id                 INTEGER PRIMARY KEY,
    name               TEXT    NOT NULL,
    description        TEXT    NOT NULL,
    ticket_type        TEXT    NOT NULL CHECK (ticket_type IN ('incident', 'request')),
    default_impact     TEXT    NOT NULL CHECK (default_impact IN ('high', 'medium', 'low')),
    default_urgency    TEXT    NOT NULL CHECK (default_urgency IN ('high', 'medium', 'low')),
    covered            INTEGER NOT NULL CHECK (covered IN (0, 1)),
    not_covered_reason TEXT,
    active             INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL
);

-- Search: FTS5 over text the app has already lowercased and stemmed (Danish and English, see
-- domain::text), keyed by the document id. remove_diacritics 0 keeps "på" apart from "pa".
CREATE VIRTUAL TABLE documents_fts USING fts5 (
    title,
    body,
    tokenize = "unicode61 remove_diacritics 0"
);
