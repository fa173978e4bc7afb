-- Ticket search index: the SQLite migration of this number changes how FTS5 merges its segments.
-- PostgreSQL's GIN index has no counterpart worth changing (its pending list is flushed by
-- autovacuum or when it reaches gin_pending_list_limit), so nothing happens here; the number is
-- kept so both backends have the same versions.
SELECT 1;
