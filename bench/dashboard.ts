// Dashboard query benchmark. One database grows through sizes of inference events (default
// 10,000,000 then 50,000,000; BENCH_SIZES changes them) spread over the last 90 days across
// 10 models, half of them for `credit-risk`; at each size, p50/p95 of RUNS runs of:
//   - the model dashboard of credit-risk over 90 days (server/dashboard: modelDashboard),
//     with and without the previous period, and over 7 days by hour;
//   - the overview's per-model summaries of all 10 models (modelSummaries);
//   - the monitoring page and /api/metrics (as before);
// each printed beside limits measured in the same run on the same data: a bare count(*) of
// the events the view covers (what any answer from the events costs at least) and of the
// rollup rows it reads. Target: p95 < 100 ms for the dashboard and the overview, and the
// largest size's p95 within 1.5× of the smallest's (cost must not grow with traffic).
// Events are generated inside PostgreSQL (INSERT … SELECT generate_series, a day and a
// statement at a time), so the statement-level triggers build the rollups exactly as they
// do for ingestion; then VACUUM ANALYZE, as a database at rest would be after autovacuum.
// Uses a fresh database on TEST_DATABASE_URL's (or DATABASE_URL's) server, else an embedded
// PostgreSQL, and drops it. Run: npm run bench:dashboard
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { closeDatabase, createDatabase, type Database } from '@/db/client';
import { dropDatabase, ensureDatabase } from '@/db/databases';
import { alertRules, alerts, deployments, driftReports, kpiDefinitions, modelAliases, referenceDatasets } from '@/db/schema';
import { scratchServer } from '@/db/scratch-server';
import { CREDIT_FEATURES } from '@/demo/samples/credit-data';
import { registerSampleModel } from '@/demo/synthetic-traffic';
import { modelDashboard } from '@/server/dashboard/model-dashboard';
import { modelSummaries } from '@/server/dashboard/model-summaries';
import { setPerformanceTarget } from '@/server/dashboard/performance-target';
import { systemActor } from '@/server/auth/actor';
import { collectGauges } from '@/server/health/prometheus-metrics';
import { prepareDatabase } from '@/server/jobs/prepare-database';
import { dailyVolume, monitoringOverview, trafficSummary } from '@/server/monitoring/monitoring-queries';
import { listModels } from '@/server/registry/model-queries';
import { percentiles } from '@/server/statistics/percentiles';
import { ensurePartitions } from '@/server/traffic/partitions';
import { registerTrafficModel } from '@/server/traffic/traffic-fixtures';

const SIZES = (process.env.BENCH_SIZES ?? '10000000,50000000').split(',').map(Number);
const DAYS = 90;
const MODELS = 10;
const RUNS = Number(process.env.BENCH_RUNS ?? 21);
const DAY = 86_400_000;
const HOUR = 3_600_000;
const LIMIT_MS = 100;
const GROWTH_LIMIT = 1.5;

const fmt = (n: number) => n.toLocaleString('en-US');
const ms = (n: number) => `${n.toFixed(n < 10 ? 1 : 0)} ms`;

interface Timing {
  p50: number;
  p95: number;
}

async function timed(label: string, run: () => Promise<unknown>, note = ''): Promise<Timing> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  const [p50, p95] = percentiles(times, [50, 95]) as [number, number];
  console.log(`${label.padEnd(66)} p50 ${ms(p50).padStart(9)}   p95 ${ms(p95).padStart(9)}${note ? `   ${note}` : ''}`);
  return { p50, p95 };
}

interface Fixture {
  /** credit-risk first. */
  models: { id: string; versions: string[] }[];
  /** credit-risk's v2 serves from this instant. */
  switchAt: number;
  start: number;
}

/** 10 models, deployments, alerts, drift reports every 6 hours and a KPI for credit-risk, and a performance target. */
async function setUp(database: Database, now: number): Promise<Fixture> {
  const sample = await registerSampleModel(database, 'credit-risk');
  const models = [{ id: sample.modelId, versions: [sample.versions.get(1)!.id, sample.versions.get(2)!.id] }];
  for (let i = 1; i < MODELS; i++) {
    const m = await registerTrafficModel(database, `model-${String(i).padStart(2, '0')}`, { features: CREDIT_FEATURES, versions: 1 });
    models.push({ id: m.modelId, versions: [m.versions.get(1)!] });
  }
  const start = Math.floor(now / DAY) * DAY - (DAYS - 1) * DAY;
  const switchAt = start + 45 * DAY + 10 * HOUR;
  const credit = models[0]!;
  const deploy = async (modelId: string, versionId: string, environment: string, at: number, kind: 'promotion' | 'rollback') => {
    const [d] = await database
      .insert(deployments)
      .values({ modelId, environment, versionId, kind, deployedBy: 'maintainer@vigil.local', approvedBy: ['reviewer@vigil.local', 'reviewer2@vigil.local'], createdAt: new Date(at) })
      .returning();
    await database
      .insert(modelAliases)
      .values({ modelId, environment, versionId, deploymentId: d!.id, updatedAt: new Date(at) })
      .onConflictDoUpdate({ target: [modelAliases.modelId, modelAliases.environment], set: { versionId, deploymentId: d!.id, updatedAt: new Date(at) } });
  };
  for (const m of models) await deploy(m.id, m.versions[0]!, 'production', start - DAY, 'promotion');
  await deploy(credit.id, credit.versions[1]!, 'staging', switchAt - 2 * DAY, 'promotion');
  await deploy(credit.id, credit.versions[1]!, 'production', switchAt, 'promotion');
  await deploy(credit.id, credit.versions[0]!, 'staging', switchAt + 15 * DAY, 'rollback');

  const [rule] = await database.insert(alertRules).values({ modelId: credit.id, kind: 'drift_share', threshold: 0.3, severity: 'critical', createdBy: 'bench' }).returning();
  await database.insert(alerts).values(
    Array.from({ length: 20 }, (_, i) => ({
      ruleId: rule!.id,
      modelId: credit.id,
      status: i === 19 ? ('open' as const) : ('resolved' as const),
      severity: 'critical' as const,
      message: 'Drift share 50 % ≥ 30 %',
      openedAt: new Date(start + i * 4 * DAY + 3 * HOUR),
      resolvedAt: i === 19 ? null : new Date(start + i * 4 * DAY + 30 * HOUR),
    })),
  );

  // Reports as the drift job stores them: every feature with its statistics and histograms.
  const [reference] = await database.insert(referenceDatasets).values({ modelId: credit.id, name: 'reference', rowCount: 10_000, profile: {} as never, createdBy: 'bench' }).returning();
  const histogram = { labels: Array.from({ length: 10 }, (_, i) => `bin ${i}`), reference: Array(10).fill(0.1), current: Array(10).fill(0.1) };
  const features = CREDIT_FEATURES.map((f, i) => ({
    feature: f.name, type: f.type, method: f.type === 'numeric' ? 'ks' : 'chi_square', value: 0.2 + i / 100, threshold: 0.05, drifted: i < 2,
    statistics: { ks: { statistic: 0.01, pValue: 0.2 }, psi: 0.01, wasserstein: 0.1, wassersteinNormalized: 0.01, jensenShannon: 0.02 }, currentRows: 100_000, currentMissing: 0, histogram,
  }));
  const reports = [];
  for (let end = start + 6 * HOUR; end <= now; end += 6 * HOUR) {
    reports.push({
      modelId: credit.id, referenceId: reference!.id, windowFrom: new Date(end - DAY), windowTo: new Date(end), currentRows: 100_000, datasetDrift: false, driftShare: 0.25,
      features: features as never, performance: { estimatedAccuracy: 0.85, estimatedRocAuc: 0.9, realizedAccuracy: null, realizedRocAuc: null, labeledRows: 0 },
    });
  }
  for (let i = 0; i < reports.length; i += 100) await database.insert(driftReports).values(reports.slice(i, i + 100));

  // A business KPI of credit-risk with a point every hour.
  const [kpi] = await database.insert(kpiDefinitions).values({ name: 'approved-loans', unit: 'loans', aggregation: 'sum', direction: 'up', modelId: credit.id, createdBy: 'bench', updatedBy: 'bench' }).returning();
  await database.execute(sql`
    insert into kpi_points (id, kpi_id, time, value, model_id)
    select 'p-' || g, ${kpi!.id}::uuid, ${new Date(start).toISOString()}::timestamptz + g * interval '1 hour', 100 + (g % 24), ${credit.id}::uuid
    from generate_series(0, ${DAYS * 24 - 1}::int) g`);
  await setPerformanceTarget(database, systemActor('bench'), { name: 'credit-risk', target: { metric: 'accuracy', minimum: 0.8 } });
  await ensurePartitions(database, Array.from({ length: DAYS + 1 }, (_, i) => new Date(start + i * DAY)));
  return { models, switchAt, start };
}

/**
 * Adds `count` events spread over the 90 days, one INSERT per day: half for credit-risk
 * (v1, then v2 from the switch), the rest shared by the other nine; 80 % labelled, a
 * quarter with a logged label, 1 in 1,000 without a prediction.
 */
async function addEvents(database: Database, fixture: Fixture, count: number, batch: string, now: number) {
  const ids = `{${fixture.models.map((m) => m.id).join(',')}}`;
  const firsts = `{${fixture.models.map((m) => m.versions[0]).join(',')}}`;
  const v2 = fixture.models[0]!.versions[1]!;
  const perDay = Math.ceil(count / DAYS);
  for (let day = 0; day < DAYS; day++) {
    const dayStart = fixture.start + day * DAY;
    const span = Math.min(DAY, now - dayStart) / 1000;
    await database.execute(sql`
      insert into inference_events (model_id, request_id, occurred_at, version_id, features, score, predicted_label, latency_ms, label)
      select (${ids}::uuid[])[m], ${batch} || '-' || ${day}::int || '-' || g, t,
             case when m = 1 and t >= ${new Date(fixture.switchAt).toISOString()}::timestamptz then ${v2}::uuid else (${firsts}::uuid[])[m] end,
             array[random() * 80, random() * 1e5, random() * 5e4, random(), random() * 30, floor(random() * 5), floor(random() * 4), floor(random() * 6)]::real[],
             case when g % 1000 = 0 then null else s end,
             case when g % 1000 = 0 then null when g % 4 = 0 then (case when s >= 0.6 then 'defaulted' else 'repaid' end) end,
             exp(1.5 + random() * 2 + (case when g % 200 = 0 then 3 else 0 end)),
             case when g % 5 = 0 then null when random() < s then 'defaulted' else 'repaid' end
      from (select g, case when g % 18 < 9 then 1 else g % 18 - 7 end as m, random() as s,
                   ${new Date(dayStart).toISOString()}::timestamptz + random() * ${span}::float8 * interval '1 second' as t
            from generate_series(1, ${perDay}::int) g) e`);
  }
  await database.execute(sql`vacuum analyze inference_events`);
  await database.execute(sql`vacuum analyze traffic_hourly`);
}

type Results = Map<string, Timing>;

async function measure(database: Database, fixture: Fixture): Promise<Results> {
  const results: Results = new Map();
  const credit = fixture.models[0]!.id;
  const now = new Date();
  const dayAgo = new Date(now.getTime() - DAY);
  const since = (interval: string) => () => database.execute(sql`select count(*) from inference_events where model_id = ${credit} and occurred_at >= now() - ${interval}::interval`);
  const creditRollups = () => database.execute(sql`select count(*) from traffic_hourly where model_id = ${credit} and hour >= now() - ${`${DAYS} days`}::interval`);
  const dayOfRollups = () => database.execute(sql`select count(*) from traffic_hourly where hour >= now() - interval '1 day'`);
  const events90 = await timed(`limit: count(*) of credit-risk's events, ${DAYS} days`, since(`${DAYS} days`));
  const events14 = await timed("limit: count(*) of credit-risk's events, 14 days", since('14 days'));
  const events1 = await timed("limit: count(*) of credit-risk's events, last 24 h", since('1 day'));
  await timed(`limit: count(*) of credit-risk's rollup rows, ${DAYS} days`, creditRollups);
  await timed("limit: count(*) of all models' rollup rows, last 24 h", dayOfRollups);
  console.log('');
  const versus = (t: Timing, limit: Timing, what: string) => `${(t.p50 / limit.p50).toFixed(3)}× ${what}; target p95 < ${LIMIT_MS} ms ${t.p95 < LIMIT_MS ? 'OK' : 'OVER'}`;
  const dashboard = async (label: string, input: Parameters<typeof modelDashboard>[1], limit: Timing, what: string) => {
    const timing = await timed(label, () => modelDashboard(database, input));
    console.log(`${''.padEnd(66)} ${versus(timing, limit, what)}`);
    results.set(label, timing);
  };
  await dashboard(`model dashboard, ${DAYS} days by day`, { name: 'credit-risk', range: '90d' }, events90, `the ${DAYS}-day count`);
  await dashboard(`model dashboard, ${DAYS} days by day + previous period`, { name: 'credit-risk', range: '90d', compare: true }, events90, `the ${DAYS}-day count`);
  await dashboard('model dashboard, 7 days by hour', { name: 'credit-risk', range: '7d' }, events14, 'the 14-day count');
  const overview = await timed(`overview: modelSummaries (${MODELS} models: 24 h, sparkline, serving, targets)`, () => modelSummaries(database));
  console.log(`${''.padEnd(66)} ${versus(overview, events1, "credit-risk's 24-hour count")}`);
  results.set('overview: modelSummaries', overview);
  console.log('');
  await timed('monitoring page: monitoringOverview + its last day (modelSummaries)', async () => {
    const page = await monitoringOverview(database, 'credit-risk');
    return modelSummaries(database, { modelIds: [page.model.id] });
  });
  await timed('  volume chart: dailyVolume (14 days)', () => dailyVolume(database, credit, 14));
  await timed('  exact last 24 h (drift reports, latency alerts): trafficSummary', () => trafficSummary(database, credit, dayAgo, now));
  await timed('/api/metrics: collectGauges', () => collectGauges(database));
  await timed('models list: listModels', () => listModels(database, {}));
  return results;
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
    console.log(`machine: ${cpus[0]?.model ?? 'unknown CPU'} × ${cpus.length}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}, Node ${process.version}, PostgreSQL ${version}${server.embedded ? ' (embedded)' : ''}`);
    const now = Date.now();
    const fixture = await setUp(database, now);
    const stages: { size: number; results: Results }[] = [];
    let stored = 0;
    for (const [i, size] of SIZES.entries()) {
      const started = performance.now();
      await addEvents(database, fixture, size - stored, `b${i}`, now);
      const [row] = await database.execute<{ n: string; rollups: string }>(sql`select (select count(*) from inference_events) as n, (select count(*) from traffic_hourly) as rollups`);
      stored = Number(row!.n);
      console.log(`\n— ${fmt(stored)} events over ${DAYS} days, ${MODELS} models (${fmt(Number(row!.rollups))} rollup rows); generated in PostgreSQL with the triggers, vacuumed and analyzed in ${((performance.now() - started) / 1000).toFixed(0)} s; p50/p95 of ${RUNS} runs —\n`);
      stages.push({ size: stored, results: await measure(database, fixture) });
    }
    if (stages.length > 1) {
      const first = stages[0]!;
      const last = stages[stages.length - 1]!;
      console.log(`\np95 at ${fmt(first.size)} → ${fmt(last.size)} events (target: < ${LIMIT_MS} ms, growth ≤ ${GROWTH_LIMIT}×):`);
      for (const [label, timing] of last.results) {
        const before = first.results.get(label)!;
        const growth = timing.p95 / before.p95;
        const met = growth <= GROWTH_LIMIT && stages.every((stage) => stage.results.get(label)!.p95 < LIMIT_MS);
        console.log(`  ${label.padEnd(56)} ${ms(before.p95).padStart(9)} → ${ms(timing.p95).padStart(9)}   ${growth.toFixed(2)}× ${met ? 'OK' : 'NOT MET'}`);
      }
    }
  } finally {
    await closeDatabase(database);
    await dropDatabase(server.adminUrl, name);
    await rm(artifacts, { recursive: true, force: true });
    await server.stop();
  }
}

await main();
