import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { alertRules, alerts, deployments, modelVersions, promotionRequests } from '@/db/schema';
import { createTestModel, createTestUser } from '@/server/approvals/approvals-test-kit';
import { createTestDatabase } from '@/server/testing/test-database';
import { governanceSummary } from './governance-summary';

// Governance figures over a known history: requests, deployments, overrides and alerts
// with chosen timestamps (inserted as the approvals and alerts services would leave them),
// read at a fixed "now", and compared with figures worked out by hand.

const database = await createTestDatabase();
const NOW = new Date('2025-03-20T12:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (iso: string) => new Date(iso);

type Model = Awaited<ReturnType<typeof createTestModel>>;
let a: Model;
let b: Model;

async function request(m: Model, version: number, environment: string, createdAt: Date, hours: number | null, extra: Partial<typeof promotionRequests.$inferInsert> = {}) {
  const [row] = await database
    .insert(promotionRequests)
    .values({
      modelId: m.model.id,
      versionId: m.versions[version - 1]!.id,
      environment,
      kind: 'promotion',
      status: hours === null ? 'pending' : 'approved',
      justification: 'test',
      requestedByLabel: 'maintainer@test.vigil',
      policySnapshot: {} as never,
      gateResults: [],
      gatesEvaluatedAt: createdAt,
      createdAt,
      expiresAt: new Date(createdAt.getTime() + 7 * DAY),
      closedAt: hours === null ? null : new Date(createdAt.getTime() + hours * HOUR),
      ...extra,
    })
    .returning();
  return row!;
}

async function deploy(m: Model, version: number, environment: string, createdAt: Date, kind: 'promotion' | 'rollback' | 'emergency_rollback', requestId: string | null) {
  await database.insert(deployments).values({ modelId: m.model.id, environment, versionId: m.versions[version - 1]!.id, kind, requestId, deployedBy: 'test', createdAt });
}

/** A request decided `hours` after creation and deployed when decided. */
async function promoted(m: Model, version: number, environment: string, createdAt: Date, hours: number, kind: 'promotion' | 'rollback' = 'promotion', extra = {}) {
  const r = await request(m, version, environment, createdAt, hours, { kind, ...extra });
  await deploy(m, version, environment, r.closedAt!, kind, r.id);
  return r;
}

beforeAll(async () => {
  const creator = await createTestUser(database, ['maintainer']);
  a = await createTestModel(database, [{ createdBy: creator }, {}, {}]);
  b = await createTestModel(database, [{}]);
  // CI releases.
  for (const [m, i, iso] of [[a, 0, '2025-01-10T00:00:00Z'], [a, 1, '2025-02-01T00:00:00Z'], [a, 2, '2025-03-01T00:00:00Z'], [b, 0, '2025-03-01T00:00:00Z']] as const) {
    await database.update(modelVersions).set({ createdAt: at(iso) }).where(eq(modelVersions.id, m.versions[i]!.id));
  }
  // Model a: v1 to staging (1 h to decide), to production 3 days after release (2 h); v2 two days after release (4 h);
  // a rollback to v1 (30 min); an emergency rollback to v2; v3 nine days after release (8 h, gates overridden).
  await promoted(a, 1, 'staging', at('2025-01-10T23:00:00Z'), 1);
  await promoted(a, 1, 'production', at('2025-01-12T22:00:00Z'), 2);
  await promoted(a, 2, 'production', at('2025-02-02T20:00:00Z'), 4);
  await promoted(a, 1, 'production', at('2025-02-10T00:00:00Z'), 0.5, 'rollback');
  await deploy(a, 2, 'production', at('2025-03-05T00:00:00Z'), 'emergency_rollback', null);
  await promoted(a, 3, 'production', at('2025-03-09T16:00:00Z'), 8, 'promotion', { overriddenAt: at('2025-03-09T18:00:00Z'), overrideBy: 'admin@test.vigil', overrideReason: 'Drift alert predates v3.' });
  // A rejection after 10 h, and a request still pending.
  await request(a, 2, 'staging', at('2025-03-15T00:00:00Z'), 10, { status: 'rejected' });
  await request(a, 3, 'staging', at('2025-03-18T00:00:00Z'), null);
  // Model b: v1 in production a day after release (3 h to decide).
  await promoted(b, 1, 'production', at('2025-03-01T21:00:00Z'), 3);
  // Alerts of a: resolved after 6 h and after 48 h, one still open.
  const [rule] = await database.insert(alertRules).values({ modelId: a.model.id, kind: 'drift_share', threshold: 0.3, createdBy: 'test' }).returning();
  const alert = (openedAt: string, resolvedAt: string | null) => ({
    ruleId: rule!.id, modelId: a.model.id, status: resolvedAt ? ('resolved' as const) : ('open' as const), severity: 'warning' as const, message: 'drift',
    openedAt: at(openedAt), resolvedAt: resolvedAt ? at(resolvedAt) : null,
  });
  await database.insert(alerts).values([alert('2025-03-01T00:00:00Z', '2025-03-01T06:00:00Z'), alert('2025-03-02T00:00:00Z', '2025-03-04T00:00:00Z')]);
  await database.insert(alerts).values(alert('2025-03-19T00:00:00Z', null));
});

const days = (d: number) => d * DAY;
const hours = (h: number) => h * HOUR;

describe('governance KPIs', () => {
  it('measures lead time from CI release to production (median and p90 as NumPy computes them), rollbacks left out', async () => {
    const summary = await governanceSummary(database, { months: 3 }, NOW);
    // a: v1 3 d, v2 2 d, v3 9 d; b: v1 1 d → sorted [1, 2, 3, 9]: median 2.5 d, p90 at index 2.7 → 3 + 0.7 × 6 = 7.2 d.
    const total = summary.total;
    expect(total.leadTime.count).toBe(4);
    expect(total.leadTime.medianMs).toBeCloseTo(days(2.5), -1);
    expect(total.leadTime.p90Ms).toBeCloseTo(days(7.2), -1);
    const perModel = Object.fromEntries(summary.models.map((m) => [m.model, m]));
    expect(perModel[a.model.name]!.leadTime).toMatchObject({ count: 3 });
    expect(perModel[a.model.name]!.leadTime.medianMs).toBeCloseTo(days(3), -1);
    // [2, 3, 9]: index 1.8 → 3 + 0.8 × 6 = 7.8 d.
    expect(perModel[a.model.name]!.leadTime.p90Ms).toBeCloseTo(days(7.8), -1);
    expect(perModel[b.model.name]!.leadTime.medianMs).toBeCloseTo(days(1), -1);
  });

  it('measures approval turnaround from request to decision, approvals and rejections alike', async () => {
    const { total } = await governanceSummary(database, { months: 3 }, NOW);
    // [0.5, 1, 2, 3, 4, 8, 10] h: median 3 h; p90 at index 5.4 → 8 + 0.4 × 2 = 8.8 h.
    expect(total.approvalTurnaround.count).toBe(7);
    expect(total.approvalTurnaround.medianMs).toBeCloseTo(hours(3), -1);
    expect(total.approvalTurnaround.p90Ms).toBeCloseTo(hours(8.8), -1);
    expect(total.pending).toBe(1);
    expect(total.oldestPendingSince).toEqual(at('2025-03-18T00:00:00Z'));
  });

  it('counts deployments, rollbacks, emergency rollbacks and overrides per UTC month, empty months included', async () => {
    const summary = await governanceSummary(database, { months: 4 }, NOW);
    expect(summary.from).toEqual(at('2024-12-01T00:00:00Z'));
    expect(summary.monthly).toEqual([
      { month: '2024-12', deployments: 0, rollbacks: 0, emergencyRollbacks: 0, overrides: 0 },
      { month: '2025-01', deployments: 2, rollbacks: 0, emergencyRollbacks: 0, overrides: 0 },
      { month: '2025-02', deployments: 1, rollbacks: 1, emergencyRollbacks: 0, overrides: 0 },
      { month: '2025-03', deployments: 2, rollbacks: 0, emergencyRollbacks: 1, overrides: 1 },
    ]);
    expect(summary.total).toMatchObject({ deployments: 5, rollbacks: 1, emergencyRollbacks: 1, overrides: 1 });
    expect(summary.recentOverrides).toEqual([
      { requestId: expect.any(String), model: a.model.name, version: 3, environment: 'production', by: 'admin@test.vigil', reason: 'Drift alert predates v3.', at: at('2025-03-09T18:00:00Z') },
    ]);
  });

  it('measures alert time to resolve (alerts have no acknowledged state) and what is still open', async () => {
    const summary = await governanceSummary(database, { months: 3 }, NOW);
    // [6, 48] h: median 27 h, p90 6 + 0.9 × 42 = 43.8 h.
    expect(summary.total.alertTimeToResolve.count).toBe(2);
    expect(summary.total.alertTimeToResolve.medianMs).toBeCloseTo(hours(27), -1);
    expect(summary.total.alertTimeToResolve.p90Ms).toBeCloseTo(hours(43.8), -1);
    expect(summary.total).toMatchObject({ opened: 3, openNow: 1, oldestOpenSince: at('2025-03-19T00:00:00Z') });
    expect(summary.alertAcknowledgeNote).toMatch(/no acknowledged state/);
  });

  it('narrows everything to one model, and to the period asked', async () => {
    const only = await governanceSummary(database, { model: b.model.name, months: 3 }, NOW);
    expect(only.models.map((m) => m.model)).toEqual([b.model.name]);
    expect(only.total).toMatchObject({ deployments: 1, rollbacks: 0, pending: 0, openNow: 0, approvalTurnaround: { count: 1 } });
    // March only: a's v3 and b's v1 reached production; February's v2 is outside.
    const march = await governanceSummary(database, { months: 1 }, NOW);
    expect(march.total.leadTime.count).toBe(2);
    expect(march.monthly).toHaveLength(1);
  });

  it('refuses an unknown model and a period out of range, changing nothing', async () => {
    await expect(governanceSummary(database, { model: 'no-such-model' }, NOW)).rejects.toMatchObject({ code: 'not_found' });
    await expect(governanceSummary(database, { months: 0 }, NOW)).rejects.toThrow();
    await expect(governanceSummary(database, { months: 25 }, NOW)).rejects.toThrow();
  });

  it('is readable by viewers through tRPC', async () => {
    const viewer = await createTestUser(database, ['viewer']);
    const summary = await viewer.caller.governance.summary({ months: 2 });
    expect(summary.months).toBe(2);
  });
});
