import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '../..');

export interface AppProcess {
  child: ChildProcess;
  /** Resolves with the exit code (or signal name) once the launcher exits. */
  exited: Promise<number | string | null>;
}

/**
 * Runs `npm start`'s launcher (tsx server/runtime/start.ts) in its own process group, so a
 * signal sent to the test runner's group does not reach it twice: we signal it ourselves.
 */
export function startApp(env: NodeJS.ProcessEnv, stdio: 'inherit' | 'pipe' = 'inherit'): AppProcess {
  const child = spawn(path.join(repoRoot, 'node_modules/.bin/tsx'), ['server/runtime/start.ts'], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', stdio, stdio],
    detached: true,
  });
  const exited = new Promise<number | string | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  return { child, exited };
}

export function timeout<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
  return Promise.race([promise, new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), ms).unref())]);
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Kills whatever is left of the app's process group (web server, worker, embedded
 * PostgreSQL) after the launcher is gone: SIGTERM, then SIGKILL after `graceMs`.
 */
export async function sweepProcessGroup(app: AppProcess, graceMs = 10_000): Promise<void> {
  const pid = app.child.pid;
  if (!pid) return;
  if (app.child.exitCode === null && app.child.signalCode === null) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
    await app.exited;
    return;
  }
  if (!groupAlive(pid)) return;
  process.kill(-pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (groupAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  if (groupAlive(pid)) process.kill(-pid, 'SIGKILL');
}
