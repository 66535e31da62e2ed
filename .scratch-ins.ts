import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createDatabase, closeDatabase } from '@/db/client';
import { readEvents } from '@/server/traffic/event-reader';
import { rawSql } from '@/server/traffic/raw-sql';
import { numberArrayLiteral, textArrayLiteral } from '@/server/shadow/shadow-results-store';
const database = createDatabase('postgres://postgres@127.0.0.1:5432/vigil_scratch_shadow');
const sql = rawSql(database);
const [m] = await sql`select * from registered_models`;
const [v] = await sql`select * from model_versions where version = 2`;
await sql`delete from shadow_runs`;
const [{ id: runId }] = await sql`insert into shadow_runs (model_id, candidate_version_id, trigger, created_by, status) values (${m.id}, ${v.id}, 'manual', 'x', 'running') returning id`;
const ev = await readEvents(database, m.id, { limit: 50000 });
const n = ev.count;
const time = async (label: string, f: () => Promise<unknown>) => { await sql`delete from shadow_results`; await sql`vacuum shadow_results`; const t = performance.now(); await f(); console.log(label, ((performance.now() - t) / n * 1000).toFixed(2), 'µs/row'); };
await time('A literals', async () => {
  const p = [runId, 0.001, textArrayLiteral(ev.requestIds, n), numberArrayLiteral(ev.occurredAt, n), numberArrayLiteral(ev.scores, n), textArrayLiteral(ev.predictedLabels, n), numberArrayLiteral(ev.scores, n), textArrayLiteral(ev.predictedLabels, n), textArrayLiteral(ev.labels, n), `{${new Array(n).fill('NULL').join(',')}}`];
  await sql.unsafe(`insert into shadow_results (run_id, request_id, occurred_at, candidate_score, candidate_label, serving_score, serving_label, label, latency_ms, slice)
     select $1::uuid, r.request_id, to_timestamp(r.occurred_ms / 1000.0), r.candidate_score, r.candidate_label, r.serving_score, r.serving_label, r.label, $2::real, r.slice
     from unnest($3::text[], $4::float8[], $5::real[], $6::text[], $7::real[], $8::text[], $9::text[], $10::text[]) as r(request_id, occurred_ms, candidate_score, candidate_label, serving_score, serving_label, label, slice) on conflict do nothing`, p);
});
await time('A literals, labels as index, null slice scalar', async () => {
  const cls = ['repaid', 'defaulted'];
  const idx = (a: (string | null)[]) => { const o = new Array(n); for (let i = 0; i < n; i++) { const x = a[i]; o[i] = x === null ? 'NULL' : x === cls[0] ? '1' : x === cls[1] ? '2' : 'NULL'; } return `{${o.join(',')}}`; };
  const p = [runId, 0.001, textArrayLiteral(ev.requestIds, n), numberArrayLiteral(ev.occurredAt, n), numberArrayLiteral(ev.scores, n), idx(ev.predictedLabels), numberArrayLiteral(ev.scores, n), idx(ev.predictedLabels), idx(ev.labels), `{${cls.join(',')}}`];
  await sql.unsafe(`insert into shadow_results (run_id, request_id, occurred_at, candidate_score, candidate_label, serving_score, serving_label, label, latency_ms, slice)
     select $1::uuid, r.request_id, to_timestamp(r.occurred_ms / 1000.0), r.candidate_score, c[r.cl], r.serving_score, c[r.sl], c[r.l], $2::real, null
     from unnest($3::text[], $4::float8[], $5::real[], $6::int2[], $7::real[], $8::int2[], $9::int2[]) as r(request_id, occurred_ms, candidate_score, cl, serving_score, sl, l), (select $10::text[] as c) k on conflict do nothing`, p);
});
await time('floor: server-side insert select', async () => {
  await sql.unsafe(`insert into shadow_results (run_id, request_id, occurred_at, candidate_score, candidate_label, serving_score, serving_label, label, latency_ms, slice)
    select $1::uuid, request_id, occurred_at, score, predicted_label, score, predicted_label, label, 0.001, null from inference_events where model_id = $2 order by occurred_at, request_id limit ${n} on conflict do nothing`, [runId, m.id]);
});
await time('floor without on conflict', async () => {
  await sql.unsafe(`insert into shadow_results (run_id, request_id, occurred_at, candidate_score, candidate_label, serving_score, serving_label, label, latency_ms, slice)
    select $1::uuid, request_id, occurred_at, score, predicted_label, score, predicted_label, label, 0.001, null from inference_events where model_id = $2 order by occurred_at, request_id limit ${n}`, [runId, m.id]);
});
await time('text COPY to stage + insert select', async () => {
  await sql.begin(async (tx) => {
    await tx.unsafe(`create temp table if not exists stage (request_id text, occurred_at timestamptz, candidate_score real, candidate_label text, serving_score real, serving_label text, label text, slice text) on commit delete rows`);
    const esc = (s: string | null) => (s === null ? '\\N' : s);
    const lines = new Array<string>(n);
    for (let i = 0; i < n; i++) lines[i] = `${ev.requestIds[i]}\t${ev.occurredAt[i] / 1000}\t${ev.scores[i]}\t${esc(ev.predictedLabels[i])}\t${ev.scores[i]}\t${esc(ev.predictedLabels[i])}\t${esc(ev.labels[i])}\t\\N\n`;
    const stream = await tx.unsafe('copy stage (request_id, occurred_at, candidate_score, candidate_label, serving_score, serving_label, label, slice) from stdin').writable();
    await pipeline(Readable.from([lines.join('')]), stream).catch((e) => console.log(e.message));
    await tx.unsafe(`insert into shadow_results select $1::uuid, request_id, occurred_at, candidate_score, candidate_label, serving_score, serving_label, label, 0.001, slice from stage on conflict do nothing`, [runId]);
  });
});
await closeDatabase(database);
