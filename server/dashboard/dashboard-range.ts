import { z } from 'zod';
import { MAX_DATE, MIN_DATE } from '@/server/validation/input-primitives';

// The time range of a model dashboard: a preset or custom UTC days, a bucket (hour or day),
// and "compare with the previous period". It lives in the page's URL, so a pasted link opens
// the same view; pure and client-safe (the page builds its links with it).

export const RANGE_PRESETS = ['24h', '7d', '30d', '90d'] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];
export const RANGE_LABELS: Record<RangePreset | 'custom', string> = { '24h': '24 h', '7d': '7 d', '30d': '30 d', '90d': '90 d', custom: 'Custom' };
export const BUCKETS = ['hour', 'day'] as const;
export type Bucket = (typeof BUCKETS)[number];

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
export const BUCKET_MS: Record<Bucket, number> = { hour: HOUR_MS, day: DAY_MS };
const PRESET_HOURS: Record<RangePreset, number> = { '24h': 24, '7d': 168, '30d': 720, '90d': 2160 };
/** Hourly points beyond a month make unreadable charts; ask for days. */
export const MAX_HOURLY_BUCKETS = 31 * 24;
/** Custom ranges up to a year (retention keeps 90 days by default; older days are simply empty). */
export const MAX_CUSTOM_DAYS = 366;

const HOURLY_LIMIT = `Hourly points are limited to ${MAX_HOURLY_BUCKETS / 24} days; choose days for longer ranges.`;
const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a UTC day as YYYY-MM-DD')
  .refine((day) => day >= MIN_DATE.toISOString().slice(0, 10) && day <= MAX_DATE.toISOString().slice(0, 10), `expected a day from ${MIN_DATE.getUTCFullYear()} on`);

export const dashboardRangeSchema = z
  .object({
    range: z.enum([...RANGE_PRESETS, 'custom']).default('7d'),
    /** Custom ranges: first and last UTC day, both included. */
    from: isoDay.optional(),
    to: isoDay.optional(),
    /** Default: hours up to 7 days, days beyond. */
    bucket: z.enum(BUCKETS).optional(),
    compare: z.boolean().default(false),
  })
  .superRefine((r, ctx) => {
    if (r.range !== 'custom') {
      if (r.from !== undefined || r.to !== undefined) ctx.addIssue({ code: 'custom', message: 'from and to belong to a custom range.', path: ['from'] });
      if (r.bucket === 'hour' && PRESET_HOURS[r.range] > MAX_HOURLY_BUCKETS) ctx.addIssue({ code: 'custom', message: HOURLY_LIMIT, path: ['bucket'] });
      return;
    }
    if (r.from === undefined || r.to === undefined) return ctx.addIssue({ code: 'custom', message: 'A custom range needs from and to (YYYY-MM-DD).', path: ['from'] });
    const from = Date.parse(`${r.from}T00:00:00Z`);
    const to = Date.parse(`${r.to}T00:00:00Z`);
    if (!Number.isFinite(from) || !Number.isFinite(to) || new Date(from).toISOString().slice(0, 10) !== r.from || new Date(to).toISOString().slice(0, 10) !== r.to) {
      return ctx.addIssue({ code: 'custom', message: 'Not a calendar day.', path: ['from'] });
    }
    const days = (to - from) / DAY_MS + 1;
    if (to < from) ctx.addIssue({ code: 'custom', message: 'The range ends before it starts.', path: ['to'] });
    else if (days > MAX_CUSTOM_DAYS) ctx.addIssue({ code: 'custom', message: `At most ${MAX_CUSTOM_DAYS} days.`, path: ['to'] });
    else if (r.bucket === 'hour' && days * 24 > MAX_HOURLY_BUCKETS) ctx.addIssue({ code: 'custom', message: HOURLY_LIMIT, path: ['bucket'] });
  });

export type DashboardRangeInput = z.input<typeof dashboardRangeSchema>;
export type DashboardRangeRequest = z.output<typeof dashboardRangeSchema>;

export interface ResolvedRange {
  range: RangePreset | 'custom';
  bucket: Bucket;
  /** Start of the first bucket. */
  from: Date;
  /** End of the last bucket (exclusive); for presets the end of the current hour or day. */
  to: Date;
  buckets: number;
  compare: boolean;
  /** The same span just before `from`. */
  previous: { from: Date; to: Date };
}

/** The bucket boundaries of a (validated) request at `now`. */
export function resolveRange(request: DashboardRangeRequest, now: Date): ResolvedRange {
  let from: number;
  let to: number;
  let bucket: Bucket;
  if (request.range === 'custom') {
    from = Date.parse(`${request.from}T00:00:00Z`);
    to = Date.parse(`${request.to}T00:00:00Z`) + DAY_MS;
    bucket = request.bucket ?? (to - from <= 7 * DAY_MS ? 'hour' : 'day');
  } else {
    const hours = PRESET_HOURS[request.range];
    bucket = request.bucket ?? (hours <= 168 ? 'hour' : 'day');
    const step = BUCKET_MS[bucket];
    to = Math.floor(now.getTime() / step) * step + step;
    from = to - Math.ceil((hours * HOUR_MS) / step) * step;
  }
  const buckets = (to - from) / BUCKET_MS[bucket];
  const span = to - from;
  return { range: request.range, bucket, from: new Date(from), to: new Date(to), buckets, compare: request.compare, previous: { from: new Date(from - span), to: new Date(from) } };
}

type SearchParams = Record<string, string | string[] | undefined>;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** The request a page's search params describe; unreadable params give the default (7 days) and say why. */
export function rangeFromSearchParams(params: SearchParams): { request: DashboardRangeRequest; problem: string | null } {
  const parsed = dashboardRangeSchema.safeParse({
    range: first(params.range),
    from: first(params.from),
    to: first(params.to),
    bucket: first(params.bucket),
    compare: first(params.compare) === '1',
  });
  if (parsed.success) return { request: parsed.data, problem: null };
  return { request: dashboardRangeSchema.parse({ compare: first(params.compare) === '1' }), problem: parsed.error.issues.map((i) => i.message).join(' ') };
}

/** The search string of a request ("?range=30d&compare=1"), defaults left out. */
export function rangeSearch(request: DashboardRangeInput): string {
  const params = new URLSearchParams();
  if (request.range && request.range !== '7d') params.set('range', request.range);
  if (request.range === 'custom') {
    if (request.from) params.set('from', request.from);
    if (request.to) params.set('to', request.to);
  }
  if (request.bucket) params.set('bucket', request.bucket);
  if (request.compare) params.set('compare', '1');
  const text = params.toString();
  return text ? `?${text}` : '';
}
