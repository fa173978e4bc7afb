-- "Tickets of one level, newest first" (`/work/all?level=2&status=unresolved`, the API's
-- `level=…`). With `tickets_status_id` the unresolved page walked all unresolved tickets in id
-- order and skipped those of other levels: after the benchmark's 130,000 new level-1 tickets that
-- was 130,000 look-ups, 1 s (crates/bench/query-plans.py). Newest tickets are mostly level 1 in
-- any desk, as escalation comes later, so a higher level's list walks its own tickets instead.
-- (level, id) rather than (level, status, id): with two equality columns SQLite preferred the
-- latter also for the frame's count of the level queue, over the partial `tickets_level_queue`
-- (588 ms per page); with one, the covering partial index stays the cheaper plan there.
CREATE INDEX tickets_level_id ON tickets (level, id);
