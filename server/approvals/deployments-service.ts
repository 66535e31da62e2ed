import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { deployments, modelAliases, modelVersions } from '@/db/schema';
import { recordAudit } from '@/server/audit/record-audit';
import type { Actor } from '@/server/auth/actor';
import { absoluteUrl, escapeMrkdwn, notify, type NoticeRecord } from './notices';

export type DeploymentKind = 'promotion' | 'rollback' | 'emergency_rollback';
export type DeploymentRow = typeof deployments.$inferSelect;

export const timelinePath = (model: string) => `/models/${encodeURIComponent(model)}/deployments`;

export interface DeployInput {
  model: { id: string; name: string };
  environment: string;
  version: { id: string; version: number; artifactSha256: string };
  kind: DeploymentKind;
  requestId: string | null;
  reason: string | null;
  approvedBy: string[];
  /** Who requested the promotion (for messages); null for an emergency rollback. */
  requestedBy: string | null;
  /** Users told in their inbox (the requester). */
  notifyUserIds: string[];
}

export interface DeployOutcome {
  deployment: DeploymentRow;
  previousVersion: number | null;
  notice: NoticeRecord;
}

/**
 * Records a deployment and moves the environment's alias to it, in the caller's transaction:
 * the alias row is locked first so concurrent moves of one alias serialize; the unique index
 * on deployments.request_id makes a second deployment of one request impossible. Audited
 * `deployment.created` (or `deployment.emergency_rollback`), with the outbound
 * `deployment.created` webhook queued in the same transaction.
 */
export async function deployVersion(tx: Tx, actor: Actor, input: DeployInput): Promise<DeployOutcome> {
  const [previous] = await tx
    .select({ versionId: modelAliases.versionId, version: modelVersions.version })
    .from(modelAliases)
    .innerJoin(modelVersions, eq(modelVersions.id, modelAliases.versionId))
    .where(and(eq(modelAliases.modelId, input.model.id), eq(modelAliases.environment, input.environment)))
    .for('update', { of: modelAliases });
  const [deployment] = await tx
    .insert(deployments)
    .values({
      modelId: input.model.id,
      environment: input.environment,
      versionId: input.version.id,
      previousVersionId: previous?.versionId ?? null,
      requestId: input.requestId,
      kind: input.kind,
      reason: input.reason,
      deployedBy: actor.label,
      approvedBy: input.approvedBy,
      // The moment of the move itself (not the transaction's start), so the timeline follows alias order.
      createdAt: sql`clock_timestamp()`,
    })
    .returning();
  await tx
    .insert(modelAliases)
    .values({ modelId: input.model.id, environment: input.environment, versionId: input.version.id, deploymentId: deployment!.id, updatedAt: deployment!.createdAt })
    .onConflictDoUpdate({
      target: [modelAliases.modelId, modelAliases.environment],
      set: { versionId: input.version.id, deploymentId: deployment!.id, updatedAt: sql`excluded.updated_at` },
    });
  const previousVersion = previous?.version ?? null;
  const emergency = input.kind === 'emergency_rollback';
  const name = `${input.model.name} v${input.version.version}`;
  const url = absoluteUrl(timelinePath(input.model.name));
  const was = previousVersion !== null ? ` (was v${previousVersion})` : '';
  const notice = await notify(tx, {
    event: 'deployment.created',
    recipients: input.notifyUserIds,
    inbox: {
      kind: emergency ? 'deployment.emergency_rollback' : 'deployment.created',
      title: emergency ? `Emergency rollback: ${name} serves ${input.environment}` : `${name} now serves ${input.environment}`,
      body: emergency ? `${actor.label} rolled ${input.environment} back${was}: ${input.reason ?? ''}` : `Approved by ${input.approvedBy.join(', ')}${was}.`,
      link: timelinePath(input.model.name),
    },
    outbound: {
      at: deployment!.createdAt,
      data: {
        deployment: { id: deployment!.id, kind: input.kind, reason: input.reason, createdAt: deployment!.createdAt.toISOString(), deployedBy: actor.label },
        model: { id: input.model.id, name: input.model.name },
        environment: input.environment,
        version: { id: input.version.id, number: input.version.version, artifactSha256: input.version.artifactSha256 },
        previousVersion,
        requestId: input.requestId,
        requestedBy: input.requestedBy,
        approvedBy: input.approvedBy,
        url,
      },
      text: emergency
        ? `:rotating_light: Emergency rollback: *${escapeMrkdwn(input.model.name)}* ${escapeMrkdwn(input.environment)} → v${input.version.version}${was} by ${escapeMrkdwn(actor.label)}: ${escapeMrkdwn(input.reason ?? '')} · <${url}|Timeline>`
        : `:rocket: *${escapeMrkdwn(input.model.name)}* v${input.version.version} now serves *${escapeMrkdwn(input.environment)}*${was} · approved by ${escapeMrkdwn(input.approvedBy.join(', '))} · <${url}|Timeline>`,
    },
  });
  await recordAudit(tx, actor, {
    action: emergency ? 'deployment.emergency_rollback' : 'deployment.created',
    target: { type: 'deployment', id: deployment!.id, label: `${name} → ${input.environment}` },
    before: { environment: input.environment, version: previousVersion },
    after: { environment: input.environment, version: input.version.version, artifactSha256: input.version.artifactSha256 },
    details: {
      model: input.model.name,
      kind: input.kind,
      requestId: input.requestId,
      reason: input.reason,
      approvedBy: input.approvedBy,
      emergency,
      notified: notice,
    },
  });
  return { deployment: deployment!, previousVersion, notice };
}
