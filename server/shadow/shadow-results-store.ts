import os from 'node:os';
import type { Executor } from '@/db/client';
import { rawSql } from '@/server/traffic/raw-sql';
import { Dictionary, emptyColumns, LargestDifferences, NO_CODE, type ShadowDifference, type ShadowResultColumns, type SliceColumn } from './shadow-result-columns';

// Stores a batch's results as one shadow_batch_results row and reads a run's back as one set
// of columns. One row per batch instead of one per event: writing a million keyed rows cost
// PostgreSQL more than reading and inferring the events, while a batch's columns are a few
// hundred kilobytes of bytea. The row's key is (run, batch) and it is written with the
// batch's "done" mark, so a retried batch stores nothing twice (ON CONFLICT DO NOTHING).

if (os.endianness() !== 'LE') throw new Error('shadow results are stored as little-endian typed arrays');

const bytes = (values: Float32Array | Int32Array | Float64Array): Buffer => Buffer.from(values.buffer, values.byteOffset, values.byteLength);

const INSERT = `insert into shadow_batch_results (run_id, batch_no, row_count, label_values, candidate_scores, serving_scores,
    candidate_labels, serving_labels, labels, latency_ms, slice_values, slices, serving_versions, largest_differences, numeric_labels)
  values ($1::uuid, $2::int, $3::int, $4::jsonb, $5::bytea, $6::bytea, $7::bytea, $8::bytea, $9::bytea, $10::bytea, $11::jsonb, $12::bytea, $13::jsonb, $14::jsonb, $15::bytea)
  on conflict (run_id, batch_no) do nothing`;

export interface BatchResults {
  columns: ShadowResultColumns;
  /** Events per serving version id. */
  servingVersions: Record<string, number>;
  largestDifferences: ShadowDifference[];
}

/** Stores a batch's results; false when that batch's results were already there. */
export async function writeBatchResults(executor: Executor, runId: string, batchNo: number, results: BatchResults): Promise<boolean> {
  const c = results.columns;
  const slices = c.slices;
  const written = await rawSql(executor).unsafe(INSERT, [
    runId,
    batchNo,
    c.count,
    JSON.stringify(c.labelValues),
    bytes(c.candidateScores),
    bytes(c.servingScores),
    bytes(c.candidateLabels),
    bytes(c.servingLabels),
    bytes(c.labels),
    bytes(c.latencyMs),
    slices?.kind === 'categorical' ? JSON.stringify(slices.dictionary) : null,
    slices ? bytes(slices.kind === 'numeric' ? slices.values : slices.codes) : null,
    JSON.stringify(results.servingVersions),
    JSON.stringify(results.largestDifferences),
    c.numericLabels ? bytes(c.numericLabels) : null,
  ]);
  return written.count === 1;
}

interface StoredBatch {
  batch_no: number;
  row_count: number;
  label_values: string[];
  candidate_scores: Buffer;
  serving_scores: Buffer;
  candidate_labels: Buffer;
  serving_labels: Buffer;
  labels: Buffer;
  latency_ms: Buffer;
  slice_values: string[] | null;
  slices: Buffer | null;
  numeric_labels: Buffer | null;
}

/** Copies one stored column into `target` at row `at`, checking it holds `n` values. */
function copyInto(buffer: Buffer, target: Float32Array | Int32Array | Float64Array, at: number, n: number, what: string): void {
  const size = target.BYTES_PER_ELEMENT;
  if (buffer.byteLength !== n * size) throw new Error(`shadow results: ${what} holds ${buffer.byteLength} bytes for ${n} rows`);
  buffer.copy(new Uint8Array(target.buffer, target.byteOffset + at * size, n * size));
}

/** Copies codes of a batch's own dictionary into `target` as codes of the run's. */
function recodeInto(buffer: Buffer, local: readonly string[], global: Dictionary, target: Int32Array, at: number, n: number, what: string): void {
  copyInto(buffer, target, at, n, what);
  const map = local.map((value) => global.code(value));
  if (map.every((code, i) => code === i)) return;
  for (let i = at; i < at + n; i++) {
    const code = target[i]!;
    if (code !== NO_CODE) target[i] = map[code]!;
  }
}

/**
 * Every stored result of a run as one set of columns, in batch order (the run's event order).
 * `classes` seed the label dictionary; `sliceKind` is the run's slice feature's kind, if any;
 * `numericLabels` reads a regression run's ground-truth column.
 */
export async function readRunResults(
  executor: Executor,
  runId: string,
  classes: readonly string[],
  sliceKind: SliceColumn['kind'] | null,
  options: { numericLabels?: boolean } = {},
): Promise<ShadowResultColumns> {
  const sql = rawSql(executor);
  const count = (await countStoredResults(executor, runId)).events;
  const labels = new Dictionary(classes);
  const slices = new Dictionary();
  const columns = emptyColumns(count, labels, sliceKind, slices, options.numericLabels ?? false);
  let at = 0;
  // A few batches at a time: memory holds the run's columns, not every stored row besides.
  await sql.unsafe<StoredBatch[]>('select * from shadow_batch_results where run_id = $1 order by batch_no', [runId]).cursor(4, (rows) => {
    for (const row of rows) {
      const rowsIn = row.row_count;
      if (at + rowsIn > count) throw new Error('shadow results: more rows than counted (written while being read?)');
      const where = `batch ${row.batch_no}`;
      copyInto(row.candidate_scores, columns.candidateScores, at, rowsIn, `${where} candidate_scores`);
      copyInto(row.serving_scores, columns.servingScores, at, rowsIn, `${where} serving_scores`);
      copyInto(row.latency_ms, columns.latencyMs, at, rowsIn, `${where} latency_ms`);
      recodeInto(row.candidate_labels, row.label_values, labels, columns.candidateLabels, at, rowsIn, `${where} candidate_labels`);
      recodeInto(row.serving_labels, row.label_values, labels, columns.servingLabels, at, rowsIn, `${where} serving_labels`);
      recodeInto(row.labels, row.label_values, labels, columns.labels, at, rowsIn, `${where} labels`);
      if (columns.numericLabels) {
        // A batch stored before its model read numeric truth (a run in flight across an upgrade) has none: no truth, not a guess.
        if (row.numeric_labels) copyInto(row.numeric_labels, columns.numericLabels, at, rowsIn, `${where} numeric_labels`);
        else columns.numericLabels.fill(Number.NaN, at, at + rowsIn);
      }
      const target = columns.slices;
      if (target && !row.slices) throw new Error(`shadow results: ${where} has no slice column`);
      if (target?.kind === 'numeric') copyInto(row.slices!, target.values, at, rowsIn, `${where} slices`);
      if (target?.kind === 'categorical') recodeInto(row.slices!, row.slice_values ?? [], slices, target.codes, at, rowsIn, `${where} slices`);
      at += rowsIn;
    }
  });
  if (at !== count) throw new Error(`shadow results: read ${at} rows of ${count}`);
  return columns;
}

/** How many stored results each serving version id produced. */
export async function readServingVersionCounts(executor: Executor, runId: string): Promise<Map<string, number>> {
  const rows = await rawSql(executor).unsafe<{ version_id: string; n: string }[]>(
    'select v.key as version_id, sum(v.value::bigint) as n from shadow_batch_results r, jsonb_each_text(r.serving_versions) v where r.run_id = $1 group by 1',
    [runId],
  );
  return new Map(rows.map((r) => [r.version_id, Number(r.n)]));
}

/** The run's rows where the versions differ most: the best of every batch's own list. */
export async function readLargestDifferences(executor: Executor, runId: string): Promise<ShadowDifference[]> {
  const rows = await rawSql(executor).unsafe<{ largest_differences: ShadowDifference[] }[]>('select largest_differences from shadow_batch_results where run_id = $1', [runId]);
  const best = new LargestDifferences();
  for (const row of rows) for (const difference of row.largest_differences) best.offer(difference);
  return best.rows;
}

/** How many events of a run have stored results, and in how many batches. */
export async function countStoredResults(executor: Executor, runId: string): Promise<{ events: number; batches: number }> {
  const [row] = await rawSql(executor).unsafe<{ events: string; batches: string }[]>('select coalesce(sum(row_count), 0) as events, count(*) as batches from shadow_batch_results where run_id = $1', [runId]);
  return { events: Number(row?.events ?? 0), batches: Number(row?.batches ?? 0) };
}
