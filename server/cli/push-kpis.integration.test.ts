import http from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kpiPoints } from '@/db/schema';
import { createToken } from '@/server/api-tokens/api-tokens-service';
import { systemActor } from '@/server/auth/actor';
import { createKpiDefinition } from '@/server/kpis/kpi-definitions-service';
import { ingestKpiPointsEndpoint } from '@/server/kpis/kpis-api';
import { createModel } from '@/server/registry/models-service';
import { serveEndpoint } from '@/server/rest/node-http-endpoint';
import { createDefaultTestDatabase } from '@/server/testing/test-database';
import { parseKpiCsv } from './push-kpis';
import type * as VigilCli from './vigil';

// `vigil kpis push` against the real endpoint on a local HTTP server.

// By path: the bare specifier would resolve to vigil.mjs, the launcher that runs and exits.
const { main } = (await import(new URL('./vigil.ts', import.meta.url).href)) as typeof VigilCli;

const database = await createDefaultTestDatabase();
const dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-kpis-push-'));
const server = http.createServer((request, response) => void serveEndpoint(ingestKpiPointsEndpoint, request, response));
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
let env = {} as NodeJS.ProcessEnv;

const stored = async () => (await database.select({ n: sql<number>`count(*)::int` }).from(kpiPoints))[0]!.n;
const csv = (name: string, text: string) => {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
};
async function vigil(...args: string[]): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await main(args, env, (line: string) => lines.push(line));
  return { code, lines };
}
const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const token = (await createToken(database, systemActor('test'), { name: 'nightly-bi', scopes: ['kpis:write'] })).secret;
  env = { NODE_ENV: 'test', VIGIL_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, VIGIL_TOKEN: token };
  await createModel(database, systemActor('test'), { name: 'credit-risk', taskType: 'binary_classification', features: [{ name: 'x', type: 'numeric' }], label: { name: 'y' }, tags: [], description: '', protectedAttributes: [] });
  await createKpiDefinition(database, systemActor('test'), { name: 'revenue', unit: 'EUR', aggregation: 'sum', direction: 'up' });
  await createKpiDefinition(database, systemActor('test'), { name: 'approval_rate', aggregation: 'rate', direction: 'up' });
});

describe('vigil kpis push', () => {
  it('pushes a CSV, and a re-run stores nothing twice (ids derived from the rows)', async () => {
    const file = csv('daily.csv', `kpi,time,value,model,segment\r\nrevenue,${hoursAgo(3)},1200.5,credit-risk,north\nrevenue,${hoursAgo(2)},"800",,\nrevenue,${hoursAgo(2)},800,,\n`);
    expect(await vigil('kpis', 'push', file)).toEqual({ code: 0, lines: ['Batch 1/1 (lines 2–4): 3 stored, 0 already there', `${file}: 3 points, 3 stored, 0 already there.`] });
    expect((await vigil('kpis', 'push', '--file', file)).lines.at(-1)).toBe(`${file}: 3 points, 0 stored, 3 already there.`);
    expect(await stored()).toBe(3);
    // Identical rows are distinct points; their ids differ by occurrence, yet stay stable.
    const [a, b] = parseKpiCsv(`kpi,time,value\nrevenue,2026-01-01T00:00:00Z,1\nrevenue,2026-01-01T00:00:00Z,1\n`);
    expect(a!.point.id).not.toBe(b!.point.id);
    expect(parseKpiCsv(`kpi,time,value\nrevenue,2026-01-01T00:00:00Z,1\n`)[0]!.point.id).toBe(a!.point.id);
  });

  it('sends rate numerators and denominators, and keeps ids given in the file', async () => {
    const file = csv('rates.csv', `id,kpi,time,numerator,denominator\nday-1,approval_rate,${hoursAgo(5)},30,40\n`);
    expect((await vigil('kpis', 'push', file)).code).toBe(0);
    const [row] = await database.execute<{ numerator: number; denominator: number }>(sql`select numerator, denominator from kpi_points where id = 'day-1'`);
    expect(row).toEqual({ numerator: 30, denominator: 40 });
  });

  it('pushes in batches of 10,000 and reports refused points by CSV line, exiting 1', async () => {
    const rows = Array.from({ length: 10_001 }, (_, i) => `revenue,${new Date(Date.now() - (i + 10) * 60_000).toISOString()},${i}`);
    rows[10_000] = 'revenue,yesterday,NaN';
    const before = await stored();
    const result = await vigil('kpis', 'push', csv('big.csv', `kpi,time,value\n${rows.join('\n')}\n`));
    expect(result.code).toBe(1);
    expect(result.lines).toEqual([
      'Batch 1/2 (lines 2–10001): 10,000 stored, 0 already there',
      'Batch 2/2 (lines 10002–10002) was refused; nothing of it was stored:',
      expect.stringMatching(/^line 10002 \(time\): time must be an ISO-8601 date-time/),
      'line 10002 (value): value must be a finite number, not the string "NaN"',
      expect.stringMatching(/: 10,001 points, 10,000 stored, 0 already there; fix the lines above and run again/),
    ]);
    expect(await stored()).toBe(before + 10_000);
  });

  it('refuses files it cannot read before sending anything', async () => {
    await expect(vigil('kpis', 'push', csv('bad-header.csv', 'metric,time,value\nrevenue,2026-01-01T00:00:00Z,1\n'))).rejects.toThrow(/Unknown column 'metric'/);
    await expect(vigil('kpis', 'push', csv('ragged.csv', 'kpi,time,value\nrevenue,2026-01-01T00:00:00Z\n'))).rejects.toThrow(/line 2: 2 fields, the header has 3/);
    await expect(vigil('kpis', 'push', csv('empty.csv', 'kpi,time,value\n'))).rejects.toThrow(/no points/);
    await expect(vigil('kpis', 'push', path.join(dir, 'missing.csv'))).rejects.toThrow(/Cannot read/);
    await expect(vigil('kpis', 'push')).rejects.toThrow(/Missing the CSV file/);
  });
});
