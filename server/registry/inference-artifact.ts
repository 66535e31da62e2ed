import { inArray } from 'drizzle-orm';
import type { Executor } from '@/db/client';
import { modelVersions } from '@/db/schema';
import { DEFAULT_DECISION_THRESHOLD } from '@/server/onnx/decision-rule';

// What inference needs to know about a version beyond its signature: which bytes to run and
// where its decisions flip.

/** The artifact Vigil runs for a version: the ZipMap-free model validation derived, else the upload itself. */
export function inferenceSha256(version: { artifactSha256: string; derivedArtifact: { sha256: string } | null }): string {
  return version.derivedArtifact?.sha256 ?? version.artifactSha256;
}

/** Each version's score threshold, for deciding logged scores that came without a label (pass a batch's versionIds as they are). */
export async function decisionThresholds(executor: Executor, versionIds: readonly string[]): Promise<Map<string, number>> {
  const ids = [...new Set(versionIds)];
  if (ids.length === 0) return new Map();
  const rows = await executor.select({ id: modelVersions.id, threshold: modelVersions.decisionThreshold }).from(modelVersions).where(inArray(modelVersions.id, ids));
  return new Map(rows.map((r) => [r.id, r.threshold ?? DEFAULT_DECISION_THRESHOLD]));
}
