import { z, type ZodError } from 'zod';

// What every inbound source (GitHub release, GitHub workflow run, generic CI) is reduced to
// before it is matched to a model and version; the lead stores it as a `releases` row.

export type GithubReleaseKind = 'github_release' | 'github_workflow_run';

export interface ReleaseReport {
  kind: GithubReleaseKind;
  /** "owner/name", as GitHub spells it (compare case-insensitively). */
  repository: string;
  name: string | null;
  tag: string | null;
  /** Lower-case hex; null when the source only named a branch. */
  gitSha: string | null;
  /** Page of the release itself. */
  url: string | null;
  /** Page of the CI run that produced it. */
  runUrl: string | null;
}

/**
 * Links are shown in the UI, so only http(s): `z.url()` alone accepts `javascript:` URLs.
 */
export const httpUrlSchema = z.url({ protocol: /^https?$/, message: 'expected an http(s) URL' }).max(2000);

const FULL_SHA = /^[0-9a-f]{40}$/i;

/** A full 40-hex commit sha, lower-cased; branch names and short shas give null. */
export function fullCommitSha(value: string | null | undefined): string | null {
  return value && FULL_SHA.test(value) ? value.toLowerCase() : null;
}

/** Empty strings from GitHub (e.g. an unnamed workflow run) mean "no value". */
export function nonEmpty(value: string | null | undefined): string | null {
  return value ? value : null;
}

/** A short, single-line account of why a body did not parse, for delivery logs and 400s. */
export function describeIssues(error: ZodError, limit = 3): string {
  const parts = error.issues.slice(0, limit).map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`);
  const more = error.issues.length > limit ? `; and ${error.issues.length - limit} more` : '';
  return parts.join('; ') + more;
}
