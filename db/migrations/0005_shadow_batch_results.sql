CREATE TABLE "shadow_batch_results" (
	"run_id" uuid NOT NULL,
	"batch_no" integer NOT NULL,
	"row_count" integer NOT NULL,
	"label_values" jsonb NOT NULL,
	"candidate_scores" "bytea" NOT NULL,
	"serving_scores" "bytea" NOT NULL,
	"candidate_labels" "bytea" NOT NULL,
	"serving_labels" "bytea" NOT NULL,
	"labels" "bytea" NOT NULL,
	"latency_ms" "bytea" NOT NULL,
	"slice_values" jsonb,
	"slices" "bytea",
	"serving_versions" jsonb NOT NULL,
	"largest_differences" jsonb NOT NULL,
	CONSTRAINT "shadow_batch_results_run_id_batch_no_pk" PRIMARY KEY("run_id","batch_no")
);
--> statement-breakpoint
DROP TABLE "shadow_results" CASCADE;--> statement-breakpoint
ALTER TABLE "shadow_batch_results" ADD CONSTRAINT "shadow_batch_results_run_id_batch_no_shadow_batches_run_id_batch_no_fk" FOREIGN KEY ("run_id","batch_no") REFERENCES "public"."shadow_batches"("run_id","batch_no") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Result columns are written once per batch and read once per run: lz4 compresses the label
-- codes about as well as the default pglz at a fraction of its cost. A server built without
-- lz4 keeps pglz.
DO $$
BEGIN
  ALTER TABLE "shadow_batch_results"
    ALTER COLUMN "candidate_scores" SET COMPRESSION lz4,
    ALTER COLUMN "serving_scores" SET COMPRESSION lz4,
    ALTER COLUMN "candidate_labels" SET COMPRESSION lz4,
    ALTER COLUMN "serving_labels" SET COMPRESSION lz4,
    ALTER COLUMN "labels" SET COMPRESSION lz4,
    ALTER COLUMN "latency_ms" SET COMPRESSION lz4,
    ALTER COLUMN "slices" SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
  RAISE NOTICE 'lz4 is not available: shadow results use the default compression';
END $$;
