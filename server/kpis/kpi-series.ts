import { inArray, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '@/db/client';
import { registeredModels, type KpiAggregation } from '@/db/schema';
import { AppError } from '@/server/errors/app-error';
import { requireModel } from '@/server/registry/models-service';
import { getKpiDefinition, type KpiDefinition } from './kpi-definitions-queries';
import { kpiSeriesSchema, type KpiBucket, type KpiSeriesInput } from './kpi-schemas';

// KPI points aggregated over periods, as the definition says they combine: the one place
// that knows sum, mean and rate, for the dashboards, deployment impact and KPI alerts.

const BUCKET_MS: Record<KpiBucket, number> = { hour: 3_600_000, day: 86_400_000 };
const MAX_BUCKETS = 10_000;

/** One period's aggregate. `value` is null when the period has no point (or a rate's Σ denominator is 0). */
export interface KpiAggregate {
  value: number | null;
  points: number;
  /** Σ value (sum and mean KPIs) or Σ numerator (rate KPIs; a bare value counts as numerator over 1). */
  numerator: number;
  /** Number of points (sum and mean) or Σ denominator (rate). */
  denominator: number;
}

export interface KpiSeriesPoint extends KpiAggregate {
  /** Start of the UTC hour or day. */
  start: Date;
}

export interface KpiSeries {
  kpi: KpiDefinition;
  bucket: KpiBucket;
  from: Date;
  to: Date;
  /** Every bucket of [from, to), empty ones included (value null, points 0). */
  points: KpiSeriesPoint[];
}

type Row = {
  key: string | null;
  points: number;
  numerator: number | null;
  denominator: number | null;
};

function valueOf(aggregation: KpiAggregation, row: Pick<Row, 'points' | 'numerator' | 'denominator'>): KpiAggregate {
  const points = Number(row.points);
  const numerator = Number(row.numerator ?? 0);
  const denominator = aggregation === 'rate' ? Number(row.denominator ?? 0) : points;
  if (points === 0) return { value: null, points: 0, numerator: 0, denominator: 0 };
  if (aggregation === 'sum') return { value: numerator, points, numerator, denominator };
  return { value: denominator === 0 ? null : numerator / denominator, points, numerator, denominator };
}

export interface KpiFilter {
  kpiId: string;
  from: Date;
  to: Date;
  /** A model id, `null` for points posted without a model, or undefined for all points. */
  modelId?: string | null;
  segment?: string;
}

function where(filter: KpiFilter): SQL {
  const parts = [sql`kpi_id = ${filter.kpiId}`, sql`time >= ${filter.from.toISOString()}::timestamptz`, sql`time < ${filter.to.toISOString()}::timestamptz`];
  if (filter.modelId === null) parts.push(sql`model_id is null`);
  else if (filter.modelId !== undefined) parts.push(sql`model_id = ${filter.modelId}`);
  if (filter.segment !== undefined) parts.push(sql`segment = ${filter.segment}`);
  return sql.join(parts, sql` and `);
}

async function aggregateBy(executor: Executor, key: SQL, filter: KpiFilter): Promise<Row[]> {
  return (await executor.execute<Row>(sql`
    select ${key} as key, count(*)::int as points,
      sum(coalesce(numerator, value)) as numerator, sum(coalesce(denominator, 1)) as denominator
    from kpi_points where ${where(filter)}
    group by 1 order by 1`)) as unknown as Row[];
}

/** The KPI over one period (alerts, before/after comparisons). */
export async function kpiAggregate(executor: Executor, aggregation: KpiAggregation, filter: KpiFilter): Promise<KpiAggregate> {
  const [row] = await aggregateBy(executor, sql`null::text`, filter);
  return valueOf(aggregation, row ?? { points: 0, numerator: 0, denominator: 0 });
}

async function modelIdOf(executor: Executor, model: string | undefined): Promise<string | undefined> {
  return model === undefined ? undefined : (await requireModel(executor, model)).id;
}

/**
 * A KPI per UTC hour or day over [from, to) — `from` is rounded down to its bucket —
 * optionally for one model (by name) and/or one segment. Reads the (kpi_id, time) index.
 */
export async function kpiSeries(executor: Executor, input: KpiSeriesInput): Promise<KpiSeries> {
  const { kpi: name, bucket, model, segment, ...range } = kpiSeriesSchema.parse(input);
  const kpi = await getKpiDefinition(executor, name);
  const step = BUCKET_MS[bucket];
  const from = new Date(Math.floor(range.from.getTime() / step) * step);
  const count = Math.ceil((range.to.getTime() - from.getTime()) / step);
  if (count > MAX_BUCKETS) throw new AppError('bad_request', `That range holds ${count.toLocaleString('en-US')} ${bucket}s; ask for at most ${MAX_BUCKETS.toLocaleString('en-US')} (use days for long ranges).`);
  const start = sql`(extract(epoch from date_trunc(${bucket}, time, 'UTC')) * 1000)::bigint::text`;
  const rows = await aggregateBy(executor, start, { kpiId: kpi.id, from, to: range.to, modelId: await modelIdOf(executor, model), segment });
  const byStart = new Map(rows.map((r) => [Number(r.key), r]));
  const points = Array.from({ length: count }, (_, i) => {
    const start = from.getTime() + i * step;
    return { start: new Date(start), ...valueOf(kpi.aggregation, byStart.get(start) ?? { points: 0, numerator: 0, denominator: 0 }) };
  });
  return { kpi, bucket, from, to: range.to, points };
}

/** The KPI over [from, to) per model or per segment (null key: points without one). */
export async function kpiBreakdown(executor: Executor, input: { kpi: string; from: Date; to: Date; by: 'model' | 'segment' }): Promise<(KpiAggregate & { key: string | null })[]> {
  const kpi = await getKpiDefinition(executor, input.kpi);
  const rows = await aggregateBy(executor, input.by === 'model' ? sql`model_id::text` : sql`segment`, { kpiId: kpi.id, from: input.from, to: input.to });
  const ids = rows.map((r) => r.key).filter((k): k is string => k !== null);
  const names = input.by === 'model' && ids.length > 0 ? new Map((await executor.select({ id: registeredModels.id, name: registeredModels.name }).from(registeredModels).where(inArray(registeredModels.id, ids))).map((m) => [m.id, m.name])) : null;
  return rows.map((row) => ({ key: names && row.key !== null ? (names.get(row.key) ?? row.key) : row.key, ...valueOf(kpi.aggregation, row) }));
}
