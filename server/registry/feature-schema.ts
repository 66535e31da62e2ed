import { z } from 'zod';
import { multilineText, singleLineText } from '@/server/validation/input-primitives';

// The declared inputs of a model: pure zod schemas shared by server, workers and UI.

export const MAX_FEATURE_NAME_LENGTH = 128;

/**
 * A feature or label name is data, written as the training code wrote it: scikit-learn's
 * `mean radius`, `größe`, `"quoted, name"`. Any single line of Unicode text of 1–128
 * characters (no control characters: tabs and line breaks break CSV headers, logs and the
 * UI) without spaces at either end (CSV headers and form fields are trimmed, so ` age` could
 * never be matched). Names are never interpolated into SQL or URLs unescaped:
 * events and reference rows store features positionally, in schema order.
 */
export const featureNameSchema = singleLineText(MAX_FEATURE_NAME_LENGTH)
  .min(1, 'a name needs at least one character')
  .refine((name) => name.trim() === name, 'the name starts or ends with a space');
const identifier = featureNameSchema;

export const numericFeatureSchema = z
  .object({
    name: identifier,
    type: z.literal('numeric'),
    description: multilineText(500).optional(),
    min: z.number().finite().optional(),
    max: z.number().finite().optional(),
    /** ONNX input this feature feeds; defaults to the model's only input. */
    input: singleLineText(200).min(1).optional(),
  })
  .refine((f) => f.min === undefined || f.max === undefined || f.min <= f.max, { message: 'min must not exceed max', path: ['max'] });

export const categoricalFeatureSchema = z.object({
  name: identifier,
  type: z.literal('categorical'),
  description: multilineText(500).optional(),
  /** Allowed values; a float input receives the value's index in this list. */
  categories: z.array(singleLineText(200).min(1)).min(1).max(10_000),
  input: singleLineText(200).min(1).optional(),
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
  classes: z.array(singleLineText(200).min(1)).min(2).max(1000).optional(),
});
export type Label = z.infer<typeof labelSchema>;

export const TASK_TYPES = ['binary_classification', 'multiclass_classification', 'regression'] as const;
export type TaskType = (typeof TASK_TYPES)[number];
export const TASK_LABELS: Record<TaskType, string> = {
  binary_classification: 'Binary classification',
  multiclass_classification: 'Multiclass classification',
  regression: 'Regression',
};
