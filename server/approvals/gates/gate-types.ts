import type { JudgedDisparity, JudgedGrouping } from '@/server/fairness/judged-disparities';
// The contract every gate implements: it reads evidence loaded once per evaluation and a
// policy's configuration for it, and says pass / fail / missing / not applicable with the
// numbers behind it.
// Pure: no I/O, no clock. Evidence is JSON-friendly (ISO strings for times) because the
// evidence behind each decision is frozen into the decision row.

export const GATE_NAMES = ['onnx_validation', 'training_metrics', 'shadow_run', 'no_critical_drift_alert', 'fairness'] as const;
export type GateName = (typeof GATE_NAMES)[number];

/** What people call each gate, wherever a gate is named (pages, messages, lists of blocking gates). */
export const GATE_LABELS: Record<GateName, string> = {
  onnx_validation: 'ONNX validation',
  training_metrics: 'Training metrics',
  shadow_run: 'Shadow evaluation',
  no_critical_drift_alert: 'No critical drift alert',
  fairness: 'Fairness',
};

/**
 * `not_applicable`: there is nothing to judge (e.g. no serving version to compare a shadow run
 * against). It never blocks, but it is not a pass: the reviewer sees that nothing was checked.
 */
export const GATE_STATUSES = ['pass', 'fail', 'missing', 'not_applicable'] as const;
export type GateStatus = (typeof GATE_STATUSES)[number];

/** Whether a required gate with this status blocks approval. */
export function statusBlocks(status: GateStatus): boolean {
  return status === 'fail' || status === 'missing';
}

export interface GateResult {
  gate: GateName;
  status: GateStatus;
  /** One sentence a reviewer reads: what was checked and what came out. */
  summary: string;
  /** The numbers behind the verdict (values and the thresholds they were judged against). */
  numbers: Record<string, number | string | null>;
  /** Where the evidence can be inspected in the portal. */
  link: string | null;
}

/** A gate's result within a request: whether the policy requires it, and so whether it blocks. */
export interface EvaluatedGate extends GateResult {
  label: string;
  required: boolean;
  /** Required and failing or missing: approval is refused unless an admin overrode the gates. */
  blocking: boolean;
}

export interface VersionEvidence {
  id: string;
  version: number;
  status: string;
  statusReason: string | null;
  metrics: Record<string, number>;
  validatedAt: string | null;
}

/** What a completed shadow run says about the candidate against the serving version. */
export interface ShadowEvidence {
  runId: string;
  finishedAt: string | null;
  /** Events replayed through both versions. */
  events: number;
  /** The registered version that served most of the replayed events (the run's "serving" side). */
  servingVersion: number | null;
  /** Share of events where both versions predict the same label (0–1). */
  agreementRate: number | null;
  /** Events with ground truth, on which accuracies are compared. */
  labeledEvents: number | null;
  candidateAccuracy: number | null;
  servingAccuracy: number | null;
  /** accuracy(candidate) − accuracy(serving), with its confidence interval. */
  accuracyDifference: number | null;
  accuracyDifferenceLower: number | null;
  accuracyDifferenceUpper: number | null;
  confidenceLevel: number | null;
  mcnemarPValue: number | null;
  /**
   * The model's task type as the run recorded it. Absent (binary) in evidence frozen before
   * regression runs existed, as are the regression fields below.
   */
  taskType?: string | null;
  /** Regression: each version's MAE on the labelled events, and MAE(candidate) − MAE(serving) with its bootstrap interval. */
  candidateMae?: number | null;
  servingMae?: number | null;
  maeDifference?: number | null;
  maeDifferenceLower?: number | null;
  maeDifferenceUpper?: number | null;
  /** Wilcoxon signed-rank test on the per-event difference of absolute errors. */
  wilcoxonPValue?: number | null;
  /** Whether the signed ranks point to the candidate's absolute errors being the larger ones. */
  wilcoxonCandidateWorse?: boolean | null;
}

export interface AlertEvidence {
  id: string;
  kind: string;
  severity: 'warning' | 'critical';
  message: string;
  openedAt: string;
  value: number | null;
}

/** Everything gates read, loaded once per evaluation (see evidence-loader.ts). */
export interface Evidence {
  /** taskType is absent (binary) in evidence frozen before task types were judged apart. */
  model: { id: string; name: string; taskType?: string };
  environment: string;
  /** A rollback returns to a version that served this environment before. */
  kind: 'promotion' | 'rollback';
  candidate: VersionEvidence;
  /** The version the environment's alias points at now; null before the first deployment. */
  serving: VersionEvidence | null;
  /** The latest completed shadow run of the candidate, if any. */
  shadow: ShadowEvidence | null;
  /** Open alerts on the model (its serving traffic). */
  openAlerts: AlertEvidence[];
  /** The candidate's latest finished fairness report (shadow population, else reference, else its own traffic). */
  fairness: FairnessEvidence | null;
}

/** What the fairness gate reads of a report: per grouping, its judged groups' headline disparities. */
export interface FairnessEvidence {
  reportId: string;
  population: 'traffic' | 'shadow' | 'reference';
  finishedAt: string | null;
  rows: number;
  groupings: JudgedGrouping[];
}

export type { JudgedDisparity };

export type Gate<C> = (evidence: Evidence, config: C) => GateResult;

/** Portal paths the gates link to (the UI resolves them against its own origin). */
export const evidenceLinks = {
  version: (model: string, version: number) => `/models/${encodeURIComponent(model)}/versions/${version}`,
  monitoring: (model: string) => `/models/${encodeURIComponent(model)}/monitoring`,
  fairness: (model: string) => `/models/${encodeURIComponent(model)}/fairness`,
  shadowRun: (model: string, runId: string) => `/models/${encodeURIComponent(model)}/shadow/${runId}`,
  fairnessReport: (model: string, reportId: string) => `/models/${encodeURIComponent(model)}/fairness?report=${reportId}`,
};
