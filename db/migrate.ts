import path from 'node:path';
import { sql } from 'drizzle-orm';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import { installJobQueues } from '@/server/jobs/job-queues';
import { createDatabase, closeDatabase } from './client';

export const migrationsFolder = path.join(process.cwd(), 'db', 'migrations');
const MIGRATION_LOCK = 7236591000;

/**
 * Applies every pending migration and installs the job queues. The pool has one connection, so the advisory lock and
 * the migration share a session: web and worker processes may start at the same time.
 */
export async function migrateDatabase(url: string): Promise<void> {
  const database = createDatabase(url, { max: 1 });
  try {
    await database.execute(sql`select pg_advisory_lock(${MIGRATION_LOCK})`);
    await migrate(database, { migrationsFolder });
    await installJobQueues(url);
    await database.execute(sql`select pg_advisory_unlock(${MIGRATION_LOCK})`);
  } finally {
    await closeDatabase(database);
  }
}
