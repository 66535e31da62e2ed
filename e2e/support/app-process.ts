import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '../..');

export interface AppProcess {
  child: ChildProcess;
  /** Resolves with the exit code (or signal name) once the launcher exits. */
  exited: Promise<number | string | null>;
}

/**
 * Runs `npm start`'s launcher (tsx runtime/start.ts) in a process group of its own:
 * a signal sent to the test runner's group does not reach it a second time (we signal it
 * ourselves), and whatever it leaves running can be found and swept afterwards.
 */
export function startApp(env: NodeJS.ProcessEnv, stdio: 'inherit' | 'pipe' = 'inherit'): AppProcess {
  const child = spawn(path.join(repoRoot, 'node_modules/.bin/tsx'), ['runtime/start.ts'], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', stdio, stdio],
    detached: true,
  });
  const exited = new Promise<number | string | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  return { child, exited };
}

/** `promise`, or 'timeout' after `ms`; the timer keeps the process alive until then. */
export async function timeout<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/** Whether any live (non-zombie) process is left in process group `pgid`. Linux: reads /proc. */
function groupAlive(pgid: number): boolean {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Fields after the command name: state ppid pgrp …
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(pgrp) === pgid && state !== 'Z') return true;
    } catch {
      // exited while we looked
    }
  }
  return false;
}

async function groupGone(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (groupAlive(pid)) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return true;
}

/**
 * Makes sure nothing of the app's process group (web server, worker, embedded PostgreSQL)
 * outlives the launcher: waits `graceMs` for it to wind down, then SIGTERM, then SIGKILL.
 */
export async function sweepProcessGroup(app: AppProcess, graceMs = 15_000): Promise<void> {
  const pid = app.child.pid;
  if (!pid) return;
  if (await groupGone(pid, graceMs)) return;
  try {
    process.kill(-pid, 'SIGTERM');
    if (await groupGone(pid, 5_000)) return;
    process.kill(-pid, 'SIGKILL');
  } catch {
    // the group went away meanwhile
  }
  await groupGone(pid, 5_000);
}

/**
 * `npm start` with nothing configured, as a new user runs it: its own embedded PostgreSQL in
 * a fresh data folder under .vigil/, on a free port, output collected for the report.
 */
export function startEmbeddedApp(port: number, label: string, pgPort: number): { app: AppProcess; dataDir: string; output: string[] } {
  const dataDir = path.join(repoRoot, '.vigil', `${label}-${Date.now()}`);
  const { DATABASE_URL: _database, DATABASE_OWNER_URL: _owner, TEST_DATABASE_URL: _testDatabase, NEXTAUTH_SECRET: _secret, ...inherited } = process.env;
  const output: string[] = [];
  const app = startApp({ ...inherited, PORT: String(port), VIGIL_DATA_DIR: dataDir, VIGIL_PG_PORT: String(pgPort), NEXTAUTH_URL: `http://127.0.0.1:${port}` }, 'pipe');
  app.child.stdout!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  app.child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  return { app, dataDir, output };
}
