import { and, asc, eq, gte, isNull, lt, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor } from '@/db/client';
import { alertRules, alerts, deployments, driftReports, modelVersions, type AlertKind } from '@/db/schema';

// What the dashboard's time charts mark: deployments and rollbacks (version, who approved),
// alert periods, and the drift reports (share of drifted features, the CBPE estimate the
// report computed — server/drift/cbpe.ts through server/monitoring/drift-report.ts; this
// module only reads what the reports stored).

interface Window {
  modelId: string;
  from: Date;
  to: Date;
}

export interface DeploymentMarker {
  id: string;
  at: Date;
  environment: string;
  kind: 'promotion' | 'rollback' | 'emergency_rollback';
  version: number;
  previousVersion: number | null;
  /** The promotion request behind it (none for an emergency rollback). */
  requestId: string | null;
  deployedBy: string;
  approvedBy: string[];
  reason: string | null;
}

export interface AlertPeriod {
  id: string;
  kind: AlertKind;
  severity: 'warning' | 'critical';
  message: string;
  openedAt: Date;
  /** Null while open. */
  resolvedAt: Date | null;
}

export interface DriftPoint {
  windowFrom: Date;
  windowTo: Date;
  driftShare: number;
  datasetDrift: boolean;
  /** CBPE accuracy over the report's window (binary classifiers with scores). */
  estimatedAccuracy: number | null;
}

const previousVersions = alias(modelVersions, 'previous_versions');

/** Deployments of the model in [from, to), every environment, oldest first. */
export async function deploymentMarkers(executor: Executor, window: Window): Promise<DeploymentMarker[]> {
  const rows = await executor
    .select({ deployment: deployments, version: modelVersions.version, previousVersion: previousVersions.version })
    .from(deployments)
    .innerJoin(modelVersions, eq(modelVersions.id, deployments.versionId))
    .leftJoin(previousVersions, eq(previousVersions.id, deployments.previousVersionId))
    .where(and(eq(deployments.modelId, window.modelId), gte(deployments.createdAt, window.from), lt(deployments.createdAt, window.to)))
    .orderBy(asc(deployments.createdAt), asc(deployments.id));
  return rows.map(({ deployment: d, version, previousVersion }) => ({
    id: d.id,
    at: d.createdAt,
    environment: d.environment,
    kind: d.kind,
    version,
    previousVersion,
    requestId: d.requestId,
    deployedBy: d.deployedBy,
    approvedBy: d.approvedBy,
    reason: d.reason,
  }));
}

/** Alerts open at some moment of [from, to), oldest first. */
export async function alertPeriods(executor: Executor, window: Window): Promise<AlertPeriod[]> {
  return executor
    .select({ id: alerts.id, kind: alertRules.kind, severity: alerts.severity, message: alerts.message, openedAt: alerts.openedAt, resolvedAt: alerts.resolvedAt })
    .from(alerts)
    .innerJoin(alertRules, eq(alertRules.id, alerts.ruleId))
    .where(and(eq(alerts.modelId, window.modelId), lt(alerts.openedAt, window.to), or(isNull(alerts.resolvedAt), gte(alerts.resolvedAt, window.from))))
    .orderBy(asc(alerts.openedAt), asc(alerts.id));
}

/** Drift reports whose window ends in (from, to], oldest first, without their per-feature detail. */
export async function driftPoints(executor: Executor, window: Window): Promise<DriftPoint[]> {
  const rows = await executor
    .select({
      windowFrom: driftReports.windowFrom,
      windowTo: driftReports.windowTo,
      driftShare: driftReports.driftShare,
      datasetDrift: driftReports.datasetDrift,
      estimatedAccuracy: sql<number | null>`(${driftReports.performance} ->> 'estimatedAccuracy')::float8`,
    })
    .from(driftReports)
    .where(and(eq(driftReports.modelId, window.modelId), sql`${driftReports.windowTo} > ${window.from.toISOString()}::timestamptz`, sql`${driftReports.windowTo} <= ${window.to.toISOString()}::timestamptz`))
    .orderBy(asc(driftReports.windowTo));
  return rows.map((r) => ({ ...r, estimatedAccuracy: r.estimatedAccuracy === null ? null : Number(r.estimatedAccuracy) }));
}

/** Version number of each version id of the model. */
export async function versionNumbers(executor: Executor, modelId: string): Promise<Map<string, number>> {
  const rows = await executor.select({ id: modelVersions.id, version: modelVersions.version }).from(modelVersions).where(eq(modelVersions.modelId, modelId));
  return new Map(rows.map((r) => [r.id, r.version]));
}
