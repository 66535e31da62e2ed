// Byte-scanner benchmark: the fast path of POST /api/v1/events on its own, without HTTP or
// PostgreSQL — 50 distinct batches of 1,000 credit events (the ingestion bench's bodies)
// scanned, validated and encoded as COPY BINARY rows, 4 times over, in 12 rounds. Prints the
// best and the median round in µs per event, beside, measured in the same run on the same
// bytes: JSON.parse of the body (where the general path starts, before any validation) and
// a bare loop that reads every byte once (the floor for anything that looks at every byte).
// Run: npm run bench:scan
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { CREDIT_FEATURES } from '@/demo/samples/credit-data';
import { scanBatchHead, scanEvents } from '@/server/traffic/fast-path/event-batch-scanner';
import { EventCopyRows } from '@/server/traffic/event-copy-rows';
import type { ValidationContext } from '@/server/traffic/event-validation';
import { creditEvents } from './credit-events';

const BATCHES = 50;
const BATCH = 1_000;
const REPEATS = 4;
const ROUNDS = 12;
const DAY = 86_400_000;
const MODEL_ID = '00000000-0000-4000-8000-000000000001';
const VERSION_ID = '00000000-0000-4000-8000-000000000002';

const now = Date.now();
const bodies = Array.from({ length: BATCHES }, (_, b) => Buffer.from(JSON.stringify({ model: 'bench-credit', events: creditEvents(b * BATCH, BATCH, BATCHES * BATCH, now) })));
const context: ValidationContext = {
  features: CREDIT_FEATURES,
  taskType: 'binary_classification',
  classes: ['repaid', 'defaulted'],
  versions: new Map([[1, VERSION_ID]]),
  earliest: now - 30 * DAY,
  latest: now + DAY,
};

/** µs per event of `work` over every body, best and median of ROUNDS rounds. */
function measure(work: (body: Buffer) => number): { best: number; median: number } {
  const perEvent: number[] = [];
  let sink = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const started = performance.now();
    for (let r = 0; r < REPEATS; r++) for (const body of bodies) sink += work(body);
    perEvent.push(((performance.now() - started) * 1000) / (REPEATS * BATCHES * BATCH));
  }
  // Use the results, so the optimizing compiler cannot drop the work as dead code.
  if (sink === -1) console.log('');
  perEvent.sort((a, b) => a - b);
  return { best: perEvent[0]!, median: perEvent[Math.floor(ROUNDS / 2)]! };
}

function scan(body: Buffer): number {
  const head = scanBatchHead(body);
  const rows = new EventCopyRows(MODEL_ID, Math.ceil(body.length / 300), CREDIT_FEATURES.length);
  const scanned = head && scanEvents(body, head, context, rows);
  if (!scanned) throw new Error('the scanner left a benchmark batch to the general path');
  return rows.finish().length;
}

function parse(body: Buffer): number {
  return (JSON.parse(body.toString('utf8')) as { events: unknown[] }).events.length;
}

function readBytes(body: Buffer): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum = (sum + body[i]!) | 0;
  return sum;
}

const cpus = os.cpus();
const bytes = bodies.reduce((n, b) => n + b.length, 0);
console.log(`machine: ${cpus[0]?.model ?? 'unknown CPU'} × ${cpus.length}, Node ${process.version}; ${BATCHES} batches of ${BATCH} events, ${(bytes / BATCHES / BATCH).toFixed(0)} bytes of JSON per event`);
const format = ({ best, median }: { best: number; median: number }) => `${best.toFixed(2)} µs per event (median round ${median.toFixed(2)})`;
console.log(`scan + validate + encode COPY BINARY: ${format(measure(scan))}`);
console.log(`JSON.parse alone (no validation, no encoding): ${format(measure(parse))}`);
console.log(`bare loop reading every byte once: ${format(measure(readBytes))}`);
