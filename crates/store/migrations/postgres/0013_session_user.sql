-- A session names its user in a column as well as in its data, so loading the session reads the
-- signed-in user in the same statement (`repo::sessions::load`): one statement less on every
-- signed-in page. Sessions written before this migration get theirs from their data (`json`, not
-- `jsonb`: it accepts every string serde_json writes, `\u0000` included).
ALTER TABLE sessions ADD COLUMN user_id BIGINT;
UPDATE sessions SET user_id = (data::json ->> 'user_id')::bigint
 WHERE json_typeof(data::json -> 'user_id') = 'number';
