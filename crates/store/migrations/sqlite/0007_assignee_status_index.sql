-- "An agent's tickets with this status, newest first" (the API's `assignee=…&status=…`), found with
-- the 1,000,000-ticket benchmark: without it SQLite walked every ticket in id order (2.6 s for an
-- agent's open tickets), as the partial index over unresolved tickets does not match `status = $1`.
-- Safe beside the partial indexes now that routing no longer counts tickets (migration 0005): the
-- full-width assignee index dropped in 0004 lost to them only for those counts.
CREATE INDEX tickets_assignee_status_id ON tickets (assignee_id, status, id);
