import { z } from 'zod';
import { doubleNumber, int4, jsonValue, multilineText, singleLineText } from '@/server/validation/input-primitives';
import { DECISION_RULES, SCORE_ACTIVATIONS } from '@/server/onnx/decision-rule';
import { featureListSchema, labelSchema, TASK_TYPES } from './feature-schema';

export const modelNameSchema = z
  .string()
  .min(2)
  .max(64)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'use lower-case letters, digits and single hyphens (a slug like credit-risk)');

export const modelCardSchema = z.object({
  intendedUse: multilineText(20_000).default(''),
  limitations: multilineText(20_000).default(''),
  trainingData: multilineText(20_000).default(''),
  ethicalConsiderations: multilineText(20_000).default(''),
  decisions: multilineText(20_000).default(''),
});

export const createModelSchema = z
  .object({
    name: modelNameSchema,
    description: multilineText(5000).default(''),
    taskType: z.enum(TASK_TYPES),
    tags: z.array(singleLineText(50, { trim: true }).min(1)).max(50).default([]),
    repository: z
      .string()
      .regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, 'use owner/name, as on GitHub')
      .optional(),
    features: featureListSchema,
    label: labelSchema,
    protectedAttributes: z.array(singleLineText(100).min(1)).max(50).default([]),
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
  search: singleLineText(100, { trim: true }).optional(),
  tag: singleLineText(50, { trim: true }).optional(),
  owner: singleLineText(254, { trim: true }).optional(),
  status: z.enum(['registered', 'validated', 'invalid', 'in_review', 'approved', 'deployed', 'rejected', 'archived']).optional(),
});
export type ModelListFilter = z.infer<typeof modelListFilterSchema>;

const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'a lower-case hex SHA-256 digest');

/** How a classifier's outputs become decisions; omitted: the score rule when the model has a score output, else its label output. */
export const decisionRuleInputSchema = z
  .object({
    rule: z.enum(DECISION_RULES),
    /** Binary models, rule 'score': positive when P(positive) ≥ threshold. Default 0.5. */
    threshold: z.number().min(0).max(1).optional(),
  })
  .strict()
  .refine((d) => d.rule === 'score' || d.threshold === undefined, { message: 'a threshold goes with the score rule, not the label output', path: ['threshold'] });

export const createVersionSchema = z.object({
  /** Digest of an artifact uploaded before with PUT /api/v1/artifacts/sha256/{digest}. */
  artifactSha256: sha256Schema,
  /** Omit to take the next number; give one to make retries of the same push safe (409 when taken). */
  version: int4().optional(),
  description: multilineText(5000).default(''),
  gitSha: z.string().regex(/^[0-9a-f]{7,64}$/i, 'a hex git commit sha').optional(),
  repository: singleLineText(200).optional(),
  ciRunUrl: z.url().max(2000).optional(),
  releaseTag: singleLineText(200).optional(),
  datasetName: singleLineText(200).optional(),
  datasetHash: singleLineText(200).optional(),
  hyperparameters: z.record(singleLineText(200), jsonValue()).default({}),
  metrics: z.record(singleLineText(200), doubleNumber()).default({}),
  decision: decisionRuleInputSchema.optional(),
  /** What turns the score output into probabilities: 'sigmoid' for one logit per row, 'softmax' for one per class. */
  scoreActivation: z.enum(SCORE_ACTIVATIONS).default('none'),
});
export type CreateVersionInput = z.input<typeof createVersionSchema>;
