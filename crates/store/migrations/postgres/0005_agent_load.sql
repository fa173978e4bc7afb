-- Each agent's unresolved (open + pending) ticket count and when they last received a ticket, kept
-- by triggers on tickets. Routing reads one row per candidate instead of counting each candidate's
-- backlog inside the routing lock (docs/benchmarks.md, finding 4: 4 x 57,000 index entries per
-- creation at 1M tickets). Triggers keep the count right on every path that changes an assignee
-- or a status: the app, the CLI, a restore, a bulk load.
ALTER TABLE users ADD COLUMN unresolved_count BIGINT NOT NULL DEFAULT 0;
UPDATE users SET unresolved_count = (
    SELECT COUNT(*) FROM tickets t WHERE t.assignee_id = users.id AND t.status IN ('open', 'pending'));

CREATE FUNCTION tickets_agent_load() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.assignee_id IS NOT NULL THEN
            UPDATE users SET
                unresolved_count = unresolved_count + (NEW.status IN ('open', 'pending'))::int,
                last_assigned_at = NEW.updated_at
            WHERE id = NEW.assignee_id;
        END IF;
        RETURN NEW;
    ELSIF TG_OP = 'UPDATE' THEN
        IF OLD.assignee_id IS DISTINCT FROM NEW.assignee_id
           OR (OLD.status IN ('open', 'pending')) <> (NEW.status IN ('open', 'pending')) THEN
            -- One statement for both agents of a hand-over: the primary-key scan of the IN list
            -- visits (and locks) the two rows in id order, so two hand-overs in opposite
            -- directions cannot deadlock.
            UPDATE users SET
                unresolved_count = unresolved_count
                    + (id IS NOT DISTINCT FROM NEW.assignee_id AND NEW.status IN ('open', 'pending'))::int
                    - (id IS NOT DISTINCT FROM OLD.assignee_id AND OLD.status IN ('open', 'pending'))::int,
                last_assigned_at = CASE
                    WHEN id IS NOT DISTINCT FROM NEW.assignee_id
                         AND OLD.assignee_id IS DISTINCT FROM NEW.assignee_id
                    THEN NEW.updated_at ELSE last_assigned_at END
            WHERE id IN (OLD.assignee_id, NEW.assignee_id);
        END IF;
        RETURN NEW;
    ELSE
        IF OLD.assignee_id IS NOT NULL AND OLD.status IN ('open', 'pending') THEN
            UPDATE users SET unresolved_count = unresolved_count - 1 WHERE id = OLD.assignee_id;
        END IF;
        RETURN OLD;
    END IF;
END
$$;

CREATE TRIGGER tickets_agent_load AFTER INSERT OR UPDATE OF assignee_id, status OR DELETE ON tickets
FOR EACH ROW EXECUTE FUNCTION tickets_agent_load();
