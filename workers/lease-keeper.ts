import type PgBoss from 'pg-boss';
import type { Database } from '@/db/client';
import { LEASE_RENEW_MS, LEASE_SWEEP_MS, reclaimStaleJobs, releaseLease, renewLeases, takeLease } from '@/server/jobs/job-leases';

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * One worker's side of the job leases (server/jobs/job-leases.ts): leases each job it runs,
 * renews them while it lives, and sweeps for the stale leases of dead workers.
 */
export class LeaseKeeper {
  private readonly held = new Set<string>();
  private readonly timers: NodeJS.Timeout[] = [];
  private renewing = false;
  private sweeping = false;
  /** While the database is away the sweep fails every time: said once, not every 2 s. */
  private sweepFailing = false;

  constructor(
    private readonly database: Database,
    private readonly boss: PgBoss,
    readonly workerId: string,
  ) {}

  start(): void {
    this.timers.push(setInterval(() => void this.renew(), LEASE_RENEW_MS), setInterval(() => void this.sweep(), LEASE_SWEEP_MS));
  }

  /** After pg-boss has stopped: no job runs any more. */
  stop(): void {
    for (const timer of this.timers.splice(0)) clearInterval(timer);
  }

  /** Runs one job under a lease; the lease is gone before pg-boss records the outcome. */
  async run<T>(job: { id: string; name: string; retryCount: number }, work: () => Promise<T>): Promise<T> {
    await takeLease(this.database, { jobId: job.id, queue: job.name, workerId: this.workerId, attempt: job.retryCount });
    this.held.add(job.id);
    try {
      return await work();
    } finally {
      this.held.delete(job.id);
      await releaseLease(this.database, job.id, this.workerId).catch((error) => console.error(`[worker] could not release the lease of job ${job.id}: ${message(error)}`));
    }
  }

  private async renew(): Promise<void> {
    if (this.renewing || this.held.size === 0) return;
    this.renewing = true;
    try {
      const renewed = await renewLeases(this.database, this.workerId);
      // Swept while this process stalled: another worker now retries those jobs.
      const lost = [...this.held].filter((id) => !renewed.has(id));
      if (lost.length > 0) console.warn(`[worker] the leases of job(s) ${lost.join(', ')} expired while this worker stalled; pg-boss retries them elsewhere`);
    } catch (error) {
      console.error(`[worker] could not renew job leases: ${message(error)}`);
    } finally {
      this.renewing = false;
    }
  }

  private async sweep(): Promise<void> {
    if (this.sweeping) return;
    this.sweeping = true;
    try {
      for (const lease of await reclaimStaleJobs(this.database, this.boss)) {
        console.warn(`[worker] ${lease.queue} job ${lease.jobId}: its worker ${lease.workerId} stopped renewing the lease; handed back to pg-boss for a retry`);
      }
      if (this.sweepFailing) console.log('[worker] job lease sweeps work again.');
      this.sweepFailing = false;
    } catch (error) {
      if (!this.sweepFailing) console.error(`[worker] job lease sweep failed (retrying every ${LEASE_SWEEP_MS / 1000} s): ${message(error)}`);
      this.sweepFailing = true;
    } finally {
      this.sweeping = false;
    }
  }
}
