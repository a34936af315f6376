-- The documented source schema (README: data contract), for development and tests only.
-- The product owns these in production; pmf-signals only reads them.
CREATE TABLE IF NOT EXISTS users (
  id                text PRIMARY KEY,
  created_at        timestamptz NOT NULL,
  plan              text,
  credits_remaining int,
  analytics_consent boolean
);

CREATE TABLE IF NOT EXISTS conversations (
  id         text PRIMARY KEY,
  user_id    text,
  title      text,
  created_at timestamptz,
  updated_at timestamptz
);

CREATE TABLE IF NOT EXISTS messages (
  id              text PRIMARY KEY,
  conversation_id text,
  role            text,       -- 'user' | 'assistant' | 'system' | 'tool'
  content         text,
  created_at      timestamptz
);

CREATE TABLE IF NOT EXISTS service_jobs (
  id              text PRIMARY KEY,
  user_id         text,
  conversation_id text,
  service         text,       -- e.g. 'image_generation'
  status          text,       -- 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled'
  credits_used    int,
  error           text,
  created_at      timestamptz,
  completed_at    timestamptz
);

CREATE TABLE IF NOT EXISTS user_actions (
  id         uuid PRIMARY KEY,
  user_id    varchar(255),
  action     varchar(50),     -- 'download' | 'share' | 'credit_limit'
  metadata   jsonb,
  created_at timestamp
);
