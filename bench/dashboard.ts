// Dashboard query benchmark: the queries behind the monitoring page and /api/metrics over
// 10,000,000 inference events of one model spread over 14 days (default; BENCH_EVENTS
// changes it), p50/p95 of 9 runs each, printed beside the limit measured in the same run:
// a bare count(*) over the same rows (the least any answer that reads them can cost).
// The events are generated inside PostgreSQL (INSERT … SELECT generate_series), then
// VACUUM ANALYZE, as a database at rest would be after autovacuum. Uses a fresh database on
// TEST_DATABASE_URL's (or DATABASE_URL's) server, else an embedded PostgreSQL, and drops it.
// Run: npm run bench:dashboard
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { closeDatabase, createDatabase, type Database } from '@/db/client';
import { dropDatabase, ensureDatabase } from '@/db/databases';
import { prepareDatabase } from '@/server/jobs/prepare-database';
import { scratchServer } from '@/db/scratch-server';
import { collectGauges } from '@/server/health/prometheus-metrics';
import { dailyVolume, monitoringOverview, trafficSummary } from '@/server/monitoring/monitoring-queries';
import { listModels } from '@/server/registry/model-queries';
import { percentiles } from '@/server/statistics/percentiles';
import { registerSampleModel } from '@/demo/synthetic-traffic';
import { ensurePartitions } from '@/server/traffic/partitions';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000_000);
const DAYS = 14;
const RUNS = 9;
const DAY = 86_400_000;

const fmt = (n: number) => n.toLocaleString('en-US');

async function timed(label: string, run: () => Promise<unknown>, limit?: { label: string; p50: number }) {
  await run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  const [p50, p95] = percentiles(times, [50, 95]) as [number, number];
  const versus = limit ? `   ${(p50 / limit.p50).toFixed(1)}× ${limit.label}` : '';
  console.log(`${label.padEnd(58)} p50 ${p50.toFixed(0).padStart(6)} ms   p95 ${p95.toFixed(0).padStart(6)} ms${versus}`);
  return { label, p50 };
}

async function seed(database: Database, modelId: string, versionId: string) {
  const now = Date.now();
  await ensurePartitions(database, Array.from({ length: DAYS + 1 }, (_, i) => new Date(now - i * DAY)));
  // Spread evenly over the last 14 days; 80 % labelled, 1 event in 1,000 without a prediction.
  const stepMs = (DAYS * DAY) / EVENTS;
  await database.execute(sql`
    insert into inference_events (model_id, request_id, occurred_at, version_id, features, score, predicted_label, latency_ms, label)
    select ${modelId}::uuid, 'req-' || g, now() - (g * ${stepMs}::float8 * interval '1 millisecond'), ${versionId}::uuid,
           array[random() * 80, random() * 1e5, random() * 5e4, random(), random() * 30, floor(random() * 5), floor(random() * 4), floor(random() * 6)]::real[],
           case when g % 1000 = 0 then null else random() end,
           case when g % 1000 = 0 then null when random() < 0.3 then 'defaulted' else 'repaid' end,
           2 + random() * 10,
           case when g % 5 = 0 then null when random() < 0.3 then 'defaulted' else 'repaid' end
    from generate_series(1, ${EVENTS}::int) g`);
  await database.execute(sql`vacuum analyze inference_events`);
}

async function main() {
  const server = await scratchServer('bench');
  const name = `vigil_bench_dashboard_${process.pid}`;
  const artifacts = await mkdtemp(path.join(os.tmpdir(), 'vigil-bench-artifacts-'));
  process.env.VIGIL_ARTIFACT_DIR = artifacts;
  const url = await ensureDatabase(server.adminUrl, name);
  const database = createDatabase(url, { max: 8 });
  try {
    await prepareDatabase(url);
    const [{ version }] = (await database.execute<{ version: string }>(sql`select current_setting('server_version') as version`)) as unknown as [{ version: string }];
    const cpus = os.cpus();
    console.log(`machine: ${cpus[0]?.model ?? 'unknown CPU'} × ${cpus.length}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, PostgreSQL ${version}${server.embedded ? ' (embedded)' : ''}`);
    const sample = await registerSampleModel(database, 'credit-risk');
    const started = performance.now();
    await seed(database, sample.modelId, sample.versions.get(1)!.id);
    console.log(`setup: ${fmt(EVENTS)} events over ${DAYS} days generated in PostgreSQL, vacuumed and analyzed in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);

    const now = new Date();
    const dayAgo = new Date(now.getTime() - DAY);
    const count = (since: string) => () => database.execute(sql`select count(*) from inference_events where model_id = ${sample.modelId} and occurred_at >= now() - ${since}::interval`);
    const scan14 = await timed(`limit: count(*) of the ${DAYS} days' rows`, count(`${DAYS} days`));
    const scan1 = await timed('limit: count(*) of the last 24 hours\' rows', count('1 day'));
    console.log('');
    await timed('monitoring page: monitoringOverview (all its queries)', () => monitoringOverview(database, 'credit-risk'), { label: `the ${DAYS}-day count`, p50: scan14.p50 });
    await timed(`  volume chart: dailyVolume (${DAYS} days)`, () => dailyVolume(database, sample.modelId, DAYS), { label: `the ${DAYS}-day count`, p50: scan14.p50 });
    await timed('  last 24 h: trafficSummary (count, p95 latency)', () => trafficSummary(database, sample.modelId, dayAgo, now), { label: 'the 24-hour count', p50: scan1.p50 });
    await timed('/api/metrics: collectGauges', () => collectGauges(database), { label: 'the 24-hour count', p50: scan1.p50 });
    await timed('models list: listModels', () => listModels(database, {}));
  } finally {
    await closeDatabase(database);
    await dropDatabase(server.adminUrl, name);
    await rm(artifacts, { recursive: true, force: true });
    await server.stop();
  }
}

await main();
