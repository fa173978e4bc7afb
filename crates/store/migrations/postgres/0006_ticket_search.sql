-- Ticket search (PostgreSQL): a tsvector over each ticket's title and description, computed by the
-- database (a stored generated column) and indexed with GIN. Comments and internal notes are not
-- in it. The `simple` configuration only lowercases: no stemming, no stop words; the app turns
-- every query word of three or more characters into a prefix query (`printer:*` finds
-- "printeren"). It keeps diacritics (SQLite's index folds them, see the SQLite migration).
-- translate() first turns the characters out of which PostgreSQL's parser builds e-mail, host,
-- URL, path, version, signed-number and tag tokens into spaces, so "foo@firma.dk",
-- "/var/log/syslog" or "10.0.0.5" become plain words, as SQLite's tokenizer splits them and as
-- the app splits a query: a search for "firma" or "syslog" finds them on both databases.
ALTER TABLE tickets ADD COLUMN search TSVECTOR GENERATED ALWAYS AS (
    to_tsvector('simple', translate(title || ' ' || description, '@.:/-+<>&', '         '))
) STORED;
CREATE INDEX tickets_search ON tickets USING GIN (search);
