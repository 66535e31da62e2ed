import { eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { modelVersions } from '@/db/schema';
import { onnxValidationTask } from '@/workers/tasks/onnx-validation';

/** Runs the validation job's work for every pending version, in version order. */
export async function validateAllVersions(database: Database): Promise<void> {
  const pending = await database.select({ id: modelVersions.id }).from(modelVersions).where(eq(modelVersions.status, 'registered')).orderBy(modelVersions.createdAt, modelVersions.version);
  for (const version of pending) await onnxValidationTask(database, { versionId: version.id });
}
