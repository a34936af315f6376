-- Tiers (issue 5): each row's segment, how the user was selected for the analyzer, whether they are an outlier, and the
-- users of their stratum they stand for in the day's estimates (0 when not analysed).
ALTER TABLE analysis_cache
  ADD COLUMN IF NOT EXISTS segment_id    integer,
  ADD COLUMN IF NOT EXISTS selection     text,
  ADD COLUMN IF NOT EXISTS outlier       boolean NOT NULL DEFAULT false,
  ADD COLUMN IF NOT EXISTS sample_weight double precision NOT NULL DEFAULT 0;

-- The day's segments: stable IDs across days (today's centres matched to the latest earlier date's), sizes, drift,
-- the centre in the features' own units, and the persona (only for segments of at least k users).
CREATE TABLE IF NOT EXISTS analysis_segments (
  analysis_date  date        NOT NULL,
  segment_id     integer     NOT NULL,
  users          integer     NOT NULL,
  consenting     integer     NOT NULL,
  analysed       integer     NOT NULL,
  previous_users integer,
  drift          text        NOT NULL,   -- new | growing | shrinking | stable
  centroid       jsonb       NOT NULL,
  persona        jsonb,
  method         text        NOT NULL,
  updated_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (analysis_date, segment_id)
);
