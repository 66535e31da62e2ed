import { generateKeyPairSync } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '@/server/testing/test-database';
import { systemActor } from '@/server/auth/actor';
import { auditExportLines } from './audit-export';
import { createCheckpoint } from './checkpoint';
import { recordAudit } from './record-audit';
import { verifyAuditExport } from './verify-export';

const database = await createTestDatabase();

async function exported(): Promise<string[]> {
  const lines: string[] = [];
  for await (const line of auditExportLines(database)) lines.push(line);
  return lines;
}

describe('audit export, verified offline', () => {
  it('verifies an untouched export, anchored at the genesis hash, with its signed checkpoint', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    for (let i = 0; i < 12; i++) await recordAudit(database, systemActor('test'), { action: 'test.event', details: { i } });
    await createCheckpoint(database, { privateKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), keyId: 'k' });
    await recordAudit(database, systemActor('test'), { action: 'test.after_checkpoint' });
    const lines = await exported();
    expect(lines).toHaveLength(1 + 13 + 1);
    expect(await verifyAuditExport(lines)).toMatchObject({ ok: true, events: 13, firstSeq: 1, lastSeq: 13, complete: true, checkpoints: { checked: 1, problems: [] } });
  });

  it('names the sequence number of an edited body, and notices a removed event or tail', async () => {
    const lines = await exported();
    const edited = lines.map((l) => (l.includes('"seq":5,') ? l.replace('\\"i\\":4', '\\"i\\":40') : l));
    expect((await verifyAuditExport(edited)).firstBreak).toEqual({ seq: 5, reason: expect.stringContaining('altered') });
    const gap = lines.filter((l) => !l.includes('"seq":7,'));
    expect((await verifyAuditExport(gap)).firstBreak).toEqual({ seq: 7, reason: expect.stringContaining('missing') });
    const tail = lines.filter((l) => !l.includes('"seq":13,'));
    const report = await verifyAuditExport(tail);
    expect(report.ok).toBe(false);
    expect(report.manifestProblems.join(' ')).toMatch(/ends at 13, the file at 12/);
  });

  it('refuses a checkpoint whose signature does not match', async () => {
    const lines = (await exported()).map((l) => (l.startsWith('{"type":"checkpoint"') ? l.replace(/"signature":"[^"]+"/, '"signature":"AAAA"') : l));
    expect((await verifyAuditExport(lines)).checkpoints.problems).toEqual([{ seq: 12, reason: 'signature is invalid' }]);
    const rows = await database.execute(sql`select count(*)::int as n from audit_events`);
    expect(rows[0]).toEqual({ n: 13 });
  });
});
