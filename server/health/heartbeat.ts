import { desc, gt, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { workerHeartbeats } from '@/db/schema';

export const HEARTBEAT_INTERVAL_MS = 15_000;
/** A worker silent for longer than this is reported as down. */
export const HEARTBEAT_STALE_MS = 60_000;

export async function beat(database: Database, worker: { id: string; hostname: string; pid: number; startedAt: Date }) {
  await database
    .insert(workerHeartbeats)
    .values({ workerId: worker.id, hostname: worker.hostname, pid: worker.pid, startedAt: worker.startedAt, lastSeenAt: sql`now()` })
    .onConflictDoUpdate({ target: workerHeartbeats.workerId, set: { lastSeenAt: sql`now()` } });
}

export async function latestHeartbeat(database: Database) {
  const [row] = await database.select().from(workerHeartbeats).orderBy(desc(workerHeartbeats.lastSeenAt)).limit(1);
  return row ?? null;
}

/** Workers listed by the health report: those heard from in the last ten minutes (a dead one shows as not alive until then). */
export const WORKER_LIST_WINDOW_MS = 10 * 60_000;

export async function recentHeartbeats(database: Database, windowMs = WORKER_LIST_WINDOW_MS) {
  return database
    .select()
    .from(workerHeartbeats)
    .where(gt(workerHeartbeats.lastSeenAt, sql`now() - ${Math.round(windowMs)}::int * interval '1 millisecond'`))
    .orderBy(desc(workerHeartbeats.lastSeenAt))
    .limit(100);
}
