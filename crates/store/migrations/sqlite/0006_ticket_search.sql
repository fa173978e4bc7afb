-- Ticket search (SQLite): an FTS5 index over each ticket's title and description. Comments and
-- internal notes are not in it. External content: the index reads the text from `tickets`
-- (rowid = tickets.id) instead of holding a second copy; the triggers below keep it in step.
-- remove_diacritics 2 folds accents ("cafe" finds "café"; also "pa" finds "på", while æ and ø
-- have no decomposition and stay). The app turns every query word of three or more characters
-- into a prefix query (`"printer"*` finds "printeren"), so no stemming is needed here.
-- No prefix indexes (prefix='2 3'): FTS5 uses them only for prefix queries of exactly those
-- lengths, and the app sends none shorter than three characters (shorter words match whole
-- words). For a longer prefix, merging the few words that share it costs little (measured with
-- 200,000 bench tickets: "pri"* 2-3 ms without, under 1 ms with), while prefix='2 3' made the
-- index 2.5 times larger (26 MB -> 64 MB) and adds two entries per word to every ticket written.
CREATE VIRTUAL TABLE tickets_fts USING fts5 (
    title,
    description,
    content = 'tickets',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER tickets_fts_insert AFTER INSERT ON tickets BEGIN
    INSERT INTO tickets_fts (rowid, title, description) VALUES (new.id, new.title, new.description);
END;
-- Only when the text really changed: the app's save writes every column, also for a status change.
CREATE TRIGGER tickets_fts_update AFTER UPDATE OF title, description ON tickets
WHEN old.title IS NOT new.title OR old.description IS NOT new.description BEGIN
    INSERT INTO tickets_fts (tickets_fts, rowid, title, description) VALUES ('delete', old.id, old.title, old.description);
    INSERT INTO tickets_fts (rowid, title, description) VALUES (new.id, new.title, new.description);
END;
-- Tickets are not deleted by the app; should one be, its entry goes with it.
CREATE TRIGGER tickets_fts_delete AFTER DELETE ON tickets BEGIN
    INSERT INTO tickets_fts (tickets_fts, rowid, title, description) VALUES ('delete', old.id, old.title, old.description);
END;
-- The tickets that exist already.
INSERT INTO tickets_fts (tickets_fts) VALUES ('rebuild');
