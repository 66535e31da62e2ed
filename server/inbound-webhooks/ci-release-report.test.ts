import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ciReleaseReportSchema, toCiReleaseReport } from './ci-release-report';

const full = {
  model: 'credit-risk',
  version: 4,
  gitSha: '3484A3FB816E0859FD6E1CEA078D76385FF50625',
  tag: 'credit-risk@1.4.0',
  name: 'Credit risk 1.4.0',
  repository: 'acme/models',
  url: 'https://gitlab.example.com/acme/models/-/releases/credit-risk@1.4.0',
  runUrl: 'https://jenkins.example.com/job/credit-risk/812/',
  metrics: { auc: 0.91, brier: 0.082 },
  datasetHash: 'sha256:9f86d081884c7d65',
};

function issues(body: unknown): string[] {
  const result = ciReleaseReportSchema.safeParse(body);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('ciReleaseReportSchema', () => {
  it('accepts a full report and maps it, with the sha lower-cased', () => {
    expect(toCiReleaseReport(ciReleaseReportSchema.parse(full))).toEqual({
      kind: 'ci_release',
      model: 'credit-risk',
      repository: 'acme/models',
      name: 'Credit risk 1.4.0',
      tag: 'credit-risk@1.4.0',
      gitSha: '3484a3fb816e0859fd6e1cea078d76385ff50625',
      url: full.url,
      runUrl: full.runUrl,
      version: 4,
      metrics: { auc: 0.91, brier: 0.082 },
      datasetHash: 'sha256:9f86d081884c7d65',
    });
  });

  it('accepts a minimal report identified by any one of git sha, tag or version', () => {
    for (const identity of [{ gitSha: 'abc1234' }, { tag: 'v1' }, { version: 1 }]) {
      const report = toCiReleaseReport(ciReleaseReportSchema.parse({ model: 'churn', ...identity }));
      expect(report).toMatchObject({ model: 'churn', repository: null, metrics: {}, datasetHash: null, url: null });
    }
  });

  it('asks for a git sha, tag or version when none is given', () => {
    expect(issues({ model: 'churn', name: 'nightly' })).toEqual([
      ': give at least one of gitSha, tag or version, so the release can be linked to a model version',
    ]);
  });

  it('rejects what cannot be right, naming the field', () => {
    expect(issues({ ...full, model: 'Credit Risk' })[0]).toMatch(/^model: /);
    expect(issues({ ...full, version: 0 })[0]).toMatch(/^version: /);
    expect(issues({ ...full, version: 1.5 })[0]).toMatch(/^version: /);
    expect(issues({ ...full, gitSha: 'abc12' })[0]).toMatch(/^gitSha: a hex git commit sha/);
    expect(issues({ ...full, gitSha: 'g'.repeat(40) })[0]).toMatch(/^gitSha: /);
    expect(issues({ ...full, repository: 'models' })[0]).toMatch(/^repository: /);
    expect(issues({ ...full, runUrl: 'not a url' })[0]).toMatch(/^runUrl: /);
    expect(issues({ ...full, url: 'javascript:alert(1)' })[0]).toMatch(/^url: expected an http\(s\) URL/);
    expect(issues({ ...full, tag: '   ' })[0]).toMatch(/^tag: /);
  });

  it('accepts only finite numbers as metrics', () => {
    expect(issues({ ...full, metrics: { auc: Number.POSITIVE_INFINITY } })[0]).toMatch(/^metrics\.auc: /);
    expect(issues({ ...full, metrics: { auc: Number.NaN } })[0]).toMatch(/^metrics\.auc: /);
    expect(issues({ ...full, metrics: { auc: '0.9' } })[0]).toMatch(/^metrics\.auc: /);
    const many = Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`m${i}`, i]));
    expect(issues({ ...full, metrics: many })[0]).toMatch(/at most 200 metrics/);
  });

  it('names a misspelt field instead of dropping its value', () => {
    expect(issues({ model: 'churn', git_sha: 'abc1234', tag: 'v1' })).toEqual([': Unrecognized key: "git_sha"']);
  });

  it('converts to JSON Schema for the OpenAPI document', () => {
    const schema = z.toJSONSchema(ciReleaseReportSchema, { io: 'input' });
    expect(schema).toMatchObject({
      type: 'object',
      required: ['model'],
      additionalProperties: false,
      properties: { model: { type: 'string', description: expect.any(String) }, version: { type: 'integer' } },
    });
  });
});
