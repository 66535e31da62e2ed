import { z } from 'zod';
import { listOffset, realNumber, singleLineText } from '@/server/validation/input-primitives';
import { ALERT_KINDS } from '@/db/schema';
import { modelNameSchema } from '@/server/registry/model-schemas';
import { ALERT_KIND_INFO } from './alert-kinds';

export const ALERT_SEVERITIES = ['warning', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

/** Why `threshold` does not fit `kind`, or null when it does. */
export function thresholdProblem(kind: (typeof ALERT_KINDS)[number], threshold: number): string | null {
  const info = ALERT_KIND_INFO[kind];
  if (threshold < info.minThreshold) return `${info.label}: the threshold must be at least ${info.minThreshold}`;
  if (info.maxThreshold !== null && threshold > info.maxThreshold) return `${info.label}: the threshold must be at most ${info.maxThreshold} (a share between 0 and 1)`;
  return null;
}

export const createAlertRuleSchema = z
  .object({
    modelName: modelNameSchema,
    kind: z.enum(ALERT_KINDS),
    feature: singleLineText(200, { trim: true }).min(1).nullish(),
    /** Omitted for kinds without one (feature_drift), else the kind's default. */
    threshold: realNumber().optional(),
    severity: z.enum(ALERT_SEVERITIES).default('warning'),
  })
  .superRefine((rule, ctx) => {
    const info = ALERT_KIND_INFO[rule.kind];
    if (info.needsFeature && !rule.feature) ctx.addIssue({ code: 'custom', path: ['feature'], message: `${info.label} needs a feature` });
    if (!info.needsFeature && rule.feature) ctx.addIssue({ code: 'custom', path: ['feature'], message: `${info.label} applies to the whole model, not to a feature` });
    const problem = rule.threshold === undefined ? null : thresholdProblem(rule.kind, rule.threshold);
    if (problem) ctx.addIssue({ code: 'custom', path: ['threshold'], message: problem });
  });

export const updateAlertRuleSchema = z.object({
  ruleId: z.uuid(),
  threshold: realNumber().optional(),
  severity: z.enum(ALERT_SEVERITIES).optional(),
  enabled: z.boolean().optional(),
});

export const ruleIdSchema = z.object({ ruleId: z.uuid() });
export const modelRefSchema = z.object({ modelName: modelNameSchema });
export const listAlertsSchema = z.object({
  modelName: modelNameSchema,
  status: z.enum(['open', 'resolved']).optional(),
  limit: z.number().int().min(1).max(500).default(100),
  offset: listOffset(),
});

export type CreateAlertRuleInput = z.input<typeof createAlertRuleSchema>;
export type UpdateAlertRuleInput = z.infer<typeof updateAlertRuleSchema>;
export type ListAlertsInput = z.infer<typeof listAlertsSchema>;
