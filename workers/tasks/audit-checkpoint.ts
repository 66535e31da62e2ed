import type { Database } from '@/db/client';
import { createCheckpoint } from '@/server/audit/checkpoint';
import type { SigningKey } from '@/server/audit/signing-key';
import type { JobPayload } from '@/server/jobs/job-catalog';

export async function auditCheckpointTask(database: Database, key: SigningKey, payload: JobPayload<'auditCheckpoint'>) {
  const checkpoint = await createCheckpoint(database, key);
  if (checkpoint) console.log(`[worker] audit checkpoint signed at sequence ${checkpoint.seq} (${payload.reason})`);
}
