import { sql } from 'drizzle-orm';
import PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, createDatabase } from '@/db/client';
import { jobLeases } from '@/db/schema';
import { createTestDatabaseUrl } from '@/server/testing/test-database';
import { claimStaleLeases, LEASE_STALE_MS, leasesByWorker, reclaimStaleJobs, releaseLease, renewLeases, takeLease } from './job-leases';

// Real pg-boss jobs in a real database; a "dead" worker is one whose lease is backdated.

const url = await createTestDatabaseUrl();
const database = createDatabase(url, { max: 4 });
const boss = new PgBoss({ connectionString: url, schema: 'pgboss', max: 2, supervise: false, schedule: false });
const QUEUE = 'shadow-batch';

beforeAll(async () => {
  await boss.start();
});
afterAll(async () => {
  await boss.stop({ graceful: false, wait: true });
  await closeDatabase(database);
});

/** A job of the queue, fetched (active) as a worker would. */
async function activeJob(): Promise<PgBoss.JobWithMetadata<unknown>> {
  const id = (await boss.send(QUEUE, { runId: '00000000-0000-4000-8000-000000000001', batchNo: 0 }))!;
  const [job] = await boss.fetch(QUEUE, { includeMetadata: true, batchSize: 50 });
  expect(job?.id).toBe(id);
  return job!;
}

const backdate = (jobId: string, ms: number) => database.execute(sql`update job_leases set renewed_at = now() - ${ms}::int * interval '1 millisecond' where job_id = ${jobId}`);

describe('job leases', () => {
  it('hand the job of a worker that stopped renewing back to pg-boss for a retry, once', async () => {
    const job = await activeJob();
    await takeLease(database, { jobId: job.id, queue: QUEUE, workerId: 'dead-worker', attempt: job.retryCount });
    expect(await reclaimStaleJobs(database, boss)).toEqual([]);

    await backdate(job.id, LEASE_STALE_MS + 1_000);
    // Two workers sweep at the same moment: exactly one hands the job back.
    const [a, b] = await Promise.all([reclaimStaleJobs(database, boss), reclaimStaleJobs(database, boss)]);
    expect([...a, ...b]).toEqual([{ jobId: job.id, queue: QUEUE, workerId: 'dead-worker', attempt: 0 }]);
    const after = await boss.getJobById(QUEUE, job.id);
    expect(after).toMatchObject({ state: 'retry', retryCount: 0 });
    expect((after!.output as { message: string }).message).toMatch(/worker dead-worker stopped renewing its lease/);
    // Due after the queue's first retry delay (2–4 s), not after the 180 s expiry.
    expect(after!.startAfter.getTime() - Date.now()).toBeLessThan(5_000);
    expect(await database.select().from(jobLeases)).toEqual([]);
  });

  it('leave alone a lease its worker renews, and the job of a newer attempt', async () => {
    const job = await activeJob();
    await takeLease(database, { jobId: job.id, queue: QUEUE, workerId: 'live-worker', attempt: job.retryCount });
    await backdate(job.id, LEASE_STALE_MS + 1_000);
    expect(await renewLeases(database, 'live-worker')).toEqual(new Set([job.id]));
    expect(await reclaimStaleJobs(database, boss)).toEqual([]);
    expect(await leasesByWorker(database, ['live-worker', 'nobody'])).toEqual(new Map([['live-worker', 1]]));

    // A stale lease recorded for attempt 0 while pg-boss already runs attempt 1: not failed.
    await database.execute(sql`update pgboss.job set retry_count = 1 where id = ${job.id}`);
    await backdate(job.id, LEASE_STALE_MS + 1_000);
    expect(await reclaimStaleJobs(database, boss)).toEqual([]);
    expect(await boss.getJobById(QUEUE, job.id)).toMatchObject({ state: 'active' });
    // Its claim is gone all the same (deleting is the claim).
    expect(await claimStaleLeases(database)).toEqual([]);
  });

  it('are released by their own worker only; a retried attempt takes the lease over', async () => {
    const job = await activeJob();
    await takeLease(database, { jobId: job.id, queue: QUEUE, workerId: 'first', attempt: 0 });
    await takeLease(database, { jobId: job.id, queue: QUEUE, workerId: 'second', attempt: 1 });
    await releaseLease(database, job.id, 'first');
    expect(await database.select({ workerId: jobLeases.workerId, attempt: jobLeases.attempt }).from(jobLeases)).toEqual([{ workerId: 'second', attempt: 1 }]);
    await releaseLease(database, job.id, 'second');
    expect(await database.select().from(jobLeases)).toEqual([]);
  });
});
