-- Issue 20: the SHA-256 of the exact bytes of each reference upload, so a drift or fairness
-- report can be tied to the file it read. Earlier uploads keep NULL (never recorded).
ALTER TABLE "reference_datasets" ADD COLUMN "content_sha256" text;
