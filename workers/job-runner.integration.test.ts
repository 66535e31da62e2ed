import { generateKeyPairSync } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDatabase, createDatabase } from '@/db/client';
import { createTestDatabaseUrl } from '@/server/testing/test-database';
import { systemActor } from '@/server/auth/actor';
import { recordAudit } from '@/server/audit/record-audit';
import { verifyAuditLog } from '@/server/audit/verify-log';
import { beat } from '@/server/health/heartbeat';
import { healthReport } from '@/server/health/health-report';
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

  it('health says down when the database is unreachable', async () => {
    const broken = createDatabase('postgres://nobody@127.0.0.1:1/none', { max: 1 });
    try {
      expect(await healthReport(broken)).toMatchObject({ status: 'down', database: { reachable: false } });
    } finally {
      await closeDatabase(broken);
    }
  });
});
