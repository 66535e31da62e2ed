import { z } from 'zod';
import { int4, singleLineText } from '@/server/validation/input-primitives';
import { modelNameSchema } from '@/server/registry/model-schemas';
import { httpUrlSchema, type ReleaseReport } from './release-report';

// The body any CI system (GitLab, Jenkins, GitHub Actions via curl, …) posts to report a
// release. Unlike GitHub deliveries this is our own contract, so it is strict: a misspelt
// field (`git_sha`, `runURL`) is a 400 that names it, not a silently lost value.

const MAX_METRICS = 200;

export const ciReleaseReportSchema = z
  .strictObject({
    model: modelNameSchema.describe('Name of the registered model (its slug, e.g. credit-risk)'),
    version: int4().optional().describe('Model version number this release ships'),
    gitSha: z
      .string()
      .regex(/^[0-9a-fA-F]{7,64}$/, 'a hex git commit sha (7 to 64 characters)')
      .optional()
      .describe('Commit the release was built from'),
    tag: singleLineText(255, { trim: true }).min(1).optional().describe('Git tag of the release'),
    name: singleLineText(255, { trim: true }).min(1).optional().describe('Human-readable release name'),
    repository: z
      .string()
      .regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, 'use owner/name')
      .optional()
      .describe('Source repository as owner/name'),
    url: httpUrlSchema.optional().describe('Page of the release'),
    runUrl: httpUrlSchema.optional().describe('Page of the CI run that produced the release'),
    metrics: z
      .record(singleLineText(100).min(1), z.number())
      .refine((m) => Object.keys(m).length <= MAX_METRICS, `at most ${MAX_METRICS} metrics`)
      .optional()
      .describe('Evaluation metrics by name; finite numbers only'),
    datasetHash: singleLineText(255, { trim: true }).min(1).optional().describe('Hash of the training or evaluation dataset'),
  })
  .refine((r) => r.gitSha !== undefined || r.tag !== undefined || r.version !== undefined, {
    message: 'give at least one of gitSha, tag or version, so the release can be linked to a model version',
  })
  .describe('A release reported by CI');

export type CiReleaseReportBody = z.infer<typeof ciReleaseReportSchema>;

/** The normalized release plus what only CI reports carry; the repository is optional here. */
export interface CiReleaseReport extends Omit<ReleaseReport, 'kind' | 'repository'> {
  kind: 'ci_release';
  model: string;
  repository: string | null;
  version: number | null;
  metrics: Record<string, number>;
  datasetHash: string | null;
}

export function toCiReleaseReport(body: CiReleaseReportBody): CiReleaseReport {
  return {
    kind: 'ci_release',
    model: body.model,
    repository: body.repository ?? null,
    name: body.name ?? null,
    tag: body.tag ?? null,
    // Git prints shas in lower case; store them that way so equality lookups work.
    gitSha: body.gitSha?.toLowerCase() ?? null,
    url: body.url ?? null,
    runUrl: body.runUrl ?? null,
    version: body.version ?? null,
    metrics: body.metrics ?? {},
    datasetHash: body.datasetHash ?? null,
  };
}
