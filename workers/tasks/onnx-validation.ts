import type { Database } from '@/db/client';
import type { JobPayload } from '@/server/jobs/job-catalog';
import { validateVersion } from './version-validation';

/**
 * Loads the artifact with onnxruntime in a worker thread, reads its signature and runs a
 * synthetic batch (and a sample of the reference dataset). Safe to retry: the result is
 * stored only while the version is pending.
 */
export async function onnxValidationTask(database: Database, payload: JobPayload<'onnxValidation'>) {
  const stored = await validateVersion(database, payload.versionId);
  if (!stored) return;
  const { model, version, result } = stored;
  const notes = [result.reason, ...result.warnings].filter((n): n is string => !!n);
  console.log(`[worker] ${model} v${version}: ${result.status}${notes.length ? ` (${notes.join(' ')})` : ''}`);
}
