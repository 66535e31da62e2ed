import PgBoss from 'pg-boss';
import type { Database } from '@/db/client';
import type { SigningKey } from '@/server/audit/signing-key';
import { JOBS, type JobKey } from '@/server/jobs/job-catalog';
import { TASKS } from './tasks';

/**
 * Starts pg-boss on the application database and registers one handler per job. Any
 * number of these processes may run: pg-boss hands each job to one of them (SKIP LOCKED)
 * and retries it when a worker dies before finishing.
 */
export async function startJobRunner(url: string, database: Database, signingKey: SigningKey): Promise<PgBoss> {
  const boss = new PgBoss({ connectionString: url, schema: 'pgboss', max: 4 });
  boss.on('error', (error) => console.error('[worker] pg-boss error:', error.message));
  await boss.start();
  const context = { database, signingKey };
  for (const key of Object.keys(TASKS) as JobKey[]) {
    const job = JOBS[key];
    const task = TASKS[key] as (ctx: typeof context, payload: unknown) => Promise<void>;
    if ('schedule' in job) await boss.schedule(job.name, job.schedule(), {}, { tz: 'UTC' });
    await boss.work(job.name, { batchSize: 1, pollingIntervalSeconds: 1 }, async (jobs) => {
      for (const item of jobs) await task(context, job.payload.parse(item.data ?? {}));
    });
  }
  await boss.send(JOBS.auditCheckpoint.name, { reason: 'startup' });
  return boss;
}
