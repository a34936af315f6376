-- What each row's model calls cost: the attempts made (failed ones included) and their estimated price, so a run's
-- spend is the sum over the rows it wrote, whatever runner wrote them.
ALTER TABLE analysis_cache
  ADD COLUMN IF NOT EXISTS llm_calls integer       NOT NULL DEFAULT 0,
  ADD COLUMN IF NOT EXISTS cost_usd  numeric(12, 6) NOT NULL DEFAULT 0;

-- The cache lookup: a user's latest row with the same input.
CREATE INDEX IF NOT EXISTS analysis_cache_input_idx ON analysis_cache (user_id, input_hash, analysis_date);
