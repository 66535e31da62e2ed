import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { featureListSchema, labelSchema, TASK_TYPES } from '@/server/registry/feature-schema';

// What `npm run samples` wrote, read back through zod: the seed, the demo and later tests
// register these models with the lineage a CI pipeline would report, and upload each
// model's reference dataset.

export const SAMPLE_MODELS_DIR = path.join(import.meta.dirname, 'models');
export const SAMPLE_MANIFEST_FILE = 'credit-risk-samples.json';

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

export const protectedAttributeSchema = z.object({ name: z.string(), groups: z.array(z.string()).min(2) });

export const sampleDatasetSchema = z.object({
  name: z.string(),
  /** SHA-256 of the canonical CSV of the training rows (see applicantsCsv). */
  sha256: sha256Hex,
  seed: z.number().int(),
  trainRows: z.number().int().positive(),
  testRows: z.number().int().positive(),
});

export const sampleModelSchema = z.object({
  file: z.string(),
  modelName: z.string(),
  version: z.number().int().positive(),
  description: z.string(),
  algorithm: z.enum(['logistic_regression', 'mlp', 'linear_regression', 'softmax_regression']),
  taskType: z.enum(TASK_TYPES),
  sha256: sha256Hex,
  sizeBytes: z.number().int().positive(),
  featureSchema: featureListSchema,
  label: labelSchema,
  protectedAttributes: z.array(protectedAttributeSchema),
  hyperparameters: z.record(z.string(), z.union([z.number(), z.string()])),
  /**
   * Held-out test split metrics: binary (auc, accuracy, log_loss, precision, recall, brier,
   * positive_rate), regression (mae, rmse, r2), multiclass (accuracy, macro_f1, log_loss).
   */
  metrics: z.record(z.string(), z.number()),
  dataset: sampleDatasetSchema,
  gitSha: z.string().regex(/^[0-9a-f]{40}$/),
  ciRunUrl: z.url(),
});
export type SampleModel = z.infer<typeof sampleModelSchema>;

export const sampleManifestSchema = z.object({
  generator: z.string(),
  models: z.array(sampleModelSchema).min(1),
  /** One reference dataset per model (its versions share it). */
  references: z
    .array(
      z.object({
        modelName: z.string(),
        file: z.string(),
        sha256: sha256Hex,
        rows: z.number().int().positive(),
        /** The label and protected attributes ride along with the features in each row. */
        columns: z.array(z.string()),
      }),
    )
    .min(1),
});
export type SampleManifest = z.infer<typeof sampleManifestSchema>;

export async function loadSampleManifest(dir: string = SAMPLE_MODELS_DIR): Promise<SampleManifest> {
  const text = await readFile(path.join(dir, SAMPLE_MANIFEST_FILE), 'utf8');
  return sampleManifestSchema.parse(JSON.parse(text));
}

/** Absolute path of a file the manifest names. */
export function samplePath(file: string, dir: string = SAMPLE_MODELS_DIR): string {
  return path.join(dir, file);
}
