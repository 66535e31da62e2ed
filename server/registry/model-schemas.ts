import { z } from 'zod';
import { featureListSchema, labelSchema, TASK_TYPES } from './feature-schema';

export const modelNameSchema = z
  .string()
  .min(2)
  .max(64)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'use lower-case letters, digits and single hyphens (a slug like credit-risk)');

export const modelCardSchema = z.object({
  intendedUse: z.string().max(20_000).default(''),
  limitations: z.string().max(20_000).default(''),
  trainingData: z.string().max(20_000).default(''),
  ethicalConsiderations: z.string().max(20_000).default(''),
  decisions: z.string().max(20_000).default(''),
});

export const createModelSchema = z
  .object({
    name: modelNameSchema,
    description: z.string().max(5000).default(''),
    taskType: z.enum(TASK_TYPES),
    tags: z.array(z.string().trim().min(1).max(50)).max(50).default([]),
    repository: z
      .string()
      .regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, 'use owner/name, as on GitHub')
      .optional(),
    features: featureListSchema,
    label: labelSchema,
    protectedAttributes: z.array(z.string().min(1).max(100)).max(50).default([]),
    /** Email of the owning user; defaults to the user who registers the model. */
    ownerEmail: z.email().optional(),
    card: modelCardSchema.optional(),
  })
  .superRefine((m, ctx) => {
    if (m.taskType === 'binary_classification' && m.label.classes && m.label.classes.length !== 2) {
      ctx.addIssue({ code: 'custom', path: ['label', 'classes'], message: 'a binary classifier has exactly two classes' });
    }
    const names = new Set(m.features.map((f) => f.name));
    if (names.has(m.label.name)) ctx.addIssue({ code: 'custom', path: ['label', 'name'], message: 'the label cannot also be a feature' });
  });
export type CreateModelInput = z.input<typeof createModelSchema>;

export const updateCardSchema = z.object({ model: modelNameSchema, card: modelCardSchema });

export const modelListFilterSchema = z.object({
  search: z.string().trim().max(100).optional(),
  tag: z.string().trim().max(50).optional(),
  owner: z.string().trim().max(254).optional(),
  status: z.enum(['registered', 'validated', 'invalid', 'in_review', 'approved', 'deployed', 'rejected', 'archived']).optional(),
});
export type ModelListFilter = z.infer<typeof modelListFilterSchema>;

const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'a lower-case hex SHA-256 digest');

export const createVersionSchema = z.object({
  /** Digest of an artifact uploaded before with PUT /api/v1/artifacts/sha256/{digest}. */
  artifactSha256: sha256Schema,
  /** Omit to take the next number; give one to make retries of the same push safe (409 when taken). */
  version: z.number().int().positive().optional(),
  description: z.string().max(5000).default(''),
  gitSha: z.string().regex(/^[0-9a-f]{7,64}$/i, 'a hex git commit sha').optional(),
  repository: z.string().max(200).optional(),
  ciRunUrl: z.url().max(2000).optional(),
  releaseTag: z.string().max(200).optional(),
  datasetName: z.string().max(200).optional(),
  datasetHash: z.string().max(200).optional(),
  hyperparameters: z.record(z.string().max(200), z.unknown()).default({}),
  metrics: z.record(z.string().max(200), z.number().finite()).default({}),
});
export type CreateVersionInput = z.input<typeof createVersionSchema>;
