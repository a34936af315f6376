-- Answers:  what one user did in the 30 days ending with a day (UTC days), oldest first: messages counted per
--           conversation per day and by role (never their content, nor conversation titles), service jobs with
--           their status, credits and error, and user actions with their metadata.
-- Run:      psql "$DATABASE_URL" -v user_id=usr_123 -v day=2026-11-23 -f db/manual/user_timeline.sql
-- Columns:  day, at_utc, kind, ref, detail, messages
WITH bounds AS (
  SELECT (:'day'::date - 29)::timestamp AT TIME ZONE 'UTC' AS window_start,
         (:'day'::date + 1)::timestamp AT TIME ZONE 'UTC'  AS day_end
),
conversation_days AS (
  SELECT c.id                                                       AS conversation_id,
         (m.created_at AT TIME ZONE 'UTC')::date                    AS day,
         min(m.created_at)                                          AS first_at,
         count(*)                                                   AS messages,
         count(*) FILTER (WHERE m.role = 'user')                    AS from_user,
         count(*) FILTER (WHERE m.role = 'assistant')               AS from_assistant,
         count(*) FILTER (WHERE m.role IS DISTINCT FROM 'user'
                            AND m.role IS DISTINCT FROM 'assistant') AS other
    FROM bounds b, conversations c JOIN messages m ON m.conversation_id = c.id
   WHERE c.user_id = :'user_id' AND m.created_at >= b.window_start AND m.created_at < b.day_end
   GROUP BY c.id, (m.created_at AT TIME ZONE 'UTC')::date
)
SELECT day,
       first_at AT TIME ZONE 'UTC' AS at_utc,
       'messages'                  AS kind,
       conversation_id             AS ref,
       format('%s from the user, %s from the assistant, %s tool/system', from_user, from_assistant, other) AS detail,
       messages
  FROM conversation_days
UNION ALL
SELECT (j.created_at AT TIME ZONE 'UTC')::date,
       j.created_at AT TIME ZONE 'UTC',
       'job',
       j.id,
       coalesce(j.service, '?') || ' ' || coalesce(j.status, '?') || coalesce(', ' || j.credits_used || ' credits', '')
         || coalesce(': ' || left(j.error, 120), ''),
       NULL
  FROM bounds b, service_jobs j
 WHERE j.user_id = :'user_id' AND j.created_at >= b.window_start AND j.created_at < b.day_end
UNION ALL
SELECT a.created_at::date,         -- user_actions.created_at: a timestamp without time zone, in UTC
       a.created_at,
       'action',
       a.id::text,
       coalesce(a.action, '?') || coalesce(' ' || left(a.metadata::text, 200), ''),
       NULL
  FROM bounds b, user_actions a
 WHERE a.user_id = :'user_id'
   AND a.created_at >= (b.window_start AT TIME ZONE 'UTC') AND a.created_at < (b.day_end AT TIME ZONE 'UTC')
 ORDER BY at_utc, kind, ref;
