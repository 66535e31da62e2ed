import { generateKeyPairSync } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createTestDatabase, dbError } from '@/server/testing/test-database';
import { systemActor } from '@/server/auth/actor';
import { createCheckpoint } from './checkpoint';
import { recordAudit } from './record-audit';
import type { SigningKey } from './signing-key';
import { auditFilterSchema, auditPageSchema } from './audit-schemas';
import { listAuditEvents } from './list-events';
import { verifyAuditLog } from './verify-log';

// As the schema owner (not the app's role): the tamper cases below need its rights.
const database = await createTestDatabase({ role: 'owner' });
// A second, untouched log for the deletion test; created here so its afterAll drops it (hooks registered inside a test never run).
const fresh = await createTestDatabase({ role: 'owner' });
const actor = systemActor('test');

function testKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), keyId: 'test-key' };
}

async function sequences(): Promise<number[]> {
  const rows = await database.execute<{ seq: string }>(sql`select seq from audit_events order by seq`);
  return rows.map((r) => Number(r.seq));
}

// Runs as the tables' owner to simulate an attacker with direct database access.
async function tamper(statement: ReturnType<typeof sql>) {
  await database.transaction(async (tx) => {
    await tx.execute(sql`alter table audit_events disable trigger user`);
    await tx.execute(statement);
    await tx.execute(sql`alter table audit_events enable trigger user`);
  });
}

describe('audit log in PostgreSQL', () => {
  it('stores the exact canonical body and chains hashes from the genesis hash', async () => {
    const seq = await recordAudit(database, actor, { action: 'test.first', target: { type: 'thing', id: '1' }, after: { b: 2, a: 1 } });
    expect(seq).toBe(1);
    const [row] = await database.execute<{ body: string; action: string; target_id: string; actor_label: string }>(
      sql`select body, action, target_id, actor_label from audit_events where seq = 1`,
    );
    expect(row!.body).toMatch(/^\{"action":"test.first","actor":\{"id":null,"label":"test","type":"system"\},"after":\{"a":1,"b":2\},"at":"[^"]+Z"/);
    expect([row!.action, row!.target_id, row!.actor_label]).toEqual(['test.first', '1', 'test']);
    expect((await verifyAuditLog(database)).ok).toBe(true);
  });

  it('numbers events without gaps, even when a transaction rolls back', async () => {
    await database
      .transaction(async (tx) => {
        await recordAudit(tx, actor, { action: 'test.rolled_back' });
        throw new Error('abort');
      })
      .catch(() => {});
    await recordAudit(database, actor, { action: 'test.after_rollback' });
    expect(await sequences()).toEqual([1, 2]);
  });

  it('serialises concurrent writers into one gap-free chain', async () => {
    await Promise.all(Array.from({ length: 25 }, (_, i) => recordAudit(database, actor, { action: 'test.concurrent', details: { i } })));
    const seqs = await sequences();
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    const report = await verifyAuditLog(database);
    expect(report).toMatchObject({ ok: true, checkedEvents: 27, headSeq: 27, firstBreak: null });
  });

  it('rejects UPDATE, DELETE, TRUNCATE and direct INSERT at the database level', async () => {
    expect(await dbError(database.execute(sql`update audit_events set action = 'x' where seq = 1`))).toMatch(/append-only/);
    expect(await dbError(database.execute(sql`delete from audit_events where seq = 1`))).toMatch(/append-only/);
    expect(await dbError(database.execute(sql`truncate audit_events`))).toMatch(/append-only/);
    expect(
      await dbError(
        database.execute(sql`insert into audit_events (seq, occurred_at, actor_type, actor_label, action, body, prev_hash, hash)
        values (999, now(), 'user', 'mallory', 'forged', '{}', '\\x00', '\\x00')`),
      ),
    ).toMatch(/only be written through audit_append/);
    expect(await dbError(database.execute(sql`select audit_append('{"no":"fields"}')`))).toMatch(/needs at, action/);
    expect(await sequences()).toHaveLength(27);
  });

  it('signs checkpoints that verification checks, and skips when the head has not moved', async () => {
    const key = testKey();
    expect(await createCheckpoint(database, key)).toEqual({ seq: 27 });
    expect(await createCheckpoint(database, key)).toBeNull();
    const report = await verifyAuditLog(database);
    expect(report.ok).toBe(true);
    expect(report.checkpoints).toEqual({ checked: 1, problems: [] });
    expect(await dbError(database.execute(sql`delete from audit_checkpoints`))).toMatch(/append-only/);
  });

  it('checks the unhashed search columns against the body, and searches by actor in the hashed body', async () => {
    const seq = await recordAudit(database, systemActor('alice@example.com'), { action: 'test.by_alice' });
    const search = async (actorText: string) => (await listAuditEvents(database, auditFilterSchema.parse({ actor: actorText }))).events.map((e) => [e.seq, e.actorLabel]);
    expect(await search('ALICE')).toEqual([[seq, 'alice@example.com']]);
    await tamper(sql`update audit_events set actor_label = 'mallory@example.com' where seq = ${seq}`);
    await tamper(sql`update audit_events set action = 'test.innocent' where seq = 2`);
    // The hashes still hold; the columns no longer match what was hashed.
    const report = await verifyAuditLog(database);
    expect(report).toMatchObject({ ok: false, firstBreak: null, mismatchedRows: 2 });
    expect(report.columnProblems).toEqual([{ seq: 2, column: 'action' }, { seq, column: 'actor_label' }]);
    // Searching reads the hashed body: the edited column neither hides nor plants the event.
    expect(await search('alice')).toEqual([[seq, 'alice@example.com']]);
    expect(await search('mallory')).toEqual([]);
  });

  it('pages older with before and newer with after, each page newest first, with no overlap and both ends closed', async () => {
    for (let i = 0; i < 7; i++) await recordAudit(database, actor, { action: 'test.paged', details: { i } });
    const page = (input: object) => listAuditEvents(database, auditFilterSchema.parse({ action: 'test.paged', limit: 3, ...input }));
    const seqs = (p: Awaited<ReturnType<typeof page>>) => p.events.map((e) => e.seq);
    const all = (await sequences()).slice(-7).reverse();

    const first = await page({});
    expect(seqs(first)).toEqual(all.slice(0, 3));
    expect(first.nextAfter).toBeNull();
    const second = await page({ before: first.nextBefore });
    expect(seqs(second)).toEqual(all.slice(3, 6));
    expect(second.nextAfter).toBe(all[3]);
    const third = await page({ before: second.nextBefore });
    expect(seqs(third)).toEqual(all.slice(6));
    expect(third.nextBefore).toBeNull();

    // Back up: the newer pages are the same rows in the same order.
    expect(seqs(await page({ after: third.nextAfter }))).toEqual(all.slice(3, 6));
    const top = await page({ after: second.nextAfter });
    expect(seqs(top)).toEqual(all.slice(0, 3));
    expect(top.nextAfter).toBeNull();
    expect(top.nextBefore).toBe(all[2]);
  });

  it('refuses before and after together', () => {
    expect(auditPageSchema.safeParse({ before: 10, after: 2 }).success).toBe(false);
    expect(auditPageSchema.safeParse({ after: 2 }).success).toBe(true);
  });

  it('reports the sequence number of a tampered row', async () => {
    await tamper(sql`update audit_events set body = replace(body, 'test.concurrent', 'test.innocent') where seq = 13`);
    const report = await verifyAuditLog(database);
    expect(report.ok).toBe(false);
    expect(report.firstBreak).toEqual({ seq: 13, reason: expect.stringContaining('altered') });
    expect(report.checkedEvents).toBe(12);
  });

  it('reports a deleted row as missing, and a removed tail against the signed checkpoint', async () => {
    for (let i = 0; i < 5; i++) await recordAudit(fresh, actor, { action: 'test.row', details: { i } });
    await createCheckpoint(fresh, testKey());
    await fresh.transaction(async (tx) => {
      await tx.execute(sql`alter table audit_events disable trigger user`);
      await tx.execute(sql`delete from audit_events where seq in (3, 5)`);
      await tx.execute(sql`alter table audit_events enable trigger user`);
    });
    const report = await verifyAuditLog(fresh);
    expect(report.firstBreak).toEqual({ seq: 3, reason: expect.stringContaining('missing') });
    await fresh.transaction(async (tx) => {
      await tx.execute(sql`alter table audit_events disable trigger user`);
      await tx.execute(sql`delete from audit_events where seq > 2`);
      await tx.execute(sql`alter table audit_events enable trigger user`);
    });
    const truncated = await verifyAuditLog(fresh);
    expect(truncated.firstBreak).toBeNull();
    expect(truncated.checkpoints.problems).toEqual([{ seq: 5, reason: expect.stringContaining('missing from the log') }]);
  });
});
