CREATE TABLE "model_card_revisions" (
	"model_id" uuid NOT NULL,
	"revision" integer NOT NULL,
	"content" jsonb NOT NULL,
	"edited_by" text NOT NULL,
	"edited_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "model_card_revisions_model_id_revision_pk" PRIMARY KEY("model_id","revision")
);
--> statement-breakpoint
CREATE TABLE "model_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"model_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"artifact_sha256" text NOT NULL,
	"artifact_size" bigint NOT NULL,
	"signature" jsonb,
	"git_sha" text,
	"repository" text,
	"ci_run_url" text,
	"release_tag" text,
	"dataset_name" text,
	"dataset_hash" text,
	"hyperparameters" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"metrics" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"created_by_type" text NOT NULL,
	"created_by_id" text,
	"created_by_label" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status" text DEFAULT 'registered' NOT NULL,
	"status_reason" text,
	"validation" jsonb
);
--> statement-breakpoint
CREATE TABLE "registered_models" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"task_type" text NOT NULL,
	"owner_id" uuid,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"repository" text,
	"features" jsonb NOT NULL,
	"label" jsonb NOT NULL,
	"protected_attributes" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "registered_models_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "inbound_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"source" text NOT NULL,
	"delivery_id" text,
	"event" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"verified" boolean NOT NULL,
	"outcome" text NOT NULL,
	"http_status" integer NOT NULL,
	"detail" text,
	"release_id" uuid
);
--> statement-breakpoint
CREATE TABLE "releases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"model_id" uuid NOT NULL,
	"version_id" uuid,
	"source" text NOT NULL,
	"kind" text NOT NULL,
	"name" text,
	"tag" text,
	"git_sha" text,
	"url" text,
	"run_url" text,
	"reported_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_secrets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"source" text NOT NULL,
	"label" text NOT NULL,
	"encrypted_secret" text NOT NULL,
	"hint" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "model_card_revisions" ADD CONSTRAINT "model_card_revisions_model_id_registered_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."registered_models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "model_versions" ADD CONSTRAINT "model_versions_model_id_registered_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."registered_models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registered_models" ADD CONSTRAINT "registered_models_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "releases" ADD CONSTRAINT "releases_model_id_registered_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."registered_models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "releases" ADD CONSTRAINT "releases_version_id_model_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."model_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "model_versions_model_version" ON "model_versions" USING btree ("model_id","version");--> statement-breakpoint
CREATE INDEX "model_versions_git_sha" ON "model_versions" USING btree ("model_id","git_sha");--> statement-breakpoint
CREATE INDEX "model_versions_release_tag" ON "model_versions" USING btree ("model_id","release_tag");--> statement-breakpoint
CREATE INDEX "model_versions_status" ON "model_versions" USING btree ("status");--> statement-breakpoint
CREATE INDEX "registered_models_repository" ON "registered_models" USING btree ("repository");--> statement-breakpoint
CREATE UNIQUE INDEX "inbound_deliveries_source_delivery" ON "inbound_deliveries" USING btree ("source","delivery_id") WHERE verified;--> statement-breakpoint
CREATE INDEX "inbound_deliveries_received_at" ON "inbound_deliveries" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "releases_model_sha" ON "releases" USING btree ("model_id","git_sha");--> statement-breakpoint
CREATE INDEX "releases_model_tag" ON "releases" USING btree ("model_id","tag");