import PgBoss from 'pg-boss';
import { JOBS } from './job-catalog';

export const JOB_SCHEMA = 'pgboss';

// pg-boss's cron queue, which its scheduler creates at start if missing: created here, by the
// schema owner, because the app's role may not create the queue's table.
const SCHEDULER_QUEUE = '__pgboss__send-it';

type QueueSettings = Pick<PgBoss.Queue, 'retryLimit' | 'retryDelay' | 'retryBackoff' | 'expireInSeconds'>;

function differs(installed: QueueSettings, wanted: QueueSettings): boolean {
  const keys = ['retryLimit', 'retryDelay', 'retryBackoff', 'expireInSeconds'] as const;
  return keys.some((key) => wanted[key] !== undefined && installed[key] !== wanted[key]);
}

/**
 * Installs pg-boss's schema and every queue. Part of migrating the database, so web
 * processes can enqueue before any worker has started. A queue installed by an earlier
 * release takes the catalog's current retry and expiry settings (jobs already queued keep theirs).
 */
export async function installJobQueues(url: string): Promise<void> {
  const boss = new PgBoss({ connectionString: url, schema: JOB_SCHEMA, max: 1, supervise: false, schedule: false });
  await boss.start();
  try {
    for (const job of Object.values(JOBS)) {
      const installed = await boss.getQueue(job.name);
      if (!installed) await boss.createQueue(job.name, { name: job.name, ...job.queue });
      else if (differs(installed, job.queue)) await boss.updateQueue(job.name, { name: job.name, ...job.queue });
    }
    if (!(await boss.getQueue(SCHEDULER_QUEUE))) await boss.createQueue(SCHEDULER_QUEUE);
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
}
