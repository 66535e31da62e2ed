import { migrateDatabase } from '@/db/migrate';
import { installJobQueues, JOB_SCHEMA } from './job-queues';

/**
 * Schema migrations plus pg-boss's queues: what every process runs before it starts work.
 * `ownerUrl`, when given, migrates and grants `url`'s role what the app needs (db/migrate.ts).
 */
export function prepareDatabase(url: string, options: { ownerUrl?: string | null } = {}): Promise<void> {
  return migrateDatabase(url, { ownerUrl: options.ownerUrl, afterMigrate: installJobQueues, appSchemas: [JOB_SCHEMA] });
}
