import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { SUPERVISOR_STATUS_ENV, type SupervisedProcess, type SupervisedState, type SupervisorRecord } from '@/server/health/supervisor-status';

// Keeps `npm start`'s web and worker processes running: a process that exits on its own is
// started again after a delay that doubles with each crash in a row (1 s, 2 s, 4 s … capped
// at 30 s) and falls back to the first step once a run lasted a stable minute. Nothing else
// is touched when one process dies. Only stop() (Ctrl-C, SIGTERM) ends them: the signal is
// forwarded, each gets time to finish (the worker lets running jobs end, the web server
// drains requests), and whatever is still alive then is killed. Each change is written to
// a status file that the web process's /api/health reads (server/health/supervisor-status.ts).

export interface ServiceDefinition {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
}

export interface Backoff {
  /** Delay before the first restart after a crash. */
  initialMs: number;
  /** Longest delay between restarts. */
  maxMs: number;
  /** A run at least this long resets the delay to initialMs. */
  stableMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { initialMs: 1_000, maxMs: 30_000, stableMs: 60_000 };

export interface SupervisorOptions {
  /** Where the status record goes; children learn it from VIGIL_SUPERVISOR_STATUS. */
  statusFile?: string;
  backoff?: Partial<Backoff>;
  /** How long stop() waits for each process before killing it (the worker may take 30 s to finish its jobs). */
  stopTimeoutMs?: number;
  log?: (line: string) => void;
  /** Receives the children's output line by line instead of sharing this process's terminal. */
  onOutput?: (name: string, line: string) => void;
}

/** The delay before restarting after `crashesInARow` crashes (1 = the first). */
export function restartDelay(crashesInARow: number, backoff: Backoff = DEFAULT_BACKOFF): number {
  return Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.max(0, crashesInARow - 1));
}

function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `was killed by ${signal}` : `exited with code ${code}`;
}

function duration(ms: number): string {
  const s = ms / 1000;
  if (s < 10) return `${Number(s.toFixed(1))} s`;
  return s < 120 ? `${Math.round(s)} s` : `${Math.round(s / 60)} min`;
}

interface Service {
  definition: ServiceDefinition;
  state: SupervisedState;
  child: ChildProcess | null;
  startedAt: number | null;
  restarts: number;
  crashesInARow: number;
  lastExit: SupervisedProcess['lastExit'];
  nextStartAt: number | null;
  timer: NodeJS.Timeout | null;
  exited: Promise<void>;
}

/**
 * Emits `spawn` (name, pid) for every start and `exit` (name, code, signal) for every exit,
 * planned or not.
 */
export class Supervisor extends EventEmitter {
  private readonly services: Service[];
  private readonly backoff: Backoff;
  private readonly stopTimeoutMs: number;
  private readonly log: (line: string) => void;
  private readonly startedAt = new Date().toISOString();
  private stopping: Promise<void> | null = null;
  private statusWriteFailed = false;

  constructor(
    definitions: ServiceDefinition[],
    private readonly options: SupervisorOptions = {},
  ) {
    super();
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.stopTimeoutMs = options.stopTimeoutMs ?? 45_000;
    this.log = options.log ?? ((line) => console.log(line));
    this.services = definitions.map((definition) => ({
      definition,
      state: 'stopped',
      child: null,
      startedAt: null,
      restarts: 0,
      crashesInARow: 0,
      lastExit: null,
      nextStartAt: null,
      timer: null,
      exited: Promise.resolve(),
    }));
  }

  start(): void {
    for (const service of this.services) this.launch(service);
  }

  /** The running child of a service, if any. */
  child(name: string): ChildProcess | null {
    return this.service(name).child;
  }

  status(): SupervisorRecord {
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    return {
      pid: process.pid,
      hostname: os.hostname(),
      startedAt: this.startedAt,
      updatedAt: new Date().toISOString(),
      processes: this.services.map((s) => ({
        name: s.definition.name,
        state: s.state,
        pid: s.child?.pid ?? null,
        startedAt: iso(s.startedAt),
        restarts: s.restarts,
        lastExit: s.lastExit,
        nextStartAt: iso(s.nextStartAt),
      })),
    };
  }

  /**
   * Forwards `signal` to every process, waits for them to exit (killing any still alive
   * after stopTimeoutMs) and restarts nothing any more. Called again while stopping, it
   * kills what is left at once (a second Ctrl-C).
   */
  stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (this.stopping) {
      this.killAll('SIGKILL');
      return this.stopping;
    }
    this.stopping = this.stopAll(signal);
    return this.stopping;
  }

  private service(name: string): Service {
    const service = this.services.find((s) => s.definition.name === name);
    if (!service) throw new Error(`no supervised process named ${name}`);
    return service;
  }

  private launch(service: Service): void {
    const { name, command, args, env } = service.definition;
    const statusFile = this.options.statusFile;
    const child = spawn(command, args, {
      stdio: this.options.onOutput ? ['ignore', 'pipe', 'pipe'] : 'inherit',
      env: { ...(env ?? process.env), ...(statusFile ? { [SUPERVISOR_STATUS_ENV]: statusFile } : {}) },
    });
    if (this.options.onOutput) {
      const onOutput = this.options.onOutput;
      for (const stream of [child.stdout, child.stderr]) if (stream) createInterface({ input: stream }).on('line', (line) => onOutput(name, line));
    }
    service.child = child;
    service.state = 'running';
    service.startedAt = Date.now();
    service.nextStartAt = null;
    service.exited = new Promise((resolve) => {
      let settled = false;
      const settle = (code: number | null, signal: NodeJS.Signals | null) => {
        if (settled) return;
        settled = true;
        this.onExit(service, child, code, signal);
        resolve();
      };
      child.once('exit', settle);
      // A command that cannot be started emits only 'error': count it as a crash.
      child.once('error', (error) => {
        this.log(`[vigil] ${name} could not be started: ${error.message}`);
        settle(null, null);
      });
    });
    if (child.pid !== undefined) this.emit('spawn', name, child.pid);
    this.writeStatus();
  }

  private onExit(service: Service, child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (service.child !== child) return;
    const now = Date.now();
    const ranMs = now - (service.startedAt ?? now);
    const { name } = service.definition;
    service.child = null;
    service.startedAt = null;
    service.lastExit = { code, signal, at: new Date(now).toISOString(), ranSeconds: Math.round(ranMs / 1000) };
    this.emit('exit', name, code, signal);
    if (this.stopping) {
      service.state = 'stopped';
      this.writeStatus();
      return;
    }
    service.crashesInARow = ranMs >= this.backoff.stableMs ? 1 : service.crashesInARow + 1;
    const delay = restartDelay(service.crashesInARow, this.backoff);
    service.state = 'restarting';
    service.nextStartAt = now + delay;
    this.log(
      `[vigil] ${name} (pid ${child.pid ?? '?'}) ${describeExit(code, signal)} after ${duration(ranMs)}; restarting it in ${duration(delay)}` +
        (service.crashesInARow > 1 ? ` (${service.crashesInARow} crashes in a row)` : '') +
        '. The other processes keep running.',
    );
    service.timer = setTimeout(() => {
      service.timer = null;
      if (this.stopping) return;
      service.restarts += 1;
      this.launch(service);
      this.log(`[vigil] ${name} restarted (pid ${service.child?.pid ?? '?'}, restart ${service.restarts}).`);
    }, delay);
    this.writeStatus();
  }

  private killAll(signal: NodeJS.Signals): void {
    for (const service of this.services) if (service.child && service.child.exitCode === null && service.child.signalCode === null) service.child.kill(signal);
  }

  private async stopAll(signal: NodeJS.Signals): Promise<void> {
    for (const service of this.services) {
      if (service.timer) clearTimeout(service.timer);
      service.timer = null;
      service.nextStartAt = null;
      service.state = service.child ? 'stopping' : 'stopped';
    }
    this.writeStatus();
    this.killAll(signal);
    const all = Promise.all(this.services.map((s) => s.exited));
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([all.then(() => false), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), this.stopTimeoutMs)))]);
    clearTimeout(timer);
    if (timedOut) {
      const left = this.services.filter((s) => s.child).map((s) => s.definition.name);
      this.log(`[vigil] ${left.join(', ')} did not stop within ${duration(this.stopTimeoutMs)}; killing.`);
      this.killAll('SIGKILL');
      await all;
    }
  }

  /** Atomically (write, then rename), so a reader never sees half a file. */
  private writeStatus(): void {
    const file = this.options.statusFile;
    if (!file) return;
    try {
      mkdirSync(path.dirname(file), { recursive: true });
      const temporary = `${file}.${process.pid}.tmp`;
      writeFileSync(temporary, JSON.stringify(this.status(), null, 2));
      renameSync(temporary, file);
      this.statusWriteFailed = false;
    } catch (error) {
      if (!this.statusWriteFailed) this.log(`[vigil] could not write ${file}: ${error instanceof Error ? error.message : String(error)}`);
      this.statusWriteFailed = true;
    }
  }
}
