import { describe, expect, it } from 'vitest';
import { evaluateGates } from './evaluate-gates';
import { fairnessGate } from './fairness-gate';
import { fairnessConfigSchema } from './gate-config';
import { evidence } from './gate-fixtures';
import type { FairnessEvidence, JudgedDisparity } from './gate-types';

const config = (overrides: Record<string, unknown> = {}) => fairnessConfigSchema.parse({ required: true, ...overrides });
const d = (value: number | null, lower: number | null = null, upper: number | null = null): JudgedDisparity => ({ value, lower, upper });

function report(groupings: Partial<FairnessEvidence['groupings'][number]>[]): FairnessEvidence {
  return {
    reportId: 'r-1',
    population: 'shadow',
    finishedAt: '2026-12-01T00:00:00.000Z',
    rows: 5000,
    groupings: groupings.map((g) => ({
      key: 'gender',
      judgedGroups: 2,
      tooSmallGroups: 0,
      disparateImpact: d(0.95, 0.9, 1.0),
      disparateImpactSource: 'aif360',
      equalizedOddsDifference: d(0.03, 0.01, 0.05),
      ...g,
    })),
  };
}

describe('fairness gate', () => {
  it('is missing without a finished report, and links to the fairness tab', () => {
    const result = fairnessGate(evidence(), config());
    expect(result).toMatchObject({ gate: 'fairness', status: 'missing', link: '/models/credit-risk/fairness' });
    expect(result.summary).toMatch(/No finished fairness report of v2/);
  });

  it('does not apply to regression or multiclass models, says why, and never blocks even when required', () => {
    for (const [taskType, why] of [['regression', /regression model, which makes no decision/], ['multiclass_classification', /multiclass model, with no single favourable outcome/]] as const) {
      const result = fairnessGate(evidence({ model: { id: 'm1', name: 'credit-limit', taskType } }), config());
      expect(result).toMatchObject({ gate: 'fairness', status: 'not_applicable', numbers: { taskType }, link: null });
      expect(result.summary).toMatch(why);
      const [gate] = evaluateGates(evidence({ model: { id: 'm1', name: 'credit-limit', taskType } }), { fairness: config() }).filter((g) => g.gate === 'fairness');
      expect(gate).toMatchObject({ status: 'not_applicable', required: true, blocking: false });
    }
    // Evidence frozen before task types were recorded is a binary model's.
    expect(fairnessGate(evidence({ model: { id: 'm1', name: 'credit-risk' } }), config()).status).toBe('missing');
  });

  it('passes when every judged grouping is inside the thresholds, linking the frozen report', () => {
    const result = fairnessGate({ ...evidence(), fairness: report([{}, { key: 'age_band' }]) }, config());
    expect(result).toMatchObject({ status: 'pass', link: '/models/credit-risk/fairness?report=r-1' });
    expect(result.numbers['gender: disparate impact']).toBe(0.95);
  });

  it('fails on a significant disparate impact below 0.8 (four-fifths rule)', () => {
    const result = fairnessGate({ ...evidence(), fairness: report([{ disparateImpact: d(0.62, 0.55, 0.7) }]) }, config());
    expect(result.status).toBe('fail');
    expect(result.summary).toMatch(/gender: disparate impact 0\.620 outside \[0\.8, 1\.25\]/);
  });

  it('fails on an equalized odds difference above the limit', () => {
    const result = fairnessGate({ ...evidence(), fairness: report([{ equalizedOddsDifference: d(0.2, 0.15, 0.25) }]) }, config());
    expect(result.status).toBe('fail');
    expect(result.summary).toMatch(/equalized odds difference 0\.200 above 0\.1/);
  });

  it('passes with a warning when the interval contains the fair value, unless the policy says fail', () => {
    const noisy = { ...evidence(), fairness: report([{ disparateImpact: d(0.7, 0.4, 1.1) }]) };
    const warned = fairnessGate(noisy, config());
    expect(warned.status).toBe('pass');
    expect(warned.summary).toMatch(/Warning, not significant/);
    expect(fairnessGate(noisy, config({ insignificantViolations: 'fail' })).status).toBe('fail');
  });

  it('ignores groupings without two judged groups, and is missing when none has them', () => {
    const small = { ...evidence(), fairness: report([{ judgedGroups: 1, tooSmallGroups: 3, disparateImpact: d(0.1) }]) };
    expect(fairnessGate(small, config()).status).toBe('missing');
  });

  it('applies the policy thresholds', () => {
    const e = { ...evidence(), fairness: report([{ disparateImpact: d(0.85, 0.82, 0.88) }]) };
    expect(fairnessGate(e, config()).status).toBe('pass');
    expect(fairnessGate(e, config({ disparateImpactMin: 0.9 })).status).toBe('fail');
  });
});
