import { sql } from 'drizzle-orm';
import { bigint, boolean, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { Feature, Label } from '@/server/registry/feature-schema';
import type { DecisionRule, ScoreActivation } from '@/server/onnx/decision-rule';
import type { OnnxSignature } from '@/server/onnx/onnx-signature';
import type { DecisionCheck } from '@/server/onnx/validation-result';
import type { ZipMapReplacement } from '@/server/onnx/zipmap-rewrite';
import { users } from './users';

export const registeredModels = pgTable(
  'registered_models',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull().unique(),
    description: text('description').notNull().default(''),
    taskType: text('task_type').notNull(),
    ownerId: uuid('owner_id').references(() => users.id),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    /** "owner/name" of the source repository; GitHub release webhooks are matched on it. */
    repository: text('repository'),
    features: jsonb('features').$type<Feature[]>().notNull(),
    label: jsonb('label').$type<Label>().notNull(),
    protectedAttributes: text('protected_attributes').array().notNull().default(sql`'{}'::text[]`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('registered_models_repository').on(t.repository)],
);

export interface ModelCardContent {
  intendedUse: string;
  limitations: string;
  trainingData: string;
  ethicalConsiderations: string;
  decisions: string;
}

/** Every edit of a model card is a new revision; the highest is current. */
export const modelCardRevisions = pgTable(
  'model_card_revisions',
  {
    modelId: uuid('model_id')
      .notNull()
      .references(() => registeredModels.id, { onDelete: 'cascade' }),
    revision: integer('revision').notNull(),
    content: jsonb('content').$type<ModelCardContent>().notNull(),
    editedBy: text('edited_by').notNull(),
    editedAt: timestamp('edited_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.modelId, t.revision] })],
);

export const VERSION_STATUSES = ['registered', 'validated', 'invalid', 'in_review', 'approved', 'deployed', 'rejected', 'archived'] as const;
export type VersionStatus = (typeof VERSION_STATUSES)[number];

export interface ValidationReport {
  checkedAt: string;
  durationMs: number;
  sampleOutput: { rows: number; outputs: { name: string; dims: number[]; finite: boolean; preview: number[] }[] } | null;
  /** The label output against the score rule (reports written before decision rules have none). */
  decisionCheck?: DecisionCheck | null;
  /** Shown with the validated status: e.g. a label output that disagrees with the probabilities. */
  warnings?: string[];
}

/** The model Vigil runs when the uploaded one cannot run as it is (a ZipMap output). */
export interface DerivedArtifact {
  sha256: string;
  size: number;
  zipMaps: ZipMapReplacement[];
}

export const modelVersions = pgTable(
  'model_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    modelId: uuid('model_id')
      .notNull()
      .references(() => registeredModels.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    artifactSha256: text('artifact_sha256').notNull(),
    artifactSize: bigint('artifact_size', { mode: 'number' }).notNull(),
    signature: jsonb('signature').$type<OnnxSignature>(),
    gitSha: text('git_sha'),
    repository: text('repository'),
    ciRunUrl: text('ci_run_url'),
    releaseTag: text('release_tag'),
    datasetName: text('dataset_name'),
    datasetHash: text('dataset_hash'),
    hyperparameters: jsonb('hyperparameters').$type<Record<string, unknown>>().notNull().default({}),
    metrics: jsonb('metrics').$type<Record<string, number>>().notNull().default({}),
    description: text('description').notNull().default(''),
    createdByType: text('created_by_type').notNull(),
    createdById: text('created_by_id'),
    createdByLabel: text('created_by_label').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    status: text('status').$type<VersionStatus>().notNull().default('registered'),
    statusReason: text('status_reason'),
    validation: jsonb('validation').$type<ValidationReport>(),
    /** 'label' (the label output) or 'score' (score ≥ threshold); null until stated or resolved at validation, and for regression. */
    decisionRule: text('decision_rule').$type<DecisionRule>(),
    decisionThreshold: doublePrecision('decision_threshold').notNull().default(0.5),
    /** True when the rule was chosen at registration rather than defaulted at validation. */
    decisionStated: boolean('decision_stated').notNull().default(false),
    scoreActivation: text('score_activation').$type<ScoreActivation>().notNull().default('none'),
    /** Set when validation had to rewrite the artifact to run it; inference uses its digest. */
    derivedArtifact: jsonb('derived_artifact').$type<DerivedArtifact>(),
  },
  (t) => [
    uniqueIndex('model_versions_model_version').on(t.modelId, t.version),
    index('model_versions_git_sha').on(t.modelId, t.gitSha),
    index('model_versions_release_tag').on(t.modelId, t.releaseTag),
    index('model_versions_status').on(t.status),
  ],
);
