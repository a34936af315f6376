-- user_actions: one row each time a user downloads a result, shares one, or hits the credit limit (docs/TRACKING.md).
-- pmf-signals reads it the next day: each daily run reads that date's rows. Idempotent: psql "$DATABASE_URL" -f this.
CREATE TABLE IF NOT EXISTS user_actions (
  id         uuid PRIMARY KEY,
  user_id    varchar(255),
  action     varchar(50),     -- 'download' | 'share' | 'credit_limit'
  metadata   jsonb,
  created_at timestamp
);

CREATE INDEX IF NOT EXISTS user_actions_created_at_idx  ON user_actions (created_at);
CREATE INDEX IF NOT EXISTS user_actions_user_idx        ON user_actions (user_id, created_at);
