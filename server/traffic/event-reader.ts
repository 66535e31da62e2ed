import type postgres from 'postgres';
import type { Executor } from '@/db/client';
import { EventCopyParser } from './copy/binary-copy-parser';
import type { EventBatch, EventCursor, EventRange } from './event-batch';
import { rawSql } from './raw-sql';

// The hot path of shadow replay and drift. Row-by-row reading through postgres.js parses
// every real[] into a JS array and builds an object per row (≈120k rows/s here); instead
// the rows stream as one binary COPY that is decoded straight into the batch's typed
// arrays (see binary-copy-parser.ts), overlapping PostgreSQL's work with ours.
//
// COPY takes no bind parameters, so the few values in the query are inlined as literals
// that cannot carry SQL: a checked UUID, ISO timestamps produced by Date, and request ids
// passed as hex (decode(…, 'hex')), whatever the client's string settings.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type TimeRange = Pick<EventRange, 'from' | 'to'>;

function uuidLiteral(id: string): string {
  if (!UUID.test(id)) throw new Error(`Not a UUID: ${id}`);
  return `'${id}'::uuid`;
}

function timeLiteral(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new Error('Invalid date in event range');
  return `'${date.toISOString()}'::timestamptz`;
}

function textLiteral(value: string): string {
  return `convert_from(decode('${Buffer.from(value, 'utf8').toString('hex')}', 'hex'), 'UTF8')`;
}

// request_id compares with "C" collation, so the keyset order is byte order whatever the database locale.
const REQUEST_ID = 'request_id collate "C"';
const ORDER = `order by occurred_at, ${REQUEST_ID}`;

/** WHERE clause (literals inlined, see above) for a model and a range of time and keyset bounds. */
export function rangeCondition(modelId: string, range: Omit<EventRange, 'limit'>): string {
  const where = [`model_id = ${uuidLiteral(modelId)}`];
  if (range.from) where.push(`occurred_at >= ${timeLiteral(range.from)}`);
  if (range.to) where.push(`occurred_at < ${timeLiteral(range.to)}`);
  if (range.after) {
    const t = timeLiteral(range.after.occurredAt);
    // The redundant first conjunct lets the planner use (model_id, occurred_at) and prune partitions.
    where.push(`occurred_at >= ${t} and (occurred_at > ${t} or ${REQUEST_ID} > ${textLiteral(range.after.requestId)})`);
  }
  if (range.through) {
    const t = timeLiteral(range.through.occurredAt);
    where.push(`occurred_at <= ${t} and (occurred_at < ${t} or ${REQUEST_ID} <= ${textLiteral(range.through.requestId)})`);
  }
  return where.join(' and ');
}

function limitClause(limit: number | undefined): string {
  if (limit === undefined) return '';
  if (!Number.isFinite(limit) || limit < 0) throw new Error('limit must be a non-negative number');
  return ` limit ${Math.floor(limit)}`;
}

async function featureWidth(sql: postgres.Sql, modelId: string): Promise<number> {
  const rows = await sql.unsafe<{ width: number }[]>('select jsonb_array_length(features) as width from registered_models where id = $1', [modelId]);
  return rows[0]?.width ?? 0;
}

/**
 * A model's events within `range`, ordered by (occurred_at, request_id): `from`/`to` bound
 * the time (`to` exclusive), `after` (exclusive) and `through` (inclusive) are keyset
 * cursors, `limit` caps the rows. Features come in the model's schema order (categoricals as
 * category index, −1 unseen) with NaN for missing values; `width` is the model's feature
 * count. Timestamps are stored to the millisecond, so cursors built from `occurredAt` are exact.
 */
export async function readEvents(database: Executor, modelId: string, range: EventRange = {}): Promise<EventBatch> {
  const sql = rawSql(database);
  const query = `copy (select request_id, occurred_at, version_id, features, score, predicted_label, label, latency_ms, attributes, probabilities
    from inference_events where ${rangeCondition(modelId, range)} ${ORDER}${limitClause(range.limit)}) to stdout (format binary)`;
  const parser = new EventCopyParser(await featureWidth(sql, modelId), Math.min(Math.max(range.limit ?? 65_536, 16), 1_048_576));
  await copyOut(sql, query, (chunk) => parser.push(chunk));
  return parser.batch();
}

/**
 * Runs a `COPY … TO STDOUT` and hands each chunk to `onChunk`. postgres.js 3.4 can leave the
 * connection's socket paused when the last CopyData and CopyDone arrive in one chunk while
 * the stream is over its high-water mark (porsager/postgres#499, fix pending in #1016): the
 * next query on that connection would hang. Calling the stream's read hook once more after
 * the end resumes the socket; on a flowing socket it is a no-op.
 */
async function copyOut(sql: postgres.Sql, query: string, onChunk: (chunk: Buffer) => void): Promise<void> {
  const stream = await sql.unsafe(query).readable();
  try {
    // 'data' events, not for-await: one CopyData message per row makes async iteration the bottleneck.
    await new Promise<void>((resolve, reject) => {
      stream.on('data', (chunk: Buffer) => {
        try {
          onChunk(chunk);
        } catch (error) {
          stream.destroy(error as Error);
        }
      });
      stream.once('end', resolve);
      stream.once('error', reject);
    });
  } finally {
    (stream as unknown as { _read?: (size: number) => void })._read?.(0);
  }
}

/** Number of a model's events in [from, to). */
export async function countEvents(database: Executor, modelId: string, range: TimeRange = {}): Promise<number> {
  const rows = await rawSql(database).unsafe<{ n: string }[]>(`select count(*) as n from inference_events where ${rangeCondition(modelId, range)}`);
  return Number(rows[0]?.n ?? 0);
}

const CURSOR_COLUMNS = `to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as t, request_id as id`;

/**
 * The cursor of every `batchSize`-th event in `range` (rows batchSize, 2·batchSize, …) and
 * of the last one, so consecutive cursors bound the batches of a window: batch 0 is
 * `{ ...range, through: b[0] }`, batch k is `{ ...range, after: b[k−1], through: b[k] }`.
 * Empty when the range holds no events. Two statements in the caller's snapshot: one numbers
 * the rows in keyset order (a window that needs no look-ahead, so nothing is buffered), the
 * other reads the last row backwards through the index.
 */
export async function keysetBoundaries(database: Executor, modelId: string, range: Omit<EventRange, 'limit'>, batchSize: number): Promise<EventCursor[]> {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error('batchSize must be a positive integer');
  const sql = rawSql(database);
  const where = rangeCondition(modelId, range);
  const every = await sql.unsafe<{ t: string; id: string }[]>(
    `select ${CURSOR_COLUMNS} from (
       select occurred_at, request_id, row_number() over (${ORDER}) as rn
       from (select occurred_at, request_id from inference_events where ${where} ${ORDER}) w
     ) numbered where rn % ${batchSize} = 0 order by rn`,
  );
  const [last] = await sql.unsafe<{ t: string; id: string }[]>(`select ${CURSOR_COLUMNS} from inference_events where ${where} order by occurred_at desc, ${REQUEST_ID} desc limit 1`);
  const rows = last && (every.at(-1)?.t !== last.t || every.at(-1)?.id !== last.id) ? [...every, last] : every;
  return rows.map((r) => ({ occurredAt: new Date(r.t), requestId: r.id }));
}
