import { describe, expect, it } from 'vitest';
import { namesInBatch, samePoint, validateKpiPoints, type KnownKpi } from './kpi-point-validation';

const now = new Date('2026-03-10T12:00:00Z');
const kpis = new Map<string, KnownKpi>([
  ['revenue', { id: 'k-revenue', aggregation: 'sum', modelId: null, modelName: null }],
  ['approval_rate', { id: 'k-approval', aggregation: 'rate', modelId: null, modelName: null }],
  ['loss_rate', { id: 'k-loss', aggregation: 'mean', modelId: 'm-credit', modelName: 'credit-risk' }],
]);
const models = new Map([
  ['credit-risk', 'm-credit'],
  ['fraud', 'm-fraud'],
]);
const context = { kpis, models, now };
const point = (extra: Record<string, unknown> = {}) => ({ id: 'p1', kpi: 'revenue', time: '2026-03-10T11:00:00Z', value: 12.5, ...extra });
const problemsOf = (points: unknown[]) => validateKpiPoints(points, context).problems;

describe('validateKpiPoints', () => {
  it('turns valid points into rows', () => {
    const { rows, problems } = validateKpiPoints(
      [point({ model: 'fraud', segment: 'north' }), point({ id: 'p2', kpi: 'approval_rate', value: undefined, numerator: 30, denominator: 40 }), point({ id: 'p3', kpi: 'loss_rate', time: '2026-03-10T13:04:00+01:00' })],
      context,
    );
    expect(problems).toEqual([]);
    expect(rows).toEqual([
      { id: 'p1', kpiId: 'k-revenue', time: new Date('2026-03-10T11:00:00Z'), value: 12.5, numerator: null, denominator: null, modelId: 'm-fraud', segment: 'north' },
      { id: 'p2', kpiId: 'k-approval', time: new Date('2026-03-10T11:00:00Z'), value: null, numerator: 30, denominator: 40, modelId: null, segment: null },
      // A KPI scoped to a model attributes its points to it.
      { id: 'p3', kpiId: 'k-loss', time: new Date('2026-03-10T12:04:00Z'), value: 12.5, numerator: null, denominator: null, modelId: 'm-credit', segment: null },
    ]);
  });

  it('reports every problem with the index and field of its point', () => {
    const problems = problemsOf([
      point({ kpi: 'nope' }),
      point({ id: 'p2', value: Number.NaN }),
      point({ id: 'p3', value: Number.POSITIVE_INFINITY }),
      point({ id: 'p4', value: '12' }),
      point({ id: 'p5', time: '2026-03-10T12:06:00Z' }),
      point({ id: 'p6', time: '2015-01-01T00:00:00Z' }),
      point({ id: 'p7', time: '2026-03-10T11:00:00' }),
      point({ id: 'p1' }),
      point({ id: 'p9', model: 'ghost' }),
      point({ id: 'p10', kpi: 'loss_rate', model: 'fraud' }),
      point({ id: 'p11', numerator: 1, denominator: 2, value: undefined }),
      point({ id: 'p12', kpi: 'approval_rate', value: undefined, numerator: 1, denominator: -2 }),
      point({ id: 'p13', vaule: 3 }),
      'not an object',
      point({ id: '' }),
      point({ id: 'p16', segment: 7 }),
    ]);
    const fields = problems.map((p) => [p.index, p.field]);
    expect(fields).toEqual([
      [0, 'kpi'],
      [1, 'value'],
      [2, 'value'],
      [3, 'value'],
      [4, 'time'],
      [5, 'time'],
      [6, 'time'],
      [7, 'id'],
      [8, 'model'],
      [9, 'model'],
      [10, 'numerator'],
      [11, 'denominator'],
      [12, 'vaule'],
      [13, null],
      [14, 'id'],
      [15, 'segment'],
    ]);
    expect(problems[0]!.message).toMatch(/unknown KPI 'nope'/);
    expect(problems[1]!.message).toBe('value must be a finite number, not NaN');
    expect(problems[4]!.message).toMatch(/more than 5 minutes in the future/);
    expect(problems[5]!.message).toMatch(/more than 10 years old/);
    expect(problems[7]!.message).toBe("id 'p1' repeats point 0 of this batch");
    expect(problems[9]!.message).toMatch(/belongs to model 'credit-risk'/);
  });

  it('accepts a point four minutes ahead (clock skew) and ten years minus a day old', () => {
    expect(problemsOf([point({ time: '2026-03-10T12:04:59Z' }), point({ id: 'p2', time: '2016-03-11T12:00:00Z' })])).toEqual([]);
  });

  it('lists the names to look up and compares replays exactly', () => {
    expect(namesInBatch([point({ model: 'fraud' }), point({ kpi: 'approval_rate' }), null, 3])).toEqual({ kpis: ['revenue', 'approval_rate'], models: ['fraud'] });
    const [row] = validateKpiPoints([point()], context).rows;
    expect(samePoint(row!, { ...row!, time: new Date(row!.time) })).toBe(true);
    expect(samePoint(row!, { ...row!, value: 12.500001 })).toBe(false);
    expect(samePoint(row!, { ...row!, segment: 'north' })).toBe(false);
  });
});
