import path from 'node:path';
import { sql } from 'drizzle-orm';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import { createDatabase, closeDatabase } from './client';

export const migrationsFolder = path.join(process.cwd(), 'db', 'migrations');
const MIGRATION_LOCK = 7236591000;

/**
 * Applies every pending migration, then `afterMigrate` (the job queues' own schema) under the same lock. The pool has
 * one connection, so the advisory lock and the migration share a session: web and worker processes may start at the
 * same time. The hook keeps db/ free of imports from above it.
 */
export async function migrateDatabase(url: string, afterMigrate?: (url: string) => Promise<void>): Promise<void> {
  const database = createDatabase(url, { max: 1 });
  try {
    await database.execute(sql`select pg_advisory_lock(${MIGRATION_LOCK})`);
    await migrate(database, { migrationsFolder });
    await afterMigrate?.(url);
    await database.execute(sql`select pg_advisory_unlock(${MIGRATION_LOCK})`);
  } finally {
    await closeDatabase(database);
  }
}
