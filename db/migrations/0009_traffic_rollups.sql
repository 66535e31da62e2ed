-- Wider hourly rollups: per model, version and UTC hour. Writers wait for the whole
-- migration (it runs in one transaction), so the rollups rebuilt at its end miss nothing.
LOCK TABLE inference_events IN SHARE MODE;
--> statement-breakpoint
TRUNCATE traffic_hourly;
--> statement-breakpoint
ALTER TABLE "traffic_hourly" DROP CONSTRAINT "traffic_hourly_model_id_hour_pk";--> statement-breakpoint
ALTER TABLE "traffic_hourly" ADD COLUMN "version_id" uuid NOT NULL;--> statement-breakpoint
ALTER TABLE "traffic_hourly" ADD COLUMN "latency_histogram" bigint[] NOT NULL;--> statement-breakpoint
ALTER TABLE "traffic_hourly" ADD COLUMN "score_histogram" bigint[] NOT NULL;--> statement-breakpoint
ALTER TABLE "traffic_hourly" ADD COLUMN "predicted_positive" bigint NOT NULL;--> statement-breakpoint
ALTER TABLE "traffic_hourly" ADD COLUMN "label_positive" bigint NOT NULL;--> statement-breakpoint
ALTER TABLE "traffic_hourly" ADD COLUMN "true_positive" bigint NOT NULL;--> statement-breakpoint
ALTER TABLE "traffic_hourly" ADD COLUMN "false_positive" bigint NOT NULL;--> statement-breakpoint
ALTER TABLE "traffic_hourly" ADD COLUMN "true_negative" bigint NOT NULL;--> statement-breakpoint
ALTER TABLE "traffic_hourly" ADD COLUMN "false_negative" bigint NOT NULL;--> statement-breakpoint
ALTER TABLE "traffic_hourly" ADD CONSTRAINT "traffic_hourly_model_id_hour_version_id_pk" PRIMARY KEY("model_id","hour","version_id");
--> statement-breakpoint
-- Latency buckets (server/traffic/rollup-buckets.ts mirrors them): 0 below 0.1 ms, then
-- √2-wide log buckets from 0.1 ms (bucket k ≥ 1 starts at 0.1 · 2^((k−1)/2) ms), 39 from
-- 52,428.8 ms up. An inlined SQL expression: no function call per event.
CREATE FUNCTION traffic_latency_bucket(ms real) RETURNS int LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN ms < 0.1 THEN 0 WHEN ms >= 52428.8 THEN 39 ELSE 1 + floor(ln(ms::float8 * 10) * 2.885390081777927)::int END
$$;
--> statement-breakpoint
-- Score buckets: 20 equal buckets on [0, 1] (1 itself in the last); other scores in none.
-- floor(score × 20) is exact for a real, so bucket ≥ 10 ⇔ score ≥ 0.5.
CREATE FUNCTION traffic_score_bucket(score real) RETURNS int LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN score >= 0 AND score < 1 THEN floor(score::float8 * 20)::int WHEN score = 1 THEN 19 END
$$;
--> statement-breakpoint
-- Whether a label names the positive class, as normalizeLabel and positiveClass
-- (server/registry/label-classes.ts) decide: the second declared class, or a class index
-- naming it; "1" without declared classes. Evaluated per group of equal labels, not per event.
CREATE FUNCTION traffic_is_positive(value text, classes jsonb) RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN value IS NULL THEN NULL
    WHEN value = coalesce(classes ->> 1, '1') THEN true
    WHEN classes IS NULL OR classes ? value OR value !~ '^[0-9]+$' OR length(ltrim(value, '0')) > 9 THEN false
    ELSE coalesce(classes ->> coalesce(nullif(ltrim(value, '0'), ''), '0')::int = coalesce(classes ->> 1, '1'), false)
  END
$$;
--> statement-breakpoint
-- A dense histogram of `size` buckets from (bucket, count) pairs; NULL buckets are left out.
-- PL/pgSQL rather than SQL so its plan is cached for the session (a SQL function with a
-- query is planned again at every call).
CREATE FUNCTION traffic_histogram(buckets int[], counts bigint[], size int) RETURNS bigint[] LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  RETURN (SELECT array_agg(coalesce(u.n, 0) ORDER BY i) FROM generate_series(0, size - 1) AS i
          LEFT JOIN (SELECT b, sum(c)::bigint AS n FROM unnest(buckets, counts) AS x(b, c) GROUP BY b) AS u ON u.b = i);
END $$;
--> statement-breakpoint
CREATE FUNCTION traffic_histogram_add(a bigint[], b bigint[]) RETURNS bigint[] LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  RETURN (SELECT array_agg(x + y ORDER BY i) FROM unnest(a, b) WITH ORDINALITY AS u(x, y, i));
END $$;
--> statement-breakpoint
-- One group of events counted (n may be negative: events removed). The triggers group their
-- rows by two grouping sets at once (one pass over the transition table): by latency bucket
-- (outcome = false), and by score bucket, label, logged prediction and score ≥ 0.5
-- (outcome = true); both sets cover every event, so each set alone sums to the event count.
CREATE TYPE traffic_hourly_group AS (
  model_id uuid, hour timestamptz, version_id uuid, latency_bucket int, score_bucket int,
  label text, predicted_label text, scored boolean, outcome boolean, n bigint
);
--> statement-breakpoint
-- Adds groups to the rollups; the label semantics are applied per group here, once for all
-- three triggers. Hours are upserted in key order, so concurrent batches over the same hours
-- queue on the same rows instead of deadlocking. `prune` drops rows left with no events.
CREATE FUNCTION traffic_hourly_apply(groups traffic_hourly_group[], prune boolean) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO traffic_hourly AS t (model_id, hour, version_id, events, labeled, without_prediction, latency_histogram, score_histogram,
                                   predicted_positive, label_positive, true_positive, false_positive, true_negative, false_negative)
  WITH grouped AS MATERIALIZED (
    SELECT * FROM unnest(groups)
  ), latency AS (
    SELECT model_id, hour, version_id, traffic_histogram(array_agg(latency_bucket), array_agg(n), 40) AS histogram
    FROM grouped WHERE NOT outcome GROUP BY 1, 2, 3
  ), judged AS (
    SELECT g.*,
           CASE WHEN m.task_type = 'binary_classification' THEN coalesce(traffic_is_positive(g.predicted_label, m.label -> 'classes'), g.scored) END AS predicted_positive,
           CASE WHEN m.task_type = 'binary_classification' THEN traffic_is_positive(g.label, m.label -> 'classes') END AS label_positive
    FROM grouped g LEFT JOIN registered_models m ON m.id = g.model_id
    WHERE g.outcome
  ), totals AS (
    SELECT model_id, hour, version_id, sum(n) AS events,
           coalesce(sum(n) FILTER (WHERE label IS NOT NULL), 0) AS labeled,
           coalesce(sum(n) FILTER (WHERE predicted_label IS NULL AND scored IS NULL), 0) AS without_prediction,
           traffic_histogram(array_agg(score_bucket), array_agg(n), 20) AS score_histogram,
           coalesce(sum(n) FILTER (WHERE predicted_positive), 0) AS predicted_positive,
           coalesce(sum(n) FILTER (WHERE label_positive), 0) AS label_positive,
           coalesce(sum(n) FILTER (WHERE predicted_positive AND label_positive), 0) AS true_positive,
           coalesce(sum(n) FILTER (WHERE predicted_positive AND NOT label_positive), 0) AS false_positive,
           coalesce(sum(n) FILTER (WHERE NOT predicted_positive AND NOT label_positive), 0) AS true_negative,
           coalesce(sum(n) FILTER (WHERE NOT predicted_positive AND label_positive), 0) AS false_negative
    FROM judged GROUP BY 1, 2, 3
  )
  SELECT s.model_id, s.hour, s.version_id, s.events, s.labeled, s.without_prediction, l.histogram, s.score_histogram,
         s.predicted_positive, s.label_positive, s.true_positive, s.false_positive, s.true_negative, s.false_negative
  FROM totals s JOIN latency l USING (model_id, hour, version_id)
  ORDER BY 1, 2, 3
  ON CONFLICT (model_id, hour, version_id) DO UPDATE SET
    events = t.events + excluded.events,
    labeled = t.labeled + excluded.labeled,
    without_prediction = t.without_prediction + excluded.without_prediction,
    latency_histogram = traffic_histogram_add(t.latency_histogram, excluded.latency_histogram),
    score_histogram = traffic_histogram_add(t.score_histogram, excluded.score_histogram),
    predicted_positive = t.predicted_positive + excluded.predicted_positive,
    label_positive = t.label_positive + excluded.label_positive,
    true_positive = t.true_positive + excluded.true_positive,
    false_positive = t.false_positive + excluded.false_positive,
    true_negative = t.true_negative + excluded.true_negative,
    false_negative = t.false_negative + excluded.false_negative;
  IF prune THEN
    DELETE FROM traffic_hourly t USING (SELECT DISTINCT model_id, hour, version_id FROM unnest(groups)) AS g
    WHERE t.model_id = g.model_id AND t.hour = g.hour AND t.version_id = g.version_id AND t.events <= 0;
  END IF;
END $$;
--> statement-breakpoint
-- How a set of events becomes groups, as the text of a query that returns them as one
-- array: `source` is a relation or subquery with the event columns, `n` what each group
-- counts (count(*), -count(*), sum(sign)). The update and delete triggers and the backfill
-- EXECUTE it (planned at every run; label batches and deletes can afford that). The insert
-- trigger, on the ingestion path, holds the same query written out for 'inserted_rows' and
-- 'count(*)', so its plan is cached; hourly-counts.integration.test.ts checks they agree.
CREATE FUNCTION traffic_hourly_grouping(source text, n text) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
  SELECT format($q$SELECT array_agg(g.counted) FROM (
    SELECT ROW(model_id, date_bin('1 hour', occurred_at, '2000-01-01 00:00:00+00'), version_id, traffic_latency_bucket(latency_ms), traffic_score_bucket(score),
               label, predicted_label, score >= 0.5, grouping(traffic_latency_bucket(latency_ms)) = 1, %2$s)::traffic_hourly_group AS counted
    FROM %1$s
    GROUP BY GROUPING SETS ((model_id, date_bin('1 hour', occurred_at, '2000-01-01 00:00:00+00'), version_id, traffic_latency_bucket(latency_ms)),
                            (model_id, date_bin('1 hour', occurred_at, '2000-01-01 00:00:00+00'), version_id, traffic_score_bucket(score), label, predicted_label, score >= 0.5))
  ) AS g$q$, source, n)
$f$;
--> statement-breakpoint
-- The three triggers of 0006 keep their names (bench/ingest.ts drops and recreates the
-- insert trigger for its limit); their functions now count groups. date_bin from
-- 2000-01-01 UTC is the UTC hour, at a third of date_trunc(…, 'UTC')'s cost.
CREATE OR REPLACE FUNCTION traffic_hourly_count_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM traffic_hourly_apply((SELECT array_agg(g.counted) FROM (
    SELECT ROW(model_id, date_bin('1 hour', occurred_at, '2000-01-01 00:00:00+00'), version_id, traffic_latency_bucket(latency_ms), traffic_score_bucket(score),
               label, predicted_label, score >= 0.5, grouping(traffic_latency_bucket(latency_ms)) = 1, count(*))::traffic_hourly_group AS counted
    FROM inserted_rows
    GROUP BY GROUPING SETS ((model_id, date_bin('1 hour', occurred_at, '2000-01-01 00:00:00+00'), version_id, traffic_latency_bucket(latency_ms)),
                            (model_id, date_bin('1 hour', occurred_at, '2000-01-01 00:00:00+00'), version_id, traffic_score_bucket(score), label, predicted_label, score >= 0.5))
  ) AS g), false);
  RETURN NULL;
END $$;
--> statement-breakpoint
-- An update (labels, or an operator's correction of anything) removes the rows as they were
-- and adds them as they are.
CREATE OR REPLACE FUNCTION traffic_hourly_count_updated() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  groups traffic_hourly_group[];
BEGIN
  EXECUTE traffic_hourly_grouping(
    '(SELECT model_id, occurred_at, version_id, latency_ms, score, label, predicted_label, 1 AS sign FROM updated_rows
      UNION ALL SELECT model_id, occurred_at, version_id, latency_ms, score, label, predicted_label, -1 FROM previous_rows) AS r',
    'sum(sign)') INTO groups;
  PERFORM traffic_hourly_apply(groups, true);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION traffic_hourly_count_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  groups traffic_hourly_group[];
BEGIN
  EXECUTE traffic_hourly_grouping('deleted_rows', '-count(*)') INTO groups;
  PERFORM traffic_hourly_apply(groups, true);
  RETURN NULL;
END $$;
--> statement-breakpoint
-- The events already stored, counted as the insert trigger counts them.
DO $$
DECLARE
  groups traffic_hourly_group[];
BEGIN
  EXECUTE traffic_hourly_grouping('inference_events', 'count(*)') INTO groups;
  PERFORM traffic_hourly_apply(groups, false);
END $$;
