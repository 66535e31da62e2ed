import type { KpiAggregation } from '@/db/schema';
import { modelNameSchema } from '@/server/registry/model-schemas';
import { textProblem } from '@/server/validation/text-checks';
import { kpiNameSchema } from './kpi-schemas';

// Pure validation of a batch of KPI points: every point is checked and every problem
// reported with the point's index, so a client can fix the whole batch in one go.

export const MAX_KPI_POINTS_PER_BATCH = 10_000;
/** Clocks drift; a point stamped more than this ahead of the server is refused. */
export const MAX_FUTURE_MS = 5 * 60_000;
/** Backfills of several years are fine; a point from before this is a unit mistake (seconds vs ms, year 0001). */
export const MAX_AGE_YEARS = 10;
/** Problems listed in a refusal; `total` counts them all. */
export const MAX_REPORTED_PROBLEMS = 100;

const MAX_TEXT = 200;
const FIELDS = new Set(['id', 'kpi', 'time', 'value', 'numerator', 'denominator', 'model', 'segment']);
// ISO-8601 with an explicit offset: a time without one would depend on the sender's zone.
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/i;

export interface KpiPointProblem {
  index: number;
  field: string | null;
  message: string;
}

export interface KnownKpi {
  id: string;
  aggregation: KpiAggregation;
  /** The model the KPI is scoped to, if any. */
  modelId: string | null;
  modelName: string | null;
}

/** A point ready to store. */
export interface KpiPointRow {
  id: string;
  kpiId: string;
  time: Date;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  modelId: string | null;
  segment: string | null;
}

export interface KpiBatchContext {
  kpis: ReadonlyMap<string, KnownKpi>;
  /** Model name → id, for the models the batch names. */
  models: ReadonlyMap<string, string>;
  now: Date;
}

// PostgreSQL text cannot hold NUL (and turns lone surrogates into U+FFFD, merging ids), so both are refused here.
function text(value: unknown, max = MAX_TEXT): string | null {
  return typeof value === 'string' && value.length > 0 && value.length <= max && textProblem(value) === null ? value : null;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 20 ? `${value.slice(0, 20)}…` : value)}`;
  return typeof value === 'number' ? String(value) : `a ${typeof value}`;
}

/** A finite number; NaN, ±Infinity (1e999 in JSON) and numbers sent as strings are refused. */
function finite(value: unknown, field: string, problem: (field: string, message: string) => void): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  problem(field, `${field} must be a finite number, not ${describe(value)}`);
  return null;
}

/** The names the batch refers to, so the caller can look up only those. */
export function namesInBatch(points: readonly unknown[]): { kpis: string[]; models: string[] } {
  const kpis = new Set<string>();
  const models = new Set<string>();
  for (const point of points) {
    if (!point || typeof point !== 'object') continue;
    const { kpi, model } = point as Record<string, unknown>;
    // Only well-formed names are looked up; the others are unknown without asking.
    if (kpiNameSchema.safeParse(kpi).success) kpis.add(kpi as string);
    if (modelNameSchema.safeParse(model).success) models.add(model as string);
  }
  return { kpis: [...kpis], models: [...models] };
}

/**
 * Checks every point of a batch. Returns the rows to store, or every problem found; a
 * batch with any problem is refused whole.
 */
export function validateKpiPoints(points: readonly unknown[], context: KpiBatchContext): { rows: KpiPointRow[]; problems: KpiPointProblem[] } {
  const problems: KpiPointProblem[] = [];
  const rows: KpiPointRow[] = [];
  const seen = new Map<string, number>();
  const earliest = new Date(context.now);
  earliest.setUTCFullYear(earliest.getUTCFullYear() - MAX_AGE_YEARS);
  const latest = context.now.getTime() + MAX_FUTURE_MS;

  points.forEach((point, index) => {
    const before = problems.length;
    const problem = (field: string | null, message: string) => problems.push({ index, field, message });
    if (!point || typeof point !== 'object' || Array.isArray(point)) {
      problem(null, `a point must be an object, not ${describe(point)}`);
      return;
    }
    const p = point as Record<string, unknown>;
    for (const key of Object.keys(p)) if (!FIELDS.has(key)) problem(key, `unknown field '${key}' (expected ${[...FIELDS].join(', ')})`);

    const id = text(p.id);
    if (id === null) problem('id', `id must be a string of 1–${MAX_TEXT} characters of well-formed text without NUL, not ${describe(p.id)}`);
    else if (seen.has(id)) problem('id', `id '${id}' repeats point ${seen.get(id)} of this batch`);
    else seen.set(id, index);

    const kpi = typeof p.kpi === 'string' ? context.kpis.get(p.kpi) : undefined;
    if (typeof p.kpi !== 'string') problem('kpi', `kpi must be the name of a KPI definition, not ${describe(p.kpi)}`);
    else if (!kpi) problem('kpi', `unknown KPI '${p.kpi.slice(0, 100)}': define it first (PUT /api/v1/kpi-definitions/{name})`);

    let time: Date | null = null;
    if (typeof p.time !== 'string' || !ISO_TIME.test(p.time) || Number.isNaN(Date.parse(p.time))) {
      problem('time', `time must be an ISO-8601 date-time with an offset (like 2026-03-01T12:00:00Z), not ${describe(p.time)}`);
    } else {
      time = new Date(p.time);
      if (time.getTime() > latest) problem('time', `time ${p.time} lies more than ${MAX_FUTURE_MS / 60_000} minutes in the future`);
      else if (time < earliest) problem('time', `time ${p.time} is more than ${MAX_AGE_YEARS} years old`);
    }

    const ratio = p.numerator !== undefined || p.denominator !== undefined;
    let value: number | null = null;
    let numerator: number | null = null;
    let denominator: number | null = null;
    if (ratio) {
      if (p.value !== undefined) problem('value', 'send either value or numerator and denominator, not both');
      if (kpi && kpi.aggregation !== 'rate') problem('numerator', `numerator and denominator are for rate KPIs; '${String(p.kpi)}' aggregates by ${kpi.aggregation}, send value`);
      numerator = finite(p.numerator, 'numerator', problem);
      denominator = finite(p.denominator, 'denominator', problem);
      if (denominator !== null && denominator < 0) problem('denominator', 'denominator must not be negative');
    } else {
      value = finite(p.value, 'value', problem);
    }

    let modelId: string | null = kpi?.modelId ?? null;
    if (p.model !== undefined && p.model !== null) {
      const named = typeof p.model === 'string' ? context.models.get(p.model) : undefined;
      if (typeof p.model !== 'string') problem('model', `model must be a model name, not ${describe(p.model)}`);
      else if (!named) problem('model', `unknown model '${p.model.slice(0, 100)}'`);
      else if (kpi?.modelId && named !== kpi.modelId) problem('model', `KPI '${String(p.kpi)}' belongs to model '${kpi.modelName}', not '${p.model}'`);
      else modelId = named;
    }

    let segment: string | null = null;
    if (p.segment !== undefined && p.segment !== null) {
      segment = text(p.segment);
      if (segment === null) problem('segment', `segment must be a string of 1–${MAX_TEXT} characters of well-formed text without NUL, not ${describe(p.segment)}`);
    }

    if (problems.length === before) rows.push({ id: id!, kpiId: kpi!.id, time: time!, value, numerator, denominator, modelId, segment });
  });
  return { rows, problems };
}

/** Whether a stored point says the same as a new one with its id (a harmless replay). */
export function samePoint(stored: KpiPointRow, sent: KpiPointRow): boolean {
  return (
    stored.kpiId === sent.kpiId &&
    stored.time.getTime() === sent.time.getTime() &&
    stored.value === sent.value &&
    stored.numerator === sent.numerator &&
    stored.denominator === sent.denominator &&
    stored.modelId === sent.modelId &&
    stored.segment === sent.segment
  );
}
