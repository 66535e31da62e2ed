import { beforeAll, describe, expect, it } from 'vitest';
import { deployments, promotionRequests } from '@/db/schema';
import { createTestUser } from '@/server/approvals/approvals-test-kit';
import { latencyQuantile } from '@/server/dashboard/latency-quantiles';
import { systemActor } from '@/server/auth/actor';
import { createKpiDefinition } from '@/server/kpis/kpi-definitions-service';
import { ingestKpiPoints } from '@/server/kpis/kpi-ingest-service';
import { createTestDatabase } from '@/server/testing/test-database';
import { ingestEvents } from '@/server/traffic/ingest-service';
import { recordLabels } from '@/server/traffic/labels-service';
import { LATENCY_BUCKETS, latencyBucket } from '@/server/traffic/rollup-buckets';
import { registerTrafficModel, type TrafficFixture } from '@/server/traffic/traffic-fixtures';
import { deploymentImpact, impactBeforeRequest } from './deployment-impact';
import type { ImpactRow } from './impact-row';
import { proportionDifference } from './proportion-difference';
import { isInterval, welchInterval, type DifferenceInterval, type NoInterval } from './welch-interval';

// Deployment impact over a known history: v1 → v2 twenty days ago (at half past an hour),
// events logged and labelled through the ingestion services, KPI points posted through the
// KPI service. Expected intervals are computed here from the raw numbers with the interval
// functions, which the unit tests check against SciPy and statsmodels.

const database = await createTestDatabase();
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = new Date(Math.floor(Date.now() / DAY) * DAY);
const seed = systemActor('impact test');

let m: TrafficFixture;
let other: TrafficFixture;
const ids = { d1: '', d2: '', d3: '', request: '' };
// v2 went live at 00:30, twenty days ago: the hour 00:00–01:00 is in neither window.
const D2 = new Date(NOW.getTime() - 20 * DAY + HOUR / 2);
const BEFORE_TO = NOW.getTime() - 20 * DAY;
const AFTER_FROM = BEFORE_TO + HOUR;

async function deploy(version: number, at: Date, previous: number | null) {
  const [row] = await database
    .insert(deployments)
    .values({ modelId: m.modelId, environment: 'production', versionId: m.versions.get(version)!, previousVersionId: previous ? m.versions.get(previous)! : null, kind: 'promotion', deployedBy: 'test', approvedBy: ['r@test.vigil'], createdAt: at })
    .returning();
  return row!.id;
}

interface Logged {
  correct: number;
  labelled: number;
  positive: number;
  events: number[];
  /** Latency histogram per day, bucketed as the rollups bucket it. */
  latency: number[][];
}

/** Day i of a window: `n(i)` events of `version`; every `wrongEvery`-th prediction is wrong, every `positiveEvery`-th is positive. */
async function logWindow(prefix: string, from: number, version: number, n: (day: number) => number, wrongEvery: number, positiveEvery: number, latency: (day: number, j: number) => number): Promise<Logged> {
  const events = [];
  const labels = [];
  const out: Logged = { correct: 0, labelled: 0, positive: 0, events: [], latency: [] };
  for (let day = 0; day < 7; day++) {
    out.events.push(n(day));
    out.latency.push(new Array<number>(LATENCY_BUCKETS).fill(0));
    for (let j = 0; j < n(day); j++) {
      const latencyMs = latency(day, j);
      out.latency[day]![latencyBucket(latencyMs)]! += 1;
      const positive = j % positiveEvery === 0;
      const wrong = j % wrongEvery === 1;
      const requestId = `${prefix}-${day}-${j}`;
      events.push({ requestId, time: new Date(from + day * DAY + (j % 23) * HOUR + j * 1000).toISOString(), version, features: { age: 30, income: 10, employment: 'salaried', late_payments: 0 }, prediction: { score: positive ? 0.8 : 0.2 }, latencyMs });
      labels.push({ requestId, label: positive !== wrong ? 'defaulted' : 'repaid' });
      out.positive += positive ? 1 : 0;
      out.correct += wrong ? 0 : 1;
      out.labelled += 1;
    }
  }
  await ingestEvents(database, m.name, events, NOW);
  await recordLabels(database, m.name, labels);
  return out;
}

let before: Logged;
let after: Logged;
const kpiDays = { approvalsBefore: [] as number[], approvalsAfter: [] as number[], hoursBefore: [] as number[], hoursAfter: [] as number[], writeoffsBefore: [] as number[], writeoffsAfter: [] as number[] };

beforeAll(async () => {
  m = await registerTrafficModel(database, 'impact-model', { versions: 3 });
  other = await registerTrafficModel(database, 'impact-other', { versions: 1 });
  ids.d1 = await deploy(1, new Date(NOW.getTime() - 40 * DAY), null);
  ids.d2 = await deploy(2, D2, 1);
  // A re-deployment of v2 two days ago: it changes nothing to measure.
  ids.d3 = await deploy(2, new Date(NOW.getTime() - 2 * DAY), 2);
  const [request] = await database
    .insert(promotionRequests)
    .values({ modelId: m.modelId, versionId: m.versions.get(3)!, environment: 'production', kind: 'promotion', justification: 'v3', requestedByLabel: 'm@test.vigil', policySnapshot: {} as never, gateResults: [], gatesEvaluatedAt: NOW, createdAt: new Date(NOW.getTime() - DAY), expiresAt: new Date(NOW.getTime() + DAY) })
    .returning();
  ids.request = request!.id;

  before = await logWindow('b', BEFORE_TO - 7 * DAY, 1, (d) => 20 + d, 10, 3, (d, j) => 10 + (j % 7) + d);
  after = await logWindow('a', AFTER_FROM, 2, (d) => 30 + 2 * d, 3, 2, (d, j) => 25 + (j % 11) * (1 + d / 10));
  // Noise that must not count, slow so a latency that took it in would show: the mixed hour
  // (v1 and v2 both served in it), and v3's traffic (staging) after.
  const noise = (requestId: string, at: number, version: number) => ({ requestId, time: new Date(at).toISOString(), version, features: { age: 30, income: 10, employment: 'salaried', late_payments: 0 }, prediction: { score: 0.9 }, latencyMs: 5_000 });
  await ingestEvents(database, m.name, [...Array.from({ length: 50 }, (_, i) => noise(`mixed-${i}`, BEFORE_TO + i * 1000, 1)), ...Array.from({ length: 50 }, (_, i) => noise(`v3-${i}`, AFTER_FROM + i * 60_000, 3))], NOW);
  await recordLabels(database, m.name, Array.from({ length: 50 }, (_, i) => ({ requestId: `mixed-${i}`, label: 'repaid' })));

  await createKpiDefinition(database, seed, { name: 'approval_rate', aggregation: 'rate', direction: 'up', unit: '%', model: m.name });
  await createKpiDefinition(database, seed, { name: 'processing_hours', aggregation: 'mean', direction: 'down', unit: 'h' });
  await createKpiDefinition(database, seed, { name: 'writeoffs', aggregation: 'sum', direction: 'down', unit: 'EUR', model: m.name });
  await createKpiDefinition(database, seed, { name: 'other_model_kpi', aggregation: 'sum', direction: 'up', model: other.name });
  const points: Record<string, unknown>[] = [];
  for (let day = 0; day < 7; day++) {
    for (const [side, from] of [['before', BEFORE_TO - 7 * DAY], ['after', AFTER_FROM]] as const) {
      const t = (h: number) => new Date(from + day * DAY + h * HOUR).toISOString();
      const approved = side === 'before' ? 300 + day : 330 + 3 * day;
      (side === 'before' ? kpiDays.approvalsBefore : kpiDays.approvalsAfter).push(approved);
      points.push({ id: `ar-${side}-${day}`, kpi: 'approval_rate', time: t(5), numerator: approved, denominator: 500, model: m.name });
      const hours = side === 'before' ? [30 + day, 28, 31] : [22 - day / 2, 21, 24];
      (side === 'before' ? kpiDays.hoursBefore : kpiDays.hoursAfter).push(hours.reduce((a, b) => a + b, 0) / hours.length);
      hours.forEach((value, k) => points.push({ id: `ph-${side}-${day}-${k}`, kpi: 'processing_hours', time: t(2 + k * 6), value }));
      // Write-offs: two points a day; the fourth day after has none (missing, not zero).
      if (side === 'after' && day === 3) continue;
      const writeoffs = side === 'before' ? [1000 + 50 * day, 400] : [1100 - 40 * day, 420];
      (side === 'before' ? kpiDays.writeoffsBefore : kpiDays.writeoffsAfter).push(writeoffs[0]! + writeoffs[1]!);
      writeoffs.forEach((value, k) => points.push({ id: `wo-${side}-${day}-${k}`, kpi: 'writeoffs', time: t(7 + k), value, model: m.name }));
    }
  }
  // The mixed hour: a point that would swamp the approval rate if it were counted.
  points.push({ id: 'ar-mixed', kpi: 'approval_rate', time: new Date(BEFORE_TO + 10 * 60_000).toISOString(), numerator: 0, denominator: 100_000, model: m.name });
  points.push({ id: 'other', kpi: 'other_model_kpi', time: new Date(AFTER_FROM).toISOString(), value: 5, model: other.name });
  await ingestKpiPoints(database, seed, points, NOW);
});

function expectInterval(row: ImpactRow | undefined, expected: DifferenceInterval) {
  expect(row?.interval).not.toBeNull();
  expect(row!.difference).toBeCloseTo(expected.difference, 10);
  expect(row!.interval!.lower).toBeCloseTo(expected.lower, 10);
  expect(row!.interval!.upper).toBeCloseTo(expected.upper, 10);
  expect(row!.interval!.significant).toBe(expected.significant);
}

function interval<T extends DifferenceInterval>(result: T | NoInterval): T {
  if (!isInterval(result)) throw new Error(result.reason);
  return result;
}

const byKey = (rows: ImpactRow[]) => Object.fromEntries(rows.map((r) => [r.key, r]));

describe('deployment impact', () => {
  it('compares equal 7-day windows around the deployment, leaving out the hour it happened in', async () => {
    const impact = await deploymentImpact(database, { deploymentId: ids.d2 }, NOW);
    expect(impact.deployment).toMatchObject({ version: 2, previousVersion: 1, environment: 'production', model: m.name });
    expect(impact.windows).toMatchObject({ days: 7, requestedDays: 7, shortenedBecause: null, completeAt: null });
    expect(impact.windows.before).toEqual({ from: new Date(BEFORE_TO - 7 * DAY), to: new Date(BEFORE_TO) });
    expect(impact.windows.after).toEqual({ from: new Date(AFTER_FROM), to: new Date(AFTER_FROM + 7 * DAY) });
    expect(impact.status).toBe('complete');
  });

  it('judges a rate KPI on the pooled counts with Newcombe’s interval', async () => {
    const { kpis } = await deploymentImpact(database, { deploymentId: ids.d2 }, NOW);
    const rows = byKey(kpis);
    expect(Object.keys(rows).sort()).toEqual(['kpi:approval_rate', 'kpi:processing_hours', 'kpi:writeoffs']);
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    const expected = interval(proportionDifference({ hits: sum(kpiDays.approvalsBefore), total: 3500 }, { hits: sum(kpiDays.approvalsAfter), total: 3500 }));
    expect(rows['kpi:approval_rate']).toMatchObject({ method: 'newcombe', verdict: 'better', direction: 'up', observations: { before: 3500, after: 3500 } });
    expectInterval(rows['kpi:approval_rate'], expected);
  });

  it('judges mean and sum KPIs on their daily values with Welch’s interval; days without points are left out', async () => {
    const { kpis } = await deploymentImpact(database, { deploymentId: ids.d2 }, NOW);
    const rows = byKey(kpis);
    const hours = interval(welchInterval(kpiDays.hoursBefore, kpiDays.hoursAfter));
    expect(rows['kpi:processing_hours']).toMatchObject({ method: 'welch-daily', verdict: 'better', scope: expect.stringMatching(/all points/) });
    expectInterval(rows['kpi:processing_hours'], hours);
    const writeoffs = interval(welchInterval(kpiDays.writeoffsBefore, kpiDays.writeoffsAfter));
    expect(rows['kpi:writeoffs']).toMatchObject({ method: 'welch-daily', observations: { before: 7, after: 6 } });
    expectInterval(rows['kpi:writeoffs'], writeoffs);
  });

  it('compares accuracy, positive rate and volume of the two versions from the rollups (other versions left out), and daily p95 latency', async () => {
    const { metrics } = await deploymentImpact(database, { deploymentId: ids.d2 }, NOW);
    const rows = byKey(metrics);
    const total = (l: Logged) => l.events.reduce((a, b) => a + b, 0);
    expectInterval(rows['metric:accuracy'], interval(proportionDifference({ hits: before.correct, total: before.labelled }, { hits: after.correct, total: after.labelled })));
    expect(rows['metric:accuracy']).toMatchObject({ verdict: 'worse', observations: { before: total(before), after: total(after) } });
    expectInterval(rows['metric:positive_rate'], interval(proportionDifference({ hits: before.positive, total: total(before) }, { hits: after.positive, total: total(after) })));
    expect(rows['metric:positive_rate']!.verdict).toBe('changed');
    expectInterval(rows['metric:events'], interval(welchInterval(before.events, after.events)));
    const p95 = (l: Logged) => l.latency.map((h) => latencyQuantile(h, 0.95)!.value);
    expectInterval(rows['metric:latency_p95'], interval(welchInterval(p95(before), p95(after))));
    expect(rows['metric:latency_p95']).toMatchObject({ verdict: 'worse', unit: 'ms' });
  });

  it('shortens both windows together, and says why', async () => {
    const three = await deploymentImpact(database, { deploymentId: ids.d2, windowDays: 3 }, NOW);
    expect(three.windows.days).toBe(3);
    expect(three.windows.after.to).toEqual(new Date(AFTER_FROM + 3 * DAY));
    const recent = await deploymentImpact(database, { deploymentId: ids.d3 }, NOW);
    expect(recent).toMatchObject({ status: 'collecting', windows: { days: 2, completeAt: new Date(NOW.getTime() + 5 * DAY) } });
    expect(recent.windows.shortenedBecause).toMatch(/only 2 full days have passed/);
    const late = await deploymentImpact(database, { deploymentId: ids.d3 }, new Date(NOW.getTime() - 2 * DAY + HOUR / 2));
    expect(late.status).toBe('collecting');
    expect(late.windows.days).toBe(0);
    expect(late.kpis.every((r) => r.verdict === 'not enough data' && r.reason === 'not one full day after the deployment yet')).toBe(true);
  });

  it('reports a first deployment with nothing before it as not enough data', async () => {
    const first = await deploymentImpact(database, { deploymentId: ids.d1 }, NOW);
    expect(first.deployment.previousVersion).toBeNull();
    expect(first.status).toBe('complete');
    expect(byKey(first.metrics)['metric:accuracy']).toMatchObject({ verdict: 'not enough data', reason: 'nothing counted before' });
    expect(byKey(first.metrics)['metric:events']).toMatchObject({ verdict: 'not enough data', reason: 'no events logged before' });
  });

  it('shows a promotion request what the last version change did (a re-deployment of the same version is skipped)', async () => {
    const impact = await impactBeforeRequest(database, { requestId: ids.request }, NOW);
    expect(impact?.deployment.id).toBe(ids.d2);
  });

  it('refuses an unknown deployment and a window out of range', async () => {
    await expect(deploymentImpact(database, { deploymentId: '00000000-0000-4000-8000-000000000000' }, NOW)).rejects.toMatchObject({ code: 'not_found' });
    await expect(deploymentImpact(database, { deploymentId: ids.d2, windowDays: 0 }, NOW)).rejects.toThrow();
    await expect(deploymentImpact(database, { deploymentId: ids.d2, windowDays: 91 }, NOW)).rejects.toThrow();
  });

  it('is readable by viewers through tRPC', async () => {
    const viewer = await createTestUser(database, ['viewer']);
    const impact = await viewer.caller.impact.deployment({ deploymentId: ids.d2 });
    expect(impact.kpis.length).toBe(3);
    expect((await viewer.caller.impact.beforeRequest({ requestId: ids.request }))?.deployment.version).toBe(2);
  });
});
