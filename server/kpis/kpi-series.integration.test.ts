import { beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '@/server/auth/actor';
import { createModel } from '@/server/registry/models-service';
import { createTestDatabase } from '@/server/testing/test-database';
import { createKpiDefinition } from './kpi-definitions-service';
import { ingestKpiPoints } from './kpi-ingest-service';
import { kpiBreakdown, kpiSeries } from './kpi-series';

const database = await createTestDatabase();
const actor = systemActor('test');
const now = new Date('2026-03-10T12:00:00Z');
const at = (iso: string) => `2026-03-${iso}Z`;

beforeAll(async () => {
  for (const name of ['credit-risk', 'fraud']) {
    await createModel(database, actor, { name, taskType: 'binary_classification', features: [{ name: 'x', type: 'numeric' }], label: { name: 'y' }, tags: [], description: '', protectedAttributes: [] });
  }
  await createKpiDefinition(database, actor, { name: 'orders', unit: 'orders', aggregation: 'sum', direction: 'up' });
  await createKpiDefinition(database, actor, { name: 'basket', unit: 'EUR', aggregation: 'mean', direction: 'up' });
  await createKpiDefinition(database, actor, { name: 'approval_rate', aggregation: 'rate', direction: 'up' });
  const points = [
    { id: 'o1', kpi: 'orders', time: at('09T10:15:00'), value: 3, model: 'credit-risk', segment: 'north' },
    { id: 'o2', kpi: 'orders', time: at('09T10:45:00'), value: 4, model: 'fraud', segment: 'south' },
    { id: 'o3', kpi: 'orders', time: at('09T12:00:00'), value: 5, model: 'credit-risk', segment: 'south' },
    { id: 'o4', kpi: 'orders', time: at('10T00:30:00'), value: 10 },
    { id: 'b1', kpi: 'basket', time: at('09T10:10:00'), value: 20 },
    { id: 'b2', kpi: 'basket', time: at('09T10:20:00'), value: 40 },
    { id: 'b3', kpi: 'basket', time: at('09T10:30:00'), value: 90 },
    // A rate from counts (30/40 and 10/60) and from single decisions (1, 0: numerator over 1).
    { id: 'r1', kpi: 'approval_rate', time: at('09T10:00:00'), numerator: 30, denominator: 40 },
    { id: 'r2', kpi: 'approval_rate', time: at('09T10:59:59.999'), numerator: 10, denominator: 60 },
    { id: 'r3', kpi: 'approval_rate', time: at('09T11:00:00'), value: 1 },
    { id: 'r4', kpi: 'approval_rate', time: at('09T11:30:00'), value: 0 },
    { id: 'r5', kpi: 'approval_rate', time: at('09T13:00:00'), numerator: 0, denominator: 0 },
  ];
  await ingestKpiPoints(database, actor, points, now);
});

describe('kpiSeries', () => {
  it('sums per hour, filling empty hours, with from rounded down to its hour', async () => {
    const series = await kpiSeries(database, { kpi: 'orders', from: new Date(at('09T10:30:00')), to: new Date(at('09T13:00:00')), bucket: 'hour' });
    expect(series.from).toEqual(new Date(at('09T10:00:00')));
    expect(series.points.map((p) => [p.start.toISOString(), p.value, p.points])).toEqual([
      ['2026-03-09T10:00:00.000Z', 7, 2],
      ['2026-03-09T11:00:00.000Z', null, 0],
      ['2026-03-09T12:00:00.000Z', 5, 1],
    ]);
  });

  it('sums per UTC day, for one model or one segment', async () => {
    const range = { kpi: 'orders', from: new Date(at('09T00:00:00')), to: new Date(at('11T00:00:00')), bucket: 'day' as const };
    expect((await kpiSeries(database, range)).points.map((p) => p.value)).toEqual([12, 10]);
    expect((await kpiSeries(database, { ...range, model: 'credit-risk' })).points.map((p) => p.value)).toEqual([8, null]);
    expect((await kpiSeries(database, { ...range, segment: 'south' })).points.map((p) => p.value)).toEqual([9, null]);
    expect((await kpiSeries(database, { ...range, model: 'credit-risk', segment: 'south' })).points.map((p) => p.value)).toEqual([5, null]);
  });

  it('averages mean KPIs and divides Σ numerator by Σ denominator for rates', async () => {
    const hours = { from: new Date(at('09T10:00:00')), to: new Date(at('09T14:00:00')), bucket: 'hour' as const };
    expect((await kpiSeries(database, { kpi: 'basket', ...hours })).points[0]).toMatchObject({ value: 50, points: 3, numerator: 150, denominator: 3 });
    const rate = (await kpiSeries(database, { kpi: 'approval_rate', ...hours })).points;
    expect(rate.map((p) => [p.value, p.numerator, p.denominator])).toEqual([
      [0.4, 40, 100],
      [0.5, 1, 2],
      [null, 0, 0],
      [null, 0, 0],
    ]);
    expect(rate[3]!.points).toBe(1);
    const day = await kpiSeries(database, { kpi: 'approval_rate', from: new Date(at('09T00:00:00')), to: new Date(at('10T00:00:00')), bucket: 'day' });
    expect(day.points[0]).toMatchObject({ value: 41 / 102, points: 5 });
  });

  it('breaks a KPI down per model and per segment', async () => {
    const range = { kpi: 'orders', from: new Date(at('09T00:00:00')), to: new Date(at('11T00:00:00')) };
    expect(await kpiBreakdown(database, { ...range, by: 'model' })).toEqual(expect.arrayContaining([expect.objectContaining({ key: 'credit-risk', value: 8 }), expect.objectContaining({ key: 'fraud', value: 4 }), expect.objectContaining({ key: null, value: 10 })]));
    expect((await kpiBreakdown(database, { ...range, by: 'segment' })).map((r) => [r.key, r.value])).toEqual([['north', 3], ['south', 9], [null, 10]]);
  });

  it('refuses unknown KPIs and models, inverted and oversized ranges', async () => {
    const range = { from: new Date(at('09T00:00:00')), to: new Date(at('10T00:00:00')) };
    await expect(kpiSeries(database, { kpi: 'nope', ...range })).rejects.toMatchObject({ code: 'not_found' });
    await expect(kpiSeries(database, { kpi: 'orders', ...range, model: 'ghost' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(kpiSeries(database, { kpi: 'orders', from: range.to, to: range.from })).rejects.toThrow(/from must lie before to/);
    await expect(kpiSeries(database, { kpi: 'orders', from: new Date('2020-01-01T00:00:00Z'), to: range.to, bucket: 'hour' })).rejects.toMatchObject({ code: 'bad_request' });
  });
});
