-- Ticket search index (FTS5): merge segments sixteen at a time instead of four. Every commit that
-- creates tickets writes a small segment, and FTS5 merges as it goes; with four per level the
-- merges came often and large enough that one creation in a hundred waited tens of milliseconds
-- behind one (p99 34 ms at 16 clients, docs/benchmarks.md). With sixteen a word's entries are
-- rewritten half as often; a search reads more segments (measured: `printer` 216/s, p99 114 ms).
INSERT INTO tickets_fts (tickets_fts, rank) VALUES ('automerge', 16);
