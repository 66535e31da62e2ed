import { inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database, Executor } from '@/db/client';
import { monitoringConfigs } from '@/db/schema';
import { recordAudit } from '@/server/audit/record-audit';
import type { Actor } from '@/server/auth/actor';
import { modelNameSchema } from '@/server/registry/model-schemas';
import { requireModel } from '@/server/registry/models-service';

// A model's performance target, kept in its monitoring settings (monitoring_configs.config,
// key `performanceTarget`, beside the drift window and methods that
// server/monitoring/drift-report.ts reads). Dashboards draw it as a line under estimated
// and realized accuracy; the portfolio judges models against it (performanceTargets).

/** Accuracy is what both the label-free estimate (CBPE) and the realized figure give. */
export const TARGET_METRICS = ['accuracy'] as const;
export type TargetMetric = (typeof TARGET_METRICS)[number];

export const performanceTargetSchema = z.object({
  metric: z.enum(TARGET_METRICS),
  /** The minimum acceptable value, a share in [0, 1]. */
  minimum: z.number().finite().min(0).max(1),
});
export type PerformanceTarget = z.output<typeof performanceTargetSchema>;

export const setPerformanceTargetSchema = z.object({ name: modelNameSchema, target: performanceTargetSchema.nullable() });

const KEY = 'performanceTarget';

function targetOf(config: Record<string, unknown> | undefined): PerformanceTarget | null {
  const parsed = performanceTargetSchema.safeParse(config?.[KEY]);
  return parsed.success ? parsed.data : null;
}

/** Targets of the given models (all models when omitted); models without one are absent. */
export async function performanceTargets(executor: Executor, modelIds?: string[]): Promise<Map<string, PerformanceTarget>> {
  if (modelIds && modelIds.length === 0) return new Map();
  const rows = await executor
    .select({ modelId: monitoringConfigs.modelId, config: monitoringConfigs.config })
    .from(monitoringConfigs)
    .where(modelIds ? inArray(monitoringConfigs.modelId, modelIds) : undefined);
  const targets = new Map<string, PerformanceTarget>();
  for (const row of rows) {
    const target = targetOf(row.config);
    if (target) targets.set(row.modelId, target);
  }
  return targets;
}

/** One model's target, or null when none is set. */
export async function performanceTarget(executor: Executor, modelId: string): Promise<PerformanceTarget | null> {
  return (await performanceTargets(executor, [modelId])).get(modelId) ?? null;
}

/** Sets (or with null removes) a model's target, leaving its other monitoring settings as they are; audited. */
export async function setPerformanceTarget(database: Database, actor: Actor, input: z.input<typeof setPerformanceTargetSchema>): Promise<PerformanceTarget | null> {
  const { name, target } = setPerformanceTargetSchema.parse(input);
  return database.transaction(async (tx) => {
    const model = await requireModel(tx, name);
    const before = await performanceTarget(tx, model.id);
    const patch = target ? sql`jsonb_build_object(${KEY}::text, ${JSON.stringify(target)}::jsonb)` : sql`'{}'::jsonb`;
    await tx.execute(sql`
      insert into monitoring_configs as c (model_id, config) values (${model.id}, ${patch})
      on conflict (model_id) do update set config = (c.config - ${KEY}::text) || excluded.config, updated_at = now()`);
    await recordAudit(tx, actor, { action: 'monitoring_settings.updated', target: { type: 'model', id: model.id, label: model.name }, before: { [KEY]: before }, after: { [KEY]: target } });
    return target;
  });
}
