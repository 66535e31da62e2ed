import { z } from 'zod';
import type { modelVersions, registeredModels, releases } from '@/db/schema';
import { DECISION_RULES, describeDecision, SCORE_ACTIVATIONS } from '@/server/onnx/decision-rule';
import { featureListSchema, labelSchema, TASK_TYPES } from './feature-schema';

// Public JSON shapes of the registry; the schemas document /api/v1 and the mappers fill them.
const timestamp = z.iso.datetime({ offset: true });

const tensorInfo = z.object({ name: z.string(), elementType: z.string(), shape: z.array(z.union([z.number(), z.string(), z.null()])).nullable() });
export const onnxSignatureJson = z.object({
  irVersion: z.number(),
  opsetImports: z.array(z.object({ domain: z.string(), version: z.number() })),
  producerName: z.string(),
  producerVersion: z.string(),
  inputs: z.array(tensorInfo),
  outputs: z.array(tensorInfo),
});

export const modelJson = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  taskType: z.enum(TASK_TYPES),
  tags: z.array(z.string()),
  repository: z.string().nullable(),
  features: featureListSchema,
  label: labelSchema,
  protectedAttributes: z.array(z.string()),
  createdAt: timestamp,
  updatedAt: timestamp,
  url: z.url(),
});

export const versionJson = z.object({
  id: z.uuid(),
  model: z.string(),
  version: z.number().int(),
  status: z.string(),
  statusReason: z.string().nullable(),
  artifact: z.object({ sha256: z.string(), size: z.number().int(), downloadUrl: z.url() }),
  signature: onnxSignatureJson.nullable(),
  lineage: z.object({
    gitSha: z.string().nullable(),
    repository: z.string().nullable(),
    ciRunUrl: z.string().nullable(),
    releaseTag: z.string().nullable(),
    datasetName: z.string().nullable(),
    datasetHash: z.string().nullable(),
  }),
  hyperparameters: z.record(z.string(), z.unknown()),
  metrics: z.record(z.string(), z.number()),
  decision: z.object({
    rule: z.enum(DECISION_RULES).nullable().describe('label: the label output; score: score ≥ threshold (binary) or the most probable class; null until validation resolves the default, and for regression'),
    threshold: z.number(),
    stated: z.boolean().describe('true when chosen at registration, false when defaulted'),
    description: z.string(),
  }),
  scoreActivation: z.enum(SCORE_ACTIVATIONS),
  derivedArtifact: z
    .object({ sha256: z.string(), size: z.number().int(), replacedOutputs: z.array(z.object({ output: z.string(), tensor: z.string(), classes: z.array(z.string()) })) })
    .nullable()
    .describe('The model Vigil runs when the upload ends in a ZipMap: its sequence-of-maps outputs replaced by the probability tensors that fed them'),
  warnings: z.array(z.string()).describe('Validation warnings, e.g. a label output that disagrees with the probabilities'),
  createdBy: z.object({ type: z.string(), label: z.string() }),
  createdAt: timestamp,
  url: z.url(),
});

export const releaseJson = z.object({
  id: z.uuid(),
  model: z.string(),
  version: z.number().int().nullable(),
  source: z.string(),
  kind: z.string(),
  name: z.string().nullable(),
  tag: z.string().nullable(),
  gitSha: z.string().nullable(),
  url: z.string().nullable(),
  runUrl: z.string().nullable(),
  reportedAt: timestamp,
});

/** Base URL for links back into the portal. */
export function portalUrl(request: Request): string {
  return (process.env.NEXTAUTH_URL ?? new URL(request.url).origin).replace(/\/$/, '');
}

type ModelRow = typeof registeredModels.$inferSelect;
type VersionRow = typeof modelVersions.$inferSelect;

export function toModelJson(model: ModelRow, base: string): z.input<typeof modelJson> {
  return {
    id: model.id,
    name: model.name,
    description: model.description,
    taskType: model.taskType as (typeof TASK_TYPES)[number],
    tags: model.tags,
    repository: model.repository,
    features: model.features,
    label: model.label,
    protectedAttributes: model.protectedAttributes,
    createdAt: model.createdAt.toISOString(),
    updatedAt: model.updatedAt.toISOString(),
    url: `${base}/models/${model.name}`,
  };
}

export function toVersionJson(model: Pick<ModelRow, 'name' | 'taskType'>, v: VersionRow, base: string): z.input<typeof versionJson> {
  const modelName = model.name;
  return {
    id: v.id,
    model: modelName,
    version: v.version,
    status: v.status,
    statusReason: v.statusReason,
    artifact: { sha256: v.artifactSha256, size: v.artifactSize, downloadUrl: `${base}/api/v1/models/${modelName}/versions/${v.version}/artifact` },
    signature: v.signature,
    lineage: { gitSha: v.gitSha, repository: v.repository, ciRunUrl: v.ciRunUrl, releaseTag: v.releaseTag, datasetName: v.datasetName, datasetHash: v.datasetHash },
    hyperparameters: v.hyperparameters,
    metrics: v.metrics,
    decision: { rule: v.decisionRule, threshold: v.decisionThreshold, stated: v.decisionStated, description: describeDecision(model.taskType, v.decisionRule, v.decisionThreshold) },
    scoreActivation: v.scoreActivation,
    derivedArtifact: v.derivedArtifact ? { sha256: v.derivedArtifact.sha256, size: v.derivedArtifact.size, replacedOutputs: v.derivedArtifact.zipMaps } : null,
    warnings: v.validation?.warnings ?? [],
    createdBy: { type: v.createdByType, label: v.createdByLabel },
    createdAt: v.createdAt.toISOString(),
    url: `${base}/models/${modelName}/versions/${v.version}`,
  };
}

export function toReleaseJson(modelName: string, r: typeof releases.$inferSelect, version: number | null): z.input<typeof releaseJson> {
  return {
    id: r.id,
    model: modelName,
    version,
    source: r.source,
    kind: r.kind,
    name: r.name,
    tag: r.tag,
    gitSha: r.gitSha,
    url: r.url,
    runUrl: r.runUrl,
    reportedAt: r.reportedAt.toISOString(),
  };
}
