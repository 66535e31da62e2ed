import { and, asc, eq, isNull } from 'drizzle-orm';
import type { z } from 'zod';
import type { Database, Executor } from '@/db/client';
import { promotionPolicies, registeredModels } from '@/db/schema';
import { recordAudit } from '@/server/audit/record-audit';
import type { Actor } from '@/server/auth/actor';
import { requireModel } from '@/server/registry/models-service';
import type { policyInputSchema, policyRefSchema } from './approval-schemas';
import { configuredEnvironments, requireEnvironment } from './environments';
import { GATE_CATALOG, parseGateConfig } from './gates/gate-config';
import { defaultPolicy, FIXED_RULES, type PolicySnapshot } from './promotion-policy';
import type { PolicyView } from './promotion-views';

type PolicyRow = typeof promotionPolicies.$inferSelect;

function snapshotOf(row: PolicyRow): PolicySnapshot {
  return {
    environment: row.environment,
    source: row.modelId ? 'model' : 'environment',
    policyId: row.id,
    minApprovals: row.minApprovals,
    fastRollback: row.fastRollback,
    expiresAfterHours: row.expiresAfterHours,
    gates: parseGateConfig(row.gates),
    updatedBy: row.updatedBy,
    updatedAt: row.updatedAt.toISOString(),
  };
}

function builtIn(environment: string): PolicySnapshot {
  return { environment, source: 'built-in', policyId: null, updatedBy: null, updatedAt: null, ...defaultPolicy(environment) };
}

/** The policy in force for a model in an environment: its override, else the environment's, else the built-in default. */
export async function resolvePolicy(executor: Executor, environment: string, modelId: string): Promise<PolicySnapshot> {
  const rows = await executor.select().from(promotionPolicies).where(eq(promotionPolicies.environment, environment));
  const row = rows.find((r) => r.modelId === modelId) ?? rows.find((r) => r.modelId === null);
  return row ? snapshotOf(row) : builtIn(environment);
}

export async function effectivePolicy(database: Database, environment: string, modelName: string): Promise<PolicyView> {
  requireEnvironment(environment);
  const model = await requireModel(database, modelName);
  return { ...(await resolvePolicy(database, environment, model.id)), model: model.name };
}

/** Every configured environment's policy (built-in when none is stored) and its per-model overrides. */
export async function listPolicies(database: Database) {
  const rows = await database
    .select({ policy: promotionPolicies, model: registeredModels.name })
    .from(promotionPolicies)
    .leftJoin(registeredModels, eq(registeredModels.id, promotionPolicies.modelId))
    .orderBy(asc(promotionPolicies.environment), asc(registeredModels.name));
  const environments = configuredEnvironments().map((environment) => {
    const own = rows.find((r) => r.policy.environment === environment && r.policy.modelId === null);
    const policy: PolicyView = { ...(own ? snapshotOf(own.policy) : builtIn(environment)), model: null };
    const overrides: PolicyView[] = rows.filter((r) => r.policy.environment === environment && r.policy.modelId !== null).map((r) => ({ ...snapshotOf(r.policy), model: r.model }));
    return { environment, policy, builtIn: builtIn(environment), overrides };
  });
  return { environments, gateCatalog: GATE_CATALOG, fixedRules: FIXED_RULES };
}

const auditable = (p: PolicySnapshot) => ({ minApprovals: p.minApprovals, fastRollback: p.fastRollback, expiresAfterHours: p.expiresAfterHours, gates: p.gates });

/** Creates or replaces a policy; audited `policy.changed` with before and after. */
export async function savePolicy(database: Database, actor: Actor, input: z.output<typeof policyInputSchema>): Promise<PolicyView> {
  requireEnvironment(input.environment);
  return database.transaction(async (tx) => {
    const model = input.model ? await requireModel(tx, input.model) : null;
    const scope = model ? eq(promotionPolicies.modelId, model.id) : isNull(promotionPolicies.modelId);
    const [existing] = await tx.select().from(promotionPolicies).where(and(eq(promotionPolicies.environment, input.environment), scope)).for('update');
    const before = existing ? snapshotOf(existing) : model ? await resolvePolicy(tx, input.environment, model.id) : builtIn(input.environment);
    const values = {
      minApprovals: input.minApprovals,
      fastRollback: input.fastRollback,
      expiresAfterHours: input.expiresAfterHours,
      gates: input.gates as Record<string, unknown>,
      updatedBy: actor.label,
      updatedAt: new Date(),
    };
    const [row] = existing
      ? await tx.update(promotionPolicies).set(values).where(eq(promotionPolicies.id, existing.id)).returning()
      : await tx.insert(promotionPolicies).values({ environment: input.environment, modelId: model?.id ?? null, ...values }).returning();
    const after = snapshotOf(row!);
    await recordAudit(tx, actor, {
      action: 'policy.changed',
      target: { type: 'promotion_policy', id: row!.id, label: model ? `${input.environment} / ${model.name}` : input.environment },
      before: { source: before.source, ...auditable(before) },
      after: { source: after.source, ...auditable(after) },
      details: { environment: input.environment, model: model?.name ?? null },
    });
    return { ...after, model: model?.name ?? null };
  });
}

/** Removes a per-model override (or an environment's policy, falling back to the built-in default). */
export async function removePolicy(database: Database, actor: Actor, input: z.output<typeof policyRefSchema>): Promise<{ removed: boolean }> {
  requireEnvironment(input.environment);
  return database.transaction(async (tx) => {
    const model = input.model ? await requireModel(tx, input.model) : null;
    const scope = model ? eq(promotionPolicies.modelId, model.id) : isNull(promotionPolicies.modelId);
    const [removed] = await tx.delete(promotionPolicies).where(and(eq(promotionPolicies.environment, input.environment), scope)).returning();
    if (!removed) return { removed: false };
    const after = model ? await resolvePolicy(tx, input.environment, model.id) : builtIn(input.environment);
    await recordAudit(tx, actor, {
      action: 'policy.changed',
      target: { type: 'promotion_policy', id: removed.id, label: model ? `${input.environment} / ${model.name}` : input.environment },
      before: { source: model ? 'model' : 'environment', ...auditable(snapshotOf(removed)) },
      after: { source: after.source, ...auditable(after) },
      details: { environment: input.environment, model: model?.name ?? null, removed: true },
    });
    return { removed: true };
  });
}
