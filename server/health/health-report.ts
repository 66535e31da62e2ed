import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { db, type Database } from '@/db/client';
import { migrationsFolder } from '@/db/migrate';
import { databaseFailureSummary } from '@/server/errors/database-errors';
import { leasesByWorker } from '@/server/jobs/job-leases';
import { HEARTBEAT_STALE_MS, latestHeartbeat, recentHeartbeats } from './heartbeat';
import { supervisorHealth, type SupervisorHealth } from './supervisor-status';

interface Journal {
  entries: { idx: number; when: number; tag: string }[];
}

export interface HealthReport {
  status: 'ok' | 'degraded' | 'down';
  database: { reachable: boolean; latencyMs: number | null; error?: string };
  migrations: { applied: string | null; expected: string; pending: number } | null;
  worker: { lastHeartbeatAt: string | null; ageSeconds: number | null; alive: boolean } | null;
  /** Every worker, on any host, heard from in the last ten minutes (a restarted worker is a new entry). */
  workers: WorkerHealth[] | null;
  /** The processes `npm start` supervises on this web process's host; null when no supervisor started it. */
  supervisor: SupervisorHealth | null;
  checkedAt: string;
}

export interface WorkerHealth {
  id: string;
  hostname: string;
  pid: number;
  startedAt: string;
  uptimeSeconds: number;
  lastHeartbeatAt: string;
  ageSeconds: number;
  alive: boolean;
  /** Jobs it holds a lease on right now. */
  runningJobs: number;
}

function journal(): Journal {
  return JSON.parse(readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as Journal;
}

async function workersHealth(database: Database, now: number): Promise<WorkerHealth[]> {
  const beats = await recentHeartbeats(database);
  const jobs = await leasesByWorker(database, beats.map((b) => b.workerId));
  return beats.map((b) => {
    const ageMs = now - b.lastSeenAt.getTime();
    return {
      id: b.workerId,
      hostname: b.hostname,
      pid: b.pid,
      startedAt: b.startedAt.toISOString(),
      uptimeSeconds: Math.max(0, Math.round((b.lastSeenAt.getTime() - b.startedAt.getTime()) / 1000)),
      lastHeartbeatAt: b.lastSeenAt.toISOString(),
      ageSeconds: Math.max(0, Math.round(ageMs / 1000)),
      alive: ageMs < HEARTBEAT_STALE_MS,
      runningJobs: jobs.get(b.workerId) ?? 0,
    };
  });
}

/**
 * Database reachability, the migration the schema is at, the workers' heartbeats, and the
 * processes a supervisor on this host restarts.
 */
export async function healthReport(database: Database): Promise<HealthReport> {
  const checkedAt = new Date().toISOString();
  // Read from a file, so it is there even while the database is down.
  const supervisor = supervisorHealth();
  const started = performance.now();
  try {
    await database.execute(sql`select 1`);
  } catch (error) {
    return {
      status: 'down',
      database: { reachable: false, latencyMs: null, error: databaseFailureSummary(error) },
      migrations: null,
      worker: null,
      workers: null,
      supervisor,
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
  const workers = await workersHealth(database, Date.now());
  // A crashed process waiting for its restart degrades the portal even while another worker lives.
  const supervised = !supervisor || supervisor.processes.every((p) => p.state === 'running');
  return {
    status: pending === 0 && alive && supervised ? 'ok' : 'degraded',
    database: { reachable: true, latencyMs },
    migrations: { applied, expected: entries[entries.length - 1]?.tag ?? '', pending },
    worker: { lastHeartbeatAt: beat?.lastSeenAt.toISOString() ?? null, ageSeconds: ageMs === null ? null : Math.round(ageMs / 1000), alive },
    workers,
    supervisor,
    checkedAt,
  };
}

/** The report for this process's own database pool (the /api/health endpoint). */
export function currentHealthReport(): Promise<HealthReport> {
  return healthReport(db());
}
