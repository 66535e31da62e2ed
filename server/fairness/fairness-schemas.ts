import { z } from 'zod';
import { int4, isoDateTime, singleLineText } from '@/server/validation/input-primitives';
import { FAIRNESS_POPULATIONS, fairnessSettingsSchema } from './fairness-settings';

// Inputs of the fairness procedures and REST endpoints, shared by both.

const modelName = singleLineText(200).min(1);

const runFields = z.object({
  population: z.enum(FAIRNESS_POPULATIONS).default('traffic'),
  /** The version judged: for traffic, the one that served; default the latest version with labelled traffic. */
  version: int4().optional(),
  /** Traffic window: the last `days` days, or from/to. */
  days: z.number().int().min(1).max(90).optional(),
  from: isoDateTime().optional(),
  to: isoDateTime().optional(),
  /** Shadow population: the completed run whose replayed traffic is judged (default the candidate's latest). */
  shadowRunId: z.uuid().optional(),
  /** Shadow population: judge the candidate's replayed decisions (default) or the serving version's logged ones on the same rows. */
  side: z.enum(['candidate', 'serving']).default('candidate'),
  /** Reference population: the dataset scored by the version (default the model's newest). */
  referenceId: z.uuid().optional(),
});

function checkedRun<T extends z.ZodType<z.output<typeof runFields>>>(schema: T) {
  return schema
    .refine((v) => !(v.days !== undefined && (v.from || v.to)), { message: 'Give either days or from/to, not both.', path: ['days'] })
    .refine((v) => !(v.from && v.to) || Date.parse(v.from) < Date.parse(v.to), { message: 'from must lie before to.', path: ['from'] });
}

/** The REST body (the model is in the path). */
export const runFairnessReportBody = checkedRun(runFields.strict());
export const runFairnessReportSchema = checkedRun(runFields.extend({ model: modelName }));
export type RunFairnessReportInput = z.input<typeof runFairnessReportSchema>;

export const fairnessReportRefSchema = z.object({ model: modelName, id: z.uuid() });
export const listFairnessReportsSchema = z.object({
  model: modelName,
  population: z.enum(FAIRNESS_POPULATIONS).optional(),
  limit: z.number().int().min(1).max(200).default(50),
});
export const updateFairnessSettingsSchema = z.object({ model: modelName, settings: fairnessSettingsSchema });
export const modelRefSchema = z.object({ model: modelName });
