-- Answers:  who hit the credit limit on a day (a UTC day): users with a 'credit_limit' action that day, and users
--           active that day whose credits_remaining is 0 now (credits_remaining is today's balance, not the day's).
-- Run:      psql "$DATABASE_URL" -v day=2026-11-23 -f db/manual/credit_limit_hits.sql
-- Columns:  user_id, plan, credits_remaining, credit_limit_actions, first_hit_utc, last_hit_utc, evidence
WITH bounds AS (
  SELECT (:'day'::date)::timestamp AT TIME ZONE 'UTC'     AS day_start,
         (:'day'::date + 1)::timestamp AT TIME ZONE 'UTC' AS day_end
),
hits AS (   -- user_actions.created_at is a timestamp without time zone, in UTC
  SELECT a.user_id, count(*) AS n, min(a.created_at) AS first_at, max(a.created_at) AS last_at
    FROM bounds b, user_actions a
   WHERE a.action = 'credit_limit'
     AND a.created_at >= (b.day_start AT TIME ZONE 'UTC') AND a.created_at < (b.day_end AT TIME ZONE 'UTC')
   GROUP BY a.user_id
),
active AS (
  SELECT c.user_id FROM bounds b, messages m JOIN conversations c ON c.id = m.conversation_id
   WHERE m.created_at >= b.day_start AND m.created_at < b.day_end
  UNION
  SELECT j.user_id FROM bounds b, service_jobs j WHERE j.created_at >= b.day_start AND j.created_at < b.day_end
  UNION
  SELECT a.user_id FROM bounds b, user_actions a
   WHERE a.created_at >= (b.day_start AT TIME ZONE 'UTC') AND a.created_at < (b.day_end AT TIME ZONE 'UTC')
),
at_zero AS (
  SELECT u.id AS user_id FROM users u JOIN active a ON a.user_id = u.id WHERE u.credits_remaining = 0
)
SELECT k.user_id,
       u.plan,
       u.credits_remaining,
       coalesce(h.n, 0) AS credit_limit_actions,
       h.first_at       AS first_hit_utc,
       h.last_at        AS last_hit_utc,
       CASE WHEN h.user_id IS NULL THEN 'credits_remaining = 0'
            WHEN z.user_id IS NULL THEN 'credit_limit action'
            ELSE 'credit_limit action, credits_remaining = 0' END AS evidence
  FROM (SELECT user_id FROM hits UNION SELECT user_id FROM at_zero) k
  LEFT JOIN hits h    ON h.user_id = k.user_id
  LEFT JOIN at_zero z ON z.user_id = k.user_id
  LEFT JOIN users u   ON u.id = k.user_id
 WHERE k.user_id IS NOT NULL
 ORDER BY coalesce(h.n, 0) DESC, k.user_id;
