import type postgres from 'postgres';
import { joinCopyStreams } from './copy-binary-writer';
import { copyIn } from './copy-connection';
import { EVENT_COPY_COLUMNS, type EventCopyRows } from './event-copy-rows';
import { ADD_HOURLY_COUNTS, hourlyCountParameters, sumHourCounts } from './hourly-counts';
import { partitionName } from './partitions';

// Group commit for event batches. Besides its work per row, PostgreSQL pays for every
// transaction: setting the COPY up (multi-insert buffers, the partition and its indexes
// opened), the counts' upsert and the commit with its WAL flush — for 1-row COPYs,
// 0.3–0.9 ms of backend CPU each on the benchmark machine, which is 0.3–0.9 µs per event
// in batches of 1,000. So a batch that arrives while every COPY connection is busy waits
// and shares the next transaction with the others waiting; a batch that finds a connection
// free goes at once, so a lone client never waits for company.
//
// A transaction copies straight into the day partitions (one COPY per day its batches
// touch; nearly always one) and adds the rows' hourly counts (hourly-counts.ts): into the
// partitioned table, PostgreSQL would route every row and, because of its counting trigger,
// insert them one by one.
//
// Each batch stays all-or-nothing: when PostgreSQL refuses a shared transaction (a key that
// one of the batches already stored), each batch of the group is copied again on its own,
// and only the ones at fault are refused (their callers then take the INSERT … ON CONFLICT path).

/** Rows per shared statement at most (a few MiB of COPY data). */
export const MAX_GROUP_ROWS = 10_000;

interface Pending {
  batch: EventCopyRows;
  count: number;
  resolve(copied: boolean): void;
  reject(error: unknown): void;
}

interface Queue {
  pending: Pending[];
  writers: number;
}

const queues = new WeakMap<postgres.Sql, Queue>();

/** The first waiting batch and those behind it, up to MAX_GROUP_ROWS rows. */
function takeGroup(pending: Pending[]): Pending[] {
  const first = pending.shift()!;
  const group = [first];
  let rows = first.count;
  for (let i = 0; i < pending.length; ) {
    const next = pending[i]!;
    if (rows + next.count > MAX_GROUP_ROWS) {
      i++;
      continue;
    }
    group.push(next);
    rows += next.count;
    pending.splice(i, 1);
  }
  return group;
}

/** One transaction storing the group's events in their day partitions, with their hourly counts. */
function copyTransaction(pool: postgres.Sql, group: Pending[]): Promise<boolean> {
  const days = new Map<number, Buffer[]>();
  for (const { batch } of group) {
    for (const part of batch.byDay()) days.set(part.day, [...(days.get(part.day) ?? []), part.rows]);
  }
  const copies = [...days]
    .sort(([a], [b]) => a - b)
    .map(([day, streams]) => ({ table: `"${partitionName(day)}"`, rows: joinCopyStreams(streams) }));
  const counts = sumHourCounts(group.map(({ batch }) => batch.hourCounts()));
  return copyIn(pool, EVENT_COPY_COLUMNS, copies, { statement: ADD_HOURLY_COUNTS, parameters: hourlyCountParameters(counts) });
}

async function copyAlone(pool: postgres.Sql, pending: Pending): Promise<void> {
  try {
    pending.resolve(await copyTransaction(pool, [pending]));
  } catch (error) {
    pending.reject(error);
  }
}

async function copyGroup(pool: postgres.Sql, group: Pending[]): Promise<void> {
  if (group.length === 1) return copyAlone(pool, group[0]!);
  let copied: boolean;
  try {
    copied = await copyTransaction(pool, group);
  } catch (error) {
    // The connection failed: nothing of the group was committed.
    for (const batch of group) batch.reject(error);
    return;
  }
  if (copied) for (const batch of group) batch.resolve(true);
  else for (const batch of group) await copyAlone(pool, batch);
}

async function write(pool: postgres.Sql, queue: Queue): Promise<void> {
  try {
    while (queue.pending.length > 0) await copyGroup(pool, takeGroup(queue.pending));
  } finally {
    queue.writers--;
  }
}

/**
 * Stores a batch of `count` checked events (their day partitions must exist) like copyIn —
 * true when committed, false when PostgreSQL refused them — possibly in one transaction
 * with other batches waiting for the same pool.
 */
export function copyEvents(pool: postgres.Sql, batch: EventCopyRows, count: number): Promise<boolean> {
  let queue = queues.get(pool);
  if (!queue) {
    queue = { pending: [], writers: 0 };
    queues.set(pool, queue);
  }
  const done = new Promise<boolean>((resolve, reject) => {
    queue.pending.push({ batch, count, resolve, reject });
  });
  // One writer per COPY connection; each takes whatever has queued up when it is free.
  if (queue.writers < (pool.options.max ?? 1)) {
    queue.writers++;
    void write(pool, queue);
  }
  return done;
}
