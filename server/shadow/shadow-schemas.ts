import { z } from 'zod';
import { coercedDateInRange, int4, singleLineText } from '@/server/validation/input-primitives';
import { modelNameSchema } from '@/server/registry/model-schemas';

// Inputs of the shadow-evaluation procedures: pure zod, shared by the router and the forms.

export const MAX_SHADOW_EVENTS = 50_000_000;

/**
 * Versions a shadow run may evaluate: validated by onnxruntime, whatever happened to them
 * since (under review, approved, deployed). Never registered (unchecked), invalid, rejected
 * or archived ones.
 */
export const SHADOW_CANDIDATE_STATUSES = ['validated', 'in_review', 'approved', 'deployed'] as const;

export const shadowWindowSchema = z.union([
  z
    .object({ from: coercedDateInRange(), to: coercedDateInRange() })
    .refine((w) => w.from.getTime() < w.to.getTime(), { message: 'the window must end after it starts', path: ['to'] }),
  z.object({ lastEvents: z.number().int().positive().max(MAX_SHADOW_EVENTS) }),
]);
export type ShadowWindow = z.infer<typeof shadowWindowSchema>;

export const startShadowRunSchema = z.object({
  model: modelNameSchema,
  candidateVersion: int4(),
  window: shadowWindowSchema,
  /** A feature (or protected attribute) to break the results down by. */
  sliceFeature: singleLineText(128, { trim: true }).min(1).optional(), // a feature name: up to 128 characters
});
export type StartShadowRunInput = z.infer<typeof startShadowRunSchema>;
/** The REST body of the same start (the model is in the path); unknown fields are refused, so a misspelt option is not silently dropped. */
export const startShadowRunBody = startShadowRunSchema.omit({ model: true }).strict();

export const shadowRunRefSchema = z.object({ runId: z.uuid() });
export const shadowRunListSchema = z.object({ model: modelNameSchema });
export const shadowRunsOfVersionSchema = z.object({ model: modelNameSchema, version: int4() });
