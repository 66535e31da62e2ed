import { randomBytes, randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { alertRules, alerts, auditEvents, modelVersions, registeredModels, shadowRuns, userRoles, users, type VersionStatus } from '@/db/schema';
import type { Actor } from '@/server/auth/actor';
import type { Role } from '@/server/rbac/permissions';
import { createCaller } from '@/server/app-router';
import { contextFor } from '@/server/trpc/test-context';
import type { UserSummary } from '@/server/users/user-queries';
import type { ShadowSummary } from '@/server/shadow/shadow-summary';

// Fixtures for the approvals integration tests: users with roles, models with versions in a
// given status, evidence rows, and tRPC callers signed in as a user.

export interface TestUser extends UserSummary {
  actor: Actor;
  caller: ReturnType<typeof createCaller>;
}

export async function createTestUser(database: Database, roles: Role[], label = roles.join('-') || 'nobody'): Promise<TestUser> {
  const email = `${label}-${randomUUID().slice(0, 8)}@test.vigil`;
  const [row] = await database.insert(users).values({ email, name: `${label} ${email.slice(label.length + 1, label.length + 5)}` }).returning();
  if (roles.length) await database.insert(userRoles).values(roles.map((role) => ({ userId: row!.id, role })));
  const summary: UserSummary = { id: row!.id, email, name: row!.name, active: true, roles, createdAt: row!.createdAt, lastSignInAt: null, mustChangePassword: false };
  return {
    ...summary,
    actor: { type: 'user', id: row!.id, label: email, roles, origin: { ip: '127.0.0.1', userAgent: 'vitest' } },
    caller: createCaller(contextFor(database, summary)),
  };
}

export interface VersionSpec {
  status?: VersionStatus;
  statusReason?: string;
  metrics?: Record<string, number>;
  createdBy?: TestUser;
}

export async function createTestModel(database: Database, versions: VersionSpec[], name = `model-${randomUUID().slice(0, 8)}`) {
  const [model] = await database
    .insert(registeredModels)
    .values({ name, taskType: 'binary_classification', features: [{ name: 'x', type: 'numeric' }] as never, label: { name: 'y', classes: ['no', 'yes'] } as never })
    .returning();
  const rows = [];
  for (const [i, spec] of versions.entries()) {
    const [row] = await database
      .insert(modelVersions)
      .values({
        modelId: model!.id,
        version: i + 1,
        artifactSha256: randomBytes(32).toString('hex'),
        artifactSize: 1024,
        metrics: spec.metrics ?? { auc: 0.8, log_loss: 0.4 },
        status: spec.status ?? 'validated',
        statusReason: spec.statusReason ?? null,
        createdByType: spec.createdBy ? 'user' : 'system',
        createdById: spec.createdBy?.id ?? null,
        createdByLabel: spec.createdBy?.email ?? 'github-actions',
      })
      .returning();
    rows.push(row!);
  }
  return { model: model!, versions: rows };
}

/** A completed shadow run of `versionId` with a summary in the shadow engine's layout. */
export async function addShadowRun(database: Database, modelId: string, versionId: string, summary: { rows: number; agreement: number; estimate?: number; lower?: number; upper?: number; pValue?: number }) {
  const labelled =
    summary.estimate === undefined
      ? null
      : {
          rows: summary.rows,
          candidate: { accuracy: 0.86 },
          serving: { accuracy: 0.86 - summary.estimate },
          accuracyDifference: { estimate: summary.estimate, interval: { estimate: summary.estimate, lower: summary.lower ?? summary.estimate - 0.01, upper: summary.upper ?? summary.estimate + 0.01, level: 0.95 }, mcnemar: { pValue: summary.pValue ?? 0.5 } },
        };
  const [run] = await database
    .insert(shadowRuns)
    .values({
      modelId,
      candidateVersionId: versionId,
      status: 'completed',
      totalEvents: summary.rows,
      processedEvents: summary.rows,
      // Only the fields the shadow gate reads, as a summary from an older engine would have them.
      summary: { rows: summary.rows, agreement: { compared: summary.rows, agreed: Math.round(summary.rows * summary.agreement), rate: summary.agreement }, labelled } as unknown as ShadowSummary,
      trigger: 'manual',
      createdBy: 'test',
      finishedAt: new Date(),
    })
    .returning();
  return run!;
}

export async function openAlert(database: Database, modelId: string, severity: 'warning' | 'critical', kind: 'drift_share' | 'latency_p95' = 'drift_share') {
  const [rule] = await database.insert(alertRules).values({ modelId, kind, threshold: 0.5, severity, createdBy: 'test' }).returning();
  const [alert] = await database.insert(alerts).values({ ruleId: rule!.id, modelId, status: 'open', severity, value: 0.7, message: `Drift share 70% ≥ 50%` }).returning();
  return alert!;
}

export async function resolveAlerts(database: Database, modelId: string) {
  await database.update(alerts).set({ status: 'resolved', resolvedAt: new Date() }).where(and(eq(alerts.modelId, modelId), eq(alerts.status, 'open')));
}

/** Audit actions recorded about the given targets, oldest first. */
export async function auditActions(database: Database, ...targetIds: string[]): Promise<string[]> {
  const rows = await database.select({ action: auditEvents.action }).from(auditEvents).where(inArray(auditEvents.targetId, targetIds)).orderBy(asc(auditEvents.seq));
  return rows.map((r) => r.action);
}

/** The HTTP status a failed tRPC call answers with, or 200 when it succeeds. */
export async function statusOf(call: Promise<unknown>): Promise<number> {
  try {
    await call;
    return 200;
  } catch (error) {
    if (error instanceof TRPCError) return getHTTPStatusCodeFromError(error);
    throw error;
  }
}

/** The TRPCError a call fails with. */
export async function failure(call: Promise<unknown>): Promise<TRPCError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof TRPCError) return error;
    throw error;
  }
  throw new Error('Expected the call to fail, but it succeeded');
}
