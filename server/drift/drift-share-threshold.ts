import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from '@/db/client';
import { alertRules, monitoringConfigs } from '@/db/schema';
import { DEFAULT_DATASET_DRIFT_SHARE } from './drift-method-selection';
import type { DriftConfig } from './drift-types';

export interface DriftShareThreshold {
  value: number;
  source: 'alert_rule' | 'dataset_drift';
}

/**
 * The share of drifted features the drift charts mark: the lowest enabled drift-share alert
 * rule (it fires at ≥), else the model's dataset-drift setting (default 50 %).
 */
export async function driftShareThreshold(executor: Executor, modelId: string): Promise<DriftShareThreshold> {
  const [[rule], [config]] = await Promise.all([
    executor
      .select({ threshold: sql<number | null>`min(${alertRules.threshold})` })
      .from(alertRules)
      .where(and(eq(alertRules.modelId, modelId), eq(alertRules.kind, 'drift_share'), eq(alertRules.enabled, true))),
    executor.select({ config: monitoringConfigs.config }).from(monitoringConfigs).where(eq(monitoringConfigs.modelId, modelId)),
  ]);
  if (rule?.threshold !== null && rule?.threshold !== undefined) return { value: rule.threshold, source: 'alert_rule' };
  const drift = (config?.config as { drift?: DriftConfig } | undefined)?.drift;
  return { value: drift?.datasetDriftShare ?? DEFAULT_DATASET_DRIFT_SHARE, source: 'dataset_drift' };
}
