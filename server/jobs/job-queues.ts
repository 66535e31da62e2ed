import PgBoss from 'pg-boss';
import { JOBS } from './job-catalog';

/**
 * Installs pg-boss's schema and every queue. Part of migrating the database, so web
 * processes can enqueue before any worker has started.
 */
export async function installJobQueues(url: string): Promise<void> {
  const boss = new PgBoss({ connectionString: url, schema: 'pgboss', max: 1, supervise: false, schedule: false });
  await boss.start();
  try {
    for (const job of Object.values(JOBS)) {
      if (!(await boss.getQueue(job.name))) await boss.createQueue(job.name, { name: job.name, ...job.queue });
    }
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
}
