import type { Database, Executor } from '@/db/client';
import { rawSql } from './raw-sql';

// inference_events is range-partitioned by UTC day (db/migrations/0003_monitoring.sql).
// Ingestion creates the partitions a batch needs; the maintenance job creates the coming
// week's ahead of time and drops the ones that fell out of retention.

const DAY_MS = 86_400_000;
const PARTITION_NAME = /^inference_events_(\d{4})(\d{2})(\d{2})$/;

/** Days known to have a partition, per connection pool (tests run many databases in one process). */
const known = new WeakMap<object, Set<string>>();

function knownDays(executor: Executor): Set<string> {
  const client = rawSql(executor);
  let days = known.get(client);
  if (!days) {
    days = new Set();
    known.set(client, days);
  }
  return days;
}

/** `YYYY-MM-DD` of the UTC day holding `time` (epoch ms or Date). */
export function utcDay(time: number | Date): string {
  return new Date(typeof time === 'number' ? time : time.getTime()).toISOString().slice(0, 10);
}

/**
 * Makes sure a partition exists for the UTC day of each date (idempotent, safe under
 * concurrency: the SQL function tolerates a racing CREATE). Days created or confirmed are
 * remembered per process, so steady-state ingestion costs no extra round trip; `refresh`
 * asks the database again regardless.
 */
export async function ensurePartitions(database: Executor, days: (Date | number)[], options: { refresh?: boolean } = {}): Promise<void> {
  const cache = knownDays(database);
  const missing = [...new Set(days.map(utcDay))].filter((d) => options.refresh || !cache.has(d)).sort();
  if (missing.length === 0) return;
  await rawSql(database).unsafe('select ensure_inference_partition(d) from unnest($1::date[]) as d', [`{${missing.join(',')}}`]);
  for (const day of missing) cache.add(day);
}

/** Forgets the cached days (after a retention drop elsewhere made the cache stale). */
export function forgetPartitions(database: Executor): void {
  knownDays(database).clear();
}

export interface PartitionInfo {
  name: string;
  /** UTC day the partition holds, YYYY-MM-DD. */
  day: string;
}

/** The daily partitions of inference_events, oldest first. */
export async function listPartitions(database: Executor): Promise<PartitionInfo[]> {
  const rows = await rawSql(database).unsafe<{ name: string }[]>(
    `select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
     where i.inhparent = 'inference_events'::regclass order by c.relname`,
  );
  return rows.flatMap(({ name }) => {
    const match = PARTITION_NAME.exec(name);
    return match ? [{ name, day: `${match[1]}-${match[2]}-${match[3]}` }] : [];
  });
}

/**
 * Drops every partition whose whole day ended at least `retentionDays` before `now`
 * (DROP TABLE of the partition: instant, no row-by-row DELETE). Returns the dropped names.
 */
export async function dropExpiredPartitions(database: Database, retentionDays: number, now = new Date()): Promise<string[]> {
  if (!Number.isFinite(retentionDays) || retentionDays < 1) throw new Error('retentionDays must be at least 1');
  const cutoff = now.getTime() - retentionDays * DAY_MS;
  const expired = (await listPartitions(database)).filter((p) => Date.parse(`${p.day}T00:00:00Z`) + DAY_MS <= cutoff);
  const sql = rawSql(database);
  const dropped: string[] = [];
  for (const partition of expired) {
    await sql.begin(async (tx) => {
      await tx.unsafe("set local lock_timeout = '30s'");
      // As the owner, through drop_inference_partition(): the app's role owns no table.
      await tx.unsafe('select drop_inference_partition($1::date)', [partition.day]);
      // The day's hourly counts go with its events (traffic_hourly is kept by triggers, which a DROP does not fire).
      await tx.unsafe(`delete from traffic_hourly where hour >= $1::timestamptz and hour < $1::timestamptz + interval '1 day'`, [`${partition.day}T00:00:00Z`]);
    });
    knownDays(database).delete(partition.day);
    dropped.push(partition.name);
  }
  return dropped;
}

/** VIGIL_TRAFFIC_RETENTION_DAYS, default 90. */
export function retentionDays(): number {
  const raw = process.env.VIGIL_TRAFFIC_RETENTION_DAYS;
  if (raw === undefined || raw === '') return 90;
  const days = Number(raw);
  if (!Number.isInteger(days) || days < 1) throw new Error(`VIGIL_TRAFFIC_RETENTION_DAYS must be a whole number of days ≥ 1, not '${raw}'`);
  return days;
}

/** UTC midnights of today … today + `ahead` days. */
export function upcomingDays(now: Date, ahead: number): Date[] {
  const today = Date.parse(`${utcDay(now)}T00:00:00Z`);
  return Array.from({ length: ahead + 1 }, (_, i) => new Date(today + i * DAY_MS));
}
