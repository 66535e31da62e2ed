import { eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { modelVersions, type registeredModels } from '@/db/schema';
import { artifactStore } from '@/server/artifacts/current-store';
import type { FeatureMatrix } from '@/server/drift/drift-types';
import { inferencePool } from '@/server/onnx/inference-pool';
import { outputReadingOf } from '@/server/onnx/decision-rule';
import { candidateInputs, planCandidateIO, readCandidateOutputs, type CandidateScores } from '@/server/onnx/model-io';
import { inferenceSha256 } from '@/server/registry/inference-artifact';

const CHUNK = 65_536;

/**
 * Scores and decisions of a version on feature rows: decisions by the rule the version
 * states (its label output, or score ≥ its threshold). Null when the version cannot run yet.
 */
export async function predictWithVersion(
  database: Database,
  model: Pick<typeof registeredModels.$inferSelect, 'features' | 'label' | 'taskType'>,
  versionId: string,
  rows: FeatureMatrix,
): Promise<(CandidateScores & { hasScore: boolean }) | null> {
  const [version] = await database.select().from(modelVersions).where(eq(modelVersions.id, versionId));
  if (!version?.signature || version.status === 'invalid') return null;
  let io;
  try {
    io = planCandidateIO(model.features, version.signature, model.label.classes, outputReadingOf(model, version));
  } catch {
    return null;
  }
  const values = rows.values instanceof Float32Array ? rows.values : Float32Array.from(rows.values);
  const scores = new Float32Array(rows.count);
  const labels = new Array<string | null>(rows.count);
  let probabilities: Float32Array | null = null;
  const pool = inferencePool();
  const sha256 = inferenceSha256(version);
  for (let start = 0; start < rows.count; start += CHUNK) {
    const end = Math.min(start + CHUNK, rows.count);
    const inputs = candidateInputs(io, values, rows.width, start, end);
    const result = await artifactStore().withLocalFile(sha256, (filePath) => pool.run({ sha256, filePath, inputs, outputs: io.fetches }));
    const read = readCandidateOutputs(io, result.outputs, end - start);
    scores.set(read.scores, start);
    read.labels.forEach((label, i) => (labels[start + i] = label));
    if (read.probabilities) {
      const width = read.probabilities.length / Math.max(end - start, 1);
      probabilities ??= new Float32Array(rows.count * width);
      probabilities.set(read.probabilities, start * width);
    }
  }
  return { scores, probabilities, labels, hasScore: io.scoreOutput !== null };
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
