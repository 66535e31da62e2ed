import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, createDatabase } from '@/db/client';
import { alerts, auditEvents, driftReports, shadowBatches, shadowRuns } from '@/db/schema';
import { generateApplicants } from '@/demo/samples/credit-data';
import { samplePath } from '@/demo/samples/sample-manifest';
import { markValidated, registerSampleModel, writeSyntheticTraffic, type SampleVersions } from '@/demo/synthetic-traffic';
import { typescriptEntry } from '@/runtime/processes';
import { Supervisor } from '@/runtime/supervisor';
import { createAlertRule } from '@/server/alerts/alert-rules-service';
import { createToken } from '@/server/api-tokens/api-tokens-service';
import { systemActor } from '@/server/auth/actor';
import type { HealthReport } from '@/server/health/health-report';
import { uploadReference } from '@/server/reference/reference-service';
import { countStoredResults } from '@/server/shadow/shadow-results-store';
import { startShadowRun } from '@/server/shadow/shadow-service';
import type { ShadowSummary } from '@/server/shadow/shadow-summary';
import { createTestDatabaseUrl } from '@/server/testing/test-database';

// Two web and two worker processes (real child processes, as `npm start` runs them, under
// the supervisor) against one PostgreSQL: traffic is logged through both web processes, a
// shadow run is shared by both workers while one of them is SIGKILLed in the middle of a
// batch, and the drift schedule runs every minute. Checked: every event is counted once, the
// dead worker's batch is taken over within 30 s (job leases) and the worker restarted (the
// supervisor), the schedule fires once per period, alerts do not duplicate.
// Web processes are workers/testing/api-process.ts: the same handlers without Next.js (see there).

const COPIED_EVENTS = 36_000;
const LOGGED_EVENTS = 4_000; // through the web processes: 2 × 2 batches of 1,000
const TOTAL_EVENTS = COPIED_EVENTS + LOGGED_EVENTS;
const BATCH_SIZE = 4_000;
const HOUR = 3_600_000;

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'vigil-multi-process-'));
process.env.VIGIL_ARTIFACT_DIR = path.join(dataDir, 'artifacts');
const url = await createTestDatabaseUrl();
const database = createDatabase(url, { max: 3 });

const output: string[] = [];
const names = ['web-1', 'web-2', 'worker-1', 'worker-2'] as const;
const supervisor = new Supervisor(
  names.map((name) => ({
    name,
    ...typescriptEntry(name.startsWith('web') ? 'workers/testing/api-process.ts' : 'workers/main.ts'),
    env: {
      ...process.env,
      DATABASE_URL: url,
      VIGIL_DATA_DIR: dataDir,
      VIGIL_ARTIFACT_DIR: process.env.VIGIL_ARTIFACT_DIR,
      VIGIL_AUDIT_SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      VIGIL_SHADOW_BATCH_SIZE: String(BATCH_SIZE),
      // Many small inference calls: a batch lasts long enough to be killed in the middle.
      VIGIL_SHADOW_CHUNK_ROWS: '100',
      VIGIL_DRIFT_CRON: '* * * * *',
      PORT: '0',
    },
  })),
  { statusFile: path.join(dataDir, 'supervisor.json'), stopTimeoutMs: 30_000, log: (line) => output.push(line), onOutput: (name, line) => output.push(`${name}: ${line}`) },
);
const spawns: { name: string; pid: number; at: number }[] = [];
supervisor.on('spawn', (name: string, pid: number) => spawns.push({ name, pid, at: Date.now() }));

let credit: SampleVersions;
let token: string;
let workersStartedAt: number;
const ports = new Map<string, number>();
const v = (n: number) => credit.versions.get(n)!;

afterAll(async () => {
  await supervisor.stop('SIGTERM');
  await closeDatabase(database);
  rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

async function until<T>(what: string, probe: () => Promise<T | null | undefined> | T | null | undefined, ms: number, everyMs = 200): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${output.slice(-40).join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

const pidOf = (workerId: string) => Number(workerId.split(':').at(-2));
// Raw queries return timestamps as text (drizzle's postgres.js setup).
const dbNow = async () => new Date((await database.execute<{ now: string }>(sql`select clock_timestamp() as now`))[0]!.now);

async function health(name: string): Promise<HealthReport> {
  const response = await fetch(`http://127.0.0.1:${ports.get(name)}/api/health`);
  return (await response.json()) as HealthReport;
}

beforeAll(async () => {
  credit = await registerSampleModel(database, 'credit-risk');
  await markValidated(database, v(1));
  await markValidated(database, v(2));
  const now = Date.now();
  await writeSyntheticTraffic(database, credit.modelId, { count: COPIED_EVENTS, seed: 5, from: new Date(now - 46 * HOUR), to: new Date(now - 2 * HOUR), serving: v(1) });
  const actor = systemActor('multi-process test');
  await uploadReference(database, actor, { model: 'credit-risk', name: 'held-out split', version: 1, csv: readFileSync(samplePath('credit-risk-reference.csv'), 'utf8') });
  // Synthetic latencies are 2–10 ms: this rule opens an alert on the first drift report.
  await createAlertRule(database, actor, { modelName: 'credit-risk', kind: 'latency_p95', threshold: 1, severity: 'warning' });
  token = (await createToken(database, actor, { name: 'multi-process test', scopes: ['events:write'] })).secret;

  // Validating v2 queued its automatic shadow run; this test starts its own, over a window it knows.
  await database.execute(sql`delete from pgboss.job where name = 'shadow-auto-start'`);

  workersStartedAt = Date.now();
  supervisor.start();
  for (const name of names) {
    if (name.startsWith('web')) {
      const line = await until(`${name} to listen`, () => output.find((l) => l.startsWith(`${name}: [web] listening on port`)), 90_000);
      ports.set(name, Number(line.split(' ').at(-1)));
    } else {
      await until(`${name} to run`, () => output.find((l) => l.startsWith(`${name}: [worker]`) && l.includes(' running (audit key')), 90_000);
    }
  }
}, 180_000);

describe('two web and two worker processes on one database', () => {
  it('log traffic through both web processes, and each reports both workers alive', async () => {
    const applicants = generateApplicants(LOGGED_EVENTS, 99);
    const start = Date.now() - 90 * 60_000;
    const batch = (k: number) => ({
      model: 'credit-risk',
      events: applicants.slice(k * 1000, (k + 1) * 1000).map((a, i) => {
        const n = k * 1000 + i;
        const { defaulted: _label, gender, age_band, ...features } = a;
        return { requestId: `live-${n}`, time: new Date(start + n * 1000).toISOString(), version: 1, features, prediction: { score: 0.2 + (n % 60) / 100 }, latencyMs: 3 + (n % 7), attributes: { gender, age_band } };
      }),
    });
    const results = await Promise.all(
      [0, 1, 2, 3].map(async (k) => {
        const response = await fetch(`http://127.0.0.1:${ports.get(k % 2 === 0 ? 'web-1' : 'web-2')}/api/v1/events`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(batch(k)),
        });
        return { status: response.status, body: await response.json() };
      }),
    );
    expect(results).toEqual(Array.from({ length: 4 }, () => ({ status: 201, body: { received: 1000, inserted: 1000, duplicates: 0 } })));

    const workerPids = ['worker-1', 'worker-2'].map((name) => supervisor.child(name)!.pid);
    for (const web of ['web-1', 'web-2']) {
      const report = await until(`${web} to see both workers`, async () => {
        const r = await health(web);
        return workerPids.every((pid) => r.workers?.some((w) => w.pid === pid && w.alive)) ? r : null;
      }, 30_000);
      expect(report.supervisor?.processes.map((p) => [p.name, p.state, p.restarts])).toEqual(names.map((name) => [name, 'running', 0]));
    }
  }, 60_000);

  let killed: { name: string; pid: number; batchNo: number; jobId: string; at: Date } | undefined;
  // Every process SIGKILLed by the test (a kill that came just after its batch finished is retried).
  const killedNames = new Set<string>();

  it('complete a shadow run with every event counted once, though a worker is SIGKILLed mid-batch; another takes its batch over within 30 s', async () => {
    const run = await startShadowRun(database, systemActor('multi-process test'), { model: 'credit-risk', candidateVersion: 2, window: { from: new Date(Date.now() - 48 * HOUR), to: new Date() } });
    // Which workers ran batches of the run.
    const seenWorkers = new Set<string>();
    const watcher = setInterval(() => {
      void database
        .execute<{ worker_id: string }>(sql`select worker_id from job_leases where queue = 'shadow-batch'`)
        .then((rows) => rows.forEach((r) => seenWorkers.add(r.worker_id)))
        .catch(() => {});
    }, 100);

    // Kill a worker just after it took a batch, while that batch is still pending.
    for (let attempt = 0; attempt < 3 && !killed; attempt++) {
      const lease = await until(
        'a freshly taken shadow batch',
        async () => {
          const rows = await database.execute<{ job_id: string; worker_id: string; fresh: boolean }>(
            sql`select job_id, worker_id, taken_at > now() - interval '300 milliseconds' as fresh from job_leases where queue = 'shadow-batch'`,
          );
          rows.forEach((r) => seenWorkers.add(r.worker_id));
          return rows.find((r) => r.fresh && names.some((n) => supervisor.child(n)?.pid === pidOf(r.worker_id)));
        },
        60_000,
        25,
      );
      const pid = pidOf(lease.worker_id);
      const name = names.find((n) => supervisor.child(n)?.pid === pid)!;
      process.kill(pid, 'SIGKILL');
      killedNames.add(name);
      const at = await dbNow();
      const [job] = await database.execute<{ data: { runId: string; batchNo: number } }>(sql`select data from pgboss.job where id = ${lease.job_id}`);
      const batchNo = Number(job?.data.batchNo);
      await new Promise((resolve) => setTimeout(resolve, 500));
      const [batch] = await database.select().from(shadowBatches).where(and(eq(shadowBatches.runId, run.id), eq(shadowBatches.batchNo, batchNo)));
      if (!batch) throw new Error(`no batch for job ${lease.job_id}: ${JSON.stringify(job)} (run ${run.id})`);
      if (batch.status === 'pending') killed = { name, pid, batchNo, jobId: lease.job_id, at };
    }
    expect(killed, 'a worker killed in the middle of a batch').toBeDefined();
    const { batchNo, jobId, at } = killed!;

    // The retried attempt: who took it, and when.
    const retry = await until(
      'the killed batch to be taken over',
      async () => {
        const [row] = await database.execute<{ worker_id: string; taken_at: string }>(sql`select worker_id, taken_at from job_leases where job_id = ${jobId} and attempt > 0`);
        if (row) return { worker_id: row.worker_id, taken_at: new Date(row.taken_at) };
        const [batch] = await database.select().from(shadowBatches).where(and(eq(shadowBatches.runId, run.id), eq(shadowBatches.batchNo, batchNo)));
        return batch!.status === 'done' ? { worker_id: null, taken_at: null } : null;
      },
      60_000,
      100,
    );
    const done = await until(
      'the killed batch to be done',
      async () => {
        const [batch] = await database.select().from(shadowBatches).where(and(eq(shadowBatches.runId, run.id), eq(shadowBatches.batchNo, batchNo)));
        return batch!.status === 'done' ? batch : null;
      },
      60_000,
    );
    const pickupSeconds = retry.taken_at ? (retry.taken_at.getTime() - at.getTime()) / 1000 : null;
    const doneSeconds = (done.doneAt!.getTime() - at.getTime()) / 1000;
    console.log(`[multi-process] ${killed!.name} (pid ${killed!.pid}) SIGKILLed mid-batch ${batchNo}; retry taken by ${retry.worker_id ?? '?'} after ${pickupSeconds?.toFixed(1) ?? '?'} s, batch done after ${doneSeconds.toFixed(1)} s`);
    if (retry.worker_id) expect(pidOf(retry.worker_id)).not.toBe(killed!.pid);
    expect(pickupSeconds ?? doneSeconds).toBeLessThan(30);
    expect(doneSeconds).toBeLessThan(45);
    // pg-boss ran the job again (the killed attempt may have died before counting itself on the batch row).
    const [job] = await database.execute<{ retry_count: number; state: string }>(sql`select retry_count, state from pgboss.job where id = ${jobId}`);
    expect(job).toMatchObject({ state: 'completed' });
    expect(job!.retry_count).toBeGreaterThanOrEqual(1);

    const final = await until(
      'the run to finish',
      async () => {
        const [row] = await database.select().from(shadowRuns).where(eq(shadowRuns.id, run.id));
        return row!.status === 'completed' || row!.status === 'failed' ? row : null;
      },
      120_000,
      250,
    ).finally(() => clearInterval(watcher));
    const [events] = await database.execute<{ n: number }>(sql`select count(*)::int as n from inference_events where model_id = ${credit.modelId}`);
    expect(events!.n).toBe(TOTAL_EVENTS);
    const batchCount = TOTAL_EVENTS / BATCH_SIZE;
    expect(final).toMatchObject({ status: 'completed', totalEvents: TOTAL_EVENTS, processedEvents: TOTAL_EVENTS, batchCount, batchesDone: batchCount });
    expect((final.summary as unknown as ShadowSummary).rows).toBe(TOTAL_EVENTS);
    expect(await countStoredResults(database, run.id)).toEqual({ events: TOTAL_EVENTS, batches: batchCount });
    const batches = await database.select().from(shadowBatches).where(eq(shadowBatches.runId, run.id));
    expect(batches.filter((b) => b.status === 'done').map((b) => b.rowCount).reduce((a, b) => a + b, 0)).toBe(TOTAL_EVENTS);
    const completed = await database.select().from(auditEvents).where(and(eq(auditEvents.action, 'shadow_run.completed'), eq(auditEvents.targetId, run.id)));
    expect(completed).toHaveLength(1);
    expect(seenWorkers.size).toBeGreaterThanOrEqual(2);
  }, 240_000);

  it('restart the killed worker (the supervisor), and /api/health on either web process shows it', async () => {
    const { name, pid } = killed!;
    const restarted = await until(`${name} to be restarted`, () => spawns.find((s) => s.name === name && s.pid !== pid && s.at >= killed!.at.getTime() - 1_000), 30_000);
    console.log(`[multi-process] ${name} respawned ${((restarted.at - killed!.at.getTime()) / 1000).toFixed(1)} s after the kill`);
    expect(restarted.at - killed!.at.getTime()).toBeLessThan(5_000);
    const report = await until(
      'health to show the restarted worker',
      async () => {
        const r = await health('web-2');
        return r.workers?.some((w) => w.pid === restarted.pid && w.alive) ? r : null;
      },
      60_000,
    );
    expect(report.status).toBe('ok');
    const entry = report.supervisor!.processes.find((p) => p.name === name)!;
    expect(entry).toMatchObject({ state: 'running', pid: restarted.pid, restarts: 1, lastExit: { code: null, signal: 'SIGKILL' } });
    expect(entry.uptimeSeconds).toBeGreaterThanOrEqual(0);
    expect(report.supervisor!.processes.every((p) => p.state === 'running' && p.restarts === (killedNames.has(p.name) ? 1 : 0))).toBe(true);
    expect(output.some((l) => l.startsWith(`[vigil] ${name} (pid ${pid}) was killed by SIGKILL`))).toBe(true);
    // The others were never touched.
    for (const other of names.filter((n) => !killedNames.has(n))) expect(spawns.filter((s) => s.name === other)).toHaveLength(1);
  }, 90_000);

  it('fire the drift schedule once per period across both workers (and the restarted one), and open its alert once', async () => {
    const sweeps = await until(
      'two drift sweeps',
      async () => {
        const rows = await database.execute<{ created_on: string; state: string }>(sql`select created_on, state from pgboss.job where name = 'drift-sweep' order by created_on`);
        return rows.length >= 2 && rows.every((r) => r.state === 'completed') ? rows.map((r) => ({ createdOn: new Date(r.created_on) })) : null;
      },
      150_000,
      1_000,
    );
    // One sweep per minute at most: the minutes from the workers' start until now bound them,
    // and two sweeps of the same minute would be seconds apart.
    const minutes = Math.floor(Date.now() / 60_000) - Math.floor(workersStartedAt / 60_000) + 1;
    console.log(`[multi-process] drift sweeps at ${sweeps.map((x) => x.createdOn.toISOString().slice(11, 19)).join(', ')} over ${minutes} minute(s)`);
    expect(sweeps.length).toBeLessThanOrEqual(minutes);
    for (let i = 1; i < sweeps.length; i++) expect(sweeps[i]!.createdOn.getTime() - sweeps[i - 1]!.createdOn.getTime()).toBeGreaterThan(20_000);

    const reports = await until(
      'the drift report',
      async () => {
        const rows = await database.select({ windowTo: driftReports.windowTo }).from(driftReports).where(eq(driftReports.modelId, credit.modelId));
        return rows.length > 0 ? rows : null;
      },
      60_000,
      500,
    );
    expect(new Set(reports.map((r) => r.windowTo.getTime())).size).toBe(reports.length);
    const opened = await database.select().from(alerts).where(eq(alerts.modelId, credit.modelId));
    expect(opened.map((a) => a.status)).toEqual(['open']);
  }, 200_000);
});
