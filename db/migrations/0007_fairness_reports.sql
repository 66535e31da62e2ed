CREATE TABLE "fairness_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"model_id" uuid NOT NULL,
	"version_id" uuid NOT NULL,
	"population" text NOT NULL,
	"window_from" timestamp with time zone,
	"window_to" timestamp with time zone,
	"shadow_run_id" uuid,
	"reference_id" uuid,
	"settings" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"trigger" text NOT NULL,
	"row_count" integer,
	"report" jsonb,
	"error" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "fairness_settings" (
	"model_id" uuid PRIMARY KEY NOT NULL,
	"settings" jsonb NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "fairness_reports" ADD CONSTRAINT "fairness_reports_model_id_registered_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."registered_models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fairness_reports" ADD CONSTRAINT "fairness_reports_version_id_model_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."model_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fairness_reports" ADD CONSTRAINT "fairness_reports_shadow_run_id_shadow_runs_id_fk" FOREIGN KEY ("shadow_run_id") REFERENCES "public"."shadow_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fairness_reports" ADD CONSTRAINT "fairness_reports_reference_id_reference_datasets_id_fk" FOREIGN KEY ("reference_id") REFERENCES "public"."reference_datasets"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fairness_settings" ADD CONSTRAINT "fairness_settings_model_id_registered_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."registered_models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "fairness_reports_model_created" ON "fairness_reports" USING btree ("model_id","created_at");--> statement-breakpoint
CREATE INDEX "fairness_reports_version" ON "fairness_reports" USING btree ("version_id","population");--> statement-breakpoint
-- A finished report is evidence (gates link to it): it never changes once it left 'pending'.
CREATE FUNCTION fairness_reports_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status <> 'pending' THEN
    RAISE EXCEPTION 'fairness report % is frozen (status %)', OLD.id, OLD.status USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER fairness_reports_frozen BEFORE UPDATE ON fairness_reports FOR EACH ROW EXECUTE FUNCTION fairness_reports_frozen();
