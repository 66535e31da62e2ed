import { z } from 'zod';
import { KPI_AGGREGATIONS, KPI_DIRECTIONS } from '@/db/schema';
import { AppError } from '@/server/errors/app-error';
import { modelNameSchema } from '@/server/registry/model-schemas';
import { endpoint } from '@/server/rest/api-endpoint';
import { readRawBody } from '@/server/rest/raw-body';
import { parseJsonBody } from '@/server/traffic/json-body';
import { getKpiDefinition, listKpiDefinitions } from './kpi-definitions-queries';
import { deleteKpiDefinition, saveKpiDefinition } from './kpi-definitions-service';
import { ingestKpiPoints } from './kpi-ingest-service';
import { MAX_AGE_YEARS, MAX_FUTURE_MS, MAX_KPI_POINTS_PER_BATCH, MAX_REPORTED_PROBLEMS } from './kpi-point-validation';
import { kpiNameSchema, putKpiDefinitionBody } from './kpi-schemas';

// Business KPIs over REST: points from batch jobs and BI exports, definitions for
// maintainers' automation. All need a token with the kpis:write scope.

/** 10,000 points with long ids and segments fit; anything larger is not a KPI batch. */
export const MAX_KPI_BODY_BYTES = 8 * 1024 * 1024;

const pointSchema = z.object({
  id: z.string().min(1).max(200).describe('Chosen by the client and unique across all points: the idempotency key (a replay with the same content is counted as a duplicate)'),
  kpi: kpiNameSchema.describe('Name of a KPI definition'),
  time: z.iso.datetime({ offset: true }).describe(`ISO-8601 with offset; at most ${MAX_FUTURE_MS / 60_000} minutes ahead of the server, at most ${MAX_AGE_YEARS} years old`),
  value: z.number().optional().describe('A finite number. Rate KPIs may send numerator and denominator instead (a bare value counts as numerator over 1)'),
  numerator: z.number().optional().describe('Rate KPIs only, with denominator'),
  denominator: z.number().min(0).optional().describe('Rate KPIs only, with numerator'),
  model: modelNameSchema.optional().describe('The model the point is about; a KPI scoped to a model attributes every point to it'),
  segment: z.string().min(1).max(200).optional().describe('A slice such as a region or channel'),
});

const pointsBody = z.object({ points: z.array(pointSchema).min(1).max(MAX_KPI_POINTS_PER_BATCH) });
const pointsEnvelope = z.object({ points: z.array(z.unknown()) }, { error: 'Send {"points": [...]}.' });

const definitionJson = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  unit: z.string(),
  aggregation: z.enum(KPI_AGGREGATIONS),
  direction: z.enum(KPI_DIRECTIONS),
  target: z.number().nullable(),
  alertLow: z.number().nullable(),
  alertHigh: z.number().nullable(),
  model: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.date(),
  updatedBy: z.string(),
  updatedAt: z.date(),
  lastPointAt: z.date().nullable(),
});

type Definition = Awaited<ReturnType<typeof getKpiDefinition>>;
const asJson = ({ modelId: _modelId, ...definition }: Definition) => definition;

function checkJsonRequest(request: Request): void {
  const encoding = (request.headers.get('content-encoding') ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity') throw new AppError('unsupported_media_type', `Content-Encoding '${encoding}' is not supported for KPI points; send plain JSON.`);
  const type = request.headers.get('content-type');
  if (type && !/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) throw new AppError('unsupported_media_type', 'Send the body as application/json.');
}

export const ingestKpiPointsEndpoint = endpoint(
  {
    operationId: 'ingestKpiPoints',
    method: 'POST',
    path: '/kpis',
    tag: 'KPIs',
    summary: 'Post a batch of business KPI points (1–10,000)',
    description: [
      `The batch is validated whole and stored whole, or refused whole: 400 with \`details: [{index, field, message}]\` for every invalid point (the first ${MAX_REPORTED_PROBLEMS}).`,
      `Refused: unknown KPIs or models, values that are not finite numbers (NaN, Infinity, numbers as strings), times without an offset, more than ${MAX_FUTURE_MS / 60_000} minutes ahead or more than ${MAX_AGE_YEARS} years old, duplicate ids within the batch, unknown fields, numerator/denominator on KPIs that are not rates.`,
      'Idempotent on `id`: a point already stored with the same id and content counts as a duplicate (200 when every point was one, 201 otherwise); an id already stored with different content refuses the batch with 409 and the offending indexes.',
      `More than ${MAX_KPI_POINTS_PER_BATCH.toLocaleString('en-US')} points or a body over ${MAX_KPI_BODY_BYTES / 1024 / 1024} MiB: 413.`,
    ].join(' '),
    scope: 'kpis:write',
    body: { kind: 'raw', contentType: 'application/json', description: 'The points', schema: pointsBody },
    result: { status: 201, description: 'Stored', also: [{ status: 200, description: 'Every point was a duplicate; nothing stored' }], schema: z.object({ received: z.number().int(), inserted: z.number().int(), duplicates: z.number().int() }) },
    errors: [400, 409, 413, 415],
  },
  async ({ request, database, actor }) => {
    checkJsonRequest(request);
    const { points } = pointsEnvelope.parse(parseJsonBody(Buffer.from(await readRawBody(request, MAX_KPI_BODY_BYTES))));
    const result = await ingestKpiPoints(database, actor, points);
    return Response.json(result, { status: result.inserted > 0 ? 201 : 200 });
  },
);

export const listKpiDefinitionsEndpoint = endpoint(
  {
    operationId: 'listKpiDefinitions',
    method: 'GET',
    path: '/kpi-definitions',
    tag: 'KPIs',
    summary: 'Every KPI definition (with `model`: the KPIs that model may post)',
    scope: 'kpis:write',
    query: z.object({ model: modelNameSchema.optional() }),
    result: { status: 200, description: 'The definitions, by name', schema: z.object({ definitions: z.array(definitionJson) }) },
    errors: [400],
  },
  async ({ database, query }) => ({ definitions: (await listKpiDefinitions(database, query)).map(asJson) }),
);

const byName = z.object({ name: kpiNameSchema });

export const getKpiDefinitionEndpoint = endpoint(
  {
    operationId: 'getKpiDefinition',
    method: 'GET',
    path: '/kpi-definitions/{name}',
    tag: 'KPIs',
    summary: 'One KPI definition',
    scope: 'kpis:write',
    params: byName,
    result: { status: 200, description: 'The definition', schema: definitionJson },
    errors: [400, 404],
  },
  async ({ database, params }) => asJson(await getKpiDefinition(database, params.name)),
);

export const putKpiDefinitionEndpoint = endpoint(
  {
    operationId: 'putKpiDefinition',
    method: 'PUT',
    path: '/kpi-definitions/{name}',
    tag: 'KPIs',
    summary: 'Create a KPI definition, or replace all its fields',
    description:
      'Idempotent: the same body twice has the effect of one. Omitted optional fields reset to their defaults (no target, no alert bounds, no model). Once a KPI has points, its aggregation and model cannot change (409). Audited.',
    scope: 'kpis:write',
    params: byName,
    body: { kind: 'json', schema: putKpiDefinitionBody },
    result: { status: 200, description: 'Replaced', also: [{ status: 201, description: 'Created' }], schema: definitionJson },
    errors: [400, 404, 409, 413],
  },
  async ({ database, actor, params, body }) => {
    const { definition, created } = await saveKpiDefinition(database, actor, params.name, body);
    return Response.json(asJson(definition), { status: created ? 201 : 200 });
  },
);

export const deleteKpiDefinitionEndpoint = endpoint(
  {
    operationId: 'deleteKpiDefinition',
    method: 'DELETE',
    path: '/kpi-definitions/{name}',
    tag: 'KPIs',
    summary: 'Delete a KPI definition and its points',
    description: 'Refused (409) while alert rules watch the KPI. Audited.',
    scope: 'kpis:write',
    params: byName,
    result: { status: 200, description: 'Deleted', schema: z.object({ name: z.string(), pointsDeleted: z.number().int() }) },
    errors: [400, 404, 409],
  },
  async ({ database, actor, params }) => ({ name: params.name, pointsDeleted: (await deleteKpiDefinition(database, actor, params)).points }),
);

export const kpiEndpoints = [ingestKpiPointsEndpoint, listKpiDefinitionsEndpoint, getKpiDefinitionEndpoint, putKpiDefinitionEndpoint, deleteKpiDefinitionEndpoint];
