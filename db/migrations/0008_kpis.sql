CREATE TABLE "kpi_definitions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"unit" text DEFAULT '' NOT NULL,
	"aggregation" text NOT NULL,
	"direction" text NOT NULL,
	"target" double precision,
	"alert_low" double precision,
	"alert_high" double precision,
	"model_id" uuid,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kpi_definitions_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "kpi_points" (
	"id" text PRIMARY KEY NOT NULL,
	"kpi_id" uuid NOT NULL,
	"time" timestamp with time zone NOT NULL,
	"value" double precision,
	"numerator" double precision,
	"denominator" double precision,
	"model_id" uuid,
	"segment" text,
	"ingested_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kpi_points_value_or_ratio" CHECK (("kpi_points"."value" IS NOT NULL AND "kpi_points"."numerator" IS NULL AND "kpi_points"."denominator" IS NULL) OR ("kpi_points"."value" IS NULL AND "kpi_points"."numerator" IS NOT NULL AND "kpi_points"."denominator" IS NOT NULL))
);
--> statement-breakpoint
ALTER TABLE "kpi_definitions" ADD CONSTRAINT "kpi_definitions_model_id_registered_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."registered_models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpi_points" ADD CONSTRAINT "kpi_points_kpi_id_kpi_definitions_id_fk" FOREIGN KEY ("kpi_id") REFERENCES "public"."kpi_definitions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpi_points" ADD CONSTRAINT "kpi_points_model_id_registered_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."registered_models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "kpi_points_kpi_time" ON "kpi_points" USING btree ("kpi_id","time");--> statement-breakpoint
CREATE INDEX "kpi_points_model_time" ON "kpi_points" USING btree ("model_id","time");