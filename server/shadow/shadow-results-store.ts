import type { Executor } from '@/db/client';
import { rawSql } from '@/server/traffic/raw-sql';

// Writes a chunk of shadow results with one set-based statement: every column travels as a
// single array parameter (so the statement has a dozen parameters whatever the row count,
// far from PostgreSQL's 65,535 limit) and unnest() turns them back into rows. Rows already
// present for (run_id, request_id, occurred_at) are skipped, so writing a chunk twice — a
// retried batch after a crash — stores it once.

export interface ShadowResultRows {
  count: number;
  requestIds: string[];
  /** Epoch milliseconds (occurred_at is stored to the millisecond). */
  occurredAt: Float64Array;
  /** NaN = no score. */
  candidateScores: Float32Array;
  candidateLabels: (string | null)[];
  servingScores: Float32Array;
  servingLabels: (string | null)[];
  labels: (string | null)[];
  /** The candidate's inference time per row for this chunk. */
  latencyMs: number;
  /** null when the run has no slice feature. */
  slices: (string | null)[] | null;
}

const NEEDS_QUOTES = /[",\\{}\s]/;

/** A PostgreSQL text[] literal of the first `count` values. */
export function textArrayLiteral(values: readonly (string | null)[], count: number = values.length): string {
  const parts = new Array<string>(count);
  for (let i = 0; i < count; i++) {
    const value = values[i] ?? null;
    if (value === null) parts[i] = 'NULL';
    else if (value.length === 0 || NEEDS_QUOTES.test(value) || value.toUpperCase() === 'NULL') parts[i] = `"${value.replace(/[\\"]/g, '\\$&')}"`;
    else parts[i] = value;
  }
  return `{${parts.join(',')}}`;
}

/** A PostgreSQL numeric array literal; NaN becomes NULL. */
export function numberArrayLiteral(values: ArrayLike<number>, count: number = values.length): string {
  const parts = new Array<string>(count);
  for (let i = 0; i < count; i++) {
    const value = values[i]!;
    parts[i] = Number.isNaN(value) ? 'NULL' : String(value);
  }
  return `{${parts.join(',')}}`;
}

const INSERT_RESULTS = `insert into shadow_results (run_id, request_id, occurred_at, candidate_score, candidate_label, serving_score, serving_label, label, latency_ms, slice)
  select $1::uuid, r.request_id, to_timestamp(r.occurred_ms / 1000.0), r.candidate_score, r.candidate_label, r.serving_score, r.serving_label, r.label, $2::real, r.slice
  from unnest($3::text[], $4::float8[], $5::real[], $6::text[], $7::real[], $8::text[], $9::text[], $10::text[])
    as r(request_id, occurred_ms, candidate_score, candidate_label, serving_score, serving_label, label, slice)
  on conflict (run_id, request_id, occurred_at) do nothing`;

/** The statement's parameters, built up front (the CPU part), so a caller can overlap it with the previous write. */
export type PreparedResults = { count: number; params: (string | number | null)[] };

export function prepareShadowResults(runId: string, rows: ShadowResultRows): PreparedResults {
  const n = rows.count;
  return {
    count: n,
    params: [
      runId,
      Number.isFinite(rows.latencyMs) ? rows.latencyMs : null,
      textArrayLiteral(rows.requestIds, n),
      numberArrayLiteral(rows.occurredAt, n),
      numberArrayLiteral(rows.candidateScores, n),
      textArrayLiteral(rows.candidateLabels, n),
      numberArrayLiteral(rows.servingScores, n),
      textArrayLiteral(rows.servingLabels, n),
      textArrayLiteral(rows.labels, n),
      rows.slices ? textArrayLiteral(rows.slices, n) : `{${new Array<string>(n).fill('NULL').join(',')}}`,
    ],
  };
}

/** Runs a prepared insert (ON CONFLICT DO NOTHING); returns how many rows were new. */
export async function writeShadowResults(executor: Executor, prepared: PreparedResults): Promise<number> {
  if (prepared.count === 0) return 0;
  const result = await rawSql(executor).unsafe(INSERT_RESULTS, prepared.params);
  return result.count;
}

/** Inserts the rows (ON CONFLICT DO NOTHING); returns how many were new. */
export function insertShadowResults(executor: Executor, runId: string, rows: ShadowResultRows): Promise<number> {
  return writeShadowResults(executor, prepareShadowResults(runId, rows));
}
