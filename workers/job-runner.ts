import PgBoss from 'pg-boss';
import type { Database } from '@/db/client';
import type { SigningKey } from '@/server/audit/signing-key';
import { auditCheckpointCron, JOBS } from '@/server/jobs/job-catalog';
import { auditCheckpointTask } from './tasks/audit-checkpoint';
import { onnxValidationTask } from './tasks/onnx-validation';

/**
 * Starts pg-boss on the application database and registers one handler per job. Any
 * number of these processes may run: pg-boss hands each job to one of them (SKIP LOCKED)
 * and retries it when a worker dies before finishing.
 */
export async function startJobRunner(url: string, database: Database, key: SigningKey): Promise<PgBoss> {
  const boss = new PgBoss({ connectionString: url, schema: 'pgboss', max: 4 });
  boss.on('error', (error) => console.error('[worker] pg-boss error:', error.message));
  await boss.start();

  const checkpoint = JOBS.auditCheckpoint;
  await boss.schedule(checkpoint.name, auditCheckpointCron(), { reason: 'schedule' }, { tz: 'UTC' });
  await boss.work(checkpoint.name, async (jobs) => {
    for (const job of jobs) await auditCheckpointTask(database, key, checkpoint.payload.parse(job.data ?? {}));
  });
  await boss.send(checkpoint.name, { reason: 'startup' });

  const validation = JOBS.onnxValidation;
  await boss.work(validation.name, { batchSize: 1, pollingIntervalSeconds: 1 }, async (jobs) => {
    for (const job of jobs) await onnxValidationTask(database, validation.payload.parse(job.data));
  });
  return boss;
}
