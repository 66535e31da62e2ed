import { and, desc, eq } from 'drizzle-orm';
import type { Executor } from '@/db/client';
import { alertRules, alerts, modelAliases, modelVersions, shadowRuns } from '@/db/schema';
import type { Evidence, VersionEvidence } from './gates/gate-types';
import { extractShadowEvidence } from './gates/shadow-summary';
import { latestCompletedReport } from '@/server/fairness/fairness-queries';
import { extractFairnessEvidence } from './gates/fairness-evidence';

type VersionRow = typeof modelVersions.$inferSelect;

export function versionEvidence(row: VersionRow): VersionEvidence {
  return {
    id: row.id,
    version: row.version,
    status: row.status,
    statusReason: row.statusReason,
    metrics: row.metrics,
    validatedAt: row.validation?.checkedAt ?? null,
  };
}

export interface EvidenceTarget {
  model: { id: string; name: string; taskType: string };
  environment: string;
  kind: 'promotion' | 'rollback';
  candidate: VersionRow;
}

/** The version an environment's alias points at, with the deployment that put it there. */
export async function servingVersion(executor: Executor, modelId: string, environment: string) {
  const [row] = await executor
    .select({ version: modelVersions, deploymentId: modelAliases.deploymentId, deployedAt: modelAliases.updatedAt })
    .from(modelAliases)
    .innerJoin(modelVersions, eq(modelVersions.id, modelAliases.versionId))
    .where(and(eq(modelAliases.modelId, modelId), eq(modelAliases.environment, environment)));
  return row ?? null;
}

/** Reads everything the gates judge, once per evaluation. */
export async function loadEvidence(executor: Executor, target: EvidenceTarget): Promise<Evidence> {
  const [serving, [shadow], open] = await Promise.all([
    servingVersion(executor, target.model.id, target.environment),
    executor
      .select()
      .from(shadowRuns)
      .where(and(eq(shadowRuns.candidateVersionId, target.candidate.id), eq(shadowRuns.status, 'completed')))
      .orderBy(desc(shadowRuns.finishedAt), desc(shadowRuns.createdAt))
      .limit(1),
    executor
      .select({ alert: alerts, kind: alertRules.kind })
      .from(alerts)
      .innerJoin(alertRules, eq(alertRules.id, alerts.ruleId))
      .where(and(eq(alerts.modelId, target.model.id), eq(alerts.status, 'open')))
      .orderBy(desc(alerts.openedAt), desc(alerts.id)),
  ]);
  return {
    model: target.model,
    environment: target.environment,
    kind: target.kind,
    candidate: versionEvidence(target.candidate),
    serving: serving ? versionEvidence(serving.version) : null,
    shadow: shadow ? extractShadowEvidence(shadow) : null,
    openAlerts: open.map(({ alert, kind }) => ({
      id: alert.id,
      kind,
      severity: alert.severity,
      message: alert.message,
      openedAt: alert.openedAt.toISOString(),
      value: alert.value,
    })),
    fairness: await loadFairnessEvidence(executor, target.candidate.id),
  };
}

/**
 * The candidate's newest finished report over a shadow run's replayed traffic, else over the
 * reference dataset, else over traffic it served itself (e.g. in another environment).
 */
async function loadFairnessEvidence(executor: Executor, versionId: string) {
  const row =
    (await latestCompletedReport(executor, versionId, 'shadow')) ??
    (await latestCompletedReport(executor, versionId, 'reference')) ??
    (await latestCompletedReport(executor, versionId, 'traffic'));
  return row?.report ? extractFairnessEvidence(row, row.report) : null;
}
