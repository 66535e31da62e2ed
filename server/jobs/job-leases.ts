import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import type PgBoss from 'pg-boss';
import type { Database } from '@/db/client';
import { jobLeases } from '@/db/schema';

// Heartbeats for running jobs. pg-boss (v10) notices a dead worker only when the job's
// expiry passes (minutes for long jobs, and the expiry must stay long, since the living
// worker's own pg-boss fails a job that outlasts it). So each worker also leases every job
// it runs, renews its leases every few seconds, and sweeps: a lease nobody renewed for
// LEASE_STALE_MS belongs to a dead worker, and its job is failed so pg-boss retries it at
// once (after the queue's retry delay). All times are the database's clock.
//
// Worst case from a worker's death to the retry becoming due: LEASE_STALE_MS + LEASE_SWEEP_MS
// + the queue's first retry delay (a shadow batch: 2–4 s), about 16 s; a worker polls each
// queue every second. Tasks are safe to run twice (DESIGN: a retried job duplicates nothing),
// which a lease swept from a worker that was merely stalled for LEASE_STALE_MS relies on.

/** How often a worker renews the leases of the jobs it runs. */
export const LEASE_RENEW_MS = 2_000;
/** A lease not renewed for this long belongs to a dead (or frozen) worker. */
export const LEASE_STALE_MS = 10_000;
/** How often every worker looks for stale leases. */
export const LEASE_SWEEP_MS = 2_000;

export interface Lease {
  jobId: string;
  queue: string;
  workerId: string;
  /** pg-boss's retry count of the attempt that took the lease. */
  attempt: number;
}

/** Taken when a job starts; a retried job's new attempt takes its lease over. */
export async function takeLease(database: Database, lease: Lease): Promise<void> {
  await database
    .insert(jobLeases)
    .values(lease)
    .onConflictDoUpdate({ target: jobLeases.jobId, set: { workerId: lease.workerId, attempt: lease.attempt, takenAt: sql`now()`, renewedAt: sql`now()` } });
}

/** Renews every lease the worker holds (one statement, however many jobs); returns the jobs it still holds. */
export async function renewLeases(database: Database, workerId: string): Promise<Set<string>> {
  const renewed = await database.update(jobLeases).set({ renewedAt: sql`now()` }).where(eq(jobLeases.workerId, workerId)).returning({ jobId: jobLeases.jobId });
  return new Set(renewed.map((r) => r.jobId));
}

/** Dropped when the job ends, before pg-boss marks it completed or failed. */
export async function releaseLease(database: Database, jobId: string, workerId: string): Promise<void> {
  await database.delete(jobLeases).where(and(eq(jobLeases.jobId, jobId), eq(jobLeases.workerId, workerId)));
}

/**
 * Removes the stale leases and returns them. Deleting is the claim: when several workers
 * sweep at once, each stale lease goes to exactly one of them.
 */
export async function claimStaleLeases(database: Database, staleMs = LEASE_STALE_MS): Promise<Lease[]> {
  return database
    .delete(jobLeases)
    .where(lt(jobLeases.renewedAt, sql`now() - ${Math.round(staleMs)}::int * interval '1 millisecond'`))
    .returning({ jobId: jobLeases.jobId, queue: jobLeases.queue, workerId: jobLeases.workerId, attempt: jobLeases.attempt });
}

/** The leases held by each worker (for the health report). */
export async function leasesByWorker(database: Database, workerIds: string[]): Promise<Map<string, number>> {
  if (workerIds.length === 0) return new Map();
  const rows = await database
    .select({ workerId: jobLeases.workerId, n: sql<number>`count(*)::int` })
    .from(jobLeases)
    .where(inArray(jobLeases.workerId, workerIds))
    .groupBy(jobLeases.workerId);
  return new Map(rows.map((r) => [r.workerId, r.n]));
}

/**
 * Hands the jobs of dead workers back to pg-boss: each claimed lease's job is failed (so
 * retried, or failed for good when out of retries) if it is still the attempt that took the
 * lease and still active. Returns the jobs handed back.
 */
export async function reclaimStaleJobs(database: Database, boss: PgBoss, staleMs = LEASE_STALE_MS): Promise<Lease[]> {
  const reclaimed: Lease[] = [];
  for (const lease of await claimStaleLeases(database, staleMs)) {
    const job = await boss.getJobById(lease.queue, lease.jobId);
    if (!job || job.state !== 'active' || job.retryCount !== lease.attempt) continue;
    await boss.fail(lease.queue, lease.jobId, { message: `worker ${lease.workerId} stopped renewing its lease (presumed dead)` });
    reclaimed.push(lease);
  }
  return reclaimed;
}
