import { describe, expect, it } from 'vitest';
import { evidence, shadow } from './gate-fixtures';
import type { ShadowEvidence } from './gate-types';
import { shadowRunConfigSchema } from './gate-config';
import { shadowRunGate } from './shadow-run-gate';

const config = shadowRunConfigSchema.parse({ required: true, minEvents: 1000, minAgreement: 0.9, alpha: 0.05 });

describe('shadow_run gate', () => {
  it('passes a large, agreeing run that is not significantly less accurate, with its numbers and link', () => {
    const result = shadowRunGate(evidence({ shadow: shadow() }), config);
    expect(result.status).toBe('pass');
    expect(result.link).toBe('/models/credit-risk/shadow/00000000-0000-4000-8000-00000000aaaa');
    expect(result.numbers).toMatchObject({ events: 2000, agreementRate: 0.95, accuracyDifference: 0.005, ciLower: -0.01, ciUpper: 0.02, mcnemarPValue: 0.4, minEvents: 1000 });
    expect(result.summary).toContain('agreement 95.0 %');
    expect(result.summary).toContain('not significantly worse');
  });

  it('is not applicable (a status of its own, not a pass) before the first deployment to the environment', () => {
    const result = shadowRunGate(evidence({ serving: null }), config);
    expect(result.status).toBe('not_applicable');
    expect(result.numbers.servingVersion).toBeNull();
    expect(result.summary).toMatch(/^Not applicable: nothing serves production yet/);
  });

  it('is missing without a completed run of the candidate', () => {
    const result = shadowRunGate(evidence(), config);
    expect(result.status).toBe('missing');
    expect(result.summary).toMatch(/No completed shadow run of v2 against the serving v1/);
  });

  it('fails a run over too few events', () => {
    const result = shadowRunGate(evidence({ shadow: shadow({ events: 999 }) }), config);
    expect(result.status).toBe('fail');
    expect(result.summary).toContain('999 events; at least 1000');
  });

  it('fails when agreement is below the minimum; passes exactly at it', () => {
    expect(shadowRunGate(evidence({ shadow: shadow({ agreementRate: 0.899 }) }), config).status).toBe('fail');
    expect(shadowRunGate(evidence({ shadow: shadow({ agreementRate: 0.9 }) }), config).status).toBe('pass');
  });

  it('fails when the confidence interval lies entirely below zero', () => {
    const result = shadowRunGate(evidence({ shadow: shadow({ accuracyDifference: -0.03, accuracyDifferenceLower: -0.05, accuracyDifferenceUpper: -0.001, mcnemarPValue: 0.08 }) }), config);
    expect(result.status).toBe('fail');
    expect(result.summary).toContain('significantly less accurate');
  });

  it('fails when McNemar rejects at alpha with a negative difference, even if the CI touches zero', () => {
    const result = shadowRunGate(evidence({ shadow: shadow({ accuracyDifference: -0.02, accuracyDifferenceLower: -0.04, accuracyDifferenceUpper: 0.001, mcnemarPValue: 0.01 }) }), config);
    expect(result.status).toBe('fail');
  });

  it('passes a significant positive difference (better is fine) and a negative but insignificant one', () => {
    expect(shadowRunGate(evidence({ shadow: shadow({ accuracyDifference: 0.04, accuracyDifferenceLower: 0.01, accuracyDifferenceUpper: 0.07, mcnemarPValue: 0.001 }) }), config).status).toBe('pass');
    expect(shadowRunGate(evidence({ shadow: shadow({ accuracyDifference: -0.01, accuracyDifferenceLower: -0.03, accuracyDifferenceUpper: 0.01, mcnemarPValue: 0.3 }) }), config).status).toBe('pass');
  });

  it('respects alpha: p = 0.03 fails at 0.05 but not at 0.01', () => {
    const run = shadow({ accuracyDifference: -0.01, accuracyDifferenceLower: -0.03, accuracyDifferenceUpper: 0.005, mcnemarPValue: 0.03 });
    expect(shadowRunGate(evidence({ shadow: run }), config).status).toBe('fail');
    expect(shadowRunGate(evidence({ shadow: run }), { ...config, alpha: 0.01 }).status).toBe('pass');
  });

  it('without labels passes on agreement alone, unless labels are required', () => {
    const unlabelled = shadow({ labeledEvents: null, candidateAccuracy: null, servingAccuracy: null, accuracyDifference: null, accuracyDifferenceLower: null, accuracyDifferenceUpper: null, mcnemarPValue: null });
    const lenient = shadowRunGate(evidence({ shadow: unlabelled }), config);
    expect(lenient.status).toBe('pass');
    expect(lenient.summary).toContain('accuracy was not compared');
    expect(shadowRunGate(evidence({ shadow: unlabelled }), { ...config, requireLabels: true }).status).toBe('missing');
  });

  it('is missing when the run reports no agreement rate', () => {
    expect(shadowRunGate(evidence({ shadow: shadow({ agreementRate: null }) }), config).status).toBe('missing');
  });
});

describe('shadow_run gate with requireForFirstDeployment', () => {
  const strict = shadowRunConfigSchema.parse({ required: true, minEvents: 1000, minAgreement: 0.9, alpha: 0.05, requireForFirstDeployment: true });

  it('defaults to false, so a first deployment stays not applicable', () => {
    expect(shadowRunConfigSchema.parse({}).requireForFirstDeployment).toBe(false);
  });

  it('is missing on a first deployment without a completed run of the candidate, saying why', () => {
    const result = shadowRunGate(evidence({ serving: null }), strict);
    expect(result.status).toBe('missing');
    expect(result.summary).toMatch(/requires a shadow run for a first deployment/);
    expect(result.numbers).toMatchObject({ servingVersion: null, requireForFirstDeployment: 'yes' });
  });

  it('judges the run of the candidate over traffic served elsewhere by the usual rules', () => {
    expect(shadowRunGate(evidence({ serving: null, shadow: shadow({ servingVersion: 1 }) }), strict).status).toBe('pass');
    expect(shadowRunGate(evidence({ serving: null, shadow: shadow({ agreementRate: 0.5 }) }), strict).status).toBe('fail');
    expect(shadowRunGate(evidence({ serving: null, shadow: shadow({ events: 10 }) }), strict).status).toBe('fail');
  });

  it('leaves a rollback not applicable', () => {
    expect(shadowRunGate(evidence({ kind: 'rollback', serving: null }), strict).status).toBe('not_applicable');
  });
});

describe('shadow_run gate on a rollback', () => {
  it('is not applicable: the version served the environment before', () => {
    const result = shadowRunGate(evidence({ kind: 'rollback' }), config);
    expect(result.status).toBe('not_applicable');
    expect(result.summary).toMatch(/Not applicable to a rollback/);
  });
});

describe('shadow_run gate for a regression model', () => {
  const regression = (overrides: Partial<ShadowEvidence> = {}) =>
    shadow({
      taskType: 'regression',
      agreementRate: null,
      labeledEvents: 1500,
      candidateAccuracy: null,
      servingAccuracy: null,
      accuracyDifference: null,
      accuracyDifferenceLower: null,
      accuracyDifferenceUpper: null,
      mcnemarPValue: null,
      candidateMae: 2.9,
      servingMae: 5.1,
      maeDifference: -2.2,
      maeDifferenceLower: -2.4,
      maeDifferenceUpper: -2.0,
      wilcoxonPValue: 1e-40,
      wilcoxonCandidateWorse: false,
      ...overrides,
    });

  it('passes a candidate with a significantly lower MAE: agreement does not apply to a regressor', () => {
    const result = shadowRunGate(evidence({ shadow: regression() }), config);
    expect(result.status).toBe('pass');
    expect(result.summary).toContain('MAE 2.900 vs 5.100 serving');
    expect(result.summary).toContain('Wilcoxon signed-rank p = 1.00e-40');
    expect(result.summary).toContain('significantly smaller errors');
    expect(result.numbers).toMatchObject({ taskType: 'regression', maeDifference: -2.2, ciLower: -2.4, ciUpper: -2, wilcoxonPValue: 1e-40, agreementRate: null, accuracyDifference: null });
  });

  it('fails when the interval of the MAE difference lies above zero', () => {
    const result = shadowRunGate(evidence({ shadow: regression({ maeDifference: 0.3, maeDifferenceLower: 0.1, maeDifferenceUpper: 0.5, wilcoxonPValue: 0.2, wilcoxonCandidateWorse: true }) }), config);
    expect(result.status).toBe('fail');
    expect(result.summary).toContain("the candidate's errors are significantly larger");
  });

  it('fails on Wilcoxon at alpha only when the MAE difference is positive and the ranks agree', () => {
    const worse = { maeDifference: 0.1, maeDifferenceLower: -0.02, maeDifferenceUpper: 0.22, wilcoxonPValue: 0.01 };
    expect(shadowRunGate(evidence({ shadow: regression({ ...worse, wilcoxonCandidateWorse: true }) }), config).status).toBe('fail');
    expect(shadowRunGate(evidence({ shadow: regression({ ...worse, wilcoxonCandidateWorse: true }) }), { ...config, alpha: 0.005 }).status).toBe('pass');
    // A few large errors raise the MAE while the candidate is closer on most events: the tests disagree, nothing is significant.
    const disagreeing = shadowRunGate(evidence({ shadow: regression({ ...worse, wilcoxonCandidateWorse: false }) }), config);
    expect(disagreeing.status).toBe('pass');
    expect(disagreeing.summary).toContain('not significantly worse');
  });

  it('still needs enough events; without labels passes unless labels are required', () => {
    expect(shadowRunGate(evidence({ shadow: regression({ events: 999 }) }), config).status).toBe('fail');
    const unlabelled = regression({ labeledEvents: null, candidateMae: null, servingMae: null, maeDifference: null, maeDifferenceLower: null, maeDifferenceUpper: null, wilcoxonPValue: null, wilcoxonCandidateWorse: null });
    const lenient = shadowRunGate(evidence({ shadow: unlabelled }), config);
    expect(lenient).toMatchObject({ status: 'pass' });
    expect(lenient.summary).toContain('the errors were not compared');
    expect(shadowRunGate(evidence({ shadow: unlabelled }), { ...config, requireLabels: true }).status).toBe('missing');
  });
});

describe('shadow_run gate: the agreement minimum per task type', () => {
  const unstated = shadowRunConfigSchema.parse({ required: true });
  const multiclass = (agreementRate: number) => evidence({ model: { id: 'm1', name: 'risk-grade', taskType: 'multiclass_classification' }, shadow: shadow({ taskType: 'multiclass_classification', agreementRate }) });

  it('without a stated minimum, asks 90 % of a binary classifier and 80 % of a multiclass one', () => {
    expect(unstated.minAgreement).toBeUndefined();
    expect(shadowRunGate(evidence({ shadow: shadow({ agreementRate: 0.899 }) }), unstated)).toMatchObject({ status: 'fail', numbers: { minAgreement: 0.9 } });
    expect(shadowRunGate(evidence({ shadow: shadow({ agreementRate: 0.9 }) }), unstated).status).toBe('pass');
    const below = shadowRunGate(multiclass(0.799), unstated);
    expect(below).toMatchObject({ status: 'fail', numbers: { minAgreement: 0.8 } });
    expect(below.summary).toBe('Agreement with the serving version is 79.9 %; at least 80.0 % is required.');
    expect(shadowRunGate(multiclass(0.85), unstated)).toMatchObject({ status: 'pass', numbers: { minAgreement: 0.8 } });
    // Evidence frozen before task types were recorded reads as binary.
    expect(shadowRunGate(evidence({ model: { id: 'm1', name: 'credit-risk' }, shadow: shadow({ agreementRate: 0.85 }) }), unstated).status).toBe('fail');
  });

  it('a stated minimum applies to every classifier; a regressor has none', () => {
    expect(shadowRunGate(multiclass(0.85), { ...unstated, minAgreement: 0.9 })).toMatchObject({ status: 'fail', numbers: { minAgreement: 0.9 } });
    const regression = evidence({ model: { id: 'm1', name: 'credit-limit', taskType: 'regression' }, shadow: shadow({ taskType: 'regression', agreementRate: null, maeDifference: null }) });
    expect(shadowRunGate(regression, unstated).numbers.minAgreement).toBeNull();
  });
});
