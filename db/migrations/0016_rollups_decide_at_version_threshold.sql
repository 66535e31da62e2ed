-- Issue 19: the rollups' confusion counts decide an event without a logged label as its
-- version does (score ≥ the version's stored decision threshold, default 0.5), as realized
-- performance, fairness reports and shadow replay do, instead of score ≥ 0.5 for every
-- version. The threshold comes from a join with model_versions (a hash of a small table per
-- statement); thresholds are fixed at registration, so counted groups never go stale.
-- Writers wait for the whole migration (one transaction), so the recount misses nothing.
LOCK TABLE inference_events IN SHARE MODE;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION traffic_hourly_grouping(source text, n text) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
  SELECT format($q$SELECT array_agg(g.counted) FROM (
    SELECT ROW(e.model_id, date_bin('1 hour', e.occurred_at, '2000-01-01 00:00:00+00'), e.version_id, traffic_latency_bucket(e.latency_ms), traffic_score_bucket(e.score),
               e.label, e.predicted_label, e.score >= coalesce(v.decision_threshold, 0.5), grouping(traffic_latency_bucket(e.latency_ms)) = 1, %2$s)::traffic_hourly_group AS counted
    FROM (SELECT * FROM %1$s) AS e LEFT JOIN model_versions v ON v.id = e.version_id
    GROUP BY GROUPING SETS ((e.model_id, date_bin('1 hour', e.occurred_at, '2000-01-01 00:00:00+00'), e.version_id, traffic_latency_bucket(e.latency_ms)),
                            (e.model_id, date_bin('1 hour', e.occurred_at, '2000-01-01 00:00:00+00'), e.version_id, traffic_score_bucket(e.score), e.label, e.predicted_label, e.score >= coalesce(v.decision_threshold, 0.5)))
  ) AS g$q$, source, n)
$f$;
--> statement-breakpoint
-- The insert trigger holds traffic_hourly_grouping('inserted_rows', 'count(*)') written out,
-- so its plan is cached (hourly-counts.integration.test.ts checks they agree).
CREATE OR REPLACE FUNCTION traffic_hourly_count_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM traffic_hourly_apply((SELECT array_agg(g.counted) FROM (
    SELECT ROW(e.model_id, date_bin('1 hour', e.occurred_at, '2000-01-01 00:00:00+00'), e.version_id, traffic_latency_bucket(e.latency_ms), traffic_score_bucket(e.score),
               e.label, e.predicted_label, e.score >= coalesce(v.decision_threshold, 0.5), grouping(traffic_latency_bucket(e.latency_ms)) = 1, count(*))::traffic_hourly_group AS counted
    FROM (SELECT * FROM inserted_rows) AS e LEFT JOIN model_versions v ON v.id = e.version_id
    GROUP BY GROUPING SETS ((e.model_id, date_bin('1 hour', e.occurred_at, '2000-01-01 00:00:00+00'), e.version_id, traffic_latency_bucket(e.latency_ms)),
                            (e.model_id, date_bin('1 hour', e.occurred_at, '2000-01-01 00:00:00+00'), e.version_id, traffic_score_bucket(e.score), e.label, e.predicted_label, e.score >= coalesce(v.decision_threshold, 0.5)))
  ) AS g), false);
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Only versions with another threshold than 0.5 were counted differently: their rollups are
-- counted again from their events.
DO $$
DECLARE
  groups traffic_hourly_group[];
BEGIN
  DELETE FROM traffic_hourly WHERE version_id IN (SELECT id FROM model_versions WHERE decision_threshold <> 0.5);
  EXECUTE traffic_hourly_grouping(
    '(SELECT i.* FROM inference_events i JOIN model_versions mv ON mv.id = i.version_id WHERE mv.decision_threshold <> 0.5) AS r', 'count(*)') INTO groups;
  PERFORM traffic_hourly_apply(groups, false);
END $$;
