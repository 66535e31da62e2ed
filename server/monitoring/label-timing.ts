import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';

/** How late ground truth arrives for a model, from the labels it has received. */
export interface LabelTiming {
  /** Start of the newest UTC hour with a labelled event (from the hourly rollups); null before the first label. */
  lastLabelledHour: Date | null;
  /** When the newest label of that day arrived. */
  lastLabelArrivedAt: Date | null;
  /** Median of (labelled at − occurred at) over the labelled events of the day up to that hour, in seconds. */
  medianDelaySeconds: number | null;
  /** How many labelled events the median is over. */
  sampled: number;
}

/**
 * The label delay as the data shows it: the newest labelled hour comes from the hourly rollups
 * (never a scan of the events); the delay is measured on the labelled events of the 24 hours
 * up to and including that hour, so the query reads one day's partitions at most.
 */
export async function labelTiming(database: Database, modelId: string): Promise<LabelTiming> {
  const [latest] = await database.execute<{ hour: string | null }>(sql`select max(hour) as hour from traffic_hourly where model_id = ${modelId} and labeled > 0`);
  if (!latest?.hour) return { lastLabelledHour: null, lastLabelArrivedAt: null, medianDelaySeconds: null, sampled: 0 };
  const hour = new Date(latest.hour);
  const [delay] = await database.execute<{ median: number | null; arrived: string | null; sampled: number }>(sql`
    select percentile_cont(0.5) within group (order by extract(epoch from labeled_at - occurred_at)) as median,
           max(labeled_at) as arrived, count(*)::int as sampled
    from inference_events
    where model_id = ${modelId} and labeled_at is not null
      and occurred_at >= ${new Date(hour.getTime() - 23 * 3_600_000).toISOString()}::timestamptz
      and occurred_at < ${new Date(hour.getTime() + 3_600_000).toISOString()}::timestamptz`);
  return {
    lastLabelledHour: hour,
    lastLabelArrivedAt: delay?.arrived ? new Date(delay.arrived) : null,
    medianDelaySeconds: delay?.median === null || delay?.median === undefined ? null : Math.max(0, Number(delay.median)),
    sampled: delay?.sampled ?? 0,
  };
}
