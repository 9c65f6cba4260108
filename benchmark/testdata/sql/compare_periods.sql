-- tagspec bench --compare: users of Synthetic store by period
-- Generated from the same plan as the local engine; one row per group (grp NULL: users without a value):
-- users, then hN = users who did slot N. Edit the spec, not this query.
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
       WHERE id IS NOT NULL ORDER BY pos LIMIT 1)) AS transaction_id,
    CASE WHEN event_date BETWEEN "20250301" AND "20250307" THEN "2025-03-01..2025-03-07" WHEN event_date BETWEEN "20250308" AND "20250314" THEN "2025-03-08..2025-03-14" END AS dim
  FROM `acme-analytics.analytics_123456789.events_*`
  WHERE _TABLE_SUFFIX BETWEEN '20250301' AND '20250321'
),
units AS (
  SELECT
    user_pseudo_id,
    dim AS grp,
    LOGICAL_OR(event_name = "newsletter_signup") AS h0, -- newsletter_signup
    LOGICAL_OR(event_name = "pricing_view") AS h1, -- pricing_view
    LOGICAL_OR(event_name = "demo_video_75") AS h2, -- demo_video_75
    LOGICAL_OR(event_name = "begin_checkout") AS h3, -- begin_checkout
    LOGICAL_OR(event_name = "purchase") AS h4, -- purchase
    LOGICAL_OR(event_name = "generate_lead") AS h5, -- generate_lead
    LOGICAL_OR(event_name = "video_start") AS h6, -- video_start
    LOGICAL_OR(event_name IN ("purchase", "generate_lead")) AS h7 -- (any macro-conversion)
  FROM events
  WHERE user_pseudo_id IS NOT NULL AND user_pseudo_id != '' AND ga_session_id IS NOT NULL AND dim IS NOT NULL
  GROUP BY user_pseudo_id, dim
),
per_user AS (
  SELECT user_pseudo_id, COUNT(*) AS periods_of_user
  FROM units
  GROUP BY user_pseudo_id
)
SELECT
  grp,
  COUNT(*) AS users,
  COUNTIF(h0) AS h0, -- newsletter_signup
  COUNTIF(h1) AS h1, -- pricing_view
  COUNTIF(h2) AS h2, -- demo_video_75
  COUNTIF(h3) AS h3, -- begin_checkout
  COUNTIF(h4) AS h4, -- purchase
  COUNTIF(h5) AS h5, -- generate_lead
  COUNTIF(h6) AS h6, -- video_start
  COUNTIF(h7) AS h7, -- (any macro-conversion)
  COUNTIF(periods_of_user = 2) AS in_both
FROM units JOIN per_user USING (user_pseudo_id)
GROUP BY grp
ORDER BY grp
