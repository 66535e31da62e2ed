import { randomUUID } from 'node:crypto';
import os from 'node:os';
import PgBoss from 'pg-boss';
import type { Database } from '@/db/client';
import type { SigningKey } from '@/server/audit/signing-key';
import { JOBS, type JobKey } from '@/server/jobs/job-catalog';
import { LeaseKeeper } from './lease-keeper';
import { TASKS } from './tasks';

export interface JobRunnerOptions {
  /** This worker's id in heartbeats and job leases (default: host:pid:random). */
  workerId?: string;
}

export function newWorkerId(): string {
  return `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/**
 * Starts pg-boss on the application database and registers one handler per job. Any
 * number of these processes may run: pg-boss hands each job to one of them (SKIP LOCKED).
 * Every job runs under a lease the worker renews (lease-keeper.ts), so the job of a worker
 * that died is retried by another within seconds (~16 s for a shadow batch) rather than at
 * pg-boss's expiry.
 */
export async function startJobRunner(url: string, database: Database, signingKey: SigningKey, options: JobRunnerOptions = {}): Promise<PgBoss> {
  const boss = new PgBoss({ connectionString: url, schema: 'pgboss', max: 4 });
  boss.on('error', (error) => console.error('[worker] pg-boss error:', error.message));
  await boss.start();
  const leases = new LeaseKeeper(database, boss, options.workerId ?? newWorkerId());
  boss.once('stopped', () => leases.stop());
  const context = { database, signingKey };
  for (const key of Object.keys(TASKS) as JobKey[]) {
    const job = JOBS[key];
    const task = TASKS[key] as (ctx: typeof context, payload: unknown) => Promise<void>;
    if ('schedule' in job) await boss.schedule(job.name, job.schedule(), {}, { tz: 'UTC' });
    await boss.work(job.name, { batchSize: 1, pollingIntervalSeconds: 1, includeMetadata: true }, async (jobs) => {
      for (const item of jobs) await leases.run(item, () => task(context, job.payload.parse(item.data ?? {})));
    });
  }
  leases.start();
  await boss.send(JOBS.auditCheckpoint.name, { reason: 'startup' });
  return boss;
}
