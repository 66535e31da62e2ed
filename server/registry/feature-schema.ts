import { z } from 'zod';

// The declared inputs of a model: pure zod schemas shared by server, workers and UI.
const identifier = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, 'use letters, digits, _ . - and start with a letter or _');

export const numericFeatureSchema = z
  .object({
    name: identifier,
    type: z.literal('numeric'),
    description: z.string().max(500).optional(),
    min: z.number().finite().optional(),
    max: z.number().finite().optional(),
    /** ONNX input this feature feeds; defaults to the model's only input. */
    input: z.string().min(1).max(200).optional(),
  })
  .refine((f) => f.min === undefined || f.max === undefined || f.min <= f.max, { message: 'min must not exceed max', path: ['max'] });

export const categoricalFeatureSchema = z.object({
  name: identifier,
  type: z.literal('categorical'),
  description: z.string().max(500).optional(),
  /** Allowed values; a float input receives the value's index in this list. */
  categories: z.array(z.string().min(1).max(200)).min(1).max(10_000),
  input: z.string().min(1).max(200).optional(),
});

export const featureSchema = z.discriminatedUnion('type', [numericFeatureSchema, categoricalFeatureSchema]);
export type Feature = z.infer<typeof featureSchema>;

export const featureListSchema = z
  .array(featureSchema)
  .min(1, 'declare at least one feature')
  .max(5000)
  .superRefine((features, ctx) => {
    const seen = new Set<string>();
    features.forEach((f, i) => {
      if (seen.has(f.name)) ctx.addIssue({ code: 'custom', message: `feature '${f.name}' is declared twice`, path: [i, 'name'] });
      seen.add(f.name);
    });
  });

export const labelSchema = z.object({
  name: identifier,
  /** Class names for classifiers, in the order of the model's output. */
  classes: z.array(z.string().min(1).max(200)).min(2).max(1000).optional(),
});
export type Label = z.infer<typeof labelSchema>;

export const TASK_TYPES = ['binary_classification', 'multiclass_classification', 'regression'] as const;
export type TaskType = (typeof TASK_TYPES)[number];
export const TASK_LABELS: Record<TaskType, string> = {
  binary_classification: 'Binary classification',
  multiclass_classification: 'Multiclass classification',
  regression: 'Regression',
};
