-- pmf-signals source queries: the one file a team edits to map its own schema (point --queries at a copy).
--
-- Each block starts with "-- name: NAME". Parameters are bound by name:
--   :day_start, :day_end        the analysis date [start, end) as timestamptz (in --timeZone)
--   :window_start               start of the --lookbackDays history window (timestamptz)
--   :max_message_chars          longer message contents are truncated here (their full length is kept)
--   :max_text_chars             cap for titles and job error texts
--   :partition, :partitions     the pipeline reads active users in this many disjoint parts, in parallel
-- ${block} inlines another block. The users, conversations, jobs and actions blocks read the relation "active"
-- (user_id): the day's active users of the partition being read, which the activity block computes once.
--
-- Contract: users, conversations, jobs and actions each return two columns, (user_id text, payload json),
-- at most one row per user; the payload shapes are the ones below. The activity block joins them on user_id, so
-- the pipeline reads one row per active user (a join PostgreSQL does far more cheaply than a shuffle in Beam).
-- Naive timestamps (timestamp without time zone) are read as UTC. Message text and titles are only selected for
-- users whose ${consent} is true, so the content of everyone else never enters the pipeline.
-- User ids are compared and returned as text (::text), so integer or uuid ids work as they are.
--
-- Optional: the blocks that read user_actions (action_users, actions, future_actions) and the consent expression
-- (consent) are replaced by the launcher when --check finds user_actions or the consent column missing, or when
-- --consent=all|none: a team that has not created user_actions yet still gets a run, with those counts unknown.

-- name: consent
-- Whether the users row u lets its owner's text be analysed (--consent=column, --consentColumn).
u.analytics_consent

-- name: action_users
-- Users with a download, share or credit-limit hit on the analysis date.
SELECT a.user_id::text
  FROM user_actions a
 WHERE a.created_at >= (:day_start AT TIME ZONE 'UTC') AND a.created_at < (:day_end AT TIME ZONE 'UTC')
   AND a.user_id IS NOT NULL

-- name: active_users
-- Users with any message, service job or action on the analysis date, in partition :partition of :partitions.
SELECT user_id FROM (
SELECT c.user_id::text
  FROM messages m
  JOIN conversations c ON c.id = m.conversation_id
 WHERE m.created_at >= :day_start AND m.created_at < :day_end AND c.user_id IS NOT NULL
UNION
SELECT j.user_id::text
  FROM service_jobs j
 WHERE j.created_at >= :day_start AND j.created_at < :day_end AND j.user_id IS NOT NULL
UNION
${action_users}
) active_on_date
WHERE (hashtext(user_id) & 2147483647) % :partitions = :partition

-- name: active_user_count
-- How many users are active on the date, all partitions together: it decides the tier.
SELECT count(*) FROM (${active_users}) counted

-- name: users
-- One row per active user: their users rows (normally one; more when the table has duplicates; a single
-- {"known": false} when the id is missing from users).
SELECT a.user_id,
       json_agg(json_build_object(
         'known', u.id IS NOT NULL,
         'created_at', u.created_at,
         'plan', u.plan,
         'credits_remaining', u.credits_remaining,
         'analytics_consent', ${consent},
         'first_success_at', (SELECT min(j.completed_at) FROM service_jobs j
                               WHERE j.user_id::text = a.user_id AND j.status = 'succeeded'
                                 AND j.completed_at < :day_end)))
  FROM active a
  LEFT JOIN users u ON u.id::text = a.user_id
 GROUP BY a.user_id

-- name: conversations
-- Per active user: their conversations with messages inside the window, each with its messages oldest first.
WITH people AS (
  SELECT a.user_id,
         coalesce((SELECT bool_and(coalesce(${consent}, false)) FROM users u WHERE u.id::text = a.user_id), false)
           AS consent
    FROM active a),
per_conversation AS (
  SELECT p.user_id, c.id, min(m.created_at) AS first_at,
         json_build_object(
           'id', c.id::text,
           'title', CASE WHEN p.consent THEN left(c.title, :max_text_chars) END,
           'created_at', c.created_at,
           'messages', json_agg(json_build_object(
                          'id', m.id::text,
                          'role', left(m.role, 32),
                          'at', m.created_at,
                          'length', length(m.content),
                          'text', CASE WHEN p.consent THEN left(m.content, :max_message_chars) END)
                        ORDER BY m.created_at, m.id)) AS conversation
    FROM people p
    JOIN conversations c ON c.user_id::text = p.user_id
    JOIN messages m ON m.conversation_id = c.id
   WHERE m.created_at >= :window_start AND m.created_at < :day_end
   GROUP BY p.user_id, c.id, c.title, c.created_at, p.consent)
SELECT user_id, json_agg(conversation ORDER BY first_at, id)
  FROM per_conversation
 GROUP BY user_id

-- name: jobs
-- Per active user: their service jobs created inside the window.
SELECT a.user_id,
       json_agg(json_build_object(
         'id', j.id::text,
         'conversation_id', j.conversation_id::text,
         'service', j.service,
         'status', j.status,
         'credits_used', j.credits_used,
         'error', left(j.error, :max_text_chars),
         'created_at', j.created_at,
         'completed_at', j.completed_at) ORDER BY j.created_at, j.id)
  FROM active a
  JOIN service_jobs j ON j.user_id::text = a.user_id
 WHERE j.created_at >= :window_start AND j.created_at < :day_end
 GROUP BY a.user_id

-- name: actions
-- Per active user: downloads, shares and credit-limit hits inside the window; metadata as raw text (may be malformed).
SELECT a.user_id,
       json_agg(json_build_object(
         'id', x.id::text,
         'action', x.action,
         'metadata', x.metadata::text,
         'created_at', x.created_at AT TIME ZONE 'UTC') ORDER BY x.created_at, x.id)
  FROM active a
  JOIN user_actions x ON x.user_id::text = a.user_id
 WHERE x.created_at >= (:window_start AT TIME ZONE 'UTC') AND x.created_at < (:day_end AT TIME ZONE 'UTC')
 GROUP BY a.user_id

-- name: activity
-- What the pipeline reads: one row per user, (user_id, users, conversations, jobs, actions), the four blocks above
-- joined on user_id. A FULL JOIN, so history that a custom block returns for someone outside active_users is
-- reported by the pipeline instead of vanishing.
WITH active AS MATERIALIZED (${active_users}),
     u(user_id, payload) AS (${users}),
     c(user_id, payload) AS (${conversations}),
     j(user_id, payload) AS (${jobs}),
     x(user_id, payload) AS (${actions})
SELECT user_id, u.payload, c.payload, j.payload, x.payload
  FROM u
  FULL JOIN c USING (user_id)
  FULL JOIN j USING (user_id)
  FULL JOIN x USING (user_id)

-- name: source_quality
-- Bad rows no user can own, created on the analysis date (so each is reported by exactly one daily run), and rows
-- stamped in the future, which no window will ever read. One row, one json column.
SELECT json_build_object(
  'orphan_messages', (SELECT count(*) FROM messages m
                       WHERE m.created_at >= :day_start AND m.created_at < :day_end
                         AND NOT EXISTS (SELECT 1 FROM conversations c WHERE c.id = m.conversation_id)),
  'conversations_without_user', (SELECT count(*) FROM conversations c
                                  WHERE c.user_id IS NULL AND c.created_at >= :day_start AND c.created_at < :day_end),
  'jobs_without_user', (SELECT count(*) FROM service_jobs j
                         WHERE j.user_id IS NULL AND j.created_at >= :day_start AND j.created_at < :day_end),
  'future_timestamps', (SELECT count(*) FROM messages WHERE created_at > now())
                       + (SELECT count(*) FROM service_jobs WHERE created_at > now())
                       + (SELECT count(*) FROM conversations WHERE created_at > now())
                       + (${future_actions}))

-- name: future_actions
-- Actions stamped in the future (user_actions.created_at is naive UTC).
SELECT count(*) FROM user_actions WHERE created_at > (now() AT TIME ZONE 'UTC')
