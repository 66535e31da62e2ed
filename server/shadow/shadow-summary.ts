import { accuracyDifferenceInterval, type BootstrapInterval } from '@/server/statistics/bootstrap';
import { binaryMetrics, rocAucFromCounts, type BinaryMetrics, type ConfusionMatrix, type MannWhitneyCounts } from '@/server/statistics/classification-metrics';
import { mcnemar, type McNemarResult } from '@/server/statistics/mcnemar';
import { latencyPercentiles, type LatencyPercentiles } from '@/server/statistics/percentiles';
import type { TaskType } from '@/server/registry/feature-schema';
import type { MulticlassLabelled } from './shadow-multiclass';
import type { RegressionShadowComparison } from './shadow-regression';

// What a finished shadow run says (stored as shadow_runs.summary), and how it is assembled
// from the aggregates the finalize step computes over the run's stored result columns. Pure;
// pages import the types only. Per task type:
//   binary:     agreement, score deltas (P(positive)), `labelled` (kind 'binary'): metrics,
//               confusion, ROC AUC, accuracy difference with bootstrap CI and McNemar;
//   multiclass: agreement, `labelled` (kind 'multiclass', shadow-multiclass.ts): accuracy,
//               averaged P/R/F1, per-class table, confusions, the same accuracy comparison;
//               no score deltas (an event logs one score, not each class's probability);
//   regression: prediction deltas in `scoreDelta`, `regression` (shadow-regression.ts): MAE,
//               RMSE, R², MAPE, residuals, MAE difference with bootstrap CI and Wilcoxon;
//               no agreement (a regressor makes no decision).
// Summaries written before the task types existed have no `taskType` (binary) and no `kind`.

export const SCORE_DELTA_BINS = 20;

export interface ModelMetrics extends BinaryMetrics {
  confusion: ConfusionMatrix;
  rocAuc: number | null;
}

export interface SliceRow {
  slice: string;
  rows: number;
  /** Labels agree, of rows where both models gave one. */
  agreement: number | null;
  meanScoreDelta: number | null;
  labelled: number;
  candidateAccuracy: number | null;
  servingAccuracy: number | null;
  /** Regression runs: MAE of each version on the slice's labelled rows. */
  candidateMae?: number | null;
  servingMae?: number | null;
}

export interface ServingVersionCount {
  versionId: string;
  /** null when the event names a version the registry does not know. */
  version: number | null;
  events: number;
}

export interface BinaryLabelled {
  /** Absent in summaries written before multiclass runs existed. */
  kind?: 'binary';
  rows: number;
  positiveClass: string | null;
  candidate: ModelMetrics;
  serving: ModelMetrics;
  /** accuracy(candidate) − accuracy(serving) on the same rows. */
  accuracyDifference: { estimate: number; interval: BootstrapInterval | null; mcnemar: McNemarResult };
  outcomes: { bothRight: number; onlyCandidate: number; onlyServing: number; bothWrong: number };
}

export interface ShadowSummary {
  /** The model's task type (absent in summaries written before regression and multiclass runs: binary). */
  taskType?: TaskType;
  rows: number;
  /** The versions that served the replayed events (the "serving" side of every comparison). */
  servingVersions: ServingVersionCount[];
  agreement: { compared: number; agreed: number; rate: number | null };
  scoreDelta: {
    /** Rows where both models gave a score (regression: a prediction); delta = candidate − serving. */
    count: number;
    mean: number | null;
    maxAbs: number | null;
    candidateMean: number | null;
    servingMean: number | null;
    /** SCORE_DELTA_BINS equal bins over [−maxAbs, maxAbs]. */
    histogram: { from: number; to: number; count: number }[];
  };
  /** Classifiers: present when some rows carry ground truth and both models a label (the "paired" rows). */
  labelled: BinaryLabelled | MulticlassLabelled | null;
  /** Regression: present when some rows carry a numeric label and both models a prediction. */
  regression?: RegressionShadowComparison | null;
  latency: {
    /** The candidate's inference time per row (its chunk's time / rows), in milliseconds. */
    perRowMs: LatencyPercentiles;
    /** Wall time of each batch (read, infer, write). */
    batchMs: LatencyPercentiles & { total: number };
    /** Time inside onnxruntime, all batches. */
    inferenceMsTotal: number;
  };
  throughput: { eventsPerSecond: number | null; elapsedSeconds: number | null };
  slices: { feature: string; kind: 'numeric' | 'categorical'; quartiles: number[] | null; rows: SliceRow[] } | null;
  computedAt: string;
}

export interface ShadowAggregates {
  taskType?: TaskType;
  /** A multiclass run's labelled comparison (the binary one is built from `paired`). */
  multiclass?: MulticlassLabelled | null;
  regression?: RegressionShadowComparison | null;
  rows: number;
  servingVersions?: ServingVersionCount[];
  compared: number;
  agreed: number;
  scored: number;
  deltaMean: number | null;
  deltaMaxAbs: number | null;
  candidateScoreMean: number | null;
  servingScoreMean: number | null;
  /** Counts per bin 0 … SCORE_DELTA_BINS − 1. */
  histogram: number[];
  positiveClass: string | null;
  paired: {
    rows: number;
    candidate: ConfusionMatrix;
    serving: ConfusionMatrix;
    bothRight: number;
    onlyCandidate: number;
    onlyServing: number;
    bothWrong: number;
    candidateAuc: MannWhitneyCounts | null;
    servingAuc: MannWhitneyCounts | null;
  };
  rowLatency: LatencyPercentiles;
  batches: { durationMs: number[]; inferenceMsTotal: number };
  startedAt: Date | null;
  finishedAt: Date;
  processed: number;
  slices: ShadowSummary['slices'];
}

function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

export function buildShadowSummary(a: ShadowAggregates): ShadowSummary {
  const maxAbs = a.deltaMaxAbs ?? 0;
  const width = (2 * maxAbs) / SCORE_DELTA_BINS;
  const histogram = a.scored === 0 ? [] : a.histogram.map((count, i) => ({ from: -maxAbs + i * width, to: i === SCORE_DELTA_BINS - 1 ? maxAbs : -maxAbs + (i + 1) * width, count }));
  const p = a.paired;
  const elapsedSeconds = a.startedAt ? Math.max(0, (a.finishedAt.getTime() - a.startedAt.getTime()) / 1000) : null;
  const batch = latencyPercentiles(a.batches.durationMs);
  return {
    taskType: a.taskType ?? 'binary_classification',
    rows: a.rows,
    servingVersions: a.servingVersions ?? [],
    agreement: { compared: a.compared, agreed: a.agreed, rate: ratio(a.agreed, a.compared) },
    scoreDelta: { count: a.scored, mean: a.deltaMean, maxAbs: a.deltaMaxAbs, candidateMean: a.candidateScoreMean, servingMean: a.servingScoreMean, histogram },
    labelled: a.multiclass
      ? a.multiclass
      : p.rows === 0
        ? null
        : {
            kind: 'binary',
            rows: p.rows,
            positiveClass: a.positiveClass,
            candidate: { ...binaryMetrics(p.candidate), confusion: p.candidate, rocAuc: rocAucFromCounts(p.candidateAuc) },
            serving: { ...binaryMetrics(p.serving), confusion: p.serving, rocAuc: rocAucFromCounts(p.servingAuc) },
            accuracyDifference: {
              estimate: (p.onlyCandidate - p.onlyServing) / p.rows,
              interval: accuracyDifferenceInterval({ bothRight: p.bothRight, onlyA: p.onlyCandidate, onlyB: p.onlyServing, bothWrong: p.bothWrong }),
              mcnemar: mcnemar(p.onlyCandidate, p.onlyServing),
            },
            outcomes: { bothRight: p.bothRight, onlyCandidate: p.onlyCandidate, onlyServing: p.onlyServing, bothWrong: p.bothWrong },
          },
    regression: a.regression ?? null,
    latency: {
      perRowMs: a.rowLatency,
      batchMs: { ...batch, total: a.batches.durationMs.reduce((s, d) => s + d, 0) },
      inferenceMsTotal: a.batches.inferenceMsTotal,
    },
    throughput: { eventsPerSecond: elapsedSeconds ? a.processed / elapsedSeconds : null, elapsedSeconds },
    slices: a.slices,
    computedAt: a.finishedAt.toISOString(),
  };
}
