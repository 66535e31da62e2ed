CREATE TABLE "traffic_hourly" (
	"model_id" uuid NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"events" bigint NOT NULL,
	"labeled" bigint NOT NULL,
	"without_prediction" bigint NOT NULL,
	CONSTRAINT "traffic_hourly_model_id_hour_pk" PRIMARY KEY("model_id","hour")
);
--> statement-breakpoint
-- Hourly counts kept by statement-level triggers: every statement that inserts events (COPY
-- included) or changes labels adds its own rows' counts, in its own transaction, so the
-- counts can never disagree with the events. Hours are upserted in (model, hour) order, so
-- concurrent batches over the same hours queue on the same rows instead of deadlocking.
CREATE FUNCTION traffic_hourly_count_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO traffic_hourly AS t (model_id, hour, events, labeled, without_prediction)
  SELECT model_id, date_trunc('hour', occurred_at, 'UTC'), count(*), count(label),
         count(*) FILTER (WHERE score IS NULL AND predicted_label IS NULL)
  FROM inserted_rows GROUP BY 1, 2 ORDER BY 1, 2
  ON CONFLICT (model_id, hour) DO UPDATE SET events = t.events + excluded.events, labeled = t.labeled + excluded.labeled,
    without_prediction = t.without_prediction + excluded.without_prediction;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION traffic_hourly_count_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO traffic_hourly AS t (model_id, hour, events, labeled, without_prediction)
  SELECT n.model_id, date_trunc('hour', n.occurred_at, 'UTC'), 0,
         sum((n.label IS NOT NULL)::int - (o.label IS NOT NULL)::int),
         sum((n.score IS NULL AND n.predicted_label IS NULL)::int - (o.score IS NULL AND o.predicted_label IS NULL)::int)
  FROM updated_rows n JOIN previous_rows o USING (model_id, request_id, occurred_at)
  GROUP BY 1, 2 ORDER BY 1, 2
  ON CONFLICT (model_id, hour) DO UPDATE SET labeled = t.labeled + excluded.labeled, without_prediction = t.without_prediction + excluded.without_prediction;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER inference_events_count_inserted AFTER INSERT ON inference_events
  REFERENCING NEW TABLE AS inserted_rows FOR EACH STATEMENT EXECUTE FUNCTION traffic_hourly_count_inserted();
--> statement-breakpoint
CREATE TRIGGER inference_events_count_updated AFTER UPDATE ON inference_events
  REFERENCING OLD TABLE AS previous_rows NEW TABLE AS updated_rows FOR EACH STATEMENT EXECUTE FUNCTION traffic_hourly_count_updated();
--> statement-breakpoint
-- Vigil itself never deletes single events (retention drops whole partitions and deletes their
-- hours); an operator's DELETE (an erasure request, say) or TRUNCATE is followed all the same.
CREATE FUNCTION traffic_hourly_count_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO traffic_hourly AS t (model_id, hour, events, labeled, without_prediction)
  SELECT model_id, date_trunc('hour', occurred_at, 'UTC'), -count(*), -count(label),
         -count(*) FILTER (WHERE score IS NULL AND predicted_label IS NULL)
  FROM deleted_rows GROUP BY 1, 2 ORDER BY 1, 2
  ON CONFLICT (model_id, hour) DO UPDATE SET events = t.events + excluded.events, labeled = t.labeled + excluded.labeled,
    without_prediction = t.without_prediction + excluded.without_prediction;
  DELETE FROM traffic_hourly WHERE events <= 0 AND model_id IN (SELECT DISTINCT model_id FROM deleted_rows);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION traffic_hourly_clear() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM traffic_hourly;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER inference_events_count_deleted AFTER DELETE ON inference_events
  REFERENCING OLD TABLE AS deleted_rows FOR EACH STATEMENT EXECUTE FUNCTION traffic_hourly_count_deleted();
--> statement-breakpoint
CREATE TRIGGER inference_events_truncated AFTER TRUNCATE ON inference_events FOR EACH STATEMENT EXECUTE FUNCTION traffic_hourly_clear();
--> statement-breakpoint
-- The events already stored; writers wait meanwhile, so none is counted twice or missed.
LOCK TABLE inference_events IN SHARE MODE;
--> statement-breakpoint
INSERT INTO traffic_hourly (model_id, hour, events, labeled, without_prediction)
SELECT model_id, date_trunc('hour', occurred_at, 'UTC'), count(*), count(label), count(*) FILTER (WHERE score IS NULL AND predicted_label IS NULL)
FROM inference_events GROUP BY 1, 2;
