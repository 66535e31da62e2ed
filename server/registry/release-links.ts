import { and, desc, eq, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '@/db/client';
import { modelVersions, releases } from '@/db/schema';

// A short sha matches the full one it abbreviates, in either direction.
function shaMatches(column: typeof modelVersions.gitSha | typeof releases.gitSha, sha: string): SQL {
  const value = sha.toLowerCase();
  return sql`(lower(${column}) like ${`${value}%`} or ${value} like lower(${column}) || '%')`;
}

/** The version a release report names, by number, git sha or tag; newest wins if several match. */
export async function findVersionForRelease(
  executor: Executor,
  modelId: string,
  release: { gitSha: string | null; tag: string | null; version?: number | null },
) {
  const matches: SQL[] = [];
  if (release.version) matches.push(eq(modelVersions.version, release.version));
  if (release.gitSha) matches.push(shaMatches(modelVersions.gitSha, release.gitSha));
  if (release.tag) matches.push(eq(modelVersions.releaseTag, release.tag));
  if (matches.length === 0) return null;
  const [row] = await executor
    .select({ id: modelVersions.id, version: modelVersions.version })
    .from(modelVersions)
    .where(and(eq(modelVersions.modelId, modelId), or(...matches)))
    .orderBy(desc(modelVersions.version))
    .limit(1);
  return row ?? null;
}

/** Links releases reported before this version existed; whichever arrives first, both end linked. */
export async function linkEarlierReleases(
  executor: Executor,
  version: { id: string; modelId: string; gitSha: string | null; releaseTag: string | null },
): Promise<number> {
  const matches: SQL[] = [];
  if (version.gitSha) matches.push(shaMatches(releases.gitSha, version.gitSha));
  if (version.releaseTag) matches.push(eq(releases.tag, version.releaseTag));
  if (matches.length === 0) return 0;
  const linked = await executor
    .update(releases)
    .set({ versionId: version.id })
    .where(and(eq(releases.modelId, version.modelId), isNull(releases.versionId), or(...matches)))
    .returning({ id: releases.id });
  return linked.length;
}
