import type { registeredModels } from '@/db/schema';
import type { rawSql } from '@/server/traffic/raw-sql';
import type { ShadowSummary, SliceRow } from './shadow-summary';

// Per-slice breakdown of a run's results: a categorical feature or protected attribute by
// value (the 50 largest), a numeric feature by the quartiles of the run's own values
// (percentile_cont, NumPy's linear definition), missing values as their own slice.

type Sql = ReturnType<typeof rawSql>;
type Model = Pick<typeof registeredModels.$inferSelect, 'features'>;

export const MISSING_SLICE = '(missing)';
const MAX_SLICES = 50;

const SLICE_COLUMNS = `count(*) as rows,
  count(*) filter (where candidate_label is not null and serving_label is not null) as compared,
  count(*) filter (where candidate_label = serving_label) as agreed,
  avg(candidate_score::float8 - serving_score::float8) as mean_delta,
  count(*) filter (where label is not null and candidate_label is not null and serving_label is not null) as labelled,
  count(*) filter (where label is not null and serving_label is not null and candidate_label = label) as candidate_right,
  count(*) filter (where label is not null and candidate_label is not null and serving_label = label) as serving_right`;

type SliceAggregate = { slice: string | null; rows: string; compared: string; agreed: string; mean_delta: number | null; labelled: string; candidate_right: string; serving_right: string };

function toRow(label: string, r: SliceAggregate): SliceRow {
  const compared = Number(r.compared);
  const labelled = Number(r.labelled);
  return {
    slice: label,
    rows: Number(r.rows),
    agreement: compared === 0 ? null : Number(r.agreed) / compared,
    meanScoreDelta: r.mean_delta === null ? null : Number(r.mean_delta),
    labelled,
    candidateAccuracy: labelled === 0 ? null : Number(r.candidate_right) / labelled,
    servingAccuracy: labelled === 0 ? null : Number(r.serving_right) / labelled,
  };
}

function formatEdge(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(4).replace(/\.?0+$/, '');
}

export async function readSlices(sql: Sql, runId: string, model: Model, feature: string): Promise<NonNullable<ShadowSummary['slices']>> {
  const numeric = model.features.find((f) => f.name === feature)?.type === 'numeric';
  if (!numeric) {
    const rows = await sql.unsafe<SliceAggregate[]>(
      `select slice, ${SLICE_COLUMNS} from shadow_results where run_id = $1 group by slice order by count(*) desc, slice limit ${MAX_SLICES}`,
      [runId],
    );
    return { feature, kind: 'categorical', quartiles: null, rows: rows.map((r) => toRow(r.slice ?? MISSING_SLICE, r)) };
  }
  const [q] = await sql.unsafe<{ q: number[] | null }[]>(
    `select percentile_cont(array[0.25, 0.5, 0.75]) within group (order by slice::float8) as q from shadow_results where run_id = $1 and slice is not null`,
    [runId],
  );
  const quartiles = q?.q?.map(Number) ?? null;
  if (!quartiles) {
    const rows = await sql.unsafe<SliceAggregate[]>(`select null as slice, ${SLICE_COLUMNS} from shadow_results where run_id = $1`, [runId]);
    return { feature, kind: 'numeric', quartiles: null, rows: rows.filter((r) => Number(r.rows) > 0).map((r) => toRow(MISSING_SLICE, r)) };
  }
  const [q1, q2, q3] = quartiles as [number, number, number];
  const rows = await sql.unsafe<(SliceAggregate & { bucket: number | null })[]>(
    `select bucket, ${SLICE_COLUMNS} from (
       select *, case when slice is null then null when slice::float8 <= $2 then 0 when slice::float8 <= $3 then 1 when slice::float8 <= $4 then 2 else 3 end as bucket
       from shadow_results where run_id = $1) r
     group by bucket order by bucket nulls last`,
    [runId, q1, q2, q3],
  );
  const labels = [`≤ ${formatEdge(q1)}`, `${formatEdge(q1)} – ${formatEdge(q2)}`, `${formatEdge(q2)} – ${formatEdge(q3)}`, `> ${formatEdge(q3)}`];
  return { feature, kind: 'numeric', quartiles, rows: rows.map((r) => toRow(r.bucket === null ? MISSING_SLICE : labels[r.bucket]!, r)) };
}
