import { describe, expect, it } from 'vitest';
import { compareDifferences, LargestDifferences, NO_CODE, ShadowResultsBuilder, type ShadowDifference, type ShadowResultRows } from './shadow-result-columns';

function chunk(n: number, seed: number, overrides: Partial<ShadowResultRows> = {}): ShadowResultRows {
  let state = seed;
  const random = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const candidateScores = Float32Array.from({ length: n }, () => random());
  const servingScores = Float32Array.from({ length: n }, () => random());
  return {
    count: n,
    requestIds: Array.from({ length: n }, (_, i) => `r-${seed}-${i}`),
    occurredAt: Float64Array.from({ length: n }, (_, i) => Date.UTC(2026, 0, 1) + i),
    candidateScores,
    servingScores,
    candidateLabels: Array.from(candidateScores, (s) => (s >= 0.5 ? 'yes' : 'no')),
    servingLabels: Array.from(servingScores, (s) => (s >= 0.5 ? 'yes' : 'no')),
    labels: Array.from({ length: n }, (_, i) => (i % 3 === 0 ? null : i % 2 ? 'yes' : 'no')),
    latencyMs: 0.01,
    slices: null,
    ...overrides,
  };
}

describe('shadow result columns', () => {
  it('codes labels by class index first, extends the dictionary for other values, −1 for none', () => {
    const builder = new ShadowResultsBuilder(4, ['no', 'yes'], 'categorical');
    builder.append(chunk(2, 1, { labels: ['maybe', null], slices: { kind: 'categorical', values: ['north', null] } }));
    builder.append(chunk(2, 2, { labels: ['yes', 'maybe'], slices: { kind: 'categorical', values: ['south', 'north'] } }));
    const columns = builder.finish();
    expect(columns.count).toBe(4);
    expect(columns.labelValues).toEqual(['no', 'yes', 'maybe']);
    expect([...columns.labels]).toEqual([2, NO_CODE, 1, 2]);
    expect(columns.slices).toEqual({ kind: 'categorical', dictionary: ['north', 'south'], codes: new Int32Array([0, NO_CODE, 1, 0]) });
    expect([...columns.latencyMs]).toEqual(Array(4).fill(Math.fround(0.01)));
  });

  it('refuses more rows than the batch holds', () => {
    const builder = new ShadowResultsBuilder(3, ['no', 'yes'], null);
    builder.append(chunk(2, 1));
    expect(() => builder.append(chunk(2, 2))).toThrow(RangeError);
  });

  it('keeps the rows that differ most, labels first, whatever the chunking; merged batch lists give the run list', () => {
    const chunks = [chunk(500, 3), chunk(500, 4), chunk(500, 5)];
    const everything: ShadowDifference[] = chunks.flatMap((c) =>
      Array.from({ length: c.count }, (_, i) => ({
        requestId: c.requestIds[i]!,
        occurredAt: new Date(c.occurredAt[i]!).toISOString(),
        candidateScore: c.candidateScores[i]!,
        servingScore: c.servingScores[i]!,
        candidateLabel: c.candidateLabels[i]!,
        servingLabel: c.servingLabels[i]!,
        label: c.labels[i]!,
      })),
    );
    const expected = [...everything].sort(compareDifferences).slice(0, 20);
    expect(expected[0]!.candidateLabel).not.toBe(expected[0]!.servingLabel);

    const oneBatch = new ShadowResultsBuilder(1500, ['no', 'yes'], null);
    for (const c of chunks) oneBatch.append(c);
    expect(oneBatch.differences.rows).toEqual(expected);

    const merged = new LargestDifferences();
    for (const c of chunks) {
      const batch = new ShadowResultsBuilder(c.count, ['no', 'yes'], null);
      batch.append(c);
      for (const row of batch.differences.rows) merged.offer(row);
    }
    expect(merged.rows).toEqual(expected);
  });

  it('lists no row where both versions answered alike (missing scores included)', () => {
    const builder = new ShadowResultsBuilder(2, ['no', 'yes'], null);
    builder.append(chunk(2, 6, { candidateScores: new Float32Array([0.25, Number.NaN]), servingScores: new Float32Array([0.25, Number.NaN]), candidateLabels: ['no', null], servingLabels: ['no', null] }));
    expect(builder.differences.rows).toEqual([]);
  });
});
