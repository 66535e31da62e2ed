import { describe, expect, it } from 'vitest';
import { extractShadowEvidence } from '@/server/approvals/gates/shadow-summary';
import { normalizeLabel } from '@/server/registry/label-classes';
import { compareClassifiers } from '@/server/statistics/classifier-comparison';
import { multiclassConfusion, multiclassMetrics } from '@/server/statistics/multiclass-metrics';
import { compareRegressors } from '@/server/statistics/regression-comparison';
import { regressionMetrics } from '@/server/statistics/regression-metrics';
import { seededRandom } from '@/server/statistics/seeded-random';
import type { EventBatch } from '@/server/traffic/event-batch';
import { aggregateResults } from './shadow-aggregates';
import { compareMulticlassRun } from './shadow-multiclass';
import { compareRegressionRun } from './shadow-regression';
import { recodeLabels, ShadowResultsBuilder, type ShadowResultRows } from './shadow-result-columns';
import { sliceBreakdown } from './shadow-slices';
import { buildShadowSummary } from './shadow-summary';
import { servingSide } from './serving-side';

const CLASSES = ['A', 'B', 'C', 'D'];

function events(rows: { score?: number; predicted?: string | null; label?: string | null }[]): EventBatch {
  const n = rows.length;
  return {
    count: n,
    width: 0,
    requestIds: rows.map((_, i) => `r-${i}`),
    occurredAt: Float64Array.from(rows, (_, i) => Date.UTC(2026, 0, 1) + i),
    versionIds: rows.map(() => 'v1'),
    features: new Float32Array(0),
    scores: Float32Array.from(rows, (r) => r.score ?? Number.NaN),
    predictedLabels: rows.map((r) => r.predicted ?? null),
    labels: rows.map((r) => r.label ?? null),
    latencyMs: new Float32Array(n),
    attributes: rows.map(() => null),
    probabilities: rows.map(() => null),
  };
}

function chunk(batch: EventBatch, candidateScores: Float32Array, candidateLabels: (string | null)[], io: Parameters<typeof servingSide>[0], slices: (string | null)[] | null = null): ShadowResultRows {
  return {
    count: batch.count,
    requestIds: batch.requestIds,
    occurredAt: batch.occurredAt,
    candidateScores,
    candidateLabels,
    ...servingSide(io, batch, 0, batch.count),
    latencyMs: 0.01,
    slices: slices ? { kind: 'categorical', values: slices } : null,
  };
}

describe('serving side of a regression run', () => {
  it('takes the logged score as the prediction, else a numeric logged label; parses the truth, keeps a label that is no number as text', () => {
    const side = servingSide({ taskType: 'regression', classes: [] }, events([
      { score: 12.5, label: '10' },
      { predicted: '7.25', label: ' 3e1 ' },
      { predicted: 'high', label: 'n/a' },
      { score: 1, label: null },
    ]), 0, 4);
    expect(Array.from(side.servingScores)).toEqual([12.5, 7.25, Number.NaN, 1]);
    expect(Array.from(side.numericLabels!)).toEqual([10, 30, Number.NaN, Number.NaN]);
    expect(side.labels).toEqual([null, null, 'n/a', null]);
    expect(side.servingLabels).toEqual([null, null, null, null]);
  });
});

describe('a regression run, compared exactly over every row', () => {
  const random = seededRandom(11);
  const n = 400;
  const rows = Array.from({ length: n }, (_, i) => {
    const y = 20 + 10 * random.normal();
    return { y, serving: Math.fround(y + 3 * random.normal()), candidate: Math.fround(y + 1.5 * random.normal()), slice: i % 3 === 0 ? 'north' : 'south' };
  });
  // Row 0 has no label, row 1 a label that is no number, row 2 no serving prediction.
  const batch = events(rows.map((r, i) => ({ score: i === 2 ? undefined : r.serving, label: i === 0 ? null : i === 1 ? 'unknown' : String(r.y) })));
  const builder = new ShadowResultsBuilder(n, [], 'categorical', true);
  builder.append(chunk(batch, Float32Array.from(rows, (r) => r.candidate), rows.map(() => null), { taskType: 'regression', classes: [] }, rows.map((r) => r.slice)));
  const columns = builder.finish();
  const result = compareRegressionRun(columns)!;
  const kept = rows.slice(3);
  const y = kept.map((r) => Number(String(r.y)));

  it('equals the statistics cores on the pairable rows, and counts the rest by reason', () => {
    expect(result.rows).toBe(n - 3);
    expect(result.skipped).toEqual({ labelNotANumber: 1, noCandidatePrediction: 0, noServingPrediction: 1 });
    const candidate = regressionMetrics(y, kept.map((r) => r.candidate));
    const serving = regressionMetrics(y, kept.map((r) => r.serving));
    expect(result.candidate).toMatchObject(candidate);
    expect(result.serving).toMatchObject(serving);
    expect(result.candidate.mae!).toBeLessThan(result.serving.mae!);
    const direct = compareRegressors(y, kept.map((r) => r.candidate), kept.map((r) => r.serving));
    expect(result.maeDifference).toEqual(direct.maeDifference);
    expect(result.wilcoxon).toEqual(direct.wilcoxon);
    expect(result.maeDifference!.estimate).toBeCloseTo(candidate.mae! - serving.mae!, 12);
    expect(result.maeDifference!.upper).toBeLessThan(0);
    expect(result.wilcoxon!.pValue).toBeLessThan(1e-6);
    expect(result.candidateCloser + result.servingCloser + result.equal).toBe(n - 3);
    expect(result.candidate.residuals.count).toBe(n - 3);
  });

  it('becomes the summary the gate reads, with MAE per slice and no agreement', () => {
    const aggregates = aggregateResults(columns, null);
    const summary = buildShadowSummary({ ...aggregates, taskType: 'regression', regression: result, batches: { durationMs: [5], inferenceMsTotal: 1 }, startedAt: null, finishedAt: new Date(), processed: n, slices: sliceBreakdown(columns, 'region') });
    expect(summary).toMatchObject({ taskType: 'regression', labelled: null, agreement: { compared: 0, rate: null } });
    expect(summary.scoreDelta.count).toBe(n - 1);
    const north = summary.slices!.rows.find((r) => r.slice === 'north')!;
    const northRows = kept.filter((r) => r.slice === 'north');
    expect(north.labelled).toBe(northRows.length);
    expect(north.candidateMae!).toBeCloseTo(northRows.reduce((s, r) => s + Math.abs(Number(String(r.y)) - r.candidate), 0) / northRows.length, 9);
    expect(north.candidateAccuracy).toBeNull();
    const evidence = extractShadowEvidence({ id: 'run', finishedAt: null, totalEvents: n, processedEvents: n, summary });
    expect(evidence).toMatchObject({ taskType: 'regression', labeledEvents: n - 3, agreementRate: null, accuracyDifference: null, maeDifference: result.maeDifference!.estimate, wilcoxonPValue: result.wilcoxon!.pValue, wilcoxonCandidateWorse: false, confidenceLevel: 0.95 });
  });
});

describe('a multiclass run', () => {
  const random = seededRandom(5);
  const n = 600;
  const truth = Array.from({ length: n }, () => random.int(4));
  const noisy = (p: number) => truth.map((t) => (random.next() < p ? t : random.int(4)));
  const candidate = noisy(0.8);
  const serving = noisy(0.6);
  // Serving logs class indices on odd rows ("2" = C), names on even ones; one truth outside the classes, one row without a serving label.
  const batch = events(truth.map((t, i) => ({ predicted: i === 7 ? null : i % 2 ? String(serving[i]) : CLASSES[serving[i]!]!, label: i === 3 ? 'E' : CLASSES[t]! })));
  const builder = new ShadowResultsBuilder(n, CLASSES, null);
  builder.append(chunk(batch, new Float32Array(n).fill(Number.NaN), candidate.map((c) => CLASSES[c]!), { taskType: 'multiclass_classification', classes: CLASSES }));
  const columns = builder.finish();
  recodeLabels(columns, (value) => normalizeLabel(value, { classes: CLASSES }));
  const result = compareMulticlassRun(columns, CLASSES)!;
  const keep = truth.map((_, i) => i !== 3 && i !== 7);
  const actual = truth.filter((_, i) => keep[i]);
  const a = candidate.filter((_, i) => keep[i]);
  const b = serving.filter((_, i) => keep[i]);

  it('normalizes class indices, pairs the classes and equals the statistics cores', () => {
    expect(result.rows).toBe(n - 2);
    expect(result.skipped).toEqual({ labelNotAClass: 1, noPrediction: 1, predictionNotAClass: 0 });
    const direct = compareClassifiers(actual, a, b);
    expect(result.accuracyDifference).toEqual(direct.accuracyDifference);
    expect(result.outcomes).toEqual({ bothRight: direct.outcomes.bothRight, onlyCandidate: direct.outcomes.onlyA, onlyServing: direct.outcomes.onlyB, bothWrong: direct.outcomes.bothWrong });
    const candidateMetrics = multiclassMetrics(multiclassConfusion(actual, a, 4));
    expect(result.candidate).toMatchObject({ accuracy: candidateMetrics.accuracy, macro: candidateMetrics.macro, weighted: candidateMetrics.weighted, micro: candidateMetrics.micro });
    expect(result.candidate.confusion).toEqual(multiclassConfusion(actual, a, 4));
    expect(result.serving.confusion).toEqual(multiclassConfusion(actual, b, 4));
    expect(result.perClass.map((c) => c.class)).toEqual(CLASSES);
    expect(result.perClass[2]).toMatchObject({ support: candidateMetrics.perClass[2]!.support, candidate: { precision: candidateMetrics.perClass[2]!.precision, recall: candidateMetrics.perClass[2]!.recall } });
    expect(result.accuracyDifference.estimate).toBeGreaterThan(0.1);
    expect(result.accuracyDifference.mcnemar.pValue).toBeLessThan(1e-6);
  });

  it('agreement counts a class index and its name as the same class once recoded', () => {
    const aggregates = aggregateResults(columns, null);
    const same = truth.filter((_, i) => i !== 7 && candidate[i] === serving[i]).length;
    expect(aggregates).toMatchObject({ compared: n - 1, agreed: same, scored: 0 });
    const summary = buildShadowSummary({ ...aggregates, taskType: 'multiclass_classification', multiclass: result, batches: { durationMs: [5], inferenceMsTotal: 1 }, startedAt: null, finishedAt: new Date(), processed: n, slices: null });
    const evidence = extractShadowEvidence({ id: 'run', finishedAt: null, totalEvents: n, processedEvents: n, summary });
    expect(evidence).toMatchObject({ taskType: 'multiclass_classification', labeledEvents: n - 2, candidateAccuracy: result.candidate.accuracy, servingAccuracy: result.serving.accuracy, accuracyDifference: result.accuracyDifference.estimate, mcnemarPValue: result.accuracyDifference.mcnemar.pValue });
    expect(summary.scoreDelta.histogram).toEqual([]);
  });
});
