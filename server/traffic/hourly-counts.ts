import { plainArrayLiteral } from './pg-array-literal';

// traffic_hourly keeps per (model, hour) how many events there are, how many are labeled
// and how many carry no prediction (migration 0006). Statements on inference_events itself
// keep it by statement-level triggers. Ingestion's COPY goes straight into the day
// partitions instead (copy-groups.ts), where those triggers do not fire, and adds its rows'
// counts by this upsert in the same transaction — the counts still commit or roll back
// with the rows. Why: with a transition-table trigger on the partitioned table, PostgreSQL
// copies into it row by row instead of in multi-row batches (copyfrom.c, CIM_SINGLE).

/** Events of one model in one hour (epoch ms of its start) that a statement stores. */
export interface HourCount {
  modelId: string;
  hour: number;
  events: number;
  withoutPrediction: number;
}

/**
 * Adds copied events to their hours. New events carry no label (COPY leaves the column
 * out), so `labeled` stays. Rows are upserted in (model, hour) order, as the triggers do,
 * so concurrent transactions over the same hours queue on the same rows instead of deadlocking.
 */
export const ADD_HOURLY_COUNTS = `insert into traffic_hourly as t (model_id, hour, events, labeled, without_prediction)
  select m, h, e, 0, w from unnest($1::uuid[], $2::timestamptz[], $3::bigint[], $4::bigint[]) as u(m, h, e, w)
  order by m, h
  on conflict (model_id, hour) do update set events = t.events + excluded.events,
    without_prediction = t.without_prediction + excluded.without_prediction`;

/** The counts of several statements' worth of events summed per (model, hour), in upsert order. */
export function sumHourCounts(lists: readonly (readonly HourCount[])[]): HourCount[] {
  const sums = new Map<string, HourCount>();
  for (const list of lists) {
    for (const c of list) {
      const key = `${c.modelId} ${c.hour}`;
      const sum = sums.get(key);
      if (sum) {
        sum.events += c.events;
        sum.withoutPrediction += c.withoutPrediction;
      } else sums.set(key, { ...c });
    }
  }
  return [...sums.values()].sort((a, b) => (a.modelId < b.modelId ? -1 : a.modelId > b.modelId ? 1 : a.hour - b.hour));
}

/** ADD_HOURLY_COUNTS's parameters for `counts`. */
export function hourlyCountParameters(counts: readonly HourCount[]): string[] {
  return [
    plainArrayLiteral(counts.map((c) => c.modelId)),
    plainArrayLiteral(counts.map((c) => new Date(c.hour).toISOString())),
    plainArrayLiteral(counts.map((c) => c.events)),
    plainArrayLiteral(counts.map((c) => c.withoutPrediction)),
  ];
}
