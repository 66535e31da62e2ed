import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDatabase, createDatabase } from '@/db/client';
import { createTestDatabaseUrl } from '@/server/testing/test-database';
import { systemActor } from '@/server/auth/actor';
import { recordAudit } from '@/server/audit/record-audit';
import { verifyAuditLog } from '@/server/audit/verify-log';
import { beat } from '@/server/health/heartbeat';
import { healthReport } from '@/server/health/health-report';
import { SUPERVISOR_STATUS_ENV, type SupervisorRecord } from '@/server/health/supervisor-status';
import { takeLease } from '@/server/jobs/job-leases';
import { startJobRunner } from './job-runner';

const url = await createTestDatabaseUrl();
const database = createDatabase(url, { max: 3 });
afterAll(() => closeDatabase(database));

async function waitFor<T>(probe: () => Promise<T | null | undefined>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('worker', () => {
  it('signs an audit checkpoint on startup through pg-boss, which verification accepts', async () => {
    await recordAudit(database, systemActor('test'), { action: 'test.before_worker' });
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const key = { privateKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), keyId: 'k1' };
    const boss = await startJobRunner(url, database, key);
    try {
      const report = await waitFor(async () => {
        const r = await verifyAuditLog(database);
        return r.checkpoints.checked > 0 ? r : null;
      });
      expect(report).toMatchObject({ ok: true, headSeq: 1, checkpoints: { checked: 1, problems: [] } });
    } finally {
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    }
  });

  it('health reports the schema version and worker liveness from heartbeats', async () => {
    const before = await healthReport(database);
    expect(before).toMatchObject({ status: 'degraded', database: { reachable: true }, migrations: { pending: 0 }, worker: { alive: false } });
    expect(before.migrations?.applied).toBe(before.migrations?.expected);
    await beat(database, { id: 'w1', hostname: 'test', pid: 1, startedAt: new Date() });
    expect(await healthReport(database)).toMatchObject({ status: 'ok', worker: { alive: true, ageSeconds: 0 } });
  });

  it('health lists every worker with its running jobs, and the supervised processes of its host', async () => {
    const startedAt = new Date(Date.now() - 120_000);
    await beat(database, { id: 'host-b:77:w2', hostname: 'host-b', pid: 77, startedAt });
    await takeLease(database, { jobId: '00000000-0000-4000-8000-0000000000aa', queue: 'shadow-batch', workerId: 'host-b:77:w2', attempt: 0 });
    const report = await healthReport(database);
    expect(report.workers).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: 'w1', alive: true, runningJobs: 0 }),
        expect.objectContaining({ id: 'host-b:77:w2', hostname: 'host-b', pid: 77, alive: true, runningJobs: 1, startedAt: startedAt.toISOString() }),
      ]),
    );
    expect(report.workers!.find((w) => w.id === 'host-b:77:w2')!.uptimeSeconds).toBeGreaterThanOrEqual(119);
    expect(report.supervisor).toBeNull();

    // Under `npm start`: the supervisor's record, read from the file it names.
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'vigil-health-')), 'supervisor.json');
    const record = (state: 'running' | 'restarting'): SupervisorRecord => ({
      pid: process.pid,
      hostname: os.hostname(),
      startedAt: startedAt.toISOString(),
      updatedAt: new Date().toISOString(),
      processes: [
        { name: 'web', state: 'running', pid: 10, startedAt: startedAt.toISOString(), restarts: 0, lastExit: null, nextStartAt: null },
        { name: 'worker', state, pid: state === 'running' ? 11 : null, startedAt: state === 'running' ? new Date().toISOString() : null, restarts: 2, lastExit: { code: null, signal: 'SIGKILL', at: new Date().toISOString(), ranSeconds: 3 }, nextStartAt: null },
      ],
    });
    process.env[SUPERVISOR_STATUS_ENV] = file;
    try {
      writeFileSync(file, JSON.stringify(record('restarting')));
      const degraded = await healthReport(database);
      expect(degraded).toMatchObject({
        status: 'degraded',
        supervisor: { pid: process.pid, alive: true, processes: [{ name: 'web', state: 'running' }, { name: 'worker', state: 'restarting', restarts: 2, uptimeSeconds: null, lastExit: { signal: 'SIGKILL' } }] },
      });
      expect(degraded.supervisor!.processes[0]!.uptimeSeconds).toBeGreaterThanOrEqual(120);
      writeFileSync(file, JSON.stringify(record('running')));
      expect(await healthReport(database)).toMatchObject({ status: 'ok', supervisor: { processes: [{ state: 'running' }, { state: 'running', restarts: 2 }] } });
    } finally {
      delete process.env[SUPERVISOR_STATUS_ENV];
    }
  });

  it('health says down when the database is unreachable', async () => {
    const broken = createDatabase('postgres://nobody@127.0.0.1:1/none', { max: 1 });
    try {
      expect(await healthReport(broken)).toMatchObject({ status: 'down', database: { reachable: false } });
    } finally {
      await closeDatabase(broken);
    }
  });
});
