-- Issue 19: a version's decision rule is part of its signature ('label' output or score ≥
-- threshold, chosen at registration or defaulted at validation), with the activation that
-- turns its score output into probabilities, and the ZipMap-free model Vigil runs when the
-- upload ends in a ZipMap (its digest beside the original artifact's).
ALTER TABLE "model_versions" ADD COLUMN "decision_rule" text;--> statement-breakpoint
ALTER TABLE "model_versions" ADD COLUMN "decision_threshold" double precision DEFAULT 0.5 NOT NULL;--> statement-breakpoint
ALTER TABLE "model_versions" ADD COLUMN "decision_stated" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "model_versions" ADD COLUMN "score_activation" text DEFAULT 'none' NOT NULL;--> statement-breakpoint
ALTER TABLE "model_versions" ADD COLUMN "derived_artifact" jsonb;