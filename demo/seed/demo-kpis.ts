import { and, eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { deployments, modelVersions, registeredModels } from '@/db/schema';
import { recordAudit } from '@/server/audit/record-audit';
import { systemActor } from '@/server/auth/actor';
import { createKpiDefinition } from '@/server/kpis/kpi-definitions-service';
import { ingestKpiPoints } from '@/server/kpis/kpi-ingest-service';
import { seededRandom } from '@/server/statistics/seeded-random';

// Business KPIs for the demo, and the deployment history their impact is measured against.
//
// Everything the seed does through the approvals services happens at seed time, and the
// audit chain says so; a deployment cannot honestly be made weeks in the past through them.
// But credit-risk v1 did not start serving when the demo was seeded: the week of seeded
// traffic is already v1's. So the seed records that history as what it is: one deployment
// row, "v1 replaced the legacy scorecard in production four weeks ago", made before
// approvals moved into Vigil (no request, no approvers, deployed by the demo seed), with
// an audit event written now that states the past time it records. The approved v1
// deployment of demo-approvals.ts follows it in the timeline (a re-deployment of the same
// version, which impact analysis skips), and the KPI points below move after the recorded
// one. Deterministic given `now`.

const MODEL = 'credit-risk';
const DAY = 86_400_000;
const HOUR = 3_600_000;
/** Six weeks of points; v1 went live four weeks ago, so three weeks lie on each side of it at most. */
const HISTORY_DAYS = 42;
const LIVE_DAYS_AGO = 28;
const SEED = 20_250_301;

/** When the recorded v1 deployment happened: 09:40 UTC, four weeks before the seed's day. */
export function demoGoLive(now: Date): Date {
  return new Date(Math.floor(now.getTime() / DAY) * DAY - LIVE_DAYS_AGO * DAY + 9 * HOUR + 40 * 60_000);
}

async function recordGoLive(database: Database, at: Date): Promise<void> {
  const seed = systemActor('demo seed');
  await database.transaction(async (tx) => {
    const [v1] = await tx
      .select({ modelId: modelVersions.modelId, versionId: modelVersions.id, sha: modelVersions.artifactSha256 })
      .from(modelVersions)
      .innerJoin(registeredModels, eq(registeredModels.id, modelVersions.modelId))
      .where(and(eq(registeredModels.name, MODEL), eq(modelVersions.version, 1)));
    if (!v1) throw new Error(`${MODEL} v1 is missing: seed the demo registry first.`);
    const reason = 'Recorded history: v1 replaced the legacy scorecard in production before approvals moved into Vigil.';
    const [row] = await tx
      .insert(deployments)
      .values({ modelId: v1.modelId, environment: 'production', versionId: v1.versionId, kind: 'promotion', reason, deployedBy: 'demo seed (recorded history)', createdAt: at })
      .returning({ id: deployments.id });
    await recordAudit(tx, seed, {
      action: 'deployment.recorded',
      target: { type: 'deployment', id: row!.id, label: `${MODEL} v1 → production` },
      after: { environment: 'production', version: 1, artifactSha256: v1.sha, deployedAt: at.toISOString() },
      details: { model: MODEL, reason, note: 'A past deployment recorded by the demo seed, not made through a request.' },
    });
  });
}

async function defineKpis(database: Database): Promise<void> {
  const seed = systemActor('demo seed');
  await createKpiDefinition(database, seed, {
    name: 'approval_rate', aggregation: 'rate', direction: 'up', unit: '%', target: 0.65, model: MODEL,
    description: 'Loan applications approved out of those decided (numerator: approved, denominator: decided).',
  });
  await createKpiDefinition(database, seed, {
    name: 'loan_processing_hours', aggregation: 'mean', direction: 'down', unit: 'h', target: 24, model: MODEL,
    description: 'Hours from application to decision, averaged over the applications decided in each two-hour export.',
  });
  await createKpiDefinition(database, seed, {
    name: 'defaults_written_off', aggregation: 'sum', direction: 'down', unit: 'EUR',
    description: 'Loan principal written off as defaulted, per day, across the lending book.',
  });
}

/**
 * The points a BI export would have posted: decided applications every six hours, the mean
 * processing time every two hours, write-offs once a day. After v1 went live the approval
 * rate rises by about four points and processing time falls by about eight hours (fewer
 * applications go to manual review); write-offs lag by months, so they do not move yet.
 */
export function demoKpiPoints(now: Date): Record<string, unknown>[] {
  const random = seededRandom(SEED);
  const live = demoGoLive(now).getTime();
  const start = Math.floor(now.getTime() / DAY) * DAY - HISTORY_DAYS * DAY;
  const points: Record<string, unknown>[] = [];
  for (let t = start; t + 2 * HOUR <= now.getTime(); t += 2 * HOUR) {
    const after = t >= live;
    const time = new Date(t).toISOString();
    const hours = (after ? 23 : 31) + 3 * random.normal();
    points.push({ id: `demo-processing-${t}`, kpi: 'loan_processing_hours', time, value: Math.round(hours * 10) / 10, model: MODEL });
    if ((t - start) % (6 * HOUR) === 0) {
      const decided = 110 + random.int(30);
      const approved = Math.round(decided * ((after ? 0.645 : 0.605) + 0.03 * random.normal()));
      points.push({ id: `demo-approvals-${t}`, kpi: 'approval_rate', time, numerator: Math.min(decided, Math.max(0, approved)), denominator: decided, model: MODEL });
    }
    if ((t - start) % DAY === 0) {
      points.push({ id: `demo-writeoffs-${t}`, kpi: 'defaults_written_off', time, value: Math.round(12_000 + 2_500 * random.normal()) });
    }
  }
  return points;
}

/** KPI definitions, the recorded v1 go-live and six weeks of points; run after the approvals seed. */
export async function seedDemoKpis(database: Database, now = new Date()): Promise<void> {
  await recordGoLive(database, demoGoLive(now));
  await defineKpis(database);
  await ingestKpiPoints(database, systemActor('demo seed'), demoKpiPoints(now), now);
}
