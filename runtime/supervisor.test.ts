import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { supervisorHealth, type SupervisorRecord } from '@/server/health/supervisor-status';
import { DEFAULT_BACKOFF, restartDelay, Supervisor, type SupervisorOptions } from './supervisor';

// Real child processes (plain node scripts), real signals.

const node = (script: string) => ({ command: process.execPath, args: ['-e', script] });
const LIVES = 'setInterval(() => {}, 1000);';
const statusFile = () => path.join(mkdtempSync(path.join(os.tmpdir(), 'vigil-supervisor-')), 'supervisor.json');
const readStatus = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as SupervisorRecord;

const running: Supervisor[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop('SIGKILL')));
});

function supervise(definitions: ConstructorParameters<typeof Supervisor>[0], options: SupervisorOptions = {}) {
  const lines: string[] = [];
  const supervisor = new Supervisor(definitions, { log: (line) => lines.push(line), onOutput: (name, line) => lines.push(`${name}: ${line}`), ...options });
  const spawns: { name: string; pid: number; at: number }[] = [];
  supervisor.on('spawn', (name: string, pid: number) => spawns.push({ name, pid, at: performance.now() }));
  running.push(supervisor);
  supervisor.start();
  return { supervisor, spawns, lines };
}

async function until(condition: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('restart delay', () => {
  it('doubles from 1 s with each crash in a row and stops at 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map((n) => restartDelay(n))).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
    expect(DEFAULT_BACKOFF.stableMs).toBe(60_000);
  });
});

describe('supervisor', () => {
  it('restarts a SIGKILLed process, logs it and records it, while the other process keeps running', async () => {
    const file = statusFile();
    const { supervisor, spawns, lines } = supervise(
      [
        { name: 'worker', ...node(LIVES) },
        { name: 'web', ...node(LIVES) },
      ],
      { statusFile: file, backoff: { initialMs: 200 } },
    );
    await until(() => spawns.length === 2);
    const web = supervisor.child('web')!.pid!;
    const first = supervisor.child('worker')!.pid!;
    process.kill(first, 'SIGKILL');
    const killedAt = performance.now();
    await until(() => spawns.length === 3);
    expect(spawns[2]).toMatchObject({ name: 'worker' });
    expect(spawns[2]!.pid).not.toBe(first);
    expect(spawns[2]!.at - killedAt).toBeGreaterThanOrEqual(190);
    expect(supervisor.child('web')!.pid).toBe(web);
    expect(alive(web)).toBe(true);
    expect(lines.find((l) => l.includes('worker (pid'))).toMatch(new RegExp(`\\[vigil\\] worker \\(pid ${first}\\) was killed by SIGKILL after [\\d.]+ s; restarting it in 0\\.2 s\\. The other processes keep running\\.`));
    expect(lines).toContain(`[vigil] worker restarted (pid ${spawns[2]!.pid}, restart 1).`);

    const record = readStatus(file);
    expect(record.pid).toBe(process.pid);
    expect(record.processes).toEqual([
      expect.objectContaining({ name: 'worker', state: 'running', pid: spawns[2]!.pid, restarts: 1, lastExit: expect.objectContaining({ code: null, signal: 'SIGKILL' }) }),
      expect.objectContaining({ name: 'web', state: 'running', pid: web, restarts: 0, lastExit: null }),
    ]);
    // What /api/health shows from it.
    const health = supervisorHealth(file, Date.parse(record.processes[1]!.startedAt!) + 5_000);
    expect(health).toMatchObject({ pid: process.pid, alive: true, processes: [{ name: 'worker', restarts: 1 }, { name: 'web', restarts: 0, uptimeSeconds: 5 }] });
    expect(supervisorHealth(undefined)).toBeNull();
    expect(supervisorHealth(path.join(path.dirname(file), 'missing.json'))).toBeNull();
  });

  it('backs off exponentially while a process keeps crashing, up to the cap', async () => {
    const { spawns, supervisor } = supervise([{ name: 'worker', ...node('process.exit(3)') }], { backoff: { initialMs: 100, maxMs: 400, stableMs: 60_000 } });
    await until(() => spawns.length >= 6);
    const recorded = supervisor.status().processes[0];
    await supervisor.stop();
    const gaps = spawns.slice(1, 6).map((s, i) => s.at - spawns[i]!.at);
    // Each gap is the delay plus a node start-up (tens of milliseconds, more on a busy machine).
    expect(gaps[0]).toBeGreaterThanOrEqual(100);
    expect(gaps[1]).toBeGreaterThanOrEqual(200);
    expect(gaps[2]).toBeGreaterThanOrEqual(400);
    expect(gaps[3]).toBeGreaterThanOrEqual(400);
    expect(gaps[3]).toBeLessThan(gaps[2]! + 300); // capped: 400 again, not 800
    expect(recorded).toMatchObject({ restarts: 5, lastExit: { code: 3, signal: null } });
    expect(supervisor.status().processes[0]).toMatchObject({ state: 'stopped', restarts: 5 });
  });

  it('starts from the first delay again after a stable run', async () => {
    // Runs 400 ms (stable from 300 ms), then exits: every restart waits the first delay.
    const { spawns, lines } = supervise([{ name: 'worker', ...node('setTimeout(() => process.exit(1), 400)') }], { backoff: { initialMs: 100, maxMs: 5_000, stableMs: 300 } });
    await until(() => spawns.length >= 4);
    const delays = lines.filter((l) => l.includes('restarting it in')).map((l) => l.match(/restarting it in ([\d.]+) s/)![1]);
    expect(delays.length).toBeGreaterThanOrEqual(3);
    expect(new Set(delays)).toEqual(new Set(['0.1']));
    expect(lines.some((l) => l.includes('crashes in a row'))).toBe(false);
  });

  it('stops only when asked: forwards the signal, waits for a graceful exit, restarts nothing', async () => {
    const file = statusFile();
    // Finishes its "job" 300 ms after SIGTERM, then exits 0.
    const graceful = node(`process.on('SIGTERM', () => setTimeout(() => { console.log('drained'); process.exit(0); }, 300)); console.log('ready'); ${LIVES}`);
    const { supervisor, spawns, lines } = supervise([{ name: 'worker', ...graceful }, { name: 'web', ...graceful }], { statusFile: file });
    await until(() => lines.filter((l) => l.endsWith(': ready')).length === 2);
    const pids = spawns.map((s) => s.pid);
    const started = performance.now();
    await supervisor.stop('SIGTERM');
    expect(performance.now() - started).toBeGreaterThanOrEqual(250);
    expect(lines.filter((l) => l.endsWith(': drained'))).toHaveLength(2);
    expect(pids.every((pid) => !alive(pid))).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(spawns).toHaveLength(2);
    expect(readStatus(file).processes.map((p) => [p.state, p.lastExit?.code])).toEqual([
      ['stopped', 0],
      ['stopped', 0],
    ]);
  });

  it('kills a process that does not stop in time, and at once on a second stop()', async () => {
    const stubborn = node(`process.on('SIGTERM', () => {}); console.log('ready'); ${LIVES}`);
    const first = supervise([{ name: 'worker', ...stubborn }], { stopTimeoutMs: 300 });
    await until(() => first.lines.includes('worker: ready'));
    const started = performance.now();
    await first.supervisor.stop();
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(first.supervisor.status().processes[0]!.lastExit).toMatchObject({ signal: 'SIGKILL' });
    expect(first.lines.some((l) => l.includes('did not stop within'))).toBe(true);

    const second = supervise([{ name: 'worker', ...stubborn }], { stopTimeoutMs: 60_000 });
    await until(() => second.lines.includes('worker: ready'));
    const stopping = second.supervisor.stop();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(second.supervisor.child('worker')).not.toBeNull();
    await second.supervisor.stop();
    await stopping;
    expect(second.supervisor.status().processes[0]).toMatchObject({ state: 'stopped', lastExit: { signal: 'SIGKILL' } });
  });
});
