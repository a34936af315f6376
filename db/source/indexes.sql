-- Indexes the default queries in db/queries.sql rely on: every read is a date window, then a per-user join.
-- Created after a bulk load (faster than maintaining them during COPY).
CREATE INDEX IF NOT EXISTS messages_created_at_idx      ON messages (created_at);
CREATE INDEX IF NOT EXISTS messages_conversation_idx    ON messages (conversation_id, created_at);
CREATE INDEX IF NOT EXISTS conversations_user_idx       ON conversations (user_id);
CREATE INDEX IF NOT EXISTS service_jobs_created_at_idx  ON service_jobs (created_at);
CREATE INDEX IF NOT EXISTS service_jobs_user_idx        ON service_jobs (user_id, created_at);
CREATE INDEX IF NOT EXISTS user_actions_created_at_idx  ON user_actions (created_at);
CREATE INDEX IF NOT EXISTS user_actions_user_idx        ON user_actions (user_id, created_at);
ANALYZE;
