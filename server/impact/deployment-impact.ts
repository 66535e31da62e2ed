import { eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { registeredModels } from '@/db/schema';
import { deploymentInTimeline, lastChangeBeforeRequest, type DeploymentInTimeline } from './deployment-context';
import type { ImpactRow } from './impact-row';
import { deploymentImpactSchema, requestImpactSchema, type DeploymentImpactInput, type RequestImpactInput } from './impact-schemas';
import { impactWindows, type ImpactWindows } from './impact-windows';
import { kpiImpacts } from './kpi-impact';
import { metricImpacts } from './metric-impact';

// Deployment impact: every business KPI of the model and every performance metric of its
// traffic, before against after the deployment over two equal windows, each difference
// with a 95 % interval (methods in impact-comparison.ts). The query functions the timeline,
// the promotion review and the model dashboard use.

export const IMPACT_LEVEL = 0.95;

export interface DeploymentImpact {
  deployment: {
    id: string;
    model: string;
    environment: string;
    version: number;
    /** The version it replaced in the timeline (null: the environment's first deployment). */
    previousVersion: number | null;
    kind: 'promotion' | 'rollback' | 'emergency_rollback';
    createdAt: Date;
    replacedAt: Date | null;
    approvedBy: string[];
    requestId: string | null;
  };
  windows: ImpactWindows;
  /** `collecting`: the after window is still filling; `partial`: shortened for good (see windows.shortenedBecause). */
  status: 'complete' | 'collecting' | 'partial';
  level: number;
  kpis: ImpactRow[];
  metrics: ImpactRow[];
}

async function impactOf(database: Database, placed: DeploymentInTimeline, windowDays: number, now: Date): Promise<DeploymentImpact> {
  const { deployment: d, previous } = placed;
  const [model] = await database.select({ id: registeredModels.id, taskType: registeredModels.taskType }).from(registeredModels).where(eq(registeredModels.name, d.model));
  const windows = impactWindows({ at: d.createdAt, previousAt: previous?.createdAt ?? null, replacedAt: d.replacedAt }, windowDays, now);
  const [kpis, metrics] = await Promise.all([
    kpiImpacts(database, d.model, windows),
    metricImpacts(database, { modelId: model!.id, taskType: model!.taskType, versionId: d.versionId, version: d.version, previousVersionId: previous?.versionId ?? null, previousVersion: previous?.version ?? null }, windows),
  ]);
  const status = windows.days === windows.requestedDays ? 'complete' : windows.completeAt ? 'collecting' : 'partial';
  return {
    deployment: {
      id: d.id,
      model: d.model,
      environment: d.environment,
      version: d.version,
      previousVersion: previous?.version ?? null,
      kind: d.kind,
      createdAt: d.createdAt,
      replacedAt: d.replacedAt,
      approvedBy: d.approvedBy,
      requestId: d.requestId,
    },
    windows,
    status,
    level: IMPACT_LEVEL,
    kpis,
    metrics,
  };
}

/** The impact of one deployment (the timeline, the model dashboard). */
export async function deploymentImpact(database: Database, input: DeploymentImpactInput, now = new Date()): Promise<DeploymentImpact> {
  const { deploymentId, windowDays } = deploymentImpactSchema.parse(input);
  return impactOf(database, await deploymentInTimeline(database, deploymentId), windowDays, now);
}

/** "What the last promotion did", for a request's review page; null when its environment never changed version before. */
export async function impactBeforeRequest(database: Database, input: RequestImpactInput, now = new Date()): Promise<DeploymentImpact | null> {
  const { requestId, windowDays } = requestImpactSchema.parse(input);
  const placed = await lastChangeBeforeRequest(database, requestId, now);
  return placed ? impactOf(database, placed, windowDays, now) : null;
}
