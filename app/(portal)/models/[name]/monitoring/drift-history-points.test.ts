import { describe, expect, it } from 'vitest';
import type { FeatureDrift } from '@/server/drift/drift-types';
import { DRIFT_SCORE_CAP, historyPoints } from './drift-history-points';

const feature = (name: string, method: FeatureDrift['method'], value: number, threshold: number) => ({ feature: name, method, value, threshold }) as FeatureDrift;

const reports = [
  { windowTo: new Date('2026-11-28T14:00:00Z'), driftShare: 0.25, performance: null, features: [feature('age', 'ks', 0.0025, 0.05), feature('income', 'psi', 0.05, 0.1)] },
  { windowTo: new Date('2026-11-28T15:00:00Z'), driftShare: 0.5, performance: null, features: [feature('age', 'ks', 0, 0.05), feature('income', 'psi', 0.3, 0.1)] },
];

describe('historyPoints', () => {
  it('scores every plotted feature on one scale, capped', () => {
    const points = historyPoints(reports, ['age', 'income', 'absent'], 0.5);
    expect(points[0]!.window).toBe('2026-11-28 14:00');
    expect(points[0]!.scores.age).toBeCloseTo(2, 12);
    expect(points[0]!.scores.income).toBeCloseTo(0.5, 12);
    expect(points[0]!.scores.absent).toBeNull();
    expect(points[1]!.scores.age).toBe(DRIFT_SCORE_CAP);
    expect(points[1]!.scores.income).toBeCloseTo(3, 12);
  });

  it('splits the drifted share at the threshold: a bar at or above it is the red series', () => {
    const points = historyPoints(reports, [], 0.5);
    expect(points.map((p) => [p.shareBelow, p.shareAbove])).toEqual([[0.25, null], [null, 0.5]]);
    expect(historyPoints(reports, [], 0.2).map((p) => p.shareAbove)).toEqual([0.25, 0.5]);
  });
});
