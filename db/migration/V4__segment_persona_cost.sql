-- What writing each segment's persona cost: with an LLM, one call per segment that may have a persona (retries and
-- failed answers included), its tokens and estimated price; 0 for the offline rules. A run's spend is the sum over
-- the analysis_cache and analysis_segments rows it wrote.
ALTER TABLE analysis_segments
  ADD COLUMN IF NOT EXISTS llm_calls  integer        NOT NULL DEFAULT 0,
  ADD COLUMN IF NOT EXISTS tokens_in  integer        NOT NULL DEFAULT 0,
  ADD COLUMN IF NOT EXISTS tokens_out integer        NOT NULL DEFAULT 0,
  ADD COLUMN IF NOT EXISTS cost_usd   numeric(12, 6) NOT NULL DEFAULT 0;
