-- Ticket search index (FTS5), written behind the creations instead of inside them. With the insert
-- trigger every creation commit flushed a small FTS5 segment and paid for the merges that follow:
-- a quarter of the single writer's time at 16 creating clients (docs/benchmarks.md). Now the app
-- indexes new tickets in bulk, many hundreds per transaction (`repo::search`): from a background
-- task a few times a second, and before every search, so a search still finds every ticket that
-- exists when it starts.
--
-- `indexed_upto` is the high-water mark: every ticket with an id up to it is in the index, none
-- above it is. Ticket ids only grow (the app never deletes tickets; the delete trigger below
-- lowers the mark should the newest one be deleted, so its id, when used again, is indexed).
CREATE TABLE search_progress (
    name         TEXT    PRIMARY KEY,
    indexed_upto INTEGER NOT NULL
);
INSERT INTO search_progress (name, indexed_upto)
SELECT 'tickets', coalesce(max(id), 0) FROM tickets;

DROP TRIGGER tickets_fts_insert;
DROP TRIGGER tickets_fts_update;
DROP TRIGGER tickets_fts_delete;

-- An edit of a ticket that is indexed already replaces its entry at once (edits are rare); one
-- that is not yet indexed is indexed with its new text when its turn comes. FTS5 needs the old
-- text to remove an entry, so an entry must never be removed that was not written.
CREATE TRIGGER tickets_fts_update AFTER UPDATE OF title, description ON tickets
WHEN (old.title IS NOT new.title OR old.description IS NOT new.description)
     AND old.id <= (SELECT indexed_upto FROM search_progress WHERE name = 'tickets') BEGIN
    INSERT INTO tickets_fts (tickets_fts, rowid, title, description) VALUES ('delete', old.id, old.title, old.description);
    INSERT INTO tickets_fts (rowid, title, description) VALUES (new.id, new.title, new.description);
END;
CREATE TRIGGER tickets_fts_delete AFTER DELETE ON tickets
WHEN old.id <= (SELECT indexed_upto FROM search_progress WHERE name = 'tickets') BEGIN
    INSERT INTO tickets_fts (tickets_fts, rowid, title, description) VALUES ('delete', old.id, old.title, old.description);
    UPDATE search_progress SET indexed_upto = min(indexed_upto, (SELECT coalesce(max(id), 0) FROM tickets))
    WHERE name = 'tickets';
END;
