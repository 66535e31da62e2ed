import { z } from 'zod';
import { int4, singleLineText } from '@/server/validation/input-primitives';
import { ALERT_KINDS } from '@/db/schema/alerts';
import { GATE_LABELS, type GateName } from './gate-types';

// How a policy configures its gates (stored in promotion_policies.gates and snapshotted into
// every request). A gate absent from the object is still evaluated with its defaults, for the
// reviewer's information, but does not block. Example:
//
//   { "onnx_validation": { "required": true },
//     "training_metrics": { "required": true, "thresholds": { "auc": { "min": 0.75 }, "log_loss": { "max": 0.5 } } },
//     "shadow_run": { "required": true, "minEvents": 500, "alpha": 0.05, "requireLabels": false, "requireForFirstDeployment": true },
//     "no_critical_drift_alert": { "required": true, "kinds": ["drift_share", "feature_drift"] },
//     "fairness": { "required": false } }

export const metricThresholdSchema = z
  .object({ min: z.number().finite().optional(), max: z.number().finite().optional() })
  .strict()
  .refine((t) => t.min !== undefined || t.max !== undefined, 'give min, max or both')
  .refine((t) => t.min === undefined || t.max === undefined || t.min <= t.max, 'min must not exceed max');

const required = z.boolean().default(false);

export const onnxValidationConfigSchema = z.object({ required }).strict();
export const trainingMetricsConfigSchema = z
  .object({ required, thresholds: z.record(singleLineText(100).min(1), metricThresholdSchema).default({}) })
  .strict();
export const shadowRunConfigSchema = z
  .object({
    required,
    /** A completed run over at least this many events. */
    minEvents: int4(0).default(500),
    /**
     * Minimum share of events where both versions predict the same label, for any classifier;
     * absent: the task type's default (DEFAULT_MIN_AGREEMENT). A regressor decides nothing.
     */
    minAgreement: z.number().min(0).max(1).optional(),
    /** Significance level for "accuracy difference significantly negative" (McNemar), or "MAE significantly larger" (Wilcoxon, regression). */
    alpha: z.number().gt(0).lt(1).default(0.05),
    /** Without labelled events the accuracy difference cannot be judged: fail the gate (true) or pass on agreement alone (false). */
    requireLabels: z.boolean().default(false),
    /**
     * Nothing serves the environment yet (its first deployment): the gate is not applicable
     * (false), or it requires the candidate's latest completed shadow run over the model's
     * logged traffic — served by another environment's version, e.g. staging — to pass the same
     * checks (true). Without such a run the gate is missing, and blocks when required.
     */
    requireForFirstDeployment: z.boolean().default(false),
  })
  .strict();
/**
 * The agreement a classifier's shadow run needs when the policy states none. With K classes
 * two equally good versions split more borderline rows differently than with two (each row
 * has K − 1 boundaries to fall near), so 0.9 — right for a binary model — would reject
 * sound multiclass candidates on disagreement alone; accuracy is still judged by McNemar.
 */
export const DEFAULT_MIN_AGREEMENT = { binary_classification: 0.9, multiclass_classification: 0.8 } as const;

/** The agreement a shadow run must reach: the policy's, else its task type's default; null for a regressor (nothing to agree on). */
export function minAgreementFor(config: Pick<ShadowRunConfig, 'minAgreement'>, taskType: string | null | undefined): number | null {
  if (taskType === 'regression') return null;
  return config.minAgreement ?? (taskType === 'multiclass_classification' ? DEFAULT_MIN_AGREEMENT.multiclass_classification : DEFAULT_MIN_AGREEMENT.binary_classification);
}

export const driftAlertConfigSchema = z
  .object({ required, kinds: z.array(z.enum(ALERT_KINDS)).min(1).default(['drift_share', 'feature_drift']) })
  .strict();
export const fairnessConfigSchema = z
  .object({
    required,
    /** Disparate impact must lie within [min, max] for every grouping (the four-fifths rule by default). */
    disparateImpactMin: z.number().min(0).max(1).default(0.8),
    disparateImpactMax: z.number().min(1).default(1.25),
    /** Fairlearn's equalized odds difference at most this for every grouping. */
    maxEqualizedOddsDifference: z.number().min(0).max(1).default(0.1),
    /** A violation whose interval contains the fair value: 'warn' passes with a warning, 'fail' blocks. */
    insignificantViolations: z.enum(['warn', 'fail']).default('warn'),
  })
  .strict();

export const gateConfigSchema = z
  .object({
    onnx_validation: onnxValidationConfigSchema.optional(),
    training_metrics: trainingMetricsConfigSchema.optional(),
    shadow_run: shadowRunConfigSchema.optional(),
    no_critical_drift_alert: driftAlertConfigSchema.optional(),
    fairness: fairnessConfigSchema.optional(),
  })
  .strict();

export type GateConfig = z.output<typeof gateConfigSchema>;
export type GateConfigInput = z.input<typeof gateConfigSchema>;
export type OnnxValidationConfig = z.output<typeof onnxValidationConfigSchema>;
export type TrainingMetricsConfig = z.output<typeof trainingMetricsConfigSchema>;
export type ShadowRunConfig = z.output<typeof shadowRunConfigSchema>;
export type DriftAlertConfig = z.output<typeof driftAlertConfigSchema>;
export type FairnessConfig = z.output<typeof fairnessConfigSchema>;

/** Parses stored or snapshotted configuration, filling every default. */
export function parseGateConfig(value: unknown): GateConfig {
  return gateConfigSchema.parse(value ?? {});
}

export interface GateCatalogEntry {
  gate: GateName;
  label: string;
  description: string;
  /** Settings besides `required`, with their defaults, for the policy form. */
  settings: Record<string, unknown>;
}

export const GATE_CATALOG: GateCatalogEntry[] = [
  { gate: 'onnx_validation', label: GATE_LABELS.onnx_validation, description: 'The version loaded in onnxruntime and ran a synthetic batch (status validated).', settings: {} },
  {
    gate: 'training_metrics',
    label: GATE_LABELS.training_metrics,
    description: 'Metrics reported by CI meet their thresholds, e.g. { "auc": { "min": 0.75 }, "log_loss": { "max": 0.5 } }.',
    settings: { thresholds: {} },
  },
  {
    gate: 'shadow_run',
    label: GATE_LABELS.shadow_run,
    description:
      "The latest completed shadow run of the version covers at least minEvents events, agrees with the serving version on at least minAgreement of them, and its accuracy is not significantly worse (fails when the CI upper bound is below 0, or McNemar p < alpha with a negative difference). Without a stated minAgreement the task type decides: 90 % for a binary classifier, 80 % for a multiclass one (more classes, more borderline rows two good versions split differently). A regression model has no decision to agree on: its MAE must not be significantly worse (fails when the CI of the MAE difference lies above 0, or Wilcoxon signed-rank p < alpha with a larger MAE). Not applicable to a rollback, nor to the first deployment to the environment unless requireForFirstDeployment is set: then the candidate needs a completed shadow run over the model's logged traffic (served elsewhere, e.g. in staging) that passes the same checks.",
    settings: { minEvents: 500, minAgreement: { ...DEFAULT_MIN_AGREEMENT, regression: null }, alpha: 0.05, requireLabels: false, requireForFirstDeployment: false },
  },
  {
    gate: 'no_critical_drift_alert',
    label: GATE_LABELS.no_critical_drift_alert,
    description: "No open critical alert of the listed kinds on the model's serving traffic.",
    settings: { kinds: ['drift_share', 'feature_drift'] },
  },
  {
    gate: 'fairness',
    label: GATE_LABELS.fairness,
    description: "The candidate's fairness report (over a shadow run's replayed traffic, else the reference dataset, else its own traffic): disparate impact and equalized-odds difference on every judged group.",
    settings: { disparateImpactMin: 0.8, disparateImpactMax: 1.25, maxEqualizedOddsDifference: 0.1, insignificantViolations: 'warn' },
  },
];
