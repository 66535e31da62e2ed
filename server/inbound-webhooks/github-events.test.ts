import { describe, expect, it } from 'vitest';
import { exampleOf, examplesOf } from './github-examples';
import { parseGithubDelivery, tagFromHeadBranch } from './github-events';

const publishedRelease = () => exampleOf('release', (p) => p.action === 'published');
const completedRun = (conclusion: string | null) =>
  exampleOf('workflow_run', (p) => p.action === 'completed' && p.workflow_run?.conclusion === conclusion);

describe('parseGithubDelivery: ping', () => {
  it('acknowledges every ping example, including organization hooks without a repository', () => {
    for (const ping of examplesOf('ping')) {
      expect(parseGithubDelivery('ping', ping)).toMatchObject({ action: 'ack' });
    }
  });
});

describe('parseGithubDelivery: release', () => {
  it('reports a published release; a branch as target_commitish is not a sha', () => {
    expect(parseGithubDelivery('release', publishedRelease())).toEqual({
      action: 'report',
      report: {
        kind: 'github_release',
        repository: 'Codertocat/Hello-World',
        name: null,
        tag: '0.0.1',
        gitSha: null,
        url: 'https://github.com/Codertocat/Hello-World/releases/tag/0.0.1',
        runUrl: null,
      },
    });
  });

  it('takes target_commitish as the git sha when it is a full commit sha, and the release name', () => {
    const payload = publishedRelease();
    const release = payload.release as Record<string, unknown>;
    release.target_commitish = '3484A3FB816E0859FD6E1CEA078D76385FF50625';
    release.name = 'credit-risk 1.4.0';
    expect(parseGithubDelivery('release', payload)).toMatchObject({
      action: 'report',
      report: { gitSha: '3484a3fb816e0859fd6e1cea078d76385ff50625', name: 'credit-risk 1.4.0' },
    });
  });

  it('ignores every other release action, saying why', () => {
    const others = examplesOf('release').filter((p) => p.action !== 'published');
    expect(new Set(others.map((p) => p.action))).toEqual(new Set(['created', 'deleted', 'edited', 'prereleased', 'released']));
    for (const payload of others) {
      expect(parseGithubDelivery('release', payload)).toEqual({
        action: 'ignore',
        reason: `release action '${payload.action}' is not 'published'`,
      });
    }
  });

  it('calls a published release without a tag or repository invalid', () => {
    const withoutTag = publishedRelease();
    delete (withoutTag.release as Record<string, unknown>).tag_name;
    expect(parseGithubDelivery('release', withoutTag)).toMatchObject({ action: 'invalid', reason: expect.stringContaining('release.tag_name') });
    const withoutRepository = publishedRelease();
    delete withoutRepository.repository;
    expect(parseGithubDelivery('release', withoutRepository)).toMatchObject({ action: 'invalid', reason: expect.stringContaining('repository') });
  });

  it('refuses a release page that is not an http(s) link', () => {
    const payload = publishedRelease();
    (payload.release as Record<string, unknown>).html_url = 'javascript:alert(1)';
    expect(parseGithubDelivery('release', payload)).toMatchObject({ action: 'invalid', reason: expect.stringContaining('release.html_url') });
  });
});

describe('parseGithubDelivery: workflow_run', () => {
  it('reports a successful completed run, naming it after its workflow when the run name is empty', () => {
    expect(parseGithubDelivery('workflow_run', completedRun('success'))).toEqual({
      action: 'report',
      report: {
        kind: 'github_workflow_run',
        repository: 'octo-org/octo-repo',
        name: 'test',
        tag: null,
        gitSha: '3484a3fb816e0859fd6e1cea078d76385ff50625',
        url: null,
        runUrl: 'https://github.com/octo-org/octo-repo/actions/runs/289782451',
      },
    });
  });

  it('ignores a completed run without a conclusion, and reports the same run once it succeeded', () => {
    const unfinished = completedRun(null);
    expect(parseGithubDelivery('workflow_run', unfinished)).toEqual({
      action: 'ignore',
      reason: "workflow run has no conclusion, not 'success'",
    });
    const succeeded = structuredClone(unfinished);
    succeeded.workflow_run = { ...succeeded.workflow_run, conclusion: 'success' };
    expect(parseGithubDelivery('workflow_run', succeeded)).toEqual({
      action: 'report',
      report: {
        kind: 'github_workflow_run',
        repository: 'Codertocat/Hello-World',
        name: 'Manually triggered workflow',
        tag: null,
        gitSha: '5779607b49aab1200488439f02372c57b4f75444',
        url: null,
        runUrl: 'https://github.com/octo-org/octo-repo/actions/runs/1589141559',
      },
    });
  });

  it('ignores failed runs and runs that are not completed', () => {
    const failed = completedRun('success');
    failed.workflow_run = { ...failed.workflow_run, conclusion: 'failure' };
    expect(parseGithubDelivery('workflow_run', failed)).toEqual({ action: 'ignore', reason: "workflow run has conclusion 'failure', not 'success'" });
    for (const payload of examplesOf('workflow_run').filter((p) => p.action !== 'completed')) {
      expect(parseGithubDelivery('workflow_run', payload)).toEqual({
        action: 'ignore',
        reason: `workflow_run action '${payload.action}' is not 'completed'`,
      });
    }
  });

  it('takes a version-shaped head branch as the tag', () => {
    const payload = completedRun('success');
    payload.workflow_run = { ...payload.workflow_run, head_branch: 'credit-risk@1.4.0' };
    expect(parseGithubDelivery('workflow_run', payload)).toMatchObject({ report: { tag: 'credit-risk@1.4.0' } });
  });

  it('calls a successful run without a proper head sha invalid', () => {
    const payload = completedRun('success');
    payload.workflow_run = { ...payload.workflow_run, head_sha: 'master' };
    expect(parseGithubDelivery('workflow_run', payload)).toMatchObject({
      action: 'invalid',
      reason: expect.stringContaining('workflow_run.head_sha: expected a 40-hex commit sha'),
    });
    expect(parseGithubDelivery('workflow_run', { action: 'completed' })).toMatchObject({ action: 'invalid' });
  });
});

describe('parseGithubDelivery: other events', () => {
  it('ignores events Vigil does not act on, and calls a missing event header invalid', () => {
    expect(parseGithubDelivery('push', exampleOf('push', () => true))).toEqual({
      action: 'ignore',
      reason: "event 'push' is not one Vigil acts on (only release and workflow_run)",
    });
    expect(parseGithubDelivery(null, {})).toEqual({ action: 'invalid', reason: 'X-GitHub-Event header is missing' });
  });

  it('calls a body that is not an object invalid for events it acts on', () => {
    for (const body of [null, 'release', [], 42]) {
      expect(parseGithubDelivery('release', body)).toMatchObject({ action: 'invalid' });
      expect(parseGithubDelivery('workflow_run', body)).toMatchObject({ action: 'invalid' });
    }
  });
});

describe('tagFromHeadBranch', () => {
  it('recognizes tag refs and version-shaped names', () => {
    for (const tag of ['v1.2.0', '1.2', 'v3', 'credit-risk@1.4.0', 'credit-risk-v2', 'churn_v1.0.0-rc.1', 'v2.0.0+build.7']) {
      expect(tagFromHeadBranch(tag)).toBe(tag);
    }
    expect(tagFromHeadBranch('refs/tags/anything')).toBe('anything');
  });

  it('leaves ordinary branches alone', () => {
    for (const branch of ['main', 'master', 'release/1.2', 'feature-v2-ui', 'fix-1.2', 'credit-risk/1.4.0', '', null, undefined]) {
      expect(tagFromHeadBranch(branch)).toBeNull();
    }
  });
});
