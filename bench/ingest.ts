// Ingestion benchmark: 1,000,000 inference events POSTed to /api/v1/events in batches of
// 1,000 by 4 concurrent HTTP clients (no gzip; BENCH_CLIENTS changes that), against the limit:
// a raw COPY BINARY (what the app sends) of the same rows into the same table (fresh
// partitions, without its hourly-count trigger). In BENCH_ROUNDS (3) rounds, each an
// ingestion run and the limit measured right after it; the figure is the median of the
// rounds' ratios. Once more for comparison: COPY text, and COPY BINARY with the trigger.
//
// The server is the real app (`runtime/start.ts`: web-server.ts + worker,
// VIGIL_SEED=false) on a free port. With BENCH_INGEST_SERVER=handler (or a build that
// predates POST /api/v1/events), the same route handler is served by a bare node:http server in
// a child process instead (same handler, auth, validation and storage; no Next.js in the
// process) — the output says which.
// Uses a fresh database on TEST_DATABASE_URL's (or DATABASE_URL's) server, else an embedded
// PostgreSQL, and drops it at the end.
// Run: npm run bench:ingest   (BENCH_EVENTS=200000 for a quicker run)
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { closeDatabase, createDatabase, type Database } from '@/db/client';
import { dropDatabase, ensureDatabase } from '@/db/databases';
import { freePort, scratchServer } from '@/db/scratch-server';
import { prepareDatabase } from '@/server/jobs/prepare-database';
import { CREDIT_FEATURES } from '@/demo/samples/credit-data';
import { createToken } from '@/server/api-tokens/api-tokens-service';
import { serveEndpoint } from '@/server/rest/node-http-endpoint';
import { systemActor } from '@/server/auth/actor';
import { EVENT_COPY_COLUMNS, EventCopyRows } from '@/server/traffic/event-copy-rows';
import { ensurePartitions, listPartitions } from '@/server/traffic/partitions';
import { rawSql } from '@/server/traffic/raw-sql';
import { registerTrafficModel } from '@/server/traffic/traffic-fixtures';
import { creditEvents } from './credit-events';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const BATCH = 1_000;
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 4);
const WARM_UP_BATCHES = 20;
const ROUNDS = Math.max(1, Math.floor(Number(process.env.BENCH_ROUNDS ?? 3)) || 3);
const MODEL = 'bench-credit';

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const perSecond = (n: number, ms: number) => Math.round(n / (ms / 1000));
const fmt = (n: number) => n.toLocaleString('en-US');
const perEvent = (cpuSeconds: number) => `${((cpuSeconds * 1e6) / EVENTS).toFixed(1)} µs`;
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}


/** Child-process mode: the route handler behind a bare HTTP server (fallback when .next lacks the route). */
async function serveHandler(port: number) {
  const { ingestEventsEndpoint } = await import('@/server/traffic/events-api');
  const server = http.createServer((req, res) => void serveEndpoint(ingestEventsEndpoint, req, res));
  server.keepAliveTimeout = 60_000;
  server.listen(port, '127.0.0.1', () => console.log(`[bench] route handler listening on ${port}`));
  process.once('SIGTERM', () => server.close(() => process.exit(0)).closeAllConnections());
}

interface Prepared {
  bodies: Buffer[];
  copyChunks: Buffer[];
  /** One COPY BINARY stream of every event. */
  copyBinary: Buffer;
  bytes: number;
}

/** The same events as JSON batches (for HTTP) and as COPY text and binary (for the limit), built before timing. */
function prepare(modelId: string, versionId: string, now: number): Prepared {
  const bodies: Buffer[] = [];
  const copyChunks: Buffer[] = [];
  const binary = new EventCopyRows(modelId, EVENTS, CREDIT_FEATURES.length);
  let bytes = 0;
  for (let start = 0; start < EVENTS; start += BATCH) {
    const events = creditEvents(start, Math.min(BATCH, EVENTS - start), EVENTS, now);
    let copy = '';
    for (const { requestId, time, features, prediction, latencyMs, attributes } of events) {
      const row = CREDIT_FEATURES.map((f) => (f.type === 'categorical' ? f.categories.indexOf(features[f.name] as string) : (features[f.name] as number)));
      copy += `${modelId}\t${requestId}\t${time}\t${versionId}\t{${row.join(',')}}\t${JSON.stringify(attributes)}\t${prediction.score}\t${prediction.label}\t${latencyMs}\n`;
      binary.beginRow();
      binary.requestId(requestId);
      binary.time(Date.parse(time));
      binary.version(versionId);
      binary.beginFeatures(row.length);
      for (const value of row) binary.feature(value);
      binary.endFeatures();
      binary.prediction(prediction.score, prediction.label);
      binary.latency(latencyMs);
      binary.attributes(JSON.stringify(attributes));
      binary.probabilities(null);
    }
    const body = Buffer.from(JSON.stringify({ model: MODEL, events }));
    bytes += body.length;
    bodies.push(body);
    copyChunks.push(Buffer.from(copy));
  }
  return { bodies, copyChunks, copyBinary: binary.finish(), bytes };
}

async function waitForServer(url: string, child: ChildProcess, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    try {
      const response = await fetch(url, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
      if (response.status === 401) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('the server did not come up in time');
}

function startServer(mode: 'next' | 'handler', env: NodeJS.ProcessEnv, port: number): ChildProcess {
  const script = mode === 'next' ? 'runtime/start.ts' : 'bench/ingest.ts';
  const childEnv = mode === 'next' ? env : { ...env, BENCH_INGEST_SERVE: String(port) };
  // Its own process group, so stopping it reaches next and the worker too.
  return spawn('node_modules/.bin/tsx', [script], { env: childEnv, stdio: ['ignore', 'inherit', 'inherit'], detached: true });
}

async function stopServer(child: ChildProcess) {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  process.kill(-child.pid, 'SIGTERM');
  const timer = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

interface ProcessCpu {
  pid: number;
  ppid: number;
  name: string;
  seconds: number;
  /** CPU of its children that have exited and been waited for. */
  childSeconds: number;
}

/** Every process's CPU seconds so far (Linux /proc); empty elsewhere. */
function processCpu(): ProcessCpu[] {
  const tick = 100; // USER_HZ
  const table: ProcessCpu[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return table;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const ticks = (i: number) => Number(fields[i]) / tick;
      table.push({ pid: Number(entry), ppid: Number(fields[1]), name, seconds: ticks(11) + ticks(12), childSeconds: ticks(13) + ticks(14) });
    } catch {
      // the process ended meanwhile
    }
  }
  return table;
}

/** CPU seconds used so far by a process and its descendants, or NaN without /proc. */
function treeCpuSeconds(rootPid: number): number {
  const table = processCpu();
  if (table.length === 0) return Number.NaN;
  const children = new Map<number, ProcessCpu[]>();
  for (const p of table) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  let total = 0;
  const stack = table.filter((p) => p.pid === rootPid);
  while (stack.length) {
    const p = stack.pop()!;
    total += p.seconds;
    stack.push(...(children.get(p.pid) ?? []));
  }
  return total;
}

/** What a PostgreSQL process does, from its title: `backends` for client connections. */
function postgresRole(pid: number): string {
  let title = '';
  try {
    title = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
  } catch {
    return 'other';
  }
  const role = /^postgres: (.*)$/.exec(title)?.[1];
  if (role === undefined) return 'postmaster';
  // A backend's title is "user database host(port) activity".
  if (/\S+ \S+ (\S+\(\d+\)|\[local\])/.test(role)) return 'backends';
  return role.replace(/ worker.*$/, ' workers').replace(/ launcher$/, '');
}

/**
 * CPU seconds so far of every PostgreSQL process on this machine, in all and by role
 * (backends, WAL writer, checkpointer, autovacuum…; `exited` for processes already gone,
 * as their parent accounts them), or NaN without /proc.
 */
function postgresCpu(): { total: number; roles: Map<string, number> } {
  const table = processCpu().filter((p) => p.name === 'postgres' || p.name === 'postmaster');
  const roles = new Map<string, number>();
  if (table.length === 0) return { total: Number.NaN, roles };
  const add = (role: string, value: number) => roles.set(role, (roles.get(role) ?? 0) + value);
  const pids = new Set(table.map((p) => p.pid));
  for (const p of table) {
    add(postgresRole(p.pid), p.seconds);
    if (!pids.has(p.ppid)) add('exited', p.childSeconds);
  }
  return { total: [...roles.values()].reduce((a, b) => a + b, 0), roles };
}

/** The machine's CPU time so far by state, from /proc/stat (all zero elsewhere). */
function machineCpu(): { idle: number; steal: number; total: number } {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
    const [user, nice, system, idle, iowait, irq, softirq, steal] = fields as [number, number, number, number, number, number, number, number];
    return { idle: idle + iowait, steal, total: user + nice + system + idle + iowait + irq + softirq + steal };
  } catch {
    return { idle: 0, steal: 0, total: 0 };
  }
}

/** Idle and stolen (by the VM's host) shares of both cores since `before`, for the output. */
function machineShares(before: ReturnType<typeof machineCpu>): string {
  const after = machineCpu();
  const total = after.total - before.total;
  if (total <= 0) return 'machine idle n/a';
  const share = (x: number) => `${((100 * x) / total).toFixed(0)} %`;
  return `machine idle ${share(after.idle - before.idle)}, stolen ${share(after.steal - before.steal)}`;
}

/** The CPU PostgreSQL used between two readings, by role, biggest first (roles under 0.05 µs/event left out). */
function postgresCpuSince(before: ReturnType<typeof postgresCpu>): { total: number; breakdown: string } {
  const after = postgresCpu();
  const parts = [...after.roles]
    .map(([role, value]) => [role, value - (before.roles.get(role) ?? 0)] as const)
    .filter(([, used]) => (used * 1e6) / EVENTS >= 0.05)
    .sort((a, b) => b[1] - a[1]);
  return { total: after.total - before.total, breakdown: parts.map(([role, used]) => `${role} ${perEvent(used)}`).join(', ') };
}

/** 4 clients with keep-alive connections (node:http: lighter on this shared machine than fetch). */
async function postAll(url: string, token: string, bodies: Buffer[]): Promise<{ ms: number; inserted: number; clientCpu: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
  const target = new URL(url);
  const send = (body: Buffer) =>
    new Promise<{ status: number; json: { inserted?: number; message?: string } }>((resolve, reject) => {
      const request = http.request(
        { host: target.hostname, port: target.port, path: target.pathname, method: 'POST', agent, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': body.length } },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (c: Buffer) => chunks.push(c));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString() || '{}') }));
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  let next = 0;
  let inserted = 0;
  const client = async () => {
    for (;;) {
      const i = next++;
      if (i >= bodies.length) return;
      const { status, json } = await send(bodies[i]!);
      if (status !== 201) throw new Error(`batch ${i}: ${status} ${json.message ?? ''}`);
      inserted += json.inserted ?? 0;
    }
  };
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, client));
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  agent.destroy();
  return { ms, inserted, clientCpu: (used.user + used.system) / 1e6 };
}

/** The statement trigger that keeps traffic_hourly (migration 0006). */
const COUNT_TRIGGER = 'inference_events_count_inserted';
const COPY_TEXT = 'copy inference_events (model_id, request_id, occurred_at, version_id, features, attributes, score, predicted_label, latency_ms) from stdin';
const COPY_BINARY = `copy inference_events (${EVENT_COPY_COLUMNS.join(', ')}) from stdin with (format binary)`;

/** The binary stream cut into chunks of the size the text chunks have (one batch each). */
function binaryChunks(stream: Buffer): Buffer[] {
  const size = Math.ceil(stream.length / Math.ceil(EVENTS / BATCH));
  const chunks: Buffer[] = [];
  for (let at = 0; at < stream.length; at += size) chunks.push(stream.subarray(at, at + size));
  return chunks;
}

/** Empty partitions for the days the ingestion filled (dropped and created again), flushed to disk. */
async function freshPartitions(database: Database, days: string[]) {
  for (const p of await listPartitions(database)) await rawSql(database).unsafe(`drop table "${p.name}"`);
  await ensurePartitions(database, days.map((day) => new Date(`${day}T00:00:00Z`)), { refresh: true });
  await rawSql(database).unsafe('checkpoint');
}

async function copyAll(database: Database, statement: string, chunks: Buffer[]): Promise<number> {
  const sql = rawSql(database);
  const started = performance.now();
  const stream = await sql.unsafe(statement).writable();
  for (const chunk of chunks) if (!stream.write(chunk)) await new Promise((r) => stream.once('drain', r));
  await new Promise<void>((resolve, reject) => stream.end(() => resolve()).once('error', reject));
  return performance.now() - started;
}

interface Round {
  ingestRate: number;
  limitRate: number;
  ratio: number;
}

type TimedCopy = { ms: number; postgresCpu: ReturnType<typeof postgresCpuSince>; machine: string };

/** One COPY of every event into fresh partitions of `days`, timed, with PostgreSQL's CPU; checks the row count. */
async function timedCopy(database: Database, days: string[], what: string, statement: string, chunks: Buffer[]): Promise<TimedCopy> {
  await freshPartitions(database, days);
  const before = postgresCpu();
  const machineBefore = machineCpu();
  const ms = await copyAll(database, statement, chunks);
  const machine = machineShares(machineBefore);
  const postgresCpuUsed = postgresCpuSince(before);
  if ((await countRows(database)) !== EVENTS) throw new Error(`COPY ${what} stored a different number of rows`);
  return { ms, postgresCpu: postgresCpuUsed, machine };
}

async function countRows(database: Database): Promise<number> {
  const [row] = await rawSql(database).unsafe<{ n: string }[]>('select count(*) as n from inference_events');
  return Number(row!.n);
}

async function main() {
  const forced = process.env.BENCH_INGEST_SERVER === 'handler';
  if (!forced && !existsSync('.next/BUILD_ID')) {
    console.error('No production build (.next/BUILD_ID is missing): run `npm run build` first (the benchmark measures the built app), or set BENCH_INGEST_SERVER=handler.');
    process.exit(1);
  }
  const mode = !forced && existsSync('.next/server/app/api/v1/events/route.js') ? 'next' : 'handler';
  const scratch = await scratchServer('bench');
  const { adminUrl, embedded } = scratch;
  const name = `vigil_bench_ingest_${process.pid}`;
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'vigil-bench-ingest-'));
  const url = await ensureDatabase(adminUrl, name);
  const database = createDatabase(url, { max: 2 });
  let server: ChildProcess | null = null;
  try {
    await prepareDatabase(url);
    const [pg] = await rawSql(database).unsafe<{ version: string }[]>("select current_setting('server_version') as version");
    const pgVersion = pg?.version ?? 'unknown';
    const cpus = os.cpus();
    console.log(`machine: ${cpus[0]?.model ?? 'unknown CPU'} × ${cpus.length}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}, Node ${process.version}, PostgreSQL ${pgVersion}${embedded ? ' (embedded)' : ''}`);
    const fixture = await registerTrafficModel(database, MODEL, { features: CREDIT_FEATURES, versions: 1 });
    const token = (await createToken(database, systemActor('bench'), { name: 'bench', scopes: ['events:write'] })).secret;

    const t = performance.now();
    const now = Date.now();
    const prepared = prepare(fixture.modelId, fixture.versions.get(1)!, now);
    console.log(`events: ${fmt(EVENTS)} in ${prepared.bodies.length} batches of ${fmt(BATCH)} (${(prepared.bytes / 2 ** 20).toFixed(0)} MiB of JSON), ${CLIENTS} concurrent clients, no gzip; prepared in ${seconds(performance.now() - t)}`);

    const port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: url, PORT: String(port), VIGIL_SEED: 'false', VIGIL_DATA_DIR: dataDir, NODE_ENV: 'production' };
    console.log(
      mode === 'next'
        ? `server: the built app (runtime/start.ts → web-server.ts: Next.js, traffic endpoints on node:http; + worker) on port ${port}`
        : `server: ${forced ? 'BENCH_INGEST_SERVER=handler' : 'the build in .next predates POST /api/v1/events (rebuild with `npm run build` to measure through next start)'}: the same route handler behind node:http in a child process on port ${port}`,
    );
    const endpoint = `http://127.0.0.1:${port}/api/v1/events`;
    const sql = rawSql(database);
    const [trigger] = await sql.unsafe<{ definition: string }[]>(`select pg_get_triggerdef(oid) as definition from pg_trigger where tgname = '${COUNT_TRIGGER}'`);
    if (!trigger) throw new Error(`no trigger ${COUNT_TRIGGER} on inference_events`);
    // Dropped, not disabled (a disabled trigger still makes COPY collect its transition
    // table), and created again after, whatever `copy` did.
    const withoutTrigger = async <T>(copy: () => Promise<T>): Promise<T> => {
      await sql.unsafe(`drop trigger ${COUNT_TRIGGER} on inference_events`);
      try {
        return await copy();
      } finally {
        await sql.unsafe(trigger.definition);
      }
    };

    // Rounds of (app, limit) back to back: this VM's speed drifts by a quarter and more
    // within minutes (the host's other tenants), so each ingestion run is compared with the
    // limit measured right after it, and the figure is the median of those ratios.
    const rounds: Round[] = [];
    let days: string[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      // The previous round's limit left its rows; the warm-up would find them stored.
      await sql.unsafe('truncate inference_events');
      server = startServer(mode, env, port);
      await waitForServer(endpoint, server);
      // Warm-up on throwaway batches that are deleted again: pools, partitions, and V8's
      // optimizing compiler, which otherwise spends ~2 s of CPU compiling Next.js and the
      // handler during the first seconds (measured with --trace-opt) — a running server is warm,
      // as the limit's PostgreSQL is.
      await postAll(endpoint, token, prepared.bodies.slice(0, WARM_UP_BATCHES));
      await sql.unsafe('truncate inference_events');
      await sql.unsafe('checkpoint');

      const serverCpu = treeCpuSeconds(server.pid!);
      const postgresBefore = postgresCpu();
      const machineBefore = machineCpu();
      const ingest = await postAll(endpoint, token, prepared.bodies);
      const ingestMachine = machineShares(machineBefore);
      const serverUsed = treeCpuSeconds(server.pid!) - serverCpu;
      const postgresUsed = postgresCpuSince(postgresBefore);
      const stored = await countRows(database);
      if (ingest.inserted !== EVENTS || stored !== EVENTS) throw new Error(`expected ${EVENTS} events, inserted ${ingest.inserted}, stored ${stored}`);
      await stopServer(server);
      server = null;

      // The limit: the same rows by one COPY BINARY into the same table, in fresh (empty)
      // partitions of the same days, with the server stopped. Without the table's hourly-count
      // trigger, so the limit is the bare storage cost.
      days = (await listPartitions(database)).map((p) => p.day);
      const limit = await withoutTrigger(() => timedCopy(database, days, 'binary', COPY_BINARY, binaryChunks(prepared.copyBinary)));

      const ingestRate = perSecond(EVENTS, ingest.ms);
      const limitRate = perSecond(EVENTS, limit.ms);
      rounds.push({ ingestRate, limitRate, ratio: ingestRate / limitRate });
      console.log(
        `\nround ${round}: POST /api/v1/events ${seconds(ingest.ms)}  ${fmt(ingestRate)} events/s  (CPU per event: server processes ${perEvent(serverUsed)}, PostgreSQL ${perEvent(postgresUsed.total)} [${postgresUsed.breakdown}], bench clients ${perEvent(ingest.clientCpu)}; ${ingestMachine})\n` +
          `         raw COPY binary      ${seconds(limit.ms)}  ${fmt(limitRate)} events/s  (the limit; PostgreSQL CPU per event ${perEvent(limit.postgresCpu.total)} [${limit.postgresCpu.breakdown}]; ${limit.machine})\n` +
          `         ingestion / COPY = ${(100 * ingestRate / limitRate).toFixed(1)} %`,
      );
    }

    // For comparison, once, not the limit: COPY text (what the app sent before COPY BINARY),
    // and COPY BINARY with the trigger in place, as every statement of the app meets the table
    // (it collects a transition table of all the rows, and keeps PostgreSQL from multi-row
    // inserts into a partitioned table).
    const text = await withoutTrigger(() => timedCopy(database, days, 'text', COPY_TEXT, prepared.copyChunks));
    const withTrigger = await timedCopy(database, days, 'binary with the trigger', COPY_BINARY, binaryChunks(prepared.copyBinary));
    const ingestRate = Math.round(median(rounds.map((r) => r.ingestRate)));
    console.log(`\nfor comparison (once): raw COPY text ${fmt(perSecond(EVENTS, text.ms))} events/s (PostgreSQL CPU per event ${perEvent(text.postgresCpu.total)}); raw COPY binary with the hourly-count trigger ${fmt(perSecond(EVENTS, withTrigger.ms))} events/s (PostgreSQL CPU per event ${perEvent(withTrigger.postgresCpu.total)}); median ingestion / each: ${((100 * ingestRate) / perSecond(EVENTS, text.ms)).toFixed(1)} %, ${((100 * ingestRate) / perSecond(EVENTS, withTrigger.ms)).toFixed(1)} %`);
    const ratio = median(rounds.map((r) => r.ratio));
    console.log(`ingestion: median ${fmt(ingestRate)} events/s; limit: median ${fmt(Math.round(median(rounds.map((r) => r.limitRate))))} events/s`);
    console.log(`ingestion / COPY = ${(ratio * 100).toFixed(1)} %, median of ${ROUNDS} rounds (${rounds.map((r) => `${(100 * r.ratio).toFixed(1)} %`).join(', ')}) (target ≥ 50 %) ${ratio >= 0.5 ? 'OK' : 'BELOW TARGET'}`);
  } finally {
    if (server) await stopServer(server);
    await closeDatabase(database);
    await dropDatabase(adminUrl, name);
    await rm(dataDir, { recursive: true, force: true });
    await scratch.stop();
  }
}

if (process.env.BENCH_INGEST_SERVE) await serveHandler(Number(process.env.BENCH_INGEST_SERVE));
else await main();
