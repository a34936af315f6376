-- Answers:  who was active on a day: everyone with a message, a service job or a user action on it (a UTC day),
--           what they did, and when they were first and last seen that day (UTC).
-- Run:      psql "$DATABASE_URL" -v day=2026-11-23 -f db/manual/active_users.sql
-- Columns:  user_id, plan, messages, jobs, actions, first_seen_utc, last_seen_utc
WITH bounds AS (
  SELECT (:'day'::date)::timestamp AT TIME ZONE 'UTC'     AS day_start,   -- timestamptz, as the source columns
         (:'day'::date + 1)::timestamp AT TIME ZONE 'UTC' AS day_end
),
activity AS (
  SELECT c.user_id, 'message' AS kind, m.created_at AS at
    FROM bounds b, messages m JOIN conversations c ON c.id = m.conversation_id
   WHERE m.created_at >= b.day_start AND m.created_at < b.day_end
  UNION ALL
  SELECT j.user_id, 'job', j.created_at
    FROM bounds b, service_jobs j
   WHERE j.created_at >= b.day_start AND j.created_at < b.day_end
  UNION ALL
  -- user_actions.created_at is a timestamp without time zone, in UTC: compare it with the bounds read in UTC.
  SELECT a.user_id, 'action', a.created_at AT TIME ZONE 'UTC'
    FROM bounds b, user_actions a
   WHERE a.created_at >= (b.day_start AT TIME ZONE 'UTC') AND a.created_at < (b.day_end AT TIME ZONE 'UTC')
)
SELECT x.user_id,
       u.plan,
       count(*) FILTER (WHERE x.kind = 'message') AS messages,
       count(*) FILTER (WHERE x.kind = 'job')     AS jobs,
       count(*) FILTER (WHERE x.kind = 'action')  AS actions,
       min(x.at) AT TIME ZONE 'UTC'               AS first_seen_utc,
       max(x.at) AT TIME ZONE 'UTC'               AS last_seen_utc
  FROM activity x
  LEFT JOIN users u ON u.id = x.user_id
 WHERE x.user_id IS NOT NULL
 GROUP BY x.user_id, u.plan
 ORDER BY count(*) DESC, x.user_id;
