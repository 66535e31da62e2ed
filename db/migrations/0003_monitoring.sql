CREATE TABLE "inference_events" (
	"model_id" uuid NOT NULL,
	"request_id" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"version_id" uuid NOT NULL,
	"features" real[] NOT NULL,
	"attributes" jsonb,
	"score" real,
	"predicted_label" text,
	"latency_ms" real,
	"label" text,
	"labeled_at" timestamp with time zone,
	"ingested_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inference_events_model_id_request_id_occurred_at_pk" PRIMARY KEY("model_id","request_id","occurred_at")
) PARTITION BY RANGE ("occurred_at");
--> statement-breakpoint
CREATE TABLE "monitoring_configs" (
	"model_id" uuid PRIMARY KEY NOT NULL,
	"config" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reference_datasets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"model_id" uuid NOT NULL,
	"version_id" uuid,
	"name" text NOT NULL,
	"row_count" integer NOT NULL,
	"profile" jsonb NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reference_rows" (
	"reference_id" uuid NOT NULL,
	"row_no" integer NOT NULL,
	"features" real[] NOT NULL,
	"label" text,
	"attributes" jsonb,
	CONSTRAINT "reference_rows_reference_id_row_no_pk" PRIMARY KEY("reference_id","row_no")
);
--> statement-breakpoint
CREATE TABLE "alert_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"model_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"feature" text,
	"threshold" real NOT NULL,
	"severity" text DEFAULT 'warning' NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"rule_id" uuid NOT NULL,
	"model_id" uuid NOT NULL,
	"status" text NOT NULL,
	"severity" text NOT NULL,
	"value" real,
	"message" text NOT NULL,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "drift_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"model_id" uuid NOT NULL,
	"reference_id" uuid NOT NULL,
	"window_from" timestamp with time zone NOT NULL,
	"window_to" timestamp with time zone NOT NULL,
	"current_rows" integer NOT NULL,
	"dataset_drift" boolean NOT NULL,
	"drift_share" real NOT NULL,
	"features" jsonb NOT NULL,
	"prediction" jsonb,
	"performance" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbound_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"webhook_id" uuid NOT NULL,
	"message_id" text NOT NULL,
	"event_type" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_status_code" integer,
	"last_error" text,
	"next_attempt_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "outbound_webhooks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"url" text NOT NULL,
	"encrypted_secret" text NOT NULL,
	"events" text[] DEFAULT '{}'::text[] NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "shadow_batches" (
	"run_id" uuid NOT NULL,
	"batch_no" integer NOT NULL,
	"from_time" timestamp with time zone NOT NULL,
	"from_request_id" text NOT NULL,
	"to_time" timestamp with time zone NOT NULL,
	"to_request_id" text NOT NULL,
	"row_count" integer NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"duration_ms" integer,
	"done_at" timestamp with time zone,
	CONSTRAINT "shadow_batches_run_id_batch_no_pk" PRIMARY KEY("run_id","batch_no")
);
--> statement-breakpoint
CREATE TABLE "shadow_results" (
	"run_id" uuid NOT NULL,
	"request_id" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"candidate_score" real,
	"candidate_label" text,
	"serving_score" real,
	"serving_label" text,
	"label" text,
	"latency_ms" real,
	"slice" text,
	CONSTRAINT "shadow_results_run_id_request_id_occurred_at_pk" PRIMARY KEY("run_id","request_id","occurred_at")
);
--> statement-breakpoint
CREATE TABLE "shadow_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"model_id" uuid NOT NULL,
	"candidate_version_id" uuid NOT NULL,
	"window_from" timestamp with time zone,
	"window_to" timestamp with time zone,
	"max_events" integer,
	"slice_feature" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"total_events" integer,
	"processed_events" integer DEFAULT 0 NOT NULL,
	"batch_count" integer,
	"batches_done" integer DEFAULT 0 NOT NULL,
	"summary" jsonb,
	"error" text,
	"trigger" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "monitoring_configs" ADD CONSTRAINT "monitoring_configs_model_id_registered_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."registered_models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reference_datasets" ADD CONSTRAINT "reference_datasets_model_id_registered_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."registered_models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reference_datasets" ADD CONSTRAINT "reference_datasets_version_id_model_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."model_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reference_rows" ADD CONSTRAINT "reference_rows_reference_id_reference_datasets_id_fk" FOREIGN KEY ("reference_id") REFERENCES "public"."reference_datasets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_rules" ADD CONSTRAINT "alert_rules_model_id_registered_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."registered_models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_rule_id_alert_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."alert_rules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_model_id_registered_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."registered_models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drift_reports" ADD CONSTRAINT "drift_reports_model_id_registered_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."registered_models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drift_reports" ADD CONSTRAINT "drift_reports_reference_id_reference_datasets_id_fk" FOREIGN KEY ("reference_id") REFERENCES "public"."reference_datasets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbound_deliveries" ADD CONSTRAINT "outbound_deliveries_webhook_id_outbound_webhooks_id_fk" FOREIGN KEY ("webhook_id") REFERENCES "public"."outbound_webhooks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shadow_batches" ADD CONSTRAINT "shadow_batches_run_id_shadow_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."shadow_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shadow_results" ADD CONSTRAINT "shadow_results_run_id_shadow_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."shadow_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shadow_runs" ADD CONSTRAINT "shadow_runs_model_id_registered_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."registered_models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shadow_runs" ADD CONSTRAINT "shadow_runs_candidate_version_id_model_versions_id_fk" FOREIGN KEY ("candidate_version_id") REFERENCES "public"."model_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "inference_events_model_time" ON "inference_events" USING btree ("model_id","occurred_at");--> statement-breakpoint
CREATE UNIQUE INDEX "alerts_one_open_per_rule" ON "alerts" USING btree ("rule_id") WHERE status = 'open';--> statement-breakpoint
CREATE INDEX "alerts_model" ON "alerts" USING btree ("model_id","opened_at");--> statement-breakpoint
CREATE UNIQUE INDEX "drift_reports_model_window" ON "drift_reports" USING btree ("model_id","window_to");--> statement-breakpoint
CREATE INDEX "drift_reports_model_created" ON "drift_reports" USING btree ("model_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "outbound_deliveries_webhook_message" ON "outbound_deliveries" USING btree ("webhook_id","message_id");--> statement-breakpoint
CREATE INDEX "outbound_deliveries_created" ON "outbound_deliveries" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "shadow_runs_model" ON "shadow_runs" USING btree ("model_id","created_at");--> statement-breakpoint
-- Daily partitions of inference_events, created on demand by ingestion and ahead of time by
-- the maintenance job; retention drops whole partitions.
CREATE FUNCTION ensure_inference_partition(p_day date) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  part text := 'inference_events_' || to_char(p_day, 'YYYYMMDD');
BEGIN
  IF to_regclass(part) IS NULL THEN
    BEGIN
      EXECUTE format('CREATE TABLE %I PARTITION OF inference_events FOR VALUES FROM (%L) TO (%L)',
                     part, p_day::timestamp AT TIME ZONE 'UTC', (p_day + 1)::timestamp AT TIME ZONE 'UTC');
    EXCEPTION WHEN duplicate_table THEN
      NULL; -- created by a concurrent ingestion
    END;
  END IF;
  RETURN part;
END $$;
