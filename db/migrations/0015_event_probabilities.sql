-- Issue 19: a multiclass event may carry each class's probability (real[] in the model's declared
-- class order), so log loss, one-vs-rest ROC AUC and multiclass CBPE can be computed from traffic.
-- Nullable and without default: adding it rewrites no partition.
ALTER TABLE "inference_events" ADD COLUMN "probabilities" real[];