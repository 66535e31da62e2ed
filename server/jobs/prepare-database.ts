import { migrateDatabase } from '@/db/migrate';
import { installJobQueues } from './job-queues';

/** Schema migrations plus pg-boss's queues: what every process runs before it starts work. */
export function prepareDatabase(url: string): Promise<void> {
  return migrateDatabase(url, installJobQueues);
}
