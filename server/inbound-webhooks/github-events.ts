import { z } from 'zod';
import { describeIssues, fullCommitSha, httpUrlSchema, nonEmpty, type ReleaseReport } from './release-report';

// Turns a verified GitHub delivery into "what should Vigil do". Only the fields we use are
// declared; GitHub adds fields all the time and zod objects let unknown keys through.
// We act on `release` only when published and on `workflow_run` only when completed with
// success (DESIGN.md, Security notes): everything else is acknowledged and left alone.

export type GithubDeliveryOutcome =
  | { action: 'ack'; reason: string }
  | { action: 'ignore'; reason: string }
  | { action: 'report'; report: ReleaseReport }
  | { action: 'invalid'; reason: string };

const repositorySchema = z.object({
  full_name: z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, 'expected owner/name'),
});

const optionalText = z.string().nullish();
const optionalUrl = httpUrlSchema.nullish();

const actionSchema = z.object({ action: z.string() });

const releaseEventSchema = z.object({
  repository: repositorySchema,
  release: z.object({
    tag_name: z.string().min(1),
    name: optionalText,
    html_url: optionalUrl,
    /** A branch name unless the release was cut from a specific commit. */
    target_commitish: optionalText,
  }),
});

const workflowRunConclusionSchema = z.object({
  workflow_run: z.object({ conclusion: z.string().nullable() }),
});

const workflowRunEventSchema = z.object({
  repository: repositorySchema,
  workflow_run: z.object({
    name: optionalText,
    head_sha: z.string().regex(/^[0-9a-f]{40}$/i, 'expected a 40-hex commit sha'),
    head_branch: optionalText,
    html_url: optionalUrl,
  }),
  /** The workflow definition; its name stands in when the run's own name is empty. */
  workflow: z.object({ name: optionalText }).nullish(),
});

/** `v3`, `1.2`, `v2.0.0-rc.1`: the version part of a tag (a suffix only after a dotted version). */
const VERSION = String.raw`(?:v?\d+(?:\.\d+)+(?:[-+][0-9A-Za-z.-]+)?|v\d+)`;
const TAG_LIKE_BRANCH = new RegExp(String.raw`^(?:[A-Za-z0-9._-]+(?:@|[-_](?=v)))?${VERSION}$`);

/**
 * The tag a workflow run was started for, if `head_branch` names one. GitHub puts the bare
 * tag name there for tag pushes, indistinguishable from a branch, so only version-shaped
 * names count (`v1.2.0`, `credit-risk@1.2.0`, `credit-risk-v3`); `name/1.2` is left out
 * because release branches look exactly like that.
 */
export function tagFromHeadBranch(headBranch: string | null | undefined): string | null {
  if (!headBranch) return null;
  if (headBranch.startsWith('refs/tags/')) return nonEmpty(headBranch.slice('refs/tags/'.length));
  return TAG_LIKE_BRANCH.test(headBranch) ? headBranch : null;
}

function parseRelease(body: unknown): GithubDeliveryOutcome {
  const action = actionSchema.safeParse(body);
  if (!action.success) return { action: 'invalid', reason: `release event: ${describeIssues(action.error)}` };
  if (action.data.action !== 'published') {
    return { action: 'ignore', reason: `release action '${action.data.action}' is not 'published'` };
  }
  const parsed = releaseEventSchema.safeParse(body);
  if (!parsed.success) return { action: 'invalid', reason: `release event: ${describeIssues(parsed.error)}` };
  const { repository, release } = parsed.data;
  return {
    action: 'report',
    report: {
      kind: 'github_release',
      repository: repository.full_name,
      name: nonEmpty(release.name),
      tag: release.tag_name,
      gitSha: fullCommitSha(release.target_commitish),
      url: release.html_url ?? null,
      runUrl: null,
    },
  };
}

function parseWorkflowRun(body: unknown): GithubDeliveryOutcome {
  const action = actionSchema.safeParse(body);
  if (!action.success) return { action: 'invalid', reason: `workflow_run event: ${describeIssues(action.error)}` };
  if (action.data.action !== 'completed') {
    return { action: 'ignore', reason: `workflow_run action '${action.data.action}' is not 'completed'` };
  }
  const conclusion = workflowRunConclusionSchema.safeParse(body);
  if (!conclusion.success) return { action: 'invalid', reason: `workflow_run event: ${describeIssues(conclusion.error)}` };
  const outcome = conclusion.data.workflow_run.conclusion;
  if (outcome !== 'success') {
    const found = outcome === null ? 'no conclusion' : `conclusion '${outcome}'`;
    return { action: 'ignore', reason: `workflow run has ${found}, not 'success'` };
  }
  const parsed = workflowRunEventSchema.safeParse(body);
  if (!parsed.success) return { action: 'invalid', reason: `workflow_run event: ${describeIssues(parsed.error)}` };
  const { repository, workflow_run: run, workflow } = parsed.data;
  return {
    action: 'report',
    report: {
      kind: 'github_workflow_run',
      repository: repository.full_name,
      name: nonEmpty(run.name) ?? nonEmpty(workflow?.name),
      tag: tagFromHeadBranch(run.head_branch),
      gitSha: run.head_sha.toLowerCase(),
      url: null,
      runUrl: run.html_url ?? null,
    },
  };
}

/**
 * What to do with a delivery, given its `X-GitHub-Event` header and JSON body. Call only
 * after the signature has been verified.
 */
export function parseGithubDelivery(event: string | null, body: unknown): GithubDeliveryOutcome {
  switch (event) {
    case null:
    case '':
      return { action: 'invalid', reason: 'X-GitHub-Event header is missing' };
    case 'ping':
      return { action: 'ack', reason: 'ping: GitHub can reach this webhook' };
    case 'release':
      return parseRelease(body);
    case 'workflow_run':
      return parseWorkflowRun(body);
    default:
      return { action: 'ignore', reason: `event '${event}' is not one Vigil acts on (only release and workflow_run)` };
  }
}
