import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditCheckpoints, auditEvents } from '@/db/schema';
import { createToken } from '@/server/api-tokens/api-tokens-service';
import { systemActor, type Actor } from '@/server/auth/actor';
import { auditCommand } from '@/server/cli/audit-commands';
import { parseCsv } from '@/server/reference/csv';
import { callEndpoint } from '@/server/rest/call-endpoint';
import { createDefaultTestDatabase } from '@/server/testing/test-database';
import { fakeUser } from '@/server/trpc/test-context';
import { auditPublicKeyEndpoint, exportAuditEndpoint } from './audit-api';
import { AUDIT_CSV_COLUMNS } from './audit-csv';
import type { AuditSearch } from './audit-schemas';
import { createCheckpoint } from './checkpoint';
import { editManifest, eventsOf, parseLines, reforge, stringify, type ExportLine } from './export-forgery-kit';
import { auditExportResponse } from './export-response';
import { publicKeyFingerprint } from './key-fingerprint';
import { recordAudit } from './record-audit';
import { exportAuditSessionEndpoint } from './session-export';
import { generateSigningKey } from './signing-key';
import { verifyAuditExport } from './verify-export';

// The server's key, as the web process loads it; the forger has a key of their own.
const serverKey = generateSigningKey();
process.env.VIGIL_AUDIT_SIGNING_KEY = serverKey.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const pin = [publicKeyFingerprint(serverKey.publicKeyPem)];
const forger = generateSigningKey();

const database = await createDefaultTestDatabase();
const auditor: Actor = { type: 'user', id: '00000000-0000-4000-8000-00000000a0d1', label: 'auditor@vigil.test', roles: ['auditor'], origin: { ip: '10.0.0.9', userAgent: 'test' } };
let auditToken = '';
let otherToken = '';

async function exportText(format: 'jsonl' | 'csv', filters: AuditSearch = {}): Promise<string> {
  const response = await auditExportResponse(database, auditor, format, filters);
  expect(response.status).toBe(200);
  return response.text();
}

async function exported(filters: AuditSearch = {}): Promise<string[]> {
  return (await exportText('jsonl', filters)).split('\n').filter(Boolean);
}

const verify = (lines: string[] | ExportLine[], pins = pin) => verifyAuditExport(typeof lines[0] === 'string' ? (lines as string[]) : stringify(lines as ExportLine[]), pins);

// Seq 1-10 by alice, checkpoint at 10; 11-20 by bob (15 has a before/after), checkpoint at 20; 21-25 by carol, no checkpoint yet.
beforeAll(async () => {
  const as = (label: string) => systemActor(label);
  for (let i = 1; i <= 10; i++) await recordAudit(database, as('alice'), { action: 'test.alice', details: { i } });
  await createCheckpoint(database, serverKey);
  for (let i = 11; i <= 20; i++) {
    await recordAudit(database, as('bob'), i === 15 ? { action: 'user.roles_changed', target: { type: 'user', id: 'u1', label: 'x, "y"' }, before: { roles: ['viewer'] }, after: { roles: ['admin'] } } : { action: 'test.bob', details: { i } });
  }
  await createCheckpoint(database, serverKey);
  for (let i = 21; i <= 25; i++) await recordAudit(database, as('carol'), { action: 'test.carol', details: { i } });
  auditToken = (await createToken(database, systemActor('test'), { name: 'auditor-cli', scopes: ['audit:read'] })).secret;
  otherToken = (await createToken(database, systemActor('test'), { name: 'ci', scopes: ['registry:write'] })).secret;
});

describe('audit export: anchored, signed, verified offline against a pinned key', () => {
  it('verifies an untouched full export, anchored at the genesis hash, after signing a checkpoint for the newest events', async () => {
    const lines = await exported();
    expect(await database.select({ seq: auditCheckpoints.seq }).from(auditCheckpoints)).toContainEqual({ seq: expect.any(Number) });
    const report = await verify(lines);
    expect(report).toMatchObject({ ok: true, consistent: true, pinned: true, anchor: 'genesis', firstSeq: 1, firstBreak: null, problems: [], signers: pin });
    // 25 seeded events plus the token creations; a fresh checkpoint now covers the newest one.
    expect(report.lastSeq).toBe(report.events);
    const checkpoints = parseLines(lines).filter((l) => l.type === 'checkpoint').map((l) => (l as { seq: number }).seq);
    expect(checkpoints).toEqual([10, 20, report.lastSeq]);
  });

  it('exports a filter as the chain stretch between the checkpoints around its matches, and counts the matches', async () => {
    const lines = await exported({ actor: 'BOB' });
    const report = await verify(lines);
    expect(report).toMatchObject({ ok: true, anchor: 'checkpoint', firstSeq: 11, lastSeq: 20, events: 10, matching: 10, filters: { actor: 'BOB' } });
    const narrow = await verify(await exported({ action: 'user.roles_changed' }));
    expect(narrow).toMatchObject({ ok: true, firstSeq: 11, lastSeq: 20, events: 10, matching: 1 });
    const none = await verify(await exported({ actor: 'nobody-at-all' }));
    expect(none).toMatchObject({ ok: true, events: 0, firstSeq: null, matching: 0 });
  });

  it('says loudly that an unpinned check proves consistency only, and exits 3; 0 when pinned, 1 when broken', async () => {
    const lines = await exported();
    expect(await verify(lines, [])).toMatchObject({ ok: false, consistent: true, pinned: false });
    const dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-audit-'));
    const file = path.join(dir, 'export.jsonl');
    const keyFile = path.join(dir, 'server.pem');
    writeFileSync(file, `${lines.join('\n')}\n`);
    writeFileSync(keyFile, serverKey.publicKeyPem);
    const out: string[] = [];
    expect(await auditCommand('verify', [file], {}, (l) => out.push(l))).toBe(3);
    expect(out.join('\n')).toMatch(/^UNPINNED: the export is internally consistent, which proves nothing about who made it/);
    expect(await auditCommand('verify', [file, '--fingerprint', pin[0]!.toUpperCase()], {}, (l) => out.push(l))).toBe(0);
    expect(out.at(-1)).toMatch(/^Audit export verified: intact, and signed by the pinned key\./);
    expect(await auditCommand('verify', ['--file', file, '--public-key', keyFile], {}, () => {})).toBe(0);
    expect(await auditCommand('verify', [file, '--fingerprint', publicKeyFingerprint(forger.publicKeyPem)], {}, () => {})).toBe(1);
    await expect(auditCommand('verify', [file, '--fingerprint', 'abc'], {}, () => {})).rejects.toThrow(/64 hex digits/);
  });
});

describe('audit export: deliberate forgeries fail against the pinned key', () => {
  it('an edited event with every later hash recomputed, checkpoints re-signed with the forger key and the manifest recomputed', async () => {
    const lines = parseLines(await exported());
    const target = eventsOf(lines).find((e) => e.seq === 5)!;
    target.body = target.body.replace('"i":5', '"i":50');
    const forged = reforge(lines, forger);
    const pinned = await verify(forged);
    expect(pinned.ok).toBe(false);
    expect(pinned.problems.join('\n')).toMatch(/signed by key [0-9a-f]{64}, which is not pinned/);
    // Without a pin the forgery is self-consistent: exactly why the verifier insists on one.
    expect(await verify(forged, [])).toMatchObject({ ok: false, consistent: true });
  });

  it('an edited event with later hashes recomputed but the genuine signatures kept', async () => {
    const lines = parseLines(await exported());
    const target = eventsOf(lines).find((e) => e.seq === 5)!;
    target.body = target.body.replace('"i":5', '"i":50');
    const [header, ...rest] = lines;
    const rechained = reforge([header!, ...rest.filter((l) => l.type === 'event')], forger);
    const genuineSigned = [header!, ...lines.filter((l) => l.type === 'checkpoint'), ...eventsOf(rechained), lines.at(-1)!];
    const report = await verify(genuineSigned, []);
    expect(report.consistent).toBe(false);
    expect(report.checkpoints.problems).toContainEqual({ seq: 10, reason: 'the chain head at this sequence differs from the signed one' });
  });

  it('head events cut and the manifest edited: re-signed by the forger, or left with the genuine signature', async () => {
    const file = await exported();
    const cut = () => parseLines(file).filter((l) => l.type !== 'event' || l.seq > 3);
    const resigned = await verify(reforge(cut(), forger));
    expect(resigned.ok).toBe(false);
    expect(resigned.problems).toEqual(expect.arrayContaining([expect.stringMatching(/first event \(sequence 4\) is not anchored/), expect.stringMatching(/which is not pinned/)]));
    const edited = await verify(editManifest(cut(), { firstSeq: 4, events: 22 }));
    expect(edited.ok).toBe(false);
    expect(edited.problems).toEqual(expect.arrayContaining([expect.stringMatching(/first event \(sequence 4\) is not anchored/), 'the manifest signature is invalid']));
    // Cut exactly after a checkpoint, so the rest is anchored: the signed manifest still says where it began.
    const atCheckpoint = await verify(parseLines(file).filter((l) => l.type !== 'event' || l.seq > 10));
    expect(atCheckpoint.ok).toBe(false);
    expect(atCheckpoint.problems).toContain('the signed manifest says the export starts at 1, the file has 11');
  });

  it('tail events cut and the manifest edited: with the forger key, with a forged checkpoint, with the genuine signature', async () => {
    const file = await exported();
    const last = eventsOf(parseLines(file)).at(-1)!.seq;
    const cut = () => parseLines(file).filter((l) => !((l.type === 'event' || l.type === 'checkpoint') && l.seq > 22));
    const withoutCheckpoint = await verify(reforge(cut(), forger), []);
    expect(withoutCheckpoint.problems).toContain('no signed checkpoint covers the last event (sequence 22), so events after it may have been cut');
    // The forger adds a checkpoint of their own at the new end: consistent, but not Vigil's.
    const lines = cut();
    const at20 = lines.findIndex((l) => l.type === 'checkpoint' && l.seq === 20);
    lines.splice(at20 + 1, 0, { ...(lines[at20] as ExportLine & { type: 'checkpoint' }), seq: 22 });
    const withForgedEnd = reforge(lines, forger);
    expect(await verify(withForgedEnd, [])).toMatchObject({ consistent: true, ok: false });
    expect((await verify(withForgedEnd)).problems.join('\n')).toMatch(/not pinned/);
    expect((await verify(editManifest(cut(), { lastSeq: 22, events: 22 }))).problems).toContain('the manifest signature is invalid');
    expect((await verify(cut())).problems).toContain(`the signed manifest says the export ends at ${last}, the file has 22`);
  });
});

describe('audit export: the old format', () => {
  it('refuses an export with an unsigned manifest first (format 1), which anyone could have written', async () => {
    const events = parseLines(await exported()).filter((l) => l.type === 'event');
    const old = [JSON.stringify({ type: 'manifest', format: 'vigil-audit-export/1', firstSeq: 1, lastSeq: events.length, headHash: eventsOf(events).at(-1)!.hash, checkpoints: 0 }), ...stringify(events)];
    const report = await verify(old);
    expect(report).toMatchObject({ ok: false, consistent: false, problems: [expect.stringMatching(/old format \(an unsigned manifest first\)/)] });
  });
});

describe('audit export: every simple edit fails', () => {
  const cases: [string, (lines: string[]) => string[], RegExp][] = [
    ['a flipped byte in a body', (l) => l.map((x) => (x.includes('"seq":7,') ? x.replace('\\"i\\":7', '\\"i\\":8') : x)), /sequence 7 was altered/],
    ['a flipped byte in a hash', (l) => l.map((x) => (x.includes('"seq":7,') ? x.replace(/"hash":"(.)/, (_m, c: string) => `"hash":"${c === '0' ? '1' : '0'}`) : x)), /sequence 7 was altered|does not link/],
    ['a deleted event', (l) => l.filter((x) => !x.includes('"type":"event","seq":7,')), /sequence 7 is missing/],
    ['two events swapped', (l) => { const i = l.findIndex((x) => x.includes('"type":"event","seq":7,')); const c = [...l]; [c[i], c[i + 1]] = [c[i + 1]!, c[i]!]; return c; }, /sequence 7 is missing|out of order/],
    ['the manifest cut off', (l) => l.slice(0, -1), /signed manifest \(the last line\) is missing/],
    ['the file cut mid-line', (l) => [...l.slice(0, -2), l.at(-2)!.slice(0, 40)], /line \d+ is not JSON/],
    ['a flipped checkpoint signature', (l) => l.map((x) => (x.includes('"type":"checkpoint","seq":10,') ? x.replace(/"signature":"(.)/, (_m, c: string) => `"signature":"${c === 'A' ? 'B' : 'A'}`) : x)), /checkpoint 10: signature is invalid/],
    ['a flipped manifest signature', (l) => [...l.slice(0, -1), l.at(-1)!.replace(/"signature":"(.)/, (_m, c: string) => `"signature":"${c === 'A' ? 'B' : 'A'}`)], /manifest signature is invalid/],
    ['the filters in the header changed', (l) => [l[0]!.replace('"filters":{}', '"filters":{"actor":"bob"}'), ...l.slice(1)], /filters are/],
    ['a line duplicated', (l) => { const i = l.findIndex((x) => x.includes('"type":"event","seq":7,')); return [...l.slice(0, i + 1), l[i]!, ...l.slice(i + 1)]; }, /out of order/],
  ];
  it.each(cases)('%s', async (_name, edit, reason) => {
    const report = await verify(edit(await exported()));
    expect(report.ok).toBe(false);
    expect(report.consistent).toBe(false);
    const said = [report.firstBreak?.reason ?? '', ...report.problems, ...report.checkpoints.problems.map((p) => `checkpoint ${p.seq}: ${p.reason}`)].join('\n');
    expect(said).toMatch(reason);
  });
});

describe('audit export: CSV, the audit record, and the endpoints', () => {
  it('writes CSV with a header and one RFC 4180 row per matching event, read from the hashed bodies', async () => {
    const text = await exportText('csv', { action: 'user.roles_changed' });
    expect(text.endsWith('\r\n')).toBe(true);
    const records = [...parseCsv(text)].map((r) => r.fields);
    expect(records[0]).toEqual([...AUDIT_CSV_COLUMNS]);
    expect(records).toHaveLength(2);
    const row = Object.fromEntries(AUDIT_CSV_COLUMNS.map((c, i) => [c, records[1]![i]]));
    expect(row).toMatchObject({ seq: '15', actor_label: 'bob', action: 'user.roles_changed', target_label: 'x, "y"', before: '{"roles":["viewer"]}', after: '{"roles":["admin"]}' });
    expect(text).toContain('"x, ""y"""');
  });

  it('records every export in the audit log: who, format, filters, counts', async () => {
    await exportText('csv', { actor: 'carol' });
    await exportText('jsonl', { actor: 'bob', action: 'test.' });
    const rows = await database.select({ body: auditEvents.body }).from(auditEvents).where(and(eq(auditEvents.action, 'audit.exported'), eq(auditEvents.actorLabel, auditor.label)));
    const bodies = rows.map((r) => JSON.parse(r.body) as { actor: { label: string }; details: Record<string, unknown> });
    expect(bodies.at(-2)!.details).toMatchObject({ format: 'csv', filters: { actor: 'carol' }, rows: 5 });
    expect(bodies.at(-1)).toMatchObject({ actor: { label: 'auditor@vigil.test' }, details: { format: 'jsonl', filters: { actor: 'bob', action: 'test.' }, firstSeq: 11, lastSeq: 20, events: 10, matching: 9 } });
  });

  it('serves the REST endpoint by format and refuses a bad format, a missing scope and no token, recording nothing', async () => {
    const count = async () => (await database.execute<{ n: number }>(sql`select count(*)::int as n from audit_events where action = 'audit.exported'`))[0]!.n;
    const before = await count();
    const bad = await callEndpoint(exportAuditEndpoint, { token: auditToken, query: { format: 'xml' } });
    expect(bad).toMatchObject({ status: 400, json: { code: 'bad_request', details: [{ path: 'format' }] } });
    expect((await callEndpoint(exportAuditEndpoint, { token: auditToken, query: { from: 'yesterday' } })).status).toBe(400);
    expect((await callEndpoint(exportAuditEndpoint, { token: otherToken, query: { format: 'csv' } })).status).toBe(403);
    expect((await callEndpoint(exportAuditEndpoint, { query: { format: 'csv' } })).status).toBe(401);
    expect(await count()).toBe(before);

    const csv = await callEndpoint(exportAuditEndpoint, { token: auditToken, query: { format: 'csv', actor: 'alice' } });
    expect(csv.status).toBe(200);
    expect(String(csv.json.raw).split('\r\n')[0]).toBe(AUDIT_CSV_COLUMNS.join(','));
    const jsonl = await callEndpoint(exportAuditEndpoint, { token: auditToken, query: { actor: 'alice' } });
    expect((await verify(String(jsonl.json.raw).split('\n').filter(Boolean))).ok).toBe(true);
    expect(await count()).toBe(before + 2);
  });

  it('publishes the signing key and its fingerprint without authentication', async () => {
    const response = await callEndpoint(auditPublicKeyEndpoint);
    expect(response).toMatchObject({ status: 200, json: { algorithm: 'Ed25519', fingerprint: pin[0], publicKey: serverKey.publicKeyPem } });
  });

  it('serves the browser export to a signed-in auditor by format, 404 for an unknown one, 400 for a bad filter', async () => {
    const request = (query: string) => new Request(`http://vigil.test/audit/export/csv${query}`, { headers: { host: 'vigil.test' } });
    const ok = await exportAuditSessionEndpoint.serveAs(fakeUser(['auditor']), request('?actor=alice'), { format: 'csv' });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-disposition')).toMatch(/attachment; filename="vigil-audit-\d{4}-\d\d-\d\d\.csv"/);
    expect((await ok.text()).split('\r\n')).toHaveLength(1 + 10 + 1);
    expect((await exportAuditSessionEndpoint.serveAs(fakeUser(['auditor']), request(''), { format: 'xml' })).status).toBe(404);
    expect((await exportAuditSessionEndpoint.serveAs(fakeUser(['auditor']), request('?to=never'), { format: 'jsonl' })).status).toBe(400);
    expect((await exportAuditSessionEndpoint.serveAs(fakeUser(['viewer']), request(''), { format: 'jsonl' })).status).toBe(403);
  });
});
