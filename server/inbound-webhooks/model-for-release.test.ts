import { describe, expect, it } from 'vitest';
import { modelForRelease, type ReleaseCandidate } from './model-for-release';
import { type ReleaseReport } from './release-report';

function release(tag: string | null, overrides: Partial<ReleaseReport> = {}): ReleaseReport {
  return {
    kind: 'github_release',
    repository: 'acme/models',
    name: null,
    tag,
    gitSha: null,
    url: null,
    runUrl: null,
    ...overrides,
  };
}

const creditRisk: ReleaseCandidate = { id: 'm1', name: 'credit-risk', repository: 'acme/models' };
const credit: ReleaseCandidate = { id: 'm2', name: 'credit', repository: 'acme/models' };
const churn: ReleaseCandidate = { id: 'm3', name: 'churn', repository: 'Acme/Models' };
const monorepo = [creditRisk, credit, churn];

describe('modelForRelease', () => {
  it('picks the only model of the repository whatever the tag says', () => {
    const result = modelForRelease(release('v1.0.0'), [creditRisk]);
    expect(result.model).toBe(creditRisk);
    expect(result.reason).toBe("'credit-risk' is the only model registered for 'acme/models'");
  });

  it('compares repositories case-insensitively', () => {
    expect(modelForRelease(release('v1', { repository: 'ACME/models' }), [churn]).model).toBe(churn);
  });

  it('finds nothing when no model is registered for the repository', () => {
    expect(modelForRelease(release('v1'), [])).toEqual({ model: null, reason: "no registered model has repository 'acme/models'" });
  });

  it("never attaches a release to another repository's model", () => {
    const elsewhere = { id: 'm9', name: 'fraud', repository: 'acme/other' };
    const unset = { id: 'm8', name: 'legacy', repository: null };
    expect(modelForRelease(release('fraud@1.0'), [elsewhere, unset]).model).toBeNull();
  });

  it('in a monorepo, picks the model the tag names, with any of the usual separators', () => {
    for (const tag of ['credit-risk@1.4.0', 'credit-risk/1.4.0', 'credit-risk-v1.4.0', 'credit-risk_v2', 'Credit-Risk@2.0']) {
      const result = modelForRelease(release(tag), monorepo);
      expect(result.model).toBe(creditRisk);
      expect(result.reason).toBe(`tag '${tag}' names 'credit-risk'`);
    }
    expect(modelForRelease(release('credit@3'), monorepo).model).toBe(credit);
    expect(modelForRelease(release('churn-v7'), monorepo).model).toBe(churn);
  });

  it('does not take a longer model name for a shorter one', () => {
    // 'credit-risk-v1' starts with 'credit-', but the separator must be -v, so it is not 'credit'.
    expect(modelForRelease(release('credit-risk-v1'), monorepo).model).toBe(creditRisk);
  });

  it('refuses to guess when the tag names no model', () => {
    for (const tag of ['v1.4.0', 'credit-risk', 'credit-risk@', 'creditrisk@1', 'churn-1.0', null]) {
      const result = modelForRelease(release(tag), monorepo);
      expect(result.model).toBeNull();
      expect(result.reason).toMatch(/3 models share 'acme\/models' \(credit-risk, credit, churn\) and .* names none of them/);
    }
  });

  it('refuses to guess when the tag names several models', () => {
    const a = { id: 'a', name: 'fraud', repository: 'acme/models' };
    const b = { id: 'b', name: 'fraud-v2', repository: 'acme/models' };
    const result = modelForRelease(release('fraud-v2-v1.0'), [a, b]);
    expect(result).toEqual({ model: null, reason: "tag 'fraud-v2-v1.0' matches several models (fraud, fraud-v2); refusing to guess" });
  });

  it('matches a workflow run by its workflow name when its branch is not a tag', () => {
    const run = release(null, { kind: 'github_workflow_run', name: 'Churn' });
    expect(modelForRelease(run, monorepo)).toEqual({ model: churn, reason: "no tag and workflow 'Churn' names 'churn'" });
    const unrelated = release(null, { kind: 'github_workflow_run', name: 'CI' });
    expect(modelForRelease(unrelated, monorepo).reason).toContain("no tag and workflow 'CI' names none of them");
  });

  it('does not match a GitHub release by its display name', () => {
    expect(modelForRelease(release('v2.0', { name: 'churn' }), monorepo).model).toBeNull();
  });
});
