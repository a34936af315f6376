-- Answers:  who came back: users active on a day (a message, job or action that UTC day) who were also active in
--           the 7 days before it, with how many of those 7 days and the last one.
-- Run:      psql "$DATABASE_URL" -v day=2026-11-23 -f db/manual/returning_users.sql
-- Columns:  user_id, plan, signed_up, days_active_in_prior_7, last_active_before
WITH bounds AS (
  SELECT :'day'::date                                     AS day,
         (:'day'::date - 7)::timestamp AT TIME ZONE 'UTC' AS window_start,   -- 7 days before, then the day itself
         (:'day'::date + 1)::timestamp AT TIME ZONE 'UTC' AS day_end
),
active_days AS (
  SELECT DISTINCT user_id, active_on FROM (
    SELECT c.user_id, (m.created_at AT TIME ZONE 'UTC')::date AS active_on
      FROM bounds b, messages m JOIN conversations c ON c.id = m.conversation_id
     WHERE m.created_at >= b.window_start AND m.created_at < b.day_end
    UNION ALL
    SELECT j.user_id, (j.created_at AT TIME ZONE 'UTC')::date
      FROM bounds b, service_jobs j
     WHERE j.created_at >= b.window_start AND j.created_at < b.day_end
    UNION ALL
    SELECT a.user_id, a.created_at::date   -- user_actions.created_at: a timestamp without time zone, in UTC
      FROM bounds b, user_actions a
     WHERE a.created_at >= (b.window_start AT TIME ZONE 'UTC') AND a.created_at < (b.day_end AT TIME ZONE 'UTC')
  ) days
  WHERE user_id IS NOT NULL
)
SELECT d.user_id,
       u.plan,
       (u.created_at AT TIME ZONE 'UTC')::date                AS signed_up,
       count(*) FILTER (WHERE d.active_on < b.day)            AS days_active_in_prior_7,
       max(d.active_on) FILTER (WHERE d.active_on < b.day)    AS last_active_before
  FROM active_days d
  CROSS JOIN bounds b
  LEFT JOIN users u ON u.id = d.user_id
 GROUP BY d.user_id, u.plan, u.created_at, b.day
HAVING bool_or(d.active_on = b.day) AND bool_or(d.active_on < b.day)
 ORDER BY count(*) FILTER (WHERE d.active_on < b.day) DESC, d.user_id;
