-- Output tables owned by pmf-signals. Written so that an existing analysis_cache from the seed
-- (user_id, analysis_date, insights, primary key (user_id, analysis_date)) is extended, not replaced.

CREATE TABLE IF NOT EXISTS analysis_cache (
  user_id       varchar(255) NOT NULL,
  analysis_date date         NOT NULL,
  insights      jsonb,
  PRIMARY KEY (user_id, analysis_date)
);

ALTER TABLE analysis_cache
  ADD COLUMN IF NOT EXISTS metrics        jsonb,
  ADD COLUMN IF NOT EXISTS tier           text,
  ADD COLUMN IF NOT EXISTS tier_reason    text,
  ADD COLUMN IF NOT EXISTS input_hash     text,
  ADD COLUMN IF NOT EXISTS prompt_version text,
  ADD COLUMN IF NOT EXISTS model          text,
  ADD COLUMN IF NOT EXISTS llm_status     text,
  ADD COLUMN IF NOT EXISTS status_reason  text,
  ADD COLUMN IF NOT EXISTS tokens_in      integer NOT NULL DEFAULT 0,
  ADD COLUMN IF NOT EXISTS tokens_out     integer NOT NULL DEFAULT 0,
  ADD COLUMN IF NOT EXISTS updated_at     timestamptz NOT NULL DEFAULT now();

CREATE INDEX IF NOT EXISTS analysis_cache_date_idx ON analysis_cache (analysis_date);

-- One row per run: the ledger of what ran, when, with what outcome and cost.
CREATE TABLE IF NOT EXISTS analysis_runs (
  run_id        uuid PRIMARY KEY,
  analysis_date date        NOT NULL,
  started_at    timestamptz NOT NULL,
  finished_at   timestamptz,
  status        text        NOT NULL,   -- running | succeeded | failed
  runner        text,
  analyzer      text,
  tier          text,
  options       jsonb,                   -- the run's options, secrets removed
  counts        jsonb,                   -- the run summary (same content as summary.json)
  llm_calls     integer     NOT NULL DEFAULT 0,
  tokens_in     bigint      NOT NULL DEFAULT 0,
  tokens_out    bigint      NOT NULL DEFAULT 0,
  cost_usd      numeric(12, 6) NOT NULL DEFAULT 0,
  error         text
);

CREATE INDEX IF NOT EXISTS analysis_runs_date_idx ON analysis_runs (analysis_date, started_at);

-- The dead letters: users whose data or analysis failed, with the stage and a reason (never their content).
CREATE TABLE IF NOT EXISTS analysis_failures (
  analysis_date date         NOT NULL,
  user_id       varchar(255) NOT NULL,
  stage         text         NOT NULL,
  reason        text         NOT NULL,
  updated_at    timestamptz  NOT NULL DEFAULT now(),
  PRIMARY KEY (analysis_date, user_id, stage)
);
