import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { kpiPoints } from '@/db/schema';
import { createToken } from '@/server/api-tokens/api-tokens-service';
import { systemActor } from '@/server/auth/actor';
import { callEndpoint } from '@/server/rest/call-endpoint';
import { seededRandom } from '@/server/statistics/seeded-random';
import { createDefaultTestDatabase } from '@/server/testing/test-database';
import { createKpiDefinition } from './kpi-definitions-service';
import { ingestKpiPointsEndpoint } from './kpis-api';

// Malformed input, generated: a valid batch with one field of one point replaced by a value
// of the wrong kind, or a body cut or corrupted anywhere. Every answer must be a 4xx naming
// the problem, never a 500, and nothing may be stored. Seeded, so a failure replays.

const database = await createDefaultTestDatabase();
const random = seededRandom(20_260_310);
let token = '';

const pick = <T,>(values: readonly T[]): T => values[random.int(values.length)]!;
const WRONG: unknown[] = [null, true, 0, -1, 1e308, -0, '', ' ', 'NaN', 'Infinity', '1e999', '2026-13-45T99:99:99Z', 'x'.repeat(300), [], [1, 2], {}, { value: 1 }, '\u0000', '💥', '<script>', "'; drop table kpi_points; --"];
const FIELDS = ['id', 'kpi', 'time', 'value', 'numerator', 'denominator', 'model', 'segment', 'extra'];

function validBatch(size: number) {
  const now = Date.now();
  return Array.from({ length: size }, (_, i) => ({ id: `fuzz-${random.int(1e9)}-${i}`, kpi: pick(['orders', 'approval_rate']), time: new Date(now - random.int(86_400_000)).toISOString(), value: random.uniform(0, 100) }));
}

/** Replacements that happen to be valid: finite values, any short id or segment, no model. */
function stillValid(field: string, value: unknown): boolean {
  if (field === 'value' || field === 'numerator') return typeof value === 'number' && (field === 'value' || Number.isFinite(value));
  if (field === 'denominator') return false;
  if (field === 'id' || field === 'segment') return (typeof value === 'string' && value.length >= 1 && value.length <= 200) || (field === 'segment' && value === null);
  return field === 'model' && value === null;
}

const stored = async () => (await database.select({ n: sql<number>`count(*)::int` }).from(kpiPoints))[0]!.n;

beforeAll(async () => {
  token = (await createToken(database, systemActor('test'), { name: 'fuzz', scopes: ['kpis:write'] })).secret;
  await createKpiDefinition(database, systemActor('test'), { name: 'orders', aggregation: 'sum', direction: 'up' });
  await createKpiDefinition(database, systemActor('test'), { name: 'approval_rate', aggregation: 'rate', direction: 'up' });
});

describe('POST /api/v1/kpis with generated malformed input', () => {
  it('refuses a batch with one wrong field with a 400 naming that point, 300 times', async () => {
    for (let round = 0; round < 300; round++) {
      const points: Record<string, unknown>[] = validBatch(1 + random.int(20));
      const index = random.int(points.length);
      const field = pick(FIELDS);
      const wrong = pick(WRONG);
      if (stillValid(field, wrong)) continue;
      points[index] = { ...points[index], [field]: wrong };
      if (field === 'numerator' || field === 'denominator') delete points[index]!.value;
      const response = await callEndpoint(ingestKpiPointsEndpoint, { token, json: { points } });
      expect(response.status, JSON.stringify({ field, wrong, response })).toBe(400);
      expect((response.json.details as { index: number }[]).some((d) => d.index === index), JSON.stringify(response.json)).toBe(true);
    }
    expect(await stored()).toBe(0);
  });

  it('refuses cut, corrupted and mistyped bodies with a 4xx, 200 times', async () => {
    const body = JSON.stringify({ points: validBatch(5) });
    for (let round = 0; round < 200; round++) {
      const mode = random.int(3);
      let text = body;
      if (mode === 0) text = body.slice(0, random.int(body.length));
      else if (mode === 1) {
        const at = random.int(body.length);
        text = `${body.slice(0, at)}${pick(['{', ']', '"', ',', '\\', 'null', '}}}'])}${body.slice(at + 1)}`;
      } else text = JSON.stringify(pick([null, 42, 'points', [], { points: null }, { points: {} }, { points: [null] }, { point: [] }]));
      const response = await callEndpoint(ingestKpiPointsEndpoint, { token, body: text, headers: { 'content-type': 'application/json' } });
      // A corruption can leave valid JSON with valid points (e.g. a changed digit): then it is stored, which is fine.
      if (response.status === 200 || response.status === 201) continue;
      expect(response.status, `${text} → ${JSON.stringify(response.json)}`).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expect(typeof response.json.message).toBe('string');
    }
  });
});
