-- tagspec bench: metric counters for Synthetic store
-- Generated from the same plan as the local engine; one row: cN = counter N, dN = duration N
-- (lower median, whole seconds). Edit the spec, not this query.
WITH events AS (
  SELECT
    event_date,
    user_pseudo_id,
    (SELECT id FROM (
       SELECT IF(ep.value.string_value IS NOT NULL,
         IF(REGEXP_CONTAINS(ep.value.string_value, r'^[+-]?[0-9]+$'), SAFE_CAST(ep.value.string_value AS INT64), NULL),
         ep.value.int_value) AS id, pos
       FROM UNNEST(event_params) AS ep WITH OFFSET AS pos WHERE ep.key = 'ga_session_id')
     WHERE id IS NOT NULL ORDER BY pos LIMIT 1) AS ga_session_id,
    event_name,
    event_timestamp,
    COALESCE(NULLIF(ecommerce.transaction_id, ''),
      (SELECT id FROM (
         SELECT IF(ep.value.string_value IS NOT NULL, NULLIF(ep.value.string_value, ''),
           COALESCE(CAST(ep.value.int_value AS STRING), CAST(ep.value.double_value AS STRING),
             CAST(ep.value.float_value AS STRING))) AS id, pos
         FROM UNNEST(event_params) AS ep WITH OFFSET AS pos WHERE ep.key = 'transaction_id')
       WHERE id IS NOT NULL ORDER BY pos LIMIT 1)) AS transaction_id
  FROM `acme-analytics.analytics_123456789.events_*`
  WHERE _TABLE_SUFFIX BETWEEN '20250301' AND '20250321'
),
sessions AS (
  SELECT
    user_pseudo_id,
    ga_session_id,
    MIN(IF(event_name = "newsletter_signup", event_timestamp, NULL)) AS t0, -- newsletter_signup
    MIN(IF(event_name = "pricing_view", event_timestamp, NULL)) AS t1, -- pricing_view
    MIN(IF(event_name = "demo_video_75", event_timestamp, NULL)) AS t2, -- demo_video_75
    MIN(IF(event_name = "begin_checkout", event_timestamp, NULL)) AS t3, -- begin_checkout
    MIN(IF(event_name = "purchase", event_timestamp, NULL)) AS t4, -- purchase
    MIN(IF(event_name = "generate_lead", event_timestamp, NULL)) AS t5, -- generate_lead
    MIN(IF(event_name = "video_start", event_timestamp, NULL)) AS t6, -- video_start
    MIN(IF(event_name IN ("purchase", "generate_lead"), event_timestamp, NULL)) AS t7 -- (any macro-conversion)
  FROM events
  WHERE user_pseudo_id IS NOT NULL AND user_pseudo_id != '' AND ga_session_id IS NOT NULL
  GROUP BY user_pseudo_id, ga_session_id
),
users AS (
  SELECT
    user_pseudo_id,
    MIN(t0) AS t0,
    MIN(t1) AS t1,
    MIN(t2) AS t2,
    MIN(t3) AS t3,
    MIN(t4) AS t4,
    MIN(t5) AS t5,
    MIN(t6) AS t6,
    MIN(t7) AS t7
  FROM sessions
  GROUP BY user_pseudo_id
),
session_counts AS (
  SELECT
    COUNTIF(TRUE) AS c0, -- all sessions
    COUNTIF(t0 IS NOT NULL) AS c2, -- sessions with newsletter_signup
    COUNTIF(t1 IS NOT NULL) AS c3, -- sessions with pricing_view
    COUNTIF(t3 IS NOT NULL) AS c6, -- sessions with begin_checkout
    COUNTIF(t4 IS NOT NULL AND t3 IS NOT NULL) AS c7, -- sessions with purchase and begin_checkout
    COUNTIF(t5 IS NOT NULL) AS c8, -- sessions with generate_lead
    COUNTIF(t1 IS NOT NULL AND t2 IS NOT NULL) AS c9, -- sessions with pricing_view and demo_video_75
    COUNTIF(t1 IS NOT NULL AND t2 IS NOT NULL AND t1 <= t2) AS c10, -- sessions with pricing_view then demo_video_75
    COUNTIF(t1 IS NOT NULL AND t2 IS NOT NULL AND t5 IS NOT NULL) AS c11, -- sessions with pricing_view and demo_video_75 and generate_lead
    COUNTIF(t1 IS NOT NULL AND t2 IS NOT NULL AND t1 <= t2 AND t5 IS NOT NULL AND t2 <= t5) AS c12, -- sessions with pricing_view then demo_video_75 then generate_lead
    COUNTIF(t3 IS NOT NULL AND t4 IS NOT NULL) AS c13, -- sessions with begin_checkout and purchase
    COUNTIF(t3 IS NOT NULL AND t4 IS NOT NULL AND t3 <= t4) AS c14, -- sessions with begin_checkout then purchase
    COUNTIF(t7 IS NOT NULL) AS c15, -- sessions with (any macro-conversion)
    COUNTIF(t0 IS NOT NULL AND t7 IS NOT NULL) AS c16, -- sessions with newsletter_signup and (any macro-conversion)
    COUNTIF(t0 IS NOT NULL AND t7 IS NOT NULL AND t0 <= t7) AS c17, -- sessions with newsletter_signup then (any macro-conversion)
    COUNTIF(t1 IS NOT NULL AND t7 IS NOT NULL) AS c18, -- sessions with pricing_view and (any macro-conversion)
    COUNTIF(t1 IS NOT NULL AND t7 IS NOT NULL AND t1 <= t7) AS c19, -- sessions with pricing_view then (any macro-conversion)
    COUNTIF(t2 IS NOT NULL) AS c20, -- sessions with demo_video_75
    COUNTIF(t2 IS NOT NULL AND t7 IS NOT NULL) AS c21, -- sessions with demo_video_75 and (any macro-conversion)
    COUNTIF(t2 IS NOT NULL AND t7 IS NOT NULL AND t2 <= t7) AS c22, -- sessions with demo_video_75 then (any macro-conversion)
    COUNTIF(t3 IS NOT NULL AND t7 IS NOT NULL) AS c23, -- sessions with begin_checkout and (any macro-conversion)
    COUNTIF(t3 IS NOT NULL AND t7 IS NOT NULL AND t3 <= t7) AS c24, -- sessions with begin_checkout then (any macro-conversion)
    ARRAY_AGG(IF(t0 IS NOT NULL AND t7 IS NOT NULL AND t0 <= t7, DIV(t7 - t0, 1000000), NULL) IGNORE NULLS ORDER BY IF(t0 IS NOT NULL AND t7 IS NOT NULL AND t0 <= t7, DIV(t7 - t0, 1000000), NULL))[SAFE_OFFSET(DIV(COUNTIF(t0 IS NOT NULL AND t7 IS NOT NULL AND t0 <= t7) - 1, 2))] AS d0, -- sessions: median seconds from newsletter_signup to (any macro-conversion)
    ARRAY_AGG(IF(t1 IS NOT NULL AND t7 IS NOT NULL AND t1 <= t7, DIV(t7 - t1, 1000000), NULL) IGNORE NULLS ORDER BY IF(t1 IS NOT NULL AND t7 IS NOT NULL AND t1 <= t7, DIV(t7 - t1, 1000000), NULL))[SAFE_OFFSET(DIV(COUNTIF(t1 IS NOT NULL AND t7 IS NOT NULL AND t1 <= t7) - 1, 2))] AS d1, -- sessions: median seconds from pricing_view to (any macro-conversion)
    ARRAY_AGG(IF(t2 IS NOT NULL AND t7 IS NOT NULL AND t2 <= t7, DIV(t7 - t2, 1000000), NULL) IGNORE NULLS ORDER BY IF(t2 IS NOT NULL AND t7 IS NOT NULL AND t2 <= t7, DIV(t7 - t2, 1000000), NULL))[SAFE_OFFSET(DIV(COUNTIF(t2 IS NOT NULL AND t7 IS NOT NULL AND t2 <= t7) - 1, 2))] AS d2, -- sessions: median seconds from demo_video_75 to (any macro-conversion)
    ARRAY_AGG(IF(t3 IS NOT NULL AND t7 IS NOT NULL AND t3 <= t7, DIV(t7 - t3, 1000000), NULL) IGNORE NULLS ORDER BY IF(t3 IS NOT NULL AND t7 IS NOT NULL AND t3 <= t7, DIV(t7 - t3, 1000000), NULL))[SAFE_OFFSET(DIV(COUNTIF(t3 IS NOT NULL AND t7 IS NOT NULL AND t3 <= t7) - 1, 2))] AS d3 -- sessions: median seconds from begin_checkout to (any macro-conversion)
  FROM sessions
),
user_counts AS (
  SELECT
    COUNTIF(TRUE) AS c1, -- all users
    COUNTIF(t6 IS NOT NULL) AS c4, -- users with video_start
    COUNTIF(t2 IS NOT NULL AND t6 IS NOT NULL) AS c5, -- users with demo_video_75 and video_start
    COUNTIF(t7 IS NOT NULL) AS c25, -- users with (any macro-conversion)
    COUNTIF(t0 IS NOT NULL) AS c26, -- users with newsletter_signup
    COUNTIF(t0 IS NOT NULL AND t7 IS NOT NULL) AS c27, -- users with newsletter_signup and (any macro-conversion)
    COUNTIF(t0 IS NOT NULL AND t7 IS NOT NULL AND t0 <= t7) AS c28, -- users with newsletter_signup then (any macro-conversion)
    COUNTIF(t1 IS NOT NULL) AS c29, -- users with pricing_view
    COUNTIF(t1 IS NOT NULL AND t7 IS NOT NULL) AS c30, -- users with pricing_view and (any macro-conversion)
    COUNTIF(t1 IS NOT NULL AND t7 IS NOT NULL AND t1 <= t7) AS c31, -- users with pricing_view then (any macro-conversion)
    COUNTIF(t2 IS NOT NULL) AS c32, -- users with demo_video_75
    COUNTIF(t2 IS NOT NULL AND t7 IS NOT NULL) AS c33, -- users with demo_video_75 and (any macro-conversion)
    COUNTIF(t2 IS NOT NULL AND t7 IS NOT NULL AND t2 <= t7) AS c34, -- users with demo_video_75 then (any macro-conversion)
    COUNTIF(t3 IS NOT NULL) AS c35, -- users with begin_checkout
    COUNTIF(t3 IS NOT NULL AND t7 IS NOT NULL) AS c36, -- users with begin_checkout and (any macro-conversion)
    COUNTIF(t3 IS NOT NULL AND t7 IS NOT NULL AND t3 <= t7) AS c37, -- users with begin_checkout then (any macro-conversion)
    ARRAY_AGG(IF(t0 IS NOT NULL AND t7 IS NOT NULL AND t0 <= t7, DIV(t7 - t0, 1000000), NULL) IGNORE NULLS ORDER BY IF(t0 IS NOT NULL AND t7 IS NOT NULL AND t0 <= t7, DIV(t7 - t0, 1000000), NULL))[SAFE_OFFSET(DIV(COUNTIF(t0 IS NOT NULL AND t7 IS NOT NULL AND t0 <= t7) - 1, 2))] AS d4, -- users: median seconds from newsletter_signup to (any macro-conversion)
    ARRAY_AGG(IF(t1 IS NOT NULL AND t7 IS NOT NULL AND t1 <= t7, DIV(t7 - t1, 1000000), NULL) IGNORE NULLS ORDER BY IF(t1 IS NOT NULL AND t7 IS NOT NULL AND t1 <= t7, DIV(t7 - t1, 1000000), NULL))[SAFE_OFFSET(DIV(COUNTIF(t1 IS NOT NULL AND t7 IS NOT NULL AND t1 <= t7) - 1, 2))] AS d5, -- users: median seconds from pricing_view to (any macro-conversion)
    ARRAY_AGG(IF(t2 IS NOT NULL AND t7 IS NOT NULL AND t2 <= t7, DIV(t7 - t2, 1000000), NULL) IGNORE NULLS ORDER BY IF(t2 IS NOT NULL AND t7 IS NOT NULL AND t2 <= t7, DIV(t7 - t2, 1000000), NULL))[SAFE_OFFSET(DIV(COUNTIF(t2 IS NOT NULL AND t7 IS NOT NULL AND t2 <= t7) - 1, 2))] AS d6, -- users: median seconds from demo_video_75 to (any macro-conversion)
    ARRAY_AGG(IF(t3 IS NOT NULL AND t7 IS NOT NULL AND t3 <= t7, DIV(t7 - t3, 1000000), NULL) IGNORE NULLS ORDER BY IF(t3 IS NOT NULL AND t7 IS NOT NULL AND t3 <= t7, DIV(t7 - t3, 1000000), NULL))[SAFE_OFFSET(DIV(COUNTIF(t3 IS NOT NULL AND t7 IS NOT NULL AND t3 <= t7) - 1, 2))] AS d7 -- users: median seconds from begin_checkout to (any macro-conversion)
  FROM users
),
row_counts AS (
  SELECT
    COUNT(*) AS rows_read,
    COUNTIF(user_pseudo_id IS NULL OR user_pseudo_id = '') AS rows_without_user,
    COUNTIF(user_pseudo_id IS NOT NULL AND user_pseudo_id != '' AND ga_session_id IS NULL) AS rows_without_session,
    COUNTIF(event_name = 'purchase') AS purchases,
    COUNTIF(event_name = 'purchase' AND (transaction_id IS NULL OR TRIM(transaction_id) IN ('', '(not set)'))) AS purchases_without_transaction
  FROM events
)
SELECT * FROM row_counts CROSS JOIN session_counts CROSS JOIN user_counts;

-- tagspec bench: rows per day and event for Synthetic store (missing-days and id checks)
WITH events AS (
  SELECT
    event_date,
    user_pseudo_id,
    (SELECT id FROM (
       SELECT IF(ep.value.string_value IS NOT NULL,
         IF(REGEXP_CONTAINS(ep.value.string_value, r'^[+-]?[0-9]+$'), SAFE_CAST(ep.value.string_value AS INT64), NULL),
         ep.value.int_value) AS id, pos
       FROM UNNEST(event_params) AS ep WITH OFFSET AS pos WHERE ep.key = 'ga_session_id')
     WHERE id IS NOT NULL ORDER BY pos LIMIT 1) AS ga_session_id,
    event_name,
    event_timestamp,
    COALESCE(NULLIF(ecommerce.transaction_id, ''),
      (SELECT id FROM (
         SELECT IF(ep.value.string_value IS NOT NULL, NULLIF(ep.value.string_value, ''),
           COALESCE(CAST(ep.value.int_value AS STRING), CAST(ep.value.double_value AS STRING),
             CAST(ep.value.float_value AS STRING))) AS id, pos
         FROM UNNEST(event_params) AS ep WITH OFFSET AS pos WHERE ep.key = 'transaction_id')
       WHERE id IS NOT NULL ORDER BY pos LIMIT 1)) AS transaction_id
  FROM `acme-analytics.analytics_123456789.events_*`
  WHERE _TABLE_SUFFIX BETWEEN '20250301' AND '20250321'
)
SELECT
  event_date,
  event_name,
  COUNT(*) AS n,
  COUNTIF(user_pseudo_id IS NULL OR user_pseudo_id = '') AS without_user,
  COUNTIF(user_pseudo_id IS NOT NULL AND user_pseudo_id != '' AND ga_session_id IS NULL) AS without_session,
  COUNTIF(event_name = 'purchase' AND (transaction_id IS NULL OR TRIM(transaction_id) IN ('', '(not set)'))) AS purchases_without_transaction
FROM events
GROUP BY event_date, event_name
ORDER BY event_date, event_name;

-- tagspec bench: user timelines for Synthetic store (momentum patterns, velocity, early signals)
WITH events AS (
  SELECT
    event_date,
    user_pseudo_id,
    (SELECT id FROM (
       SELECT IF(ep.value.string_value IS NOT NULL,
         IF(REGEXP_CONTAINS(ep.value.string_value, r'^[+-]?[0-9]+$'), SAFE_CAST(ep.value.string_value AS INT64), NULL),
         ep.value.int_value) AS id, pos
       FROM UNNEST(event_params) AS ep WITH OFFSET AS pos WHERE ep.key = 'ga_session_id')
     WHERE id IS NOT NULL ORDER BY pos LIMIT 1) AS ga_session_id,
    event_name,
    event_timestamp,
    COALESCE(NULLIF(ecommerce.transaction_id, ''),
      (SELECT id FROM (
         SELECT IF(ep.value.string_value IS NOT NULL, NULLIF(ep.value.string_value, ''),
           COALESCE(CAST(ep.value.int_value AS STRING), CAST(ep.value.double_value AS STRING),
             CAST(ep.value.float_value AS STRING))) AS id, pos
         FROM UNNEST(event_params) AS ep WITH OFFSET AS pos WHERE ep.key = 'transaction_id')
       WHERE id IS NOT NULL ORDER BY pos LIMIT 1)) AS transaction_id
  FROM `acme-analytics.analytics_123456789.events_*`
  WHERE _TABLE_SUFFIX BETWEEN '20250301' AND '20250321'
),
sessioned AS (
  SELECT user_pseudo_id, event_name, event_timestamp
  FROM events
  WHERE user_pseudo_id IS NOT NULL AND user_pseudo_id != '' AND ga_session_id IS NOT NULL
)
SELECT user_pseudo_id, event_name, event_timestamp
FROM sessioned
WHERE event_name IN ("newsletter_signup", "pricing_view", "demo_video_75", "begin_checkout", "purchase", "generate_lead")
UNION ALL
SELECT user_pseudo_id, event_name, MIN(event_timestamp) AS event_timestamp
FROM sessioned
WHERE event_name IN ("first_visit", "session_start")
GROUP BY user_pseudo_id, event_name;
