import type { Executor } from '@/db/client';
import { AppError } from '@/server/errors/app-error';
import type { Feature, Label } from '@/server/registry/feature-schema';
import type { ValidEvents } from './columnar-events';
import { copyPool } from './copy/copy-connection';
import { copyGrouped } from './copy/copy-groups';
import { asUnavailable } from '@/server/errors/database-errors';
import { scanBatchHead, scanEvents } from './fast-path/event-batch-scanner';
import { EVENT_COPY_COLUMNS, EventCopyRows } from './event-copy-rows';
import { checkEvents, MAX_EVENTS_PER_BATCH, MAX_PROBLEMS_LISTED, validateEvents, type BatchCheck, type Problem, type ValidationContext } from './event-validation';
import { ensurePartitions, forgetPartitions, retentionDays } from './partitions';
import { nestedArrayLiteral, plainArrayLiteral, textArrayLiteral } from './pg-array-literal';
import { rawSql } from './raw-sql';

// Ingestion of inference events: the whole batch is validated first and stored by ONE
// statement — COPY BINARY, encoded while validating, or INSERT … SELECT FROM unnest(…) ON
// CONFLICT DO NOTHING when part of it is already stored — all rows or none (invariant 4). The idempotency key is the
// table's primary key (model_id, request_id, occurred_at): re-sending a batch inserts
// nothing (invariant 3). Event batches are data, not state changes of governed objects, so
// they are not written to the audit log.

const DAY_MS = 86_400_000;

export interface IngestResult {
  received: number;
  inserted: number;
  duplicates: number;
}

export interface TrafficModel {
  id: string;
  name: string;
  taskType: string;
  features: Feature[];
  label: Label;
  /** Version number → version id. */
  versions: Map<number, string>;
}

/** A batch refused as a whole: 400 (or 404 for unknown versions) with per-row problems. */
export class BatchRejectedError extends AppError {
  constructor(
    code: 'bad_request' | 'not_found',
    message: string,
    readonly problems: Problem[],
    readonly total: number,
  ) {
    super(code, message, problems);
  }
}

export function rejectBatch(problems: Problem[], total: number, what = 'batch', code: 'bad_request' | 'not_found' = 'bad_request'): never {
  const listed = total > problems.length ? ` (the first ${problems.length} are listed)` : '';
  throw new BatchRejectedError(code, `The ${what} was refused: ${total} problem${total === 1 ? '' : 's'}${listed}; nothing was stored.`, problems, total);
}

/** The model with its feature schema and version numbers, or 404. */
export async function findTrafficModel(database: Executor, name: string): Promise<TrafficModel> {
  const rows = await rawSql(database).unsafe<{ id: string; name: string; task_type: string; features: Feature[]; label: Label; versions: [number, string][] | null }[]>(
    `select m.id, m.name, m.task_type, m.features, m.label,
       (select json_agg(json_build_array(v.version, v.id)) from model_versions v where v.model_id = m.id) as versions
     from registered_models m where m.name = $1`,
    [name],
    // Once per batch: parsed and planned once per connection rather than every time.
    { prepare: true },
  );
  const row = rows[0];
  if (!row) throw new AppError('not_found', `No model named '${name}'.`);
  return { id: row.id, name: row.name, taskType: row.task_type, features: row.features, label: row.label, versions: new Map(row.versions ?? []) };
}

const INSERT = `insert into inference_events (model_id, request_id, occurred_at, version_id, features, attributes, score, predicted_label, latency_ms, probabilities)
  select $1::uuid, u.r, u.t, u.v, u.f::real[], u.a::jsonb, u.s, u.p, u.l, u.c::real[]
  from unnest($2::text[], $3::timestamptz[], $4::uuid[], $5::text[], $6::text[], $7::real[], $8::text[], $9::real[], $10::text[]) as u(r, t, v, f, a, s, p, l, c)
  on conflict (model_id, request_id, occurred_at) do nothing`;

function insertParameters(modelId: string, events: ValidEvents): string[] {
  return [
    modelId,
    textArrayLiteral(events.requestIds),
    plainArrayLiteral(events.timeTexts),
    plainArrayLiteral(events.versionIds),
    nestedArrayLiteral(events.features),
    textArrayLiteral(events.attributes),
    plainArrayLiteral(events.scores),
    textArrayLiteral(events.predictedLabels),
    plainArrayLiteral(events.latencyMs),
    textArrayLiteral(events.probabilities),
  ];
}

function isMissingPartition(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return e?.code === '23514' && /no partition of relation/.test(e.message ?? '');
}

/** Runs `store` after making sure the days' partitions exist, once more if another process's retention dropped one meanwhile. */
async function withPartitions<T>(database: Executor, days: number[], store: () => Promise<T>): Promise<T> {
  const dates = days.map((d) => new Date(d * DAY_MS));
  await ensurePartitions(database, dates);
  try {
    return await store();
  } catch (error) {
    if (!isMissingPartition(error)) throw error;
    forgetPartitions(database);
    await ensurePartitions(database, dates);
    return store();
  }
}

function daysOf(events: ValidEvents): number[] {
  const days = new Set<number>();
  for (const t of events.times) days.add(Math.floor(t / DAY_MS));
  return [...days];
}

/**
 * Stores validated events by INSERT … SELECT FROM unnest … ON CONFLICT DO NOTHING (works
 * inside a caller's transaction, skips events already stored); creates the partitions of
 * their days first. Returns rows inserted.
 */
export async function storeEvents(database: Executor, modelId: string, events: ValidEvents): Promise<number> {
  if (events.count === 0) return 0;
  return withPartitions(database, daysOf(events), async () => (await rawSql(database).unsafe(INSERT, insertParameters(modelId, events))).count);
}

function refuse(model: TrafficModel, check: Extract<BatchCheck, { ok: false }>): never {
  if (check.onlyUnknownVersions) {
    const list = check.unknownVersions.join(', ');
    throw new BatchRejectedError('not_found', `Model '${model.name}' has no version ${list}; nothing was stored.`, check.problems, check.total);
  }
  rejectBatch(check.problems, check.total);
}

/**
 * The common case, every event new: checked and encoded in one pass, stored by one COPY
 * BINARY (shared with batches arriving at the same moment: copy-groups.ts). Null when COPY
 * is not possible (inside a caller's transaction) or was refused (a key already stored:
 * the batch, or part of it, was sent before) — then the caller takes the INSERT … ON
 * CONFLICT path.
 */
async function copyBatch(database: Executor, model: TrafficModel, events: readonly unknown[], context: ValidationContext): Promise<number | null> {
  const pool = copyPool(database);
  if (!pool) return null;
  const rows = new EventCopyRows(model.id, events.length, model.features.length);
  const check = checkEvents(events, context, rows);
  if (!check.ok) refuse(model, check);
  const data = rows.finish();
  const copied = await withPartitions(database, check.days, () => copyGrouped(pool, 'inference_events', EVENT_COPY_COLUMNS, data, events.length));
  return copied ? events.length : null;
}

function validationContext(model: TrafficModel, now: Date): ValidationContext {
  return {
    features: model.features,
    taskType: model.taskType,
    classes: model.label.classes,
    versions: model.versions,
    earliest: now.getTime() - retentionDays() * DAY_MS,
    latest: now.getTime() + DAY_MS,
  };
}

/** What the general path needs from a fast-path attempt that did not store the batch. */
export interface IngestRetry {
  /** The model the batch names, when the fast path found it (spares a second lookup). */
  model: TrafficModel | null;
  /** False when PostgreSQL refused the batch's COPY (some events already stored): go straight to INSERT … ON CONFLICT. */
  copy: boolean;
}

/**
 * The fast path for a batch's JSON bytes (event-batch-scanner.ts): scanned, encoded and
 * stored by COPY without JSON.parse. `retry` when the batch is left to the general path
 * (ingestEvents on the parsed body): anything unusual or invalid, an unknown model, or a
 * COPY that PostgreSQL refused.
 */
export async function ingestEventBytes(database: Executor, body: Buffer, now = new Date()): Promise<{ stored: IngestResult } | { retry: IngestRetry }> {
  const head = scanBatchHead(body);
  const pool = head && copyPool(database);
  if (!head || !pool) return { retry: { model: null, copy: true } };
  try {
    const model = await findTrafficModel(database, head.model).catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'not_found') return null;
      throw error;
    });
    if (!model) return { retry: { model: null, copy: true } };
    // ~350 bytes of JSON per event of 8 features; the writer grows if that guess is low.
    const rows = new EventCopyRows(model.id, Math.ceil(body.length / 300), model.features.length);
    const scanned = scanEvents(body, head, validationContext(model, now), rows);
    if (!scanned) return { retry: { model, copy: true } };
    const copied = await withPartitions(database, scanned.days, () => copyGrouped(pool, 'inference_events', EVENT_COPY_COLUMNS, rows.finish(), scanned.count));
    return copied ? { stored: { received: scanned.count, inserted: scanned.count, duplicates: 0 } } : { retry: { model, copy: false } };
  } catch (error) {
    throw asUnavailable(error);
  }
}

/**
 * Validates a batch of events for `modelName` whole and stores it in one statement (which
 * concurrent batches may share; each is still stored whole or not at all).
 * Unknown model → 404; unknown version numbers only → 404; any other problem → 400 with
 * per-row details; database unreachable → AppError unavailable (503). `retry` carries what
 * a fast-path attempt learnt (ingestEventBytes).
 */
export async function ingestEvents(database: Executor, modelName: string, events: readonly unknown[], now = new Date(), retry: IngestRetry = { model: null, copy: true }): Promise<IngestResult> {
  if (events.length > MAX_EVENTS_PER_BATCH) throw new AppError('payload_too_large', `At most ${MAX_EVENTS_PER_BATCH} events per batch; got ${events.length}.`);
  const { copy } = retry;
  try {
    const model = retry.model?.name === modelName ? retry.model : await findTrafficModel(database, modelName);
    const context = validationContext(model, now);
    const copied = copy ? await copyBatch(database, model, events, context) : null;
    if (copied !== null) return { received: events.length, inserted: copied, duplicates: 0 };
    const validation = validateEvents(events, context);
    if (!validation.ok) refuse(model, validation);
    const inserted = await storeEvents(database, model.id, validation.events);
    return { received: events.length, inserted, duplicates: events.length - inserted };
  } catch (error) {
    throw asUnavailable(error);
  }
}

export { MAX_EVENTS_PER_BATCH, MAX_PROBLEMS_LISTED };
