import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { driftReports, modelVersions, registeredModels } from '@/db/schema';
import { createDefaultTestDatabase } from '@/server/testing/test-database';
import { createToken } from '@/server/api-tokens/api-tokens-service';
import { systemActor } from '@/server/auth/actor';
import { runDriftReport, windowEnd } from '@/server/monitoring/drift-report';
import { uploadReferenceEndpoint } from '@/server/reference/reference-api';
import { callEndpoint } from '@/server/rest/call-endpoint';
import { startShadowRunSchema } from '@/server/shadow/shadow-schemas';
import { seededRandom } from '@/server/statistics/seeded-random';
import { ingestEventsEndpoint } from '@/server/traffic/events-api';
import { readEvents } from '@/server/traffic/event-reader';
import { createModelEndpoint } from './registry-api';

// Feature names are data (issue 19): scikit-learn's `mean radius`, a German `größe`, a name
// with a quote and a comma, one of the longest allowed, through model registration, a
// reference CSV, the events API and a drift report.

const database = await createDefaultTestDatabase();
const MODEL = 'names-as-written';
const LONG = `${'ä'.repeat(100)} ${'x'.repeat(27)}`; // 128 characters
const QUOTED = '"quoted, name"';
const CATEGORIES = ['a, b', 'c"d'];
const features = [
  { name: 'mean radius', type: 'numeric' },
  { name: 'größe', type: 'numeric' },
  { name: QUOTED, type: 'categorical', categories: CATEGORIES },
  { name: LONG, type: 'numeric' },
];
let writer = '';
let producer = '';

const csvField = (value: string) => (/[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
const csvLine = (fields: string[]) => fields.map(csvField).join(',');

function rowAt(random: ReturnType<typeof seededRandom>, shift: number): Record<string, string | number> {
  return { 'mean radius': 14 + 3 * random.normal(), größe: 170 + shift + 10 * random.normal(), [QUOTED]: CATEGORIES[random.int(2)]!, [LONG]: random.normal() };
}

beforeAll(async () => {
  writer = (await createToken(database, systemActor('test'), { name: 'ci', scopes: ['registry:write', 'registry:read'] })).secret;
  producer = (await createToken(database, systemActor('test'), { name: 'prod', scopes: ['events:write'] })).secret;
});

describe('feature names as people write them', () => {
  it('refuses names that are empty, too long, multi-line or padded, saying which and why; stores nothing', async () => {
    const refuse = async (name: string, message: string) => {
      const response = await callEndpoint(createModelEndpoint, { token: writer, json: { name: 'bad-names', taskType: 'binary_classification', features: [{ name, type: 'numeric' }], label: { name: 'y' } } });
      expect(response.status).toBe(400);
      expect(response.json.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'features.0.name', message: expect.stringContaining(message) })]));
    };
    await refuse('', 'at least one character');
    await refuse(`${LONG}y`, '128');
    await refuse('two\nlines', 'control characters');
    await refuse('tab\there', 'control characters');
    await refuse(' age', 'starts or ends with a space');
    expect(await database.select().from(registeredModels).where(eq(registeredModels.name, 'bad-names'))).toEqual([]);
  });

  it('registers them, takes them as CSV headers and event keys, and reports drift per feature under them', async () => {
    const created = await callEndpoint(createModelEndpoint, {
      token: writer,
      json: { name: MODEL, taskType: 'binary_classification', features, label: { name: 'état', classes: ['non', 'oui'] } },
    });
    expect(created).toMatchObject({ status: 201, json: { features: features.map((f) => expect.objectContaining({ name: f.name })), label: { name: 'état' } } });
    const modelId = created.json.id as string;
    await database.insert(modelVersions).values({ modelId, version: 1, artifactSha256: '1'.padStart(64, '0'), artifactSize: 1, createdByType: 'system', createdByLabel: 'test', status: 'validated' });

    // The reference dataset: headers quoted as RFC 4180 wants (`"""quoted, name"""`).
    const random = seededRandom(19);
    const referenceRows = Array.from({ length: 400 }, () => rowAt(random, 0));
    const csv = [csvLine([...features.map((f) => f.name), 'état']), ...referenceRows.map((r, i) => csvLine([String(r['mean radius']), String(r.größe), String(r[QUOTED]), String(r[LONG]), i % 3 ? 'non' : 'oui']))].join('\r\n');
    expect(csv.split('\r\n')[0]).toBe(`mean radius,größe,"""quoted, name""",${LONG},état`);
    const uploaded = await callEndpoint(uploadReferenceEndpoint, { path: `/models/${MODEL}/reference`, params: { name: MODEL }, token: writer, body: csv, headers: { 'content-type': 'text/csv' } });
    expect(uploaded).toMatchObject({ status: 201, json: { rows: 400 } });

    // Traffic whose `größe` moved by 1.5 standard deviations; the other features did not.
    const windowTo = windowEnd();
    const base = windowTo.getTime() - 2 * 3_600_000;
    const events = Array.from({ length: 300 }, (_, i) => ({ requestId: `r${i}`, time: new Date(base + i * 1000).toISOString(), version: 1, features: rowAt(random, 15), prediction: { score: 0.25 } }));
    const ingested = await callEndpoint(ingestEventsEndpoint, { token: producer, json: { model: MODEL, events } });
    expect(ingested).toMatchObject({ status: 201, json: { inserted: 300 } });
    const stored = await readEvents(database, modelId, {});
    expect(stored.count).toBe(300);
    // Stored positionally, in schema order: the quoted name's category index, the long name's value.
    expect(stored.features[2]).toBe(CATEGORIES.indexOf(events[0]!.features[QUOTED] as string));
    expect(stored.features[3]).toBe(Math.fround(events[0]!.features[LONG] as number));

    // A key that is not a feature is named back exactly.
    const unknown = await callEndpoint(ingestEventsEndpoint, { token: producer, json: { model: MODEL, events: [{ ...events[0], requestId: 'x', features: { ...events[0]!.features, 'Größe': 1 } }] } });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.json)).toContain('features.Größe');

    expect(await runDriftReport(database, modelId, windowTo)).not.toBeNull();
    const [report] = await database.select().from(driftReports).where(eq(driftReports.modelId, modelId));
    expect(report!.features.map((f) => f.feature)).toEqual(features.map((f) => f.name));
    const drifted = Object.fromEntries(report!.features.map((f) => [f.feature, f.drifted]));
    expect(drifted).toEqual({ 'mean radius': false, größe: true, [QUOTED]: false, [LONG]: false });
    expect(report!.features.find((f) => f.feature === QUOTED)).toMatchObject({ type: 'categorical', currentRows: 300 });
    // jsonb keeps the names byte for byte.
    const names = await database.execute<{ name: string }>(sql`select f->>'feature' as name from drift_reports, jsonb_array_elements(features) f where model_id = ${modelId}`);
    expect(names.map((n) => n.name)).toEqual(features.map((f) => f.name));
  });

  it('a shadow run can slice by any feature name up to 128 characters', () => {
    const start = (sliceFeature: string) => startShadowRunSchema.safeParse({ model: MODEL, candidateVersion: 1, window: { lastEvents: 100 }, sliceFeature }).success;
    expect(start(LONG)).toBe(true);
    expect(start(`${LONG}y`)).toBe(false);
  });
});
