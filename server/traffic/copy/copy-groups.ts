import type postgres from 'postgres';
import { joinCopyStreams } from './copy-binary-writer';
import { copyIn } from './copy-connection';

// Group commit for event batches: a batch that arrives while every COPY connection is busy
// waits and shares the next statement with the others waiting; a batch that finds a
// connection free goes at once, so a lone client never waits for company. Larger statements
// cost PostgreSQL a little less per row, but not enough to delay a batch to wait for more
// (bench/README.md has the figures).
//
// Each batch stays all-or-nothing: when PostgreSQL refuses a shared COPY (a key that one
// of the batches already stored), each batch of the group is copied again on its own, and
// only the ones at fault are refused (their callers then take the INSERT … ON CONFLICT path).

/** Rows per shared statement at most (a few MiB of COPY data). */
export const MAX_GROUP_ROWS = 10_000;

interface Pending {
  /** `copy <table> (<columns>)`: only batches for the same target share a statement. */
  target: string;
  table: string;
  columns: readonly string[];
  rows: Buffer;
  count: number;
  resolve(copied: boolean): void;
  reject(error: unknown): void;
}

interface Queue {
  pending: Pending[];
  writers: number;
}

const queues = new WeakMap<postgres.Sql, Queue>();

/** The first waiting batch and those behind it for the same target, up to MAX_GROUP_ROWS rows. */
function takeGroup(pending: Pending[]): Pending[] {
  const first = pending.shift()!;
  const group = [first];
  let rows = first.count;
  for (let i = 0; i < pending.length; ) {
    const next = pending[i]!;
    if (next.target !== first.target || rows + next.count > MAX_GROUP_ROWS) {
      i++;
      continue;
    }
    group.push(next);
    rows += next.count;
    pending.splice(i, 1);
  }
  return group;
}

async function copyAlone(pool: postgres.Sql, batch: Pending): Promise<void> {
  try {
    batch.resolve(await copyIn(pool, batch.table, batch.columns, batch.rows));
  } catch (error) {
    batch.reject(error);
  }
}

async function copyGroup(pool: postgres.Sql, group: Pending[]): Promise<void> {
  if (group.length === 1) return copyAlone(pool, group[0]!);
  const { table, columns } = group[0]!;
  let copied: boolean;
  try {
    copied = await copyIn(pool, table, columns, joinCopyStreams(group.map((batch) => batch.rows)));
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
 * Stores `rows` (a whole COPY BINARY stream of `count` tuples) into `table (columns)` like
 * copyIn — true when committed, false when PostgreSQL refused them — possibly in one
 * statement and transaction with other batches waiting for the same pool.
 */
export function copyGrouped(pool: postgres.Sql, table: string, columns: readonly string[], rows: Buffer, count: number): Promise<boolean> {
  let queue = queues.get(pool);
  if (!queue) {
    queue = { pending: [], writers: 0 };
    queues.set(pool, queue);
  }
  const done = new Promise<boolean>((resolve, reject) => {
    queue.pending.push({ target: `${table} (${columns.join(', ')})`, table, columns, rows, count, resolve, reject });
  });
  // One writer per COPY connection; each takes whatever has queued up when it is free.
  if (queue.writers < (pool.options.max ?? 1)) {
    queue.writers++;
    void write(pool, queue);
  }
  return done;
}
