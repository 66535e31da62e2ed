import { describe, expect, it } from 'vitest';
import { buildShadowSummary, type ShadowAggregates } from '@/server/shadow/shadow-summary';
import { extractShadowEvidence } from './shadow-summary';

const confusion = (tp: number, fp: number, tn: number, fn: number) => ({ tp, fp, tn, fn });

function aggregates(): ShadowAggregates {
  return {
    rows: 1200,
    compared: 1200,
    agreed: 1140,
    scored: 1200,
    deltaMean: 0.01,
    deltaMaxAbs: 0.2,
    candidateScoreMean: 0.2,
    servingScoreMean: 0.19,
    histogram: new Array(20).fill(60),
    positiveClass: 'yes',
    paired: {
      rows: 1000,
      candidate: confusion(100, 40, 760, 100),
      serving: confusion(80, 50, 750, 120),
      bothRight: 800,
      onlyCandidate: 60,
      onlyServing: 30,
      bothWrong: 110,
      candidateAuc: null,
      servingAuc: null,
    },
    rowLatency: { count: 1200, p50: 0.1, p95: 0.3, p99: 0.4 },
    batches: { durationMs: [500, 600], inferenceMsTotal: 800 },
    startedAt: new Date('2025-01-01T00:00:00Z'),
    finishedAt: new Date('2025-01-01T00:00:10Z'),
    processed: 1200,
    slices: null,
  };
}

describe('extractShadowEvidence', () => {
  it('reads what the gate needs from a summary the shadow engine builds', () => {
    const summary = buildShadowSummary(aggregates());
    const e = extractShadowEvidence({ id: 'run-1', finishedAt: new Date('2025-01-01T00:00:10Z'), totalEvents: 1200, processedEvents: 1200, summary });
    expect(e).toMatchObject({ runId: 'run-1', events: 1200, agreementRate: 0.95, labeledEvents: 1000, accuracyDifference: 0.03, confidenceLevel: 0.95 });
    expect(e.candidateAccuracy).toBeCloseTo(0.86);
    expect(e.servingAccuracy).toBeCloseTo(0.83);
    expect(e.accuracyDifferenceLower!).toBeLessThan(0.03);
    expect(e.accuracyDifferenceUpper!).toBeGreaterThan(0.03);
    expect(e.mcnemarPValue!).toBeGreaterThan(0);
    expect(e.mcnemarPValue!).toBeLessThan(0.05);
  });

  it('names the registered version that served most of the replayed events', () => {
    const servingVersions = [
      { versionId: 'a', version: 3, events: 200 },
      { versionId: 'b', version: 4, events: 900 },
      { versionId: 'c', version: null, events: 5000 },
    ];
    const summary = buildShadowSummary({ ...aggregates(), servingVersions });
    expect(extractShadowEvidence({ id: 'r', finishedAt: null, totalEvents: 1200, processedEvents: 1200, summary }).servingVersion).toBe(4);
    expect(extractShadowEvidence({ id: 'r', finishedAt: null, totalEvents: 1200, processedEvents: 1200, summary: buildShadowSummary(aggregates()) }).servingVersion).toBeNull();
  });

  it('yields nulls for a summary without labels or a missing summary', () => {
    const unlabelled = buildShadowSummary({ ...aggregates(), paired: { ...aggregates().paired, rows: 0 } });
    const e = extractShadowEvidence({ id: 'r', finishedAt: null, totalEvents: 1200, processedEvents: 1200, summary: unlabelled });
    expect(e).toMatchObject({ events: 1200, agreementRate: 0.95, labeledEvents: null, accuracyDifference: null, mcnemarPValue: null });
    expect(extractShadowEvidence({ id: 'r', finishedAt: null, totalEvents: null, processedEvents: 42, summary: null })).toMatchObject({ events: 42, agreementRate: null });
  });
});
