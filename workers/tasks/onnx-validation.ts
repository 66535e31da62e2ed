import { eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { modelVersions, registeredModels } from '@/db/schema';
import { artifactStore } from '@/server/artifacts/current-store';
import type { JobPayload } from '@/server/jobs/job-catalog';
import { validateOnnxArtifact } from '@/server/onnx/validate-model';
import { recordValidation } from '@/server/registry/versions-service';

/**
 * Loads the artifact with onnxruntime in a worker thread, reads its signature and runs one
 * synthetic batch. Safe to retry: the result is stored only while the version is pending.
 */
export async function onnxValidationTask(database: Database, payload: JobPayload<'onnxValidation'>) {
  const [row] = await database
    .select({ version: modelVersions, features: registeredModels.features, model: registeredModels.name })
    .from(modelVersions)
    .innerJoin(registeredModels, eq(registeredModels.id, modelVersions.modelId))
    .where(eq(modelVersions.id, payload.versionId));
  if (!row || row.version.status !== 'registered') return;
  const result = await artifactStore().withLocalFile(row.version.artifactSha256, (file) => validateOnnxArtifact(file, row.features));
  const stored = await recordValidation(database, row.version.id, {
    status: result.status,
    reason: result.reason,
    signature: result.signature,
    report: { checkedAt: new Date().toISOString(), durationMs: result.durationMs, sampleOutput: result.sampleOutput },
  });
  if (stored) console.log(`[worker] ${row.model} v${row.version.version}: ${result.status}${result.reason ? ` (${result.reason})` : ''}`);
}
