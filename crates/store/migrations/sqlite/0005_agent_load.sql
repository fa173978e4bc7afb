-- Each agent's unresolved (open + pending) ticket count and when they last received a ticket, kept
-- by triggers on tickets. Routing reads one row per candidate instead of counting each candidate's
-- backlog inside the write lock (docs/benchmarks.md, finding 4: 4 x 57,000 index entries per
-- creation at 1M tickets). Triggers keep the count right on every path that changes an assignee
-- or a status: the app, the CLI, a restore, a bulk load.
ALTER TABLE users ADD COLUMN unresolved_count INTEGER NOT NULL DEFAULT 0;
UPDATE users SET unresolved_count = (
    SELECT COUNT(*) FROM tickets t WHERE t.assignee_id = users.id AND t.status IN ('open', 'pending'));

CREATE TRIGGER tickets_agent_load_insert AFTER INSERT ON tickets
WHEN NEW.assignee_id IS NOT NULL
BEGIN
    UPDATE users SET
        unresolved_count = unresolved_count + (NEW.status IN ('open', 'pending')),
        last_assigned_at = NEW.updated_at
    WHERE id = NEW.assignee_id;
END;

-- One UPDATE for both agents of a hand-over, so PostgreSQL's twin of this trigger locks the two
-- rows in index order; SQLite has one writer and does not care.
CREATE TRIGGER tickets_agent_load_update AFTER UPDATE OF assignee_id, status ON tickets
WHEN OLD.assignee_id IS NOT NEW.assignee_id
  OR (OLD.status IN ('open', 'pending')) <> (NEW.status IN ('open', 'pending'))
BEGIN
    UPDATE users SET
        unresolved_count = unresolved_count
            + (id IS NEW.assignee_id AND NEW.status IN ('open', 'pending'))
            - (id IS OLD.assignee_id AND OLD.status IN ('open', 'pending')),
        last_assigned_at = CASE WHEN id IS NEW.assignee_id AND OLD.assignee_id IS NOT NEW.assignee_id
                                THEN NEW.updated_at ELSE last_assigned_at END
    WHERE id IN (OLD.assignee_id, NEW.assignee_id);
END;

CREATE TRIGGER tickets_agent_load_delete AFTER DELETE ON tickets
WHEN OLD.assignee_id IS NOT NULL AND OLD.status IN ('open', 'pending')
BEGIN
    UPDATE users SET unresolved_count = unresolved_count - 1 WHERE id = OLD.assignee_id;
END;
