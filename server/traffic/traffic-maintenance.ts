import type { Database } from '@/db/client';
import { dropExpiredPartitions, ensurePartitions, retentionDays, upcomingDays } from './partitions';

/** Days of partitions created ahead, so ingestion rarely has to create one itself. */
export const PARTITIONS_AHEAD = 7;

/**
 * The `trafficMaintenance` job: creates the partitions of today … today + 7 and drops the
 * partitions entirely older than VIGIL_TRAFFIC_RETENTION_DAYS (default 90). Safe to retry:
 * both steps are idempotent.
 */
export async function trafficMaintenanceTask(database: Database, now = new Date()): Promise<{ created: string[]; dropped: string[] }> {
  const days = upcomingDays(now, PARTITIONS_AHEAD);
  await ensurePartitions(database, days, { refresh: true });
  const dropped = await dropExpiredPartitions(database, retentionDays(), now);
  for (const name of dropped) console.log(`[worker] traffic retention: dropped partition ${name}`);
  return { created: days.map((d) => d.toISOString().slice(0, 10)), dropped };
}
