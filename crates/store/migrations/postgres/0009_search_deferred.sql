-- Ticket search index: the SQLite migration of this number moves the FTS5 writes out of the
-- creating transaction. PostgreSQL's index is a stored generated column with a GIN index, written
-- in the same transaction as the ticket (GIN's pending list already makes that cheap), so nothing
-- happens here; the number is kept so both backends have the same versions.
SELECT 1;
