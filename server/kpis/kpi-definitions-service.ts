import { and, eq, sql } from 'drizzle-orm';
import type { Database, Tx } from '@/db/client';
import { alertRules, kpiDefinitions, kpiPoints } from '@/db/schema';
import { recordAudit } from '@/server/audit/record-audit';
import type { Actor } from '@/server/auth/actor';
import { AppError } from '@/server/errors/app-error';
import { enqueue } from '@/server/jobs/enqueue';
import { requireModel } from '@/server/registry/models-service';
import { getKpiDefinition, type KpiDefinition } from './kpi-definitions-queries';
import { createKpiDefinitionSchema, updateKpiDefinitionSchema, type CreateKpiDefinitionInput, type kpiDefinitionFields, type UpdateKpiDefinitionInput } from './kpi-schemas';

// Defining, changing and removing KPIs; each change audited in its transaction. A change
// of alert bounds queues the KPI alert evaluation, so open alerts follow the new bounds.

type Fields = ReturnType<typeof kpiDefinitionFields.parse>;

function audited(d: KpiDefinition) {
  return { unit: d.unit, aggregation: d.aggregation, direction: d.direction, target: d.target, alertLow: d.alertLow, alertHigh: d.alertHigh, model: d.model, description: d.description };
}

async function modelIdOf(tx: Tx, model: string | null): Promise<string | null> {
  return model === null ? null : (await requireModel(tx, model)).id;
}

async function hasPoints(tx: Tx, kpiId: string): Promise<boolean> {
  const [row] = await tx.select({ id: kpiPoints.id }).from(kpiPoints).where(eq(kpiPoints.kpiId, kpiId)).limit(1);
  return Boolean(row);
}

async function insertDefinition(tx: Tx, actor: Actor, name: string, fields: Fields): Promise<KpiDefinition> {
  const modelId = await modelIdOf(tx, fields.model);
  const [row] = await tx
    .insert(kpiDefinitions)
    .values({ name, description: fields.description, unit: fields.unit, aggregation: fields.aggregation, direction: fields.direction, target: fields.target, alertLow: fields.alertLow, alertHigh: fields.alertHigh, modelId, createdBy: actor.label, updatedBy: actor.label })
    .onConflictDoNothing({ target: kpiDefinitions.name })
    .returning({ id: kpiDefinitions.id });
  if (!row) throw new AppError('conflict', `A KPI named '${name}' already exists.`);
  const created = await getKpiDefinition(tx, name);
  await recordAudit(tx, actor, { action: 'kpi_definition.created', target: { type: 'kpi_definition', id: row.id, label: name }, after: audited(created) });
  if (created.alertLow !== null || created.alertHigh !== null) await enqueue(tx, 'kpiAlerts', {});
  return created;
}

async function replaceDefinition(tx: Tx, actor: Actor, before: KpiDefinition, fields: Fields): Promise<KpiDefinition> {
  // Locks the definition, so a concurrent batch cannot add points while its meaning changes.
  await tx.select({ id: kpiDefinitions.id }).from(kpiDefinitions).where(eq(kpiDefinitions.id, before.id)).for('update');
  const modelId = await modelIdOf(tx, fields.model);
  const reinterprets = fields.aggregation !== before.aggregation || modelId !== before.modelId;
  if (reinterprets && (await hasPoints(tx, before.id))) {
    throw new AppError('conflict', `KPI '${before.name}' has points: its aggregation and model can no longer change (define a new KPI instead).`);
  }
  await tx
    .update(kpiDefinitions)
    .set({ description: fields.description, unit: fields.unit, aggregation: fields.aggregation, direction: fields.direction, target: fields.target, alertLow: fields.alertLow, alertHigh: fields.alertHigh, modelId, updatedBy: actor.label, updatedAt: sql`now()` })
    .where(eq(kpiDefinitions.id, before.id));
  const after = await getKpiDefinition(tx, before.name);
  await recordAudit(tx, actor, { action: 'kpi_definition.updated', target: { type: 'kpi_definition', id: before.id, label: before.name }, before: audited(before), after: audited(after) });
  if (after.alertLow !== before.alertLow || after.alertHigh !== before.alertHigh) await enqueue(tx, 'kpiAlerts', {});
  return after;
}

export async function createKpiDefinition(database: Database, actor: Actor, input: CreateKpiDefinitionInput): Promise<KpiDefinition> {
  const { name, ...fields } = createKpiDefinitionSchema.parse(input);
  return database.transaction((tx) => insertDefinition(tx, actor, name, fields));
}

/** Changes the fields given; the others keep their values. */
export async function updateKpiDefinition(database: Database, actor: Actor, input: UpdateKpiDefinitionInput): Promise<KpiDefinition> {
  const { name, ...patch } = updateKpiDefinitionSchema.parse(input);
  return database.transaction(async (tx) => {
    const before = await getKpiDefinition(tx, name);
    const given = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    const fields = createKpiDefinitionSchema.parse({ ...before, ...given, name });
    return replaceDefinition(tx, actor, before, fields);
  });
}

/** Creates the KPI or replaces all its fields (PUT): the same call twice has the effect of one. */
export async function saveKpiDefinition(database: Database, actor: Actor, name: string, fields: Fields): Promise<{ definition: KpiDefinition; created: boolean }> {
  return database.transaction(async (tx) => {
    const before = await getKpiDefinition(tx, name).catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'not_found') return null;
      throw error;
    });
    if (!before) return { definition: await insertDefinition(tx, actor, name, fields), created: true };
    return { definition: await replaceDefinition(tx, actor, before, fields), created: false };
  });
}

/** Removes a KPI and its points; refused while alert rules watch it. */
export async function deleteKpiDefinition(database: Database, actor: Actor, input: { name: string }): Promise<{ id: string; points: number }> {
  return database.transaction(async (tx) => {
    const before = await getKpiDefinition(tx, input.name);
    const [watched] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(alertRules)
      .where(and(eq(alertRules.kind, 'kpi_threshold'), eq(alertRules.feature, before.name)));
    if (watched!.n > 0) throw new AppError('conflict', `KPI '${before.name}' is watched by ${watched!.n} alert rule(s); remove them first.`);
    const [gone] = await tx.execute<{ points: number }>(sql`with gone as (delete from kpi_points where kpi_id = ${before.id} returning 1) select count(*)::int as points from gone`);
    const points = gone!.points;
    await tx.delete(kpiDefinitions).where(eq(kpiDefinitions.id, before.id));
    await recordAudit(tx, actor, { action: 'kpi_definition.deleted', target: { type: 'kpi_definition', id: before.id, label: before.name }, before: audited(before), details: { pointsDeleted: points } });
    return { id: before.id, points };
  });
}
