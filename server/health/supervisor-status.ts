import { readFileSync } from 'node:fs';

// The supervisor of `npm start` (runtime/supervisor.ts) restarts a crashed web or worker
// process and records what it did in a small JSON file; it tells its children where
// (VIGIL_SUPERVISOR_STATUS), so the web process's /api/health can show restarts, last exits
// and uptimes. A file rather than a table: it is written by the parent of the processes on
// the same machine, and stays readable while the database is down. Processes not started
// by a supervisor (a deployment's own process manager) have no such file, and health shows
// `supervisor: null`; every worker on every host is still listed from its heartbeats.

export const SUPERVISOR_STATUS_ENV = 'VIGIL_SUPERVISOR_STATUS';

export type SupervisedState = 'running' | 'restarting' | 'stopping' | 'stopped';

export interface ProcessExit {
  code: number | null;
  signal: string | null;
  at: string;
  /** How long that run lasted. */
  ranSeconds: number;
}

/** One supervised process as the supervisor records it. */
export interface SupervisedProcess {
  name: string;
  state: SupervisedState;
  pid: number | null;
  /** Start of the current run (null while waiting to restart). */
  startedAt: string | null;
  /** Restarts since the supervisor started. */
  restarts: number;
  lastExit: ProcessExit | null;
  /** When a crashed process is due to start again. */
  nextStartAt: string | null;
}

export interface SupervisorRecord {
  pid: number;
  hostname: string;
  startedAt: string;
  updatedAt: string;
  processes: SupervisedProcess[];
}

/** What /api/health shows of the supervisor. */
export interface SupervisorHealth {
  pid: number;
  hostname: string;
  /** The supervisor process still exists (it is on this machine). */
  alive: boolean;
  updatedAt: string;
  processes: (SupervisedProcess & { uptimeSeconds: number | null })[];
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The supervisor's record for this process, or null when it was not started by one. */
export function supervisorHealth(file = process.env[SUPERVISOR_STATUS_ENV], now = Date.now()): SupervisorHealth | null {
  if (!file) return null;
  let record: SupervisorRecord;
  try {
    record = JSON.parse(readFileSync(file, 'utf8')) as SupervisorRecord;
  } catch {
    return null;
  }
  return {
    pid: record.pid,
    hostname: record.hostname,
    alive: processExists(record.pid),
    updatedAt: record.updatedAt,
    processes: record.processes.map((p) => ({
      ...p,
      uptimeSeconds: p.state === 'running' && p.startedAt ? Math.max(0, Math.round((now - Date.parse(p.startedAt)) / 1000)) : null,
    })),
  };
}
