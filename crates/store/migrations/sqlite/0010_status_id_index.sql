-- "Tickets with this status (or unresolved), newest first": the agents' list of all tickets with a
-- status filter (`/work/all?status=…`, the API's `status=…`), found by crates/bench/query-plans.py
-- on the 1,000,000-ticket benchmark. With only `tickets_status_priority` (status, priority, id)
-- SQLite read every ticket of the status and sorted them by id: 380-560 ms for the open or the
-- unresolved ones. With (status, id) a single status is one index range in page order, and for
-- `status IN ('open', 'pending')` SQLite walks both ranges in order and stops each at the page's
-- LIMIT (0.1-0.3 ms, also with a level filter).
CREATE INDEX tickets_status_id ON tickets (status, id);
