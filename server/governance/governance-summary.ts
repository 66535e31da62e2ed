import { asc, eq } from 'drizzle-orm';
import type { Executor } from '@/db/client';
import { registeredModels } from '@/db/schema';
import { requireModel } from '@/server/registry/models-service';
import { alertTimeToResolve, openAlertCounts } from './alert-response';
import { approvalTurnaround, leadTimeToProduction, pendingRequests } from './delivery-times';
import { NO_DURATIONS, type DurationStats } from './duration-stats';
import { governanceScope } from './governance-scope';
import { governanceInputSchema, type GovernanceInput } from './governance-schemas';
import { activityTotals, monthlyActivity, recentOverrides, type Activity } from './monthly-activity';

// Governance KPIs for the portfolio or one model, read from the approvals and alerts tables
// as they are (nothing is stored for them): the overview's strip and the governance page.

export interface GovernanceFigures extends Activity {
  leadTime: DurationStats;
  approvalTurnaround: DurationStats;
  alertTimeToResolve: DurationStats;
}

const NO_ACTIVITY: Activity = { deployments: 0, rollbacks: 0, emergencyRollbacks: 0, overrides: 0 };

/** Alerts are open or resolved, never acknowledged; the UI says so beside the figure. */
export const ALERT_ACKNOWLEDGE_NOTE = 'Alerts have no acknowledged state in Vigil: they open and are resolved by the evaluation that finds the condition gone, so only the time to resolve is measured.';

export async function governanceSummary(executor: Executor, input: GovernanceInput, now = new Date()) {
  const { model: name, months } = governanceInputSchema.parse(input);
  const model = name ? await requireModel(executor, name) : null;
  const scope = governanceScope(model?.id ?? null, months, now);
  const [leadTime, turnaround, resolve, totals, monthly, overrides, pending, alerts, models] = await Promise.all([
    leadTimeToProduction(executor, scope),
    approvalTurnaround(executor, scope),
    alertTimeToResolve(executor, scope),
    activityTotals(executor, scope),
    monthlyActivity(executor, scope),
    recentOverrides(executor, scope),
    pendingRequests(executor, scope),
    openAlertCounts(executor, scope),
    executor
      .select({ id: registeredModels.id, name: registeredModels.name })
      .from(registeredModels)
      .where(model ? eq(registeredModels.id, model.id) : undefined)
      .orderBy(asc(registeredModels.name)),
  ]);
  const figures = (key: string | null): GovernanceFigures => ({
    ...(totals.get(key) ?? NO_ACTIVITY),
    leadTime: leadTime.get(key) ?? NO_DURATIONS,
    approvalTurnaround: turnaround.get(key) ?? NO_DURATIONS,
    alertTimeToResolve: resolve.get(key) ?? NO_DURATIONS,
  });
  return {
    model: model?.name ?? null,
    months,
    from: scope.from,
    to: scope.now,
    production: scope.production,
    total: { ...figures(null), ...pending, ...alerts },
    monthly,
    recentOverrides: overrides,
    models: models.map((m) => ({ model: m.name, ...figures(m.id) })),
    alertAcknowledgeNote: ALERT_ACKNOWLEDGE_NOTE,
  };
}

export type GovernanceSummary = Awaited<ReturnType<typeof governanceSummary>>;
