import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, referenceDatasets } from '@/db/schema';
import { createToken } from '@/server/api-tokens/api-tokens-service';
import { createCaller } from '@/server/app-router';
import { systemActor } from '@/server/auth/actor';
import { callEndpoint } from '@/server/rest/call-endpoint';
import { createDefaultTestDatabase } from '@/server/testing/test-database';
import { registerTrafficModel } from '@/server/traffic/traffic-fixtures';
import { contextFor, fakeUser } from '@/server/trpc/test-context';
import { uploadReferenceEndpoint as restUpload } from './reference-api';
import { uploadReferenceEndpoint as sessionUpload } from './session-upload';

// Issue 20: every reference upload stores the SHA-256 of the exact bytes received, REST and
// browser alike, chunked or not; the digest is of the bytes (BOM, CRLF), not of the rows.

const database = await createDefaultTestDatabase();
const MODEL = 'digest-model';
const caller = createCaller(contextFor(database, fakeUser(['viewer'])));
let token = '';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const HEADER = 'age,income,employment,late_payments,defaulted,gender';
const EMPLOYMENT = ['salaried', 'self_employed', 'unemployed'];

/** `rows` rows of valid CSV with the given line end, multi-byte text in the gender column. */
function csvText(rows: number, eol = '\n'): string {
  const lines = [HEADER];
  for (let i = 0; i < rows; i++) lines.push(`${20 + (i % 50)},${i * 13},${EMPLOYMENT[i % 3]},${i % 7},${i % 4 ? 'repaid' : 'defaulted'},${i % 2 ? 'Zoë' : 'Łukasz 名'}`);
  return lines.join(eol) + eol;
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const bomCrlf = Buffer.concat([BOM, Buffer.from(csvText(40, '\r\n'))]);
const plainLf = Buffer.from(csvText(40, '\n'));

async function postRest(body: BodyInit, name: string) {
  return callEndpoint(restUpload, { path: `/models/${MODEL}/reference`, params: { name: MODEL }, token, body, query: { name }, headers: { 'content-type': 'text/csv' } });
}

async function postSession(bytes: Uint8Array, name: string) {
  const form = new FormData();
  form.set('file', new File([Uint8Array.from(bytes)], `${name}.csv`, { type: 'text/csv' }));
  form.set('name', name);
  const request = new Request('http://vigil.test/x', { method: 'POST', headers: { host: 'vigil.test', origin: 'http://vigil.test' }, body: form });
  const response = await sessionUpload.serveAs(fakeUser(['maintainer']), request, { model: MODEL });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** A body sent in `parts` pieces of uneven size, so multi-byte characters straddle chunks. */
function chunkedStream(bytes: Uint8Array, parts: number): ReadableStream<Uint8Array> {
  let at = 0;
  let i = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.byteLength) return controller.close();
      const size = Math.max(1, Math.floor(((i++ % 7) + 1) * (bytes.byteLength / parts / 4)) + (i % 3));
      controller.enqueue(bytes.slice(at, at + size));
      at += size;
    },
  });
}

async function stored(id: string) {
  const [row] = await database.select({ contentSha256: referenceDatasets.contentSha256, rowCount: referenceDatasets.rowCount }).from(referenceDatasets).where(eq(referenceDatasets.id, id));
  const [event] = await database.select({ body: auditEvents.body }).from(auditEvents).where(and(eq(auditEvents.action, 'reference_dataset.uploaded'), eq(auditEvents.targetId, id)));
  const audited = (JSON.parse(event!.body) as { after: { contentSha256: string } }).after.contentSha256;
  return { ...row!, audited };
}

async function counts() {
  const [row] = await database.execute<{ datasets: number; rows: number; audits: number }>(
    sql`select (select count(*)::int from reference_datasets) as datasets, (select count(*)::int from reference_rows) as rows, (select count(*)::int from audit_events where action = 'reference_dataset.uploaded') as audits`,
  );
  return row!;
}

beforeAll(async () => {
  token = (await createToken(database, systemActor('test'), { name: 'digest', scopes: ['registry:write'] })).secret;
  await registerTrafficModel(database, MODEL);
});

describe('reference content digest', () => {
  it('REST: the digest is of the bytes sent, BOM and CRLF included, not of the rows', async () => {
    const withBom = await postRest(bomCrlf, 'bom-crlf');
    const plain = await postRest(plainLf, 'plain');
    expect(withBom.status).toBe(201);
    expect(plain.status).toBe(201);
    // Same rows parsed from both...
    expect(withBom.json.rows).toBe(40);
    expect(plain.json.rows).toBe(40);
    // ...but each digest is of its own bytes.
    expect(withBom.json.contentSha256).toBe(sha256(bomCrlf));
    expect(plain.json.contentSha256).toBe(sha256(plainLf));
    expect(sha256(bomCrlf)).not.toBe(sha256(plainLf));
    for (const [response, bytes] of [[withBom, bomCrlf], [plain, plainLf]] as const) {
      const row = await stored(response.json.id as string);
      expect(row.contentSha256).toBe(sha256(bytes));
      expect(row.audited).toBe(sha256(bytes));
    }
  });

  it('REST: a large body streamed in many uneven chunks hashes to the digest of its bytes', async () => {
    const bytes = Buffer.concat([BOM, Buffer.from(csvText(60_000, '\r\n'))]);
    expect(bytes.byteLength).toBeGreaterThan(2 * 1024 * 1024);
    const response = await postRest(chunkedStream(bytes, 500), 'large');
    expect(response.status, JSON.stringify(response.json)).toBe(201);
    const row = await stored(response.json.id as string);
    expect(row).toEqual({ contentSha256: sha256(bytes), rowCount: 60_000, audited: sha256(bytes) });
  });

  it('browser upload: the digest is of the file part as sent, small and large', async () => {
    const large = Buffer.from(csvText(50_000, '\r\n'));
    for (const [bytes, name, rows] of [[bomCrlf, 'browser-bom', 40], [large, 'browser-large', 50_000]] as const) {
      const response = await postSession(bytes, name);
      expect(response.status, JSON.stringify(response.json)).toBe(201);
      expect(response.json.contentSha256).toBe(sha256(bytes));
      expect(await stored(response.json.id as string)).toEqual({ contentSha256: sha256(bytes), rowCount: rows, audited: sha256(bytes) });
    }
  });

  it('a refused upload (bad CSV, bad UTF-8 across a chunk edge) stores nothing, digest or audit', async () => {
    const before = await counts();
    const badRow = Buffer.from(`${HEADER}\n30,1,salaried,0,repaid,x\n31,2,astronaut,0,repaid,y\n`);
    const rest = await postRest(badRow, 'bad');
    expect(rest.status).toBe(400);
    expect(JSON.stringify(rest.json.details)).toContain('astronaut');
    const browser = await postSession(badRow, 'bad');
    expect(browser.status).toBe(400);
    // A truncated multi-byte character at the very end: only the final decode can see it.
    const truncated = Buffer.concat([plainLf, Buffer.from([0xc5])]);
    expect((await postRest(chunkedStream(truncated, 50), 'truncated')).status).toBe(400);
    expect(await counts()).toEqual(before);
  });

  it('an identical re-upload is a new reference with the same digest, and each page names the others', async () => {
    const first = await postRest(plainLf, 'again-1');
    const second = await postSession(plainLf, 'again-2');
    expect(second.json.id).not.toBe(first.json.id);
    expect(second.json.contentSha256).toBe(first.json.contentSha256);
    const view = await caller.references.get({ name: MODEL, id: second.json.id as string });
    expect(view.reference.contentSha256).toBe(sha256(plainLf));
    // The earlier 'plain' upload has the same bytes too.
    expect(view.sameContent.map((r) => r.name).sort()).toEqual(['again-1', 'plain']);
    const bom = await database.select({ id: referenceDatasets.id }).from(referenceDatasets).where(eq(referenceDatasets.name, 'bom-crlf'));
    expect((await caller.references.get({ name: MODEL, id: bom[0]!.id })).sameContent.map((r) => r.name)).toEqual(['browser-bom']);
  });

  it('a reference stored before digests reads as null', async () => {
    const [{ id }] = (await database.execute<{ id: string }>(sql`insert into reference_datasets (model_id, name, row_count, profile, created_by) select model_id, 'legacy', row_count, profile, 'old' from reference_datasets limit 1 returning id`)) as unknown as [{ id: string }];
    const view = await caller.references.get({ name: MODEL, id });
    expect(view.reference.contentSha256).toBeNull();
    expect(view.sameContent).toEqual([]);
  });
});
