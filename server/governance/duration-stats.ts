import { sql, type SQL } from 'drizzle-orm';

// Median and 90th percentile of durations, computed by PostgreSQL's percentile_cont (the
// same linear interpolation as NumPy's default percentile), in milliseconds: per model and
// for all of them in one pass (grouping sets; the row without a model is the total).

export interface DurationStats {
  count: number;
  medianMs: number | null;
  p90Ms: number | null;
}

/** Keyed by model id; the key `null` holds the figures over every model in scope. */
export type PerModel<T> = Map<string | null, T>;

/** Over a relation `durations(model_id, duration interval)`: count, median and p90 per model and in total. */
export const durationsByModel: SQL = sql`
  select model_id, count(*)::int as count,
    percentile_cont(0.5) within group (order by extract(epoch from duration)) * 1000 as median_ms,
    percentile_cont(0.9) within group (order by extract(epoch from duration)) * 1000 as p90_ms
  from durations group by grouping sets ((model_id), ())`;

type DurationRow = {
  model_id: string | null;
  count: number;
  median_ms: number | string | null;
  p90_ms: number | string | null;
};

const ms = (v: number | string | null | undefined) => (v === null || v === undefined ? null : Number(v));

export const NO_DURATIONS: DurationStats = { count: 0, medianMs: null, p90Ms: null };

export function durationsPerModel(rows: readonly DurationRow[]): PerModel<DurationStats> {
  const out: PerModel<DurationStats> = new Map([[null, NO_DURATIONS]]);
  for (const r of rows) out.set(r.model_id, { count: Number(r.count), medianMs: ms(r.median_ms), p90Ms: ms(r.p90_ms) });
  return out;
}

export type { DurationRow };
