-- Answers of the calls that are not one user's (segment personas, the day's roll-up, label embeddings), by the hash of
-- what was asked: a re-run with the same input reuses them instead of paying for them again.
CREATE TABLE IF NOT EXISTS llm_answers (
  input_hash text        PRIMARY KEY,   -- sha256 of (kind, model, prompt version, input)
  kind       text        NOT NULL,      -- persona | rollup | embedding
  model      text        NOT NULL,
  answer     jsonb       NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
