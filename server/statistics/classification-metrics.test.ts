import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { binaryMetrics, confusionMatrix, mannWhitneyFromSorted, rocAuc, rocAucFromCounts, rocAucFromGroups, scoreGroups } from './classification-metrics';

interface Case {
  name: string;
  actual: number[];
  predicted: number[];
  scores: number[];
  confusion: { tp: number; fp: number; tn: number; fn: number };
  accuracy: number;
  precision: number | null;
  recall: number | null;
  f1: number | null;
  rocAuc: number | null;
}

// Reference values from scikit-learn (fixtures/generate-classification-fixtures.py).
const fixtures = JSON.parse(readFileSync(path.join(import.meta.dirname, 'fixtures', 'classification-fixtures.json'), 'utf8')) as { classification: Case[] };

function close(actual: number | null, expected: number | null) {
  if (expected === null) expect(actual).toBeNull();
  else expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(1e-9);
}

describe('classification metrics match scikit-learn', () => {
  it.each(fixtures.classification)('$name', (c) => {
    const cm = confusionMatrix(c.actual, c.predicted);
    expect(cm).toEqual(c.confusion);
    const metrics = binaryMetrics(cm);
    expect(metrics.count).toBe(c.actual.length);
    close(metrics.accuracy, c.accuracy);
    close(metrics.precision, c.precision);
    close(metrics.recall, c.recall);
    close(metrics.f1, c.f1);
    close(rocAuc(c.scores, c.actual), c.rocAuc);
  });

  it('gives the same AUC from pre-grouped counts in any order, unmerged groups included', () => {
    const c = fixtures.classification.find((x) => x.name.startsWith('random n=200'))!;
    const groups = scoreGroups(c.scores, c.actual);
    const split = groups.flatMap((g) => [{ ...g, positives: g.positives, negatives: 0 }, { ...g, positives: 0, negatives: g.negatives }]).reverse();
    close(rocAucFromGroups(split), c.rocAuc);
  });

  it.each(fixtures.classification)('gives the same AUC from sorted positive and negative scores: $name', (c) => {
    const positives = Float64Array.from(c.scores.filter((_, i) => c.actual[i] === 1)).sort();
    const negatives = Float64Array.from(c.scores.filter((_, i) => c.actual[i] !== 1)).sort();
    const counts = mannWhitneyFromSorted(positives, negatives);
    expect(counts).toMatchObject({ positives: positives.length, negatives: negatives.length });
    close(rocAucFromCounts(counts), c.rocAuc);
  });

  it('accepts booleans and refuses NaN scores and mismatched lengths', () => {
    expect(confusionMatrix([true, false, true], [true, true, false])).toEqual({ tp: 1, fp: 1, tn: 0, fn: 1 });
    expect(() => rocAuc([0.1, Number.NaN], [0, 1])).toThrow(/finite/);
    expect(() => confusionMatrix([1], [1, 0])).toThrow(RangeError);
  });

  it('is undefined (null), not zero, for an empty sample', () => {
    expect(binaryMetrics({ tp: 0, fp: 0, tn: 0, fn: 0 })).toEqual({ count: 0, accuracy: null, precision: null, recall: null, f1: null });
    expect(rocAuc([], [])).toBeNull();
  });
});
