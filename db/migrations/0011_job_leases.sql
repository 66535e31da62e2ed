CREATE TABLE "job_leases" (
	"job_id" uuid PRIMARY KEY NOT NULL,
	"queue" text NOT NULL,
	"worker_id" text NOT NULL,
	"attempt" integer NOT NULL,
	"taken_at" timestamp with time zone DEFAULT now() NOT NULL,
	"renewed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "job_leases_worker" ON "job_leases" USING btree ("worker_id");--> statement-breakpoint
CREATE INDEX "job_leases_renewed_at" ON "job_leases" USING btree ("renewed_at");