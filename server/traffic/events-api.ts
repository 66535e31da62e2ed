import { z } from 'zod';
import { int4 } from '@/server/validation/input-primitives';
import { AppError } from '@/server/errors/app-error';
import { modelNameSchema } from '@/server/registry/model-schemas';
import { MAX_EVENTS_PER_BATCH } from './event-validation';
import { ingestEventBytes, ingestEvents } from './ingest-service';
import { MAX_LABELS_PER_BATCH, recordLabels } from './labels-service';
import { trafficEndpoint } from './traffic-endpoint';

// Zod documents the bodies (OpenAPI) and checks the envelope; rows are checked by the
// hand-written batch validator, which reports {row, field, reason} per problem.

const scalar = z.union([z.string().max(200), z.number(), z.boolean(), z.null()]);

const eventSchema = z.object({
  requestId: z.string().min(1).max(200).describe('Unique per model; with `time`, the idempotency key'),
  time: z.iso.datetime({ offset: true }).describe('When the prediction was made, ISO-8601 with offset; kept to the millisecond'),
  version: int4().describe('Number of the model version that served the prediction'),
  features: z
    .record(z.string(), z.union([z.number(), z.string(), z.null()]))
    .describe('Every declared feature: a number (numeric) or a string (categorical; unlisted categories are stored as −1 "unseen"); null = missing'),
  prediction: z
    .object({
      score: z.number().optional().describe('Positive-class probability in [0, 1] for classifiers; the predicted value for regression'),
      label: z.string().min(1).max(200).optional(),
      probabilities: z
        .union([z.array(z.number().min(0).max(1)), z.record(z.string(), z.number().min(0).max(1))])
        .optional()
        .describe("Multiclass models only: every class's probability, as an array in the model's declared class order or an object {class: probability}; one per class, each in [0, 1], summing to 1 ± 0.001. Enables log loss, one-vs-rest ROC AUC and estimated (CBPE) performance."),
    })
    .describe('At least one of score and label; multiclass models may add probabilities'),
  latencyMs: z.number().min(0).optional(),
  attributes: z.record(z.string(), scalar).optional().describe('Up to 32 scalar values, e.g. protected attributes (gender, age_band) for fairness slices'),
});

const eventsBody = z.object({ model: modelNameSchema, events: z.array(eventSchema).min(1).max(MAX_EVENTS_PER_BATCH) });
const eventsEnvelope = z.object({ model: modelNameSchema, events: z.array(z.unknown()).min(1, 'send at least one event') });

const labelsBody = z.object({ model: modelNameSchema, labels: z.array(z.object({ requestId: z.string().min(1).max(200), label: z.string().min(1).max(200) })).min(1).max(MAX_LABELS_PER_BATCH) });
const labelsEnvelope = z.object({ model: modelNameSchema, labels: z.array(z.unknown()).min(1, 'send at least one label') });

export const ingestEventsEndpoint = trafficEndpoint(
  {
    operationId: 'ingestEvents',
    method: 'POST',
    path: '/events',
    tag: 'Traffic',
    summary: 'Log a batch of inference events (1–10,000)',
    description: [
      'The batch is validated whole against the model\'s feature schema and stored whole, or refused whole (400 with `details: [{row, field, reason}]`, the first 100, and `total`).',
      'Every declared feature must be present (null = missing); unknown feature names, wrong types, non-numbers such as "NaN" for numeric features, numbers that do not fit a 4-byte float (features, score and latency are stored as real) and duplicate requestIds within the batch are refused.',
      'A multiclass event may carry `prediction.probabilities` (every declared class once, each in [0, 1], summing to 1 ± 0.001; refused for other task types).',
      'A categorical value the schema does not list is stored as category −1 ("unseen") so it shows up as drift.',
      'Times older than the retention period or more than a day ahead are refused.',
      'Re-sending a batch is harmless: events already stored under the same (requestId, time) count as `duplicates` (200 when nothing was new, 201 otherwise).',
      'Send `Content-Encoding: gzip` to compress (≤ 16 MiB compressed, ≤ 32 MiB of JSON). 503 means the database is unreachable: retry the same batch later.',
    ].join(' '),
    scope: 'events:write',
    body: { kind: 'raw', contentType: 'application/json', description: 'The model and its events; may be gzip-compressed', schema: eventsBody },
    result: { status: 201, description: 'Stored', also: [{ status: 200, description: 'Every event was a duplicate; nothing stored' }], schema: z.object({ received: z.number().int(), inserted: z.number().int(), duplicates: z.number().int() }) },
    errors: [400, 404, 413, 415, 503],
  },
  async ({ database, bytes, json }) => {
    const fast = await ingestEventBytes(database, bytes);
    if ('stored' in fast) return Response.json(fast.stored, { status: 201 });
    const { model, events } = eventsEnvelope.parse(json());
    if (events.length > MAX_EVENTS_PER_BATCH) throw new AppError('payload_too_large', `At most ${MAX_EVENTS_PER_BATCH} events per batch; got ${events.length}. Split the batch.`);
    const result = await ingestEvents(database, model, events, new Date(), fast.retry);
    return Response.json(result, { status: result.inserted > 0 ? 201 : 200 });
  },
);

export const recordLabelsEndpoint = trafficEndpoint(
  {
    operationId: 'recordLabels',
    method: 'POST',
    path: '/labels',
    tag: 'Traffic',
    summary: 'Attach ground-truth labels to logged events (1–10,000)',
    description:
      'Sets the label of the model\'s events by requestId. Invalid rows refuse the whole batch (400, per-row details); requestIds that match no event are listed in `unknown` and do not fail the batch. Labels must be one of the model\'s classes when it declares them; a regression model\'s labels must be finite decimal numbers as text ("1520.5", "-3e2").',
    scope: 'events:write',
    body: { kind: 'raw', contentType: 'application/json', description: 'The model and its labels; may be gzip-compressed', schema: labelsBody },
    result: { status: 200, description: 'Labels attached', schema: z.object({ updated: z.number().int(), unknown: z.array(z.string()) }) },
    errors: [400, 404, 413, 415, 503],
  },
  async ({ database, json }) => {
    const { model, labels } = labelsEnvelope.parse(json());
    if (labels.length > MAX_LABELS_PER_BATCH) throw new AppError('payload_too_large', `At most ${MAX_LABELS_PER_BATCH} labels per batch; got ${labels.length}. Split the batch.`);
    return Response.json(await recordLabels(database, model, labels), { status: 200 });
  },
);

export const trafficEndpoints = [ingestEventsEndpoint, recordLabelsEndpoint];
