import { z } from 'zod';
import { AppError } from '@/server/errors/app-error';
import { modelNameSchema } from '@/server/registry/model-schemas';
import { endpoint } from '@/server/rest/api-endpoint';
import { getFairnessReport, listFairnessReports } from './fairness-queries';
import { runFairnessReportBody } from './fairness-schemas';
import { FAIRNESS_POPULATIONS } from './fairness-settings';
import { requestFairnessReport } from './fairness-service';

// GET the latest report (or one by id) and POST to run one now. The report body is the
// stored JSON as the portal shows it (see server/fairness/fairness-report-types.ts).

const reportJson = z.object({
  id: z.uuid(),
  version: z.number(),
  population: z.enum(FAIRNESS_POPULATIONS),
  status: z.enum(['pending', 'completed', 'failed']),
  windowFrom: z.date().nullable(),
  windowTo: z.date().nullable(),
  shadowRunId: z.uuid().nullable(),
  referenceId: z.uuid().nullable().describe('The reference dataset a `reference` population was read from'),
  referenceSha256: z.string().nullable().describe('SHA-256 of the exact bytes of that reference upload (hex); null for other populations or uploads from before digests were stored'),
  rowCount: z.number().nullable(),
  error: z.string().nullable(),
  createdAt: z.date(),
  finishedAt: z.date().nullable(),
  headline: z.object({ demographicParityDifference: z.number().nullable(), equalizedOddsDifference: z.number().nullable(), disparateImpact: z.number().nullable() }),
  report: z.record(z.string(), z.unknown()).nullable().describe('Per-group rates, both disparity conventions, intervals and the threshold sweep'),
});

export const getFairnessEndpoint = endpoint(
  {
    operationId: 'getFairnessReport',
    method: 'GET',
    path: '/models/{name}/fairness',
    tag: 'Monitoring',
    summary: "A model's latest fairness report, or one by id",
    scope: 'registry:read',
    params: z.object({ name: modelNameSchema }),
    query: z.object({ id: z.uuid().optional(), population: z.enum(FAIRNESS_POPULATIONS).optional() }),
    result: { status: 200, description: 'The report', schema: reportJson },
    errors: [400, 404],
  },
  async ({ database, params, query }) => {
    let id = query.id;
    if (!id) {
      const { reports } = await listFairnessReports(database, { model: params.name, population: query.population, limit: 1 });
      if (!reports[0]) throw new AppError('not_found', `${params.name} has no fairness report yet.`);
      id = reports[0].id;
    }
    const { settings: _settings, modelId: _modelId, versionId: _versionId, trigger: _trigger, createdBy: _createdBy, report, ...rest } = await getFairnessReport(database, { model: params.name, id });
    return { ...rest, report: report as unknown as Record<string, unknown> | null };
  },
);

export const runFairnessEndpoint = endpoint(
  {
    operationId: 'runFairnessReport',
    method: 'POST',
    path: '/models/{name}/fairness',
    tag: 'Monitoring',
    summary: 'Run a fairness report now (traffic window or shadow run); computed by a worker',
    scope: 'reports:write',
    params: z.object({ name: modelNameSchema }),
    body: { kind: 'json', schema: runFairnessReportBody },
    result: { status: 202, description: 'The pending report; GET it by id until it is completed', schema: z.object({ id: z.uuid(), status: z.literal('pending') }) },
    errors: [400, 404, 413, 422],
  },
  async ({ database, actor, params, body }) => {
    const report = await requestFairnessReport(database, actor, { ...body, model: params.name });
    return { id: report.id, status: 'pending' as const };
  },
);

export const fairnessEndpoints = [getFairnessEndpoint, runFairnessEndpoint];
