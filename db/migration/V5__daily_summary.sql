-- Issue 6: each user's calibrated chance of being active again within 7 days (null before the model has history),
-- and the day's summary: what the report, summary.md and the Slack digest are made from.
ALTER TABLE analysis_cache ADD COLUMN IF NOT EXISTS return_probability double precision;

CREATE TABLE IF NOT EXISTS daily_summary (
  analysis_date date        PRIMARY KEY,
  summary       jsonb       NOT NULL,
  run_id        uuid,
  updated_at    timestamptz NOT NULL DEFAULT now()
);
