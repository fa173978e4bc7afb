-- Ticket search index (FTS5): merge in small steps again. Migration 0008 raised `automerge` to 16
-- when every creation batch wrote a tiny segment. That left it equal to `crisismerge` (16), so a
-- level never merged incrementally: the 16th segment of a level was merged with the other fifteen
-- at once, inside the transaction that wrote it. Since the index is written behind the creations
-- (0009), that transaction is the search indexer's, which holds the write lock meanwhile: at 1M
-- tickets one such merge took 2.2 s, and every creation waited for it (docs/benchmarks.md). The
-- indexer now writes segments of hundreds of tickets four times a second, so merging four at a
-- time (FTS5's default) costs little, and with `crisismerge` at 64 the incremental merges, a few
-- pages with every write, keep every level far below it.
INSERT INTO tickets_fts (tickets_fts, rank) VALUES ('automerge', 4);
INSERT INTO tickets_fts (tickets_fts, rank) VALUES ('crisismerge', 64);
