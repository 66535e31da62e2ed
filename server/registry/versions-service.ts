import { and, eq, max, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Database } from '@/db/client';
import { modelVersions, type DerivedArtifact, type ValidationReport } from '@/db/schema';
import { artifactStore } from '@/server/artifacts/current-store';
import { recordAudit } from '@/server/audit/record-audit';
import { systemActor, type Actor } from '@/server/auth/actor';
import { AppError } from '@/server/errors/app-error';
import { enqueue } from '@/server/jobs/enqueue';
import { DEFAULT_DECISION_THRESHOLD, type DecisionRule } from '@/server/onnx/decision-rule';
import type { OnnxSignature } from '@/server/onnx/onnx-signature';
import type { TaskType } from './feature-schema';
import type { createVersionSchema } from './model-schemas';
import { requireModel } from './models-service';
import { linkEarlierReleases } from './release-links';

type VersionInput = z.infer<typeof createVersionSchema>;
export type RegisterVersionInput = Omit<VersionInput, 'scoreActivation'> & Partial<Pick<VersionInput, 'scoreActivation'>>;

/** Why a stated decision rule or activation cannot go with the model's task; null when it can. */
export function readingProblem(taskType: TaskType, input: Pick<RegisterVersionInput, 'decision' | 'scoreActivation'>): string | null {
  const activation = input.scoreActivation ?? 'none';
  if (taskType === 'regression') {
    if (input.decision) return 'A regression model makes no decisions: its prediction is its output value. Omit decision.';
    if (activation !== 'none') return `A regression model's output is its prediction: scoreActivation must be 'none', not '${activation}'.`;
  }
  if (taskType === 'multiclass_classification') {
    if (input.decision?.threshold !== undefined) return 'A threshold applies to binary models; a multiclass model decided by its score takes the most probable class. Omit decision.threshold.';
    if (activation === 'sigmoid') return "A multiclass model's scores are one per class: state 'softmax' for logits, or 'none' for probabilities.";
  }
  return null;
}

/**
 * Registers a version of a model from an uploaded artifact. The number is the next one
 * unless the caller names it; the decision rule and activation stated here are part of the
 * version's signature. Validation is enqueued in the same transaction.
 */
export async function registerVersion(database: Database, actor: Actor, modelName: string, input: RegisterVersionInput) {
  const stored = await artifactStore().stat(input.artifactSha256);
  if (!stored) {
    throw new AppError('unprocessable', `No artifact with digest ${input.artifactSha256}: upload it first with PUT /api/v1/artifacts/sha256/${input.artifactSha256}.`);
  }
  return database.transaction(async (tx) => {
    const model = await requireModel(tx, modelName);
    const problem = readingProblem(model.taskType as TaskType, input);
    if (problem) throw new AppError('unprocessable', problem);
    // One registration per model at a time keeps version numbers gap-free and unique.
    await tx.execute(sql`select id from registered_models where id = ${model.id} for update`);
    const [{ latest } = { latest: null }] = await tx.select({ latest: max(modelVersions.version) }).from(modelVersions).where(eq(modelVersions.modelId, model.id));
    const number = input.version ?? (latest ?? 0) + 1;
    const [taken] = await tx.select({ id: modelVersions.id }).from(modelVersions).where(and(eq(modelVersions.modelId, model.id), eq(modelVersions.version, number)));
    if (taken) throw new AppError('conflict', `Version ${number} of '${model.name}' already exists.`);
    const [version] = await tx
      .insert(modelVersions)
      .values({
        modelId: model.id,
        version: number,
        artifactSha256: input.artifactSha256,
        artifactSize: stored.size,
        description: input.description,
        gitSha: input.gitSha?.toLowerCase() ?? null,
        repository: input.repository ?? model.repository,
        ciRunUrl: input.ciRunUrl ?? null,
        releaseTag: input.releaseTag ?? null,
        datasetName: input.datasetName ?? null,
        datasetHash: input.datasetHash ?? null,
        hyperparameters: input.hyperparameters,
        metrics: input.metrics,
        decisionRule: input.decision?.rule ?? null,
        decisionThreshold: input.decision?.threshold ?? DEFAULT_DECISION_THRESHOLD,
        decisionStated: input.decision !== undefined,
        scoreActivation: input.scoreActivation ?? 'none',
        createdByType: actor.type,
        createdById: actor.id,
        createdByLabel: actor.label,
      })
      .returning();
    const linkedReleases = await linkEarlierReleases(tx, version!);
    await recordAudit(tx, actor, {
      action: 'model_version.registered',
      target: { type: 'model_version', id: version!.id, label: `${model.name} v${number}` },
      after: {
        version: number,
        artifactSha256: input.artifactSha256,
        artifactSize: stored.size,
        gitSha: version!.gitSha,
        ciRunUrl: version!.ciRunUrl,
        releaseTag: version!.releaseTag,
        datasetHash: version!.datasetHash,
        metrics: input.metrics,
        decision: input.decision ? { rule: version!.decisionRule, threshold: version!.decisionThreshold } : null,
        scoreActivation: version!.scoreActivation,
      },
      details: { linkedReleases },
    });
    await enqueue(tx, 'onnxValidation', { versionId: version!.id });
    return { model, version: version! };
  });
}

export interface ValidationOutcome {
  status: 'validated' | 'invalid';
  reason: string | null;
  signature: OnnxSignature | null;
  report: ValidationReport;
  /** The rule resolved against the outputs (kept as stated when the registration chose one). */
  decisionRule?: DecisionRule | null;
  /** The rewritten model, already in the artifact store, when the upload could not run as it is. */
  derivedArtifact?: DerivedArtifact | null;
}

/** Stores a validation result once; a retried job finds the version already decided and changes nothing. */
export async function recordValidation(database: Database, versionId: string, outcome: ValidationOutcome): Promise<boolean> {
  return database.transaction(async (tx) => {
    const [updated] = await tx
      .update(modelVersions)
      .set({
        status: outcome.status,
        statusReason: outcome.reason,
        signature: outcome.signature,
        validation: outcome.report,
        ...(outcome.decisionRule ? { decisionRule: outcome.decisionRule } : {}),
        derivedArtifact: outcome.derivedArtifact ?? null,
      })
      .where(and(eq(modelVersions.id, versionId), eq(modelVersions.status, 'registered')))
      .returning({ id: modelVersions.id, version: modelVersions.version, modelId: modelVersions.modelId });
    if (!updated) return false;
    await recordAudit(tx, systemActor('onnx validation worker'), {
      action: outcome.status === 'validated' ? 'model_version.validated' : 'model_version.invalid',
      target: { type: 'model_version', id: updated.id },
      after: {
        status: outcome.status,
        reason: outcome.reason,
        opset: outcome.signature?.opsetImports ?? null,
        decisionRule: outcome.decisionRule ?? null,
        derivedArtifactSha256: outcome.derivedArtifact?.sha256 ?? null,
        warnings: outcome.report.warnings ?? [],
      },
    });
    // A newly validated version is replayed over the last week of traffic, when there is any.
    if (outcome.status === 'validated') await enqueue(tx, 'shadowAutoStart', { versionId: updated.id });
    return true;
  });
}
