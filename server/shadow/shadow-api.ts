import { z } from 'zod';
import { SHADOW_RUN_STATUSES } from '@/db/schema';
import { portalUrl } from '@/server/registry/registry-json';
import { modelNameSchema } from '@/server/registry/model-schemas';
import { endpoint } from '@/server/rest/api-endpoint';
import { listWindowQuerySchema } from '@/server/validation/input-primitives';
import { getModelShadowRun, listShadowRuns } from './shadow-queries';
import { startShadowRunBody } from './shadow-schemas';
import { startShadowRun } from './shadow-service';

// /api/v1 for CI pipelines: start a shadow run of a candidate and poll it until a worker has
// replayed the window. The same schema, service and refusals as the portal's tRPC procedures
// (shadow-router.ts); one scope, shadow:write, stands for the monitoring:write permission
// they check to start, and covers reading too, so a pipeline polls with the token it started with.

const timestamp = z.iso.datetime({ offset: true });

const runJson = z.object({
  id: z.uuid(),
  model: z.string(),
  candidateVersion: z.number().int(),
  status: z.enum(SHADOW_RUN_STATUSES).describe('pending → running → completed, or failed (see `error`) or cancelled'),
  trigger: z.enum(['manual', 'auto']).describe('auto: started when the version was validated'),
  createdBy: z.string(),
  window: z.object({ from: timestamp.nullable(), to: timestamp.nullable(), lastEvents: z.number().int().nullable() }),
  sliceFeature: z.string().nullable(),
  progress: z.object({
    processed: z.number().int(),
    total: z.number().int().nullable(),
    fraction: z.number().nullable(),
    batchesDone: z.number().int(),
    batchCount: z.number().int().nullable(),
    elapsedSeconds: z.number().nullable(),
    eventsPerSecond: z.number().nullable(),
    etaSeconds: z.number().nullable(),
  }),
  headline: z
    .object({ agreement: z.number().nullable(), accuracyDifference: z.number().nullable(), maeDifference: z.number().nullable(), rows: z.number().int() })
    .nullable()
    .describe('Once completed: agreement rate, accuracy(candidate) − accuracy(serving), or a regressor\'s MAE difference'),
  servingVersions: z.array(z.object({ version: z.number().int().nullable(), events: z.number().int() })).nullable().describe('The versions that served the replayed events (once completed)'),
  error: z.string().nullable(),
  createdAt: timestamp,
  startedAt: timestamp.nullable(),
  finishedAt: timestamp.nullable(),
  url: z.url().describe('This run in the API: poll it'),
  portalUrl: z.url().describe('This run in the portal'),
});

type RunView = Awaited<ReturnType<typeof listShadowRuns>>[number];

function runUrls(request: Request, model: string, id: string) {
  const base = portalUrl(request);
  return { url: `${base}/api/v1/models/${encodeURIComponent(model)}/shadow-runs/${id}`, portalUrl: `${base}/models/${encodeURIComponent(model)}/shadow/${id}` };
}

function toRunJson(run: RunView, request: Request): z.input<typeof runJson> {
  return {
    id: run.id,
    model: run.modelName,
    candidateVersion: run.candidateVersion,
    status: run.status,
    trigger: run.trigger === 'auto' ? 'auto' : 'manual',
    createdBy: run.createdBy,
    window: { from: run.windowFrom?.toISOString() ?? null, to: run.windowTo?.toISOString() ?? null, lastEvents: run.maxEvents },
    sliceFeature: run.sliceFeature,
    progress: run.progress,
    headline: run.headline,
    servingVersions: run.servingVersions,
    error: run.error,
    createdAt: run.createdAt.toISOString(),
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
    ...runUrls(request, run.modelName, run.id),
  };
}

const modelParams = z.object({ name: modelNameSchema });
const startedJson = z.object({ id: z.uuid(), status: z.literal('pending'), url: z.url().describe('GET it until `status` is completed, failed or cancelled'), portalUrl: z.url() });

export const startShadowRunEndpoint = endpoint(
  {
    operationId: 'startShadowRun',
    method: 'POST',
    path: '/models/{name}/shadow-runs',
    tag: 'Monitoring',
    summary: 'Start a shadow run: replay a window of logged traffic through a candidate version; a worker computes it',
    description: [
      'Body: `candidateVersion`, `window` as `{from, to}` (ISO-8601) or `{lastEvents}`, optional `sliceFeature` (a feature or protected attribute to break results down by).',
      'Answers 202 with the run id and `url` to poll (also in `Location`). The token is recorded as who started it, in the audit log too.',
      '404 for an unknown model or version. 422 with the reason, nothing stored: a candidate that has not passed validation, a window without traffic, an unknown slice feature, or a window every event of which the candidate served itself (it would be compared with itself).',
    ].join(' '),
    scope: 'shadow:write',
    params: modelParams,
    body: { kind: 'json', schema: startShadowRunBody },
    result: { status: 202, description: 'The pending run', schema: startedJson },
    errors: [400, 404, 413, 422],
  },
  async ({ database, actor, params, body, request }) => {
    const run = await startShadowRun(database, actor, { ...body, model: params.name });
    const answer: z.input<typeof startedJson> = { id: run.id, status: 'pending', ...runUrls(request, params.name, run.id) };
    return Response.json(answer, { status: 202, headers: { location: answer.url } });
  },
);

export const listShadowRunsEndpoint = endpoint(
  {
    operationId: 'listShadowRuns',
    method: 'GET',
    path: '/models/{name}/shadow-runs',
    tag: 'Monitoring',
    summary: "A model's shadow runs, newest first, a page at a time",
    description: 'Without their summaries (GET a run for its summary). `offset` skips that many runs; a page shorter than `limit` is the last.',
    scope: 'shadow:write',
    params: modelParams,
    query: listWindowQuerySchema,
    result: { status: 200, description: 'A page of runs', schema: z.object({ model: z.string(), limit: z.number().int(), offset: z.number().int(), runs: z.array(runJson) }) },
    errors: [400, 404],
  },
  async ({ database, params, query, request }) => {
    const runs = await listShadowRuns(database, params.name, query);
    return { model: params.name, limit: query.limit, offset: query.offset, runs: runs.map((run) => toRunJson(run, request)) };
  },
);

export const getShadowRunEndpoint = endpoint(
  {
    operationId: 'getShadowRun',
    method: 'GET',
    path: '/models/{name}/shadow-runs/{id}',
    tag: 'Monitoring',
    summary: 'A shadow run: status, progress, and once completed its result summary',
    description:
      "`summary` (null until completed) is the stored result as the portal shows it: agreement, score deltas, both versions' metrics on labelled rows with the accuracy difference's bootstrap interval and McNemar test (classifiers) or MAE, RMSE, R², MAPE with the MAE difference's interval and Wilcoxon test (regression), latency percentiles, slices. 404 for a run of another model.",
    scope: 'shadow:write',
    params: z.object({ name: modelNameSchema, id: z.uuid() }),
    result: { status: 200, description: 'The run', schema: runJson.extend({ summary: z.record(z.string(), z.unknown()).nullable() }) },
    errors: [400, 404],
  },
  async ({ database, params, request }) => {
    const { summary, ...run } = await getModelShadowRun(database, params.name, params.id);
    return { ...toRunJson(run, request), summary: summary as unknown as Record<string, unknown> | null };
  },
);

export const shadowEndpoints = [startShadowRunEndpoint, listShadowRunsEndpoint, getShadowRunEndpoint];
