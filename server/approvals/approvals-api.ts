import { z } from 'zod';
import { portalUrl } from '@/server/registry/registry-json';
import { modelNameSchema } from '@/server/registry/model-schemas';
import { endpoint } from '@/server/rest/api-endpoint';
import { int4FromText, listOffsetFromText } from '@/server/validation/input-primitives';
import { createPromotionSchema, environmentNameSchema } from './approval-schemas';
import { currentAlias, listDeployments } from './deployment-queries';
import { GATE_NAMES, GATE_STATUSES } from './gates/gate-types';
import type { DeploymentView } from './promotion-views';
import { getPromotionStatus } from './promotion-status';
import { createPromotionRequest } from './requests-service';

// /api/v1 for CD pipelines and serving systems. A token can request a promotion and read its
// status; it can never approve: decisions are taken by signed-in reviewers only.

const timestamp = z.iso.datetime({ offset: true });

const gateJson = z.object({
  gate: z.enum(GATE_NAMES),
  label: z.string(),
  status: z.enum(GATE_STATUSES).describe('not_applicable: nothing to judge (e.g. no serving version to compare against); never blocks'),
  required: z.boolean(),
  blocking: z.boolean(),
  summary: z.string(),
  numbers: z.record(z.string(), z.union([z.number(), z.string(), z.null()])),
  link: z.string().nullable(),
});

const deploymentJson = z.object({
  id: z.uuid(),
  model: z.string(),
  environment: z.string(),
  version: z.number().int(),
  artifactSha256: z.string(),
  previousVersion: z.number().int().nullable(),
  kind: z.enum(['promotion', 'rollback', 'emergency_rollback']),
  reason: z.string().nullable(),
  requestId: z.uuid().nullable(),
  requestedBy: z.string().nullable(),
  deployedBy: z.string(),
  approvedBy: z.array(z.string()),
  deployedAt: timestamp,
  replacedAt: timestamp.nullable(),
  replacedByVersion: z.number().int().nullable().describe('The version the next deployment of the environment brought; null while this one serves'),
  current: z.boolean(),
});

export const promotionJson = z.object({
  id: z.uuid(),
  model: z.string(),
  version: z.number().int(),
  environment: z.string(),
  kind: z.enum(['promotion', 'rollback']),
  status: z.enum(['pending', 'approved', 'rejected', 'cancelled', 'expired', 'superseded']),
  justification: z.string(),
  requestedBy: z.string(),
  createdAt: timestamp,
  expiresAt: timestamp,
  closedAt: timestamp.nullable(),
  closedReason: z.string().nullable(),
  approvals: z.object({ count: z.number().int(), required: z.number().int(), missing: z.number().int(), rejections: z.number().int() }),
  gates: z.array(gateJson),
  blockingGates: z.array(z.string()),
  override: z.object({ reason: z.string(), by: z.string(), at: timestamp }).nullable(),
  decisions: z.array(z.object({ reviewer: z.string(), decision: z.enum(['approve', 'reject']), comment: z.string(), at: timestamp })),
  deployment: deploymentJson.nullable(),
  url: z.url(),
});

export function toDeploymentJson(d: DeploymentView): z.input<typeof deploymentJson> {
  return {
    id: d.id,
    model: d.model,
    environment: d.environment,
    version: d.version,
    artifactSha256: d.artifactSha256,
    previousVersion: d.previousVersion,
    kind: d.kind,
    reason: d.reason,
    requestId: d.requestId,
    requestedBy: d.requestedBy,
    deployedBy: d.deployedBy,
    approvedBy: d.approvedBy,
    deployedAt: d.createdAt.toISOString(),
    replacedAt: d.replacedAt?.toISOString() ?? null,
    replacedByVersion: d.replacedByVersion,
    current: d.current,
  };
}

async function promotionResponse(database: Parameters<typeof getPromotionStatus>[0], id: string, request: Request): Promise<z.input<typeof promotionJson>> {
  const s = await getPromotionStatus(database, id);
  return {
    id: s.id,
    model: s.model,
    version: s.version,
    environment: s.environment,
    kind: s.kind,
    status: s.status,
    justification: s.justification,
    requestedBy: s.requestedBy.label,
    createdAt: s.createdAt.toISOString(),
    expiresAt: s.expiresAt.toISOString(),
    closedAt: s.closedAt?.toISOString() ?? null,
    closedReason: s.closedReason,
    approvals: { count: s.tally.approvals, required: s.tally.required, missing: s.tally.missing, rejections: s.tally.rejections },
    gates: s.gates,
    blockingGates: s.blockingGates,
    override: s.override ? { reason: s.override.reason, by: s.override.by, at: s.override.at.toISOString() } : null,
    decisions: s.decisions.map((d) => ({ reviewer: d.reviewer, decision: d.decision, comment: d.comment, at: d.at.toISOString() })),
    deployment: s.deployment ? toDeploymentJson(s.deployment) : null,
    url: `${portalUrl(request)}${s.url}`,
  };
}

export const createPromotionEndpoint = endpoint(
  {
    operationId: 'createPromotion',
    method: 'POST',
    path: '/promotions',
    tag: 'Promotions',
    summary: 'Request promotion of a validated version to an environment',
    description:
      'The token is the requester. The policy in force is snapshotted, the gates evaluated and reviewers notified; an older pending request for the same model and environment is superseded. Reviewers approve in the portal: no token can approve. A version that served the environment before makes a rollback request. 422 when the version is invalid or not yet validated, 409 when it already serves the environment.',
    scope: 'promotions:write',
    body: { kind: 'json', schema: createPromotionSchema },
    result: { status: 201, description: 'The pending request', schema: promotionJson },
    errors: [400, 404, 409, 422],
  },
  async ({ database, actor, body, request }) => {
    const created = await createPromotionRequest(database, actor, body);
    return promotionResponse(database, created.request.id, request);
  },
);

export const getPromotionEndpoint = endpoint(
  {
    operationId: 'getPromotion',
    method: 'GET',
    path: '/promotions/{id}',
    tag: 'Promotions',
    summary: 'A promotion request: status, approvals, gates, decisions and its deployment',
    description: 'Poll until `status` is no longer `pending`; when approved, `deployment` names the version now serving. Needs the same scope as creating requests.',
    scope: 'promotions:write',
    params: z.object({ id: z.uuid() }),
    result: { status: 200, description: 'The request', schema: promotionJson },
    errors: [400, 404],
  },
  async ({ database, params, request }) => promotionResponse(database, params.id, request),
);

export const getAliasEndpoint = endpoint(
  {
    operationId: 'getAlias',
    method: 'GET',
    path: '/models/{name}/aliases/{env}',
    tag: 'Promotions',
    summary: 'The version an environment serves now (what a serving system polls)',
    description: '404 when nothing of the model has been deployed to the environment. Download the artifact from /models/{name}/versions/{version}/artifact and check it against artifactSha256.',
    scope: 'registry:read',
    params: z.object({ name: modelNameSchema, env: environmentNameSchema }),
    result: {
      status: 200,
      description: 'The alias',
      schema: z.object({ model: z.string(), environment: z.string(), version: z.number().int(), artifactSha256: z.string(), deployedAt: timestamp, deploymentId: z.uuid() }),
    },
    errors: [404],
  },
  async ({ database, params }) => {
    const a = await currentAlias(database, params.name, params.env);
    return { model: a.model, environment: a.environment, version: a.version, artifactSha256: a.artifactSha256, deployedAt: a.deployedAt.toISOString(), deploymentId: a.deploymentId };
  },
);

export const listDeploymentsEndpoint = endpoint(
  {
    operationId: 'listDeployments',
    method: 'GET',
    path: '/models/{name}/deployments',
    tag: 'Promotions',
    summary: 'Deployment timeline of a model, newest first, a page at a time',
    description:
      'Which version served each environment from `deployedAt` until `replacedAt` (null while it serves) and which version replaced it, who requested and approved it; emergency rollbacks carry their reason. `total` counts every deployment matching `environment`; read further back with `offset` (at most `limit`, default 100, a page).',
    scope: 'registry:read',
    params: z.object({ name: modelNameSchema }),
    query: z.object({ environment: environmentNameSchema.optional(), limit: int4FromText(1, 500).default(100), offset: listOffsetFromText() }),
    result: { status: 200, description: 'A page of deployments', schema: z.object({ model: z.string(), deployments: z.array(deploymentJson), total: z.number().int() }) },
    errors: [400, 404],
  },
  async ({ database, params, query }) => {
    const { model, deployments, total } = await listDeployments(database, params.name, query);
    return { model, deployments: deployments.map(toDeploymentJson), total };
  },
);

export const approvalEndpoints = [createPromotionEndpoint, getPromotionEndpoint, getAliasEndpoint, listDeploymentsEndpoint];
