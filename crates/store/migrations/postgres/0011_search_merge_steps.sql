-- Ticket search index: the SQLite migration of this number changes how FTS5 merges its segments.
-- PostgreSQL's GIN index has no counterpart, so nothing happens here; the number is kept so both
-- backends have the same versions.
SELECT 1;
