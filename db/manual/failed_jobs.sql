-- Answers:  which service jobs failed on a day (created that UTC day, status 'failed'), grouped by service and error:
--           how many, for how many users, the credits they took, and up to 10 of those users.
-- Run:      psql "$DATABASE_URL" -v day=2026-11-23 -f db/manual/failed_jobs.sql
-- Columns:  service, error, failed_jobs, users, credits_used, some_users
WITH bounds AS (
  SELECT (:'day'::date)::timestamp AT TIME ZONE 'UTC'     AS day_start,
         (:'day'::date + 1)::timestamp AT TIME ZONE 'UTC' AS day_end
),
failed AS (
  SELECT coalesce(j.service, '(no service)')          AS service,
         coalesce(left(j.error, 120), '(no error text)') AS error,
         j.user_id,
         greatest(coalesce(j.credits_used, 0), 0)     AS credits   -- null or negative credits count as 0
    FROM bounds b, service_jobs j
   WHERE j.status = 'failed' AND j.created_at >= b.day_start AND j.created_at < b.day_end
)
SELECT service,
       error,
       count(*)                AS failed_jobs,
       count(DISTINCT user_id) AS users,
       sum(credits)            AS credits_used,
       array_to_string((array_agg(DISTINCT user_id))[1:10], ', ') AS some_users
  FROM failed
 GROUP BY service, error
 ORDER BY count(*) DESC, service, error;
