import { countOutcome, mannWhitneyFromSorted, type ConfusionMatrix, type MannWhitneyCounts } from '@/server/statistics/classification-metrics';
import { latencyPercentiles } from '@/server/statistics/percentiles';
import { sortFloat32InPlace } from '@/server/statistics/radix-sort';
import { NO_CODE, type ShadowResultColumns } from './shadow-result-columns';
import { SCORE_DELTA_BINS, type ShadowAggregates } from './shadow-summary';

// The counts and sums a run's summary is built from, in a few passes over its result columns.
// "Paired" rows carry ground truth and a label from both versions: every accuracy comparison
// uses exactly those. delta = candidate score − serving score, where both exist. Pure.

export type ResultAggregates = Omit<ShadowAggregates, 'servingVersions' | 'batches' | 'startedAt' | 'finishedAt' | 'processed' | 'slices'> & { inferenceMsTotal: number };

const emptyMatrix = (): ConfusionMatrix => ({ tp: 0, fp: 0, tn: 0, fn: 0 });

/** Equal-width bins over [−maxAbs, maxAbs], as PostgreSQL's width_bucket with the ends clamped in. */
function deltaHistogram(c: ShadowResultColumns, maxAbs: number, scored: number): number[] {
  if (scored === 0) return [];
  if (maxAbs === 0) return [scored];
  const bins = new Array<number>(SCORE_DELTA_BINS).fill(0);
  for (let i = 0; i < c.count; i++) {
    const d = c.candidateScores[i]! - c.servingScores[i]!;
    if (Number.isNaN(d)) continue;
    const bin = Math.floor(((d + maxAbs) * SCORE_DELTA_BINS) / (2 * maxAbs));
    bins[Math.min(SCORE_DELTA_BINS - 1, Math.max(0, bin))]!++;
  }
  return bins;
}

/** Mann–Whitney counts of one version's scores on the paired rows that have one. */
function mannWhitney(c: ShadowResultColumns, scores: Float32Array, positiveCode: number): MannWhitneyCounts {
  const positives = new Float32Array(c.count);
  const negatives = new Float32Array(c.count);
  let p = 0;
  let n = 0;
  for (let i = 0; i < c.count; i++) {
    const score = scores[i]!;
    if (Number.isNaN(score) || c.labels[i] === NO_CODE || c.candidateLabels[i] === NO_CODE || c.servingLabels[i] === NO_CODE) continue;
    if (c.labels[i] === positiveCode) positives[p++] = score;
    else negatives[n++] = score;
  }
  return mannWhitneyFromSorted(sortFloat32InPlace(positives.subarray(0, p)), sortFloat32InPlace(negatives.subarray(0, n)));
}

export function aggregateResults(c: ShadowResultColumns, positiveClass: string | null): ResultAggregates {
  // A positive class the dictionary has never seen matches no row (code −2 is nobody's).
  const positiveCode = positiveClass === null ? -2 : c.labelValues.indexOf(positiveClass);
  let compared = 0;
  let agreed = 0;
  let scored = 0;
  let deltaSum = 0;
  let deltaMaxAbs = 0;
  let candidateSum = 0;
  let servingSum = 0;
  let inferenceMsTotal = 0;
  let paired = 0;
  const candidate = emptyMatrix();
  const serving = emptyMatrix();
  const outcomes = { bothRight: 0, onlyCandidate: 0, onlyServing: 0, bothWrong: 0 };
  for (let i = 0; i < c.count; i++) {
    const cl = c.candidateLabels[i]!;
    const sl = c.servingLabels[i]!;
    const truth = c.labels[i]!;
    if (cl !== NO_CODE && sl !== NO_CODE) {
      compared++;
      if (cl === sl) agreed++;
    }
    const cs = c.candidateScores[i]!;
    const ss = c.servingScores[i]!;
    const d = cs - ss;
    if (!Number.isNaN(d)) {
      scored++;
      deltaSum += d;
      deltaMaxAbs = Math.max(deltaMaxAbs, Math.abs(d));
      candidateSum += cs;
      servingSum += ss;
    }
    const latency = c.latencyMs[i]!;
    if (!Number.isNaN(latency)) inferenceMsTotal += latency;
    if (positiveClass === null || truth === NO_CODE || cl === NO_CODE || sl === NO_CODE) continue;
    paired++;
    const actualPositive = truth === positiveCode;
    countOutcome(candidate, actualPositive, cl === positiveCode);
    countOutcome(serving, actualPositive, sl === positiveCode);
    const candidateRight = cl === truth;
    const servingRight = sl === truth;
    if (candidateRight && servingRight) outcomes.bothRight++;
    else if (candidateRight) outcomes.onlyCandidate++;
    else if (servingRight) outcomes.onlyServing++;
    else outcomes.bothWrong++;
  }
  return {
    rows: c.count,
    compared,
    agreed,
    scored,
    deltaMean: scored === 0 ? null : deltaSum / scored,
    deltaMaxAbs: scored === 0 ? null : deltaMaxAbs,
    candidateScoreMean: scored === 0 ? null : candidateSum / scored,
    servingScoreMean: scored === 0 ? null : servingSum / scored,
    histogram: deltaHistogram(c, deltaMaxAbs, scored),
    positiveClass,
    paired: {
      rows: paired,
      candidate,
      serving,
      ...outcomes,
      candidateAuc: paired > 0 ? mannWhitney(c, c.candidateScores, positiveCode) : null,
      servingAuc: paired > 0 ? mannWhitney(c, c.servingScores, positiveCode) : null,
    },
    rowLatency: latencyPercentiles(c.latencyMs),
    inferenceMsTotal,
  };
}
