import { eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { modelVersions, type registeredModels } from '@/db/schema';
import { artifactStore } from '@/server/artifacts/current-store';
import type { FeatureMatrix } from '@/server/drift/drift-types';
import { inferencePool } from '@/server/onnx/inference-pool';
import { candidateInputs, planCandidateIO, readCandidateOutputs } from '@/server/onnx/model-io';

const CHUNK = 65_536;

/**
 * The scores a version gives to feature rows (e.g. the reference dataset), run in the
 * inference thread a chunk at a time. Null when the version has no usable score output yet.
 */
export async function scoreWithVersion(
  database: Database,
  model: Pick<typeof registeredModels.$inferSelect, 'features' | 'label'>,
  versionId: string,
  rows: FeatureMatrix,
): Promise<Float32Array | null> {
  const [version] = await database.select().from(modelVersions).where(eq(modelVersions.id, versionId));
  if (!version?.signature || version.status === 'invalid') return null;
  let io;
  try {
    io = planCandidateIO(model.features, version.signature, model.label.classes);
  } catch {
    return null;
  }
  if (!io.scoreOutput) return null;
  const values = rows.values instanceof Float32Array ? rows.values : Float32Array.from(rows.values);
  const scores = new Float32Array(rows.count);
  const pool = inferencePool();
  for (let start = 0; start < rows.count; start += CHUNK) {
    const end = Math.min(start + CHUNK, rows.count);
    const inputs = candidateInputs(io, values, rows.width, start, end);
    const result = await artifactStore().withLocalFile(version.artifactSha256, (filePath) =>
      pool.run({ sha256: version.artifactSha256, filePath, inputs, outputs: io.fetches }),
    );
    scores.set(readCandidateOutputs(io, result.outputs, end - start).scores, start);
  }
  return scores;
}

/** The version that served most of a window's events. */
export function mostFrequent(values: readonly string[]): string | null {
  const counts = new Map<string, number>();
  let best: string | null = null;
  for (const v of values) {
    const n = (counts.get(v) ?? 0) + 1;
    counts.set(v, n);
    if (best === null || n > counts.get(best)!) best = v;
  }
  return best;
}
