import { performance } from 'node:perf_hooks';
import { createDatabase, closeDatabase } from '@/db/client';
import { readEvents, keysetBoundaries } from '@/server/traffic/event-reader';
import { rawSql } from '@/server/traffic/raw-sql';
const database = createDatabase('postgres://postgres@127.0.0.1:5432/vigil_scratch_shadow');
const sql = rawSql(database);
const [m] = await sql`select * from registered_models`;
const b = await keysetBoundaries(database, m.id, {}, 50000);
for (let rep = 0; rep < 2; rep++) {
let t = performance.now();
let n = 0;
for (let k = 0; k < b.length; k++) n += (await readEvents(database, m.id, { ...(k ? { after: b[k - 1] } : {}), through: b[k] })).count;
console.log('50k batches', n, ((performance.now() - t) / n * 1000).toFixed(2), 'µs/row');
t = performance.now(); n = 0;
for (let k = 0; k < b.length; k++) {
  let after = k ? b[k - 1] : undefined;
  for (;;) {
    const e = await readEvents(database, m.id, { ...(after ? { after } : {}), through: b[k], limit: 16384 });
    n += e.count;
    if (e.count < 16384) break;
    after = { occurredAt: new Date(e.occurredAt[e.count - 1]), requestId: e.requestIds[e.count - 1] };
  }
}
console.log('16k chunks', n, ((performance.now() - t) / n * 1000).toFixed(2), 'µs/row');
}
const r = await sql.unsafe(`explain analyze select request_id, occurred_at from inference_events where model_id = '${m.id}' and occurred_at >= '${b[0].occurredAt.toISOString()}' and (occurred_at > '${b[0].occurredAt.toISOString()}' or request_id collate "C" > '${b[0].requestId}') and occurred_at <= '${b[1].occurredAt.toISOString()}' order by occurred_at, request_id collate "C" limit 16384`);
console.log(r.map((x) => Object.values(x)[0]).join('\n'));
await closeDatabase(database);
