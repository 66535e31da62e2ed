import { performance } from 'node:perf_hooks';
import { createDatabase, closeDatabase } from '@/db/client';
import { readEvents } from '@/server/traffic/event-reader';
import { rawSql } from '@/server/traffic/raw-sql';
import { numberArrayLiteral, textArrayLiteral } from '@/server/shadow/shadow-results-store';
const database = createDatabase('postgres://postgres@127.0.0.1:5432/vigil_scratch_shadow');
const sql = rawSql(database);
const [{ id: modelId }] = await sql`select id from registered_models`;
await sql`delete from shadow_runs`;
const [{ id: runId }] = await sql`insert into shadow_runs (model_id, candidate_version_id, trigger, created_by) select m.id, v.id, 'manual', 'x' from registered_models m join model_versions v on v.model_id = m.id and v.version = 2 returning id`;
let t = performance.now();
const batch = await readEvents(database, modelId, { limit: 50000 });
console.log('read 50k', (performance.now() - t).toFixed(0));
const n = batch.count;
t = performance.now();
const params = [runId, 0.001, textArrayLiteral(batch.requestIds, n), numberArrayLiteral(batch.occurredAt, n), numberArrayLiteral(batch.scores, n), textArrayLiteral(batch.predictedLabels, n), numberArrayLiteral(batch.scores, n), textArrayLiteral(batch.predictedLabels, n), textArrayLiteral(batch.labels, n), `{${new Array(n).fill('NULL').join(',')}}`];
console.log('literals', (performance.now() - t).toFixed(0), params.map((p) => String(p).length));
const q = (conflict: string) => `insert into shadow_results (run_id, request_id, occurred_at, candidate_score, candidate_label, serving_score, serving_label, label, latency_ms, slice)
     select $1::uuid, r.request_id, to_timestamp(r.occurred_ms / 1000.0), r.candidate_score, r.candidate_label, r.serving_score, r.serving_label, r.label, $2::real, r.slice
     from unnest($3::text[], $4::float8[], $5::real[], $6::text[], $7::real[], $8::text[], $9::text[], $10::text[])
       as r(request_id, occurred_ms, candidate_score, candidate_label, serving_score, serving_label, label, slice) ${conflict}`;
for (const c of ['on conflict (run_id, request_id, occurred_at) do nothing', 'on conflict do nothing']) {
  await sql`delete from shadow_results`;
  t = performance.now();
  await sql.unsafe(q(c), params);
  console.log('insert', c, (performance.now() - t).toFixed(0));
}
t = performance.now();
await sql.unsafe(`select count(*) from unnest($3::text[], $4::float8[], $5::real[], $6::text[], $7::real[], $8::text[], $9::text[], $10::text[]) as r, (select $1::uuid, $2::real) x`, params);
console.log('parse only', (performance.now() - t).toFixed(0));
t = performance.now();
await sql.unsafe(`explain analyze ` + q('on conflict do nothing'), params).then((r) => console.log(r.map((x) => Object.values(x)[0]).join('\n')));
await sql`delete from shadow_results`;
t = performance.now();
const r = await sql.unsafe(`explain (analyze, buffers) ` + q(''), params);
console.log(r.map((x) => Object.values(x)[0]).join('\n'));
console.log('no conflict clause', (performance.now() - t).toFixed(0));
await closeDatabase(database);
