import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { db, type Database } from '@/db/client';
import { migrationsFolder } from '@/db/migrate';
import { HEARTBEAT_STALE_MS, latestHeartbeat } from './heartbeat';

interface Journal {
  entries: { idx: number; when: number; tag: string }[];
}

export interface HealthReport {
  status: 'ok' | 'degraded' | 'down';
  database: { reachable: boolean; latencyMs: number | null; error?: string };
  migrations: { applied: string | null; expected: string; pending: number } | null;
  worker: { lastHeartbeatAt: string | null; ageSeconds: number | null; alive: boolean } | null;
  checkedAt: string;
}

function journal(): Journal {
  return JSON.parse(readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as Journal;
}

/** Database reachability, the migration the schema is at, and the age of the newest worker heartbeat. */
export async function healthReport(database: Database): Promise<HealthReport> {
  const checkedAt = new Date().toISOString();
  const started = performance.now();
  try {
    await database.execute(sql`select 1`);
  } catch (error) {
    return {
      status: 'down',
      database: { reachable: false, latencyMs: null, error: error instanceof Error ? error.message : String(error) },
      migrations: null,
      worker: null,
      checkedAt,
    };
  }
  const latencyMs = Math.round((performance.now() - started) * 10) / 10;
  const entries = journal().entries;
  const rows = await database
    .execute<{ created_at: string }>(sql`select created_at from drizzle.__drizzle_migrations order by created_at desc limit 1`)
    .catch(() => []); // no migrations table yet: nothing applied
  const appliedWhen = rows[0] ? Number(rows[0].created_at) : null;
  const applied = entries.find((e) => e.when === appliedWhen)?.tag ?? null;
  const pending = entries.filter((e) => appliedWhen === null || e.when > appliedWhen).length;
  const beat = await latestHeartbeat(database);
  const ageMs = beat ? Date.now() - beat.lastSeenAt.getTime() : null;
  const alive = ageMs !== null && ageMs < HEARTBEAT_STALE_MS;
  return {
    status: pending === 0 && alive ? 'ok' : 'degraded',
    database: { reachable: true, latencyMs },
    migrations: { applied, expected: entries[entries.length - 1]?.tag ?? '', pending },
    worker: { lastHeartbeatAt: beat?.lastSeenAt.toISOString() ?? null, ageSeconds: ageMs === null ? null : Math.round(ageMs / 1000), alive },
    checkedAt,
  };
}

/** The report for this process's own database pool (the /api/health endpoint). */
export function currentHealthReport(): Promise<HealthReport> {
  return healthReport(db());
}
