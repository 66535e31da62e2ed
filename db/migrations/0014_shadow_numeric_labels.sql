-- Issue 19: a regression run's shadow batches store their ground truth as float64 per event
-- (NaN = none), so the finalize step computes exact paired statistics (Wilcoxon signed-rank,
-- bootstrap of the error difference) over every row; null for classifier runs.
ALTER TABLE "shadow_batch_results" ADD COLUMN "numeric_labels" "bytea";
