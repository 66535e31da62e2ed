import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as ort from 'onnxruntime-node';
import os from 'node:os';
import path from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alerts, auditEvents, fairnessReports, shadowRuns } from '@/db/schema';
import { createAlertRule, deleteAlertRule, updateAlertRule } from '@/server/alerts/alert-rules-service';
import { CREDIT_FEATURES } from '@/demo/samples/credit-data';
import { samplePath } from '@/demo/samples/sample-manifest';
import { uploadReference } from '@/server/reference/reference-service';
import { markValidated, registerSampleModel, writeSyntheticTraffic, type SampleVersions } from '@/demo/synthetic-traffic';
import { loadEvidence } from '@/server/approvals/evidence-loader';
import { AppError } from '@/server/errors/app-error';
import { InferencePool } from '@/server/onnx/inference-pool';
import { decisionThresholds } from '@/server/registry/inference-artifact';
import { createDefaultTestDatabase } from '@/server/testing/test-database';
import { actorOf } from '@/server/trpc/context';
import { fakeUser } from '@/server/trpc/test-context';
import { fairnessSweepTask } from '@/workers/tasks/fairness';
import { shadowBatchTask } from '@/workers/tasks/shadow-batch';
import { shadowFinalizeTask } from '@/workers/tasks/shadow-finalize';
import { shadowPlanTask } from '@/workers/tasks/shadow-plan';
import { computeFairnessReport } from './fairness-report';
import { readTrafficPopulation } from './fairness-population';
import { getFairnessReport, listFairnessReports } from './fairness-queries';
import { reportOptions, runFairnessReport } from './fairness-runner';
import { readFairnessSettings, requestFairnessReport, updateFairnessSettings } from './fairness-service';

process.env.VIGIL_ARTIFACT_DIR = mkdtempSync(path.join(os.tmpdir(), 'vigil-fairness-'));
const database = await createDefaultTestDatabase();
const pool = new InferencePool({ threads: 1 });
afterAll(() => pool.close());

const HOUR = 3600_000;
const now = new Date();
const window = { from: new Date(now.getTime() - 48 * HOUR), to: new Date(now.getTime() - 60_000) };
const maintainer = actorOf(fakeUser(['maintainer'], '00000000-0000-4000-8000-00000000000b'), { ip: '127.0.0.1', userAgent: 'vitest' });
let credit: SampleVersions;

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

const countReports = async () => (await database.select({ n: sql<number>`count(*)::int` }).from(fairnessReports))[0]!.n;

beforeAll(async () => {
  credit = await registerSampleModel(database, 'credit-risk');
  await markValidated(database, credit.versions.get(1)!);
  await writeSyntheticTraffic(database, credit.modelId, { count: 2000, seed: 11, ...window, serving: credit.versions.get(1)! });
});

describe('fairness reports over labelled traffic', () => {
  it('stores a pending report with its inputs, then the job computes it once and freezes it', async () => {
    const pending = await requestFairnessReport(database, maintainer, { model: 'credit-risk', version: 1, days: 7 }, 'manual', now);
    expect(pending).toMatchObject({ status: 'pending', population: 'traffic', trigger: 'manual', createdBy: maintainer.label });
    expect(pending.settings.attributes.map((a) => a.name)).toEqual(['gender', 'age_band']);
    const jobs = await database.execute<{ n: number }>(sql`select count(*)::int as n from pgboss.job where name = 'fairness-report' and data->>'reportId' = ${pending.id}`);
    expect(jobs[0]!.n).toBe(1);

    expect(await runFairnessReport(database, pending.id)).toBe('completed');
    expect(await runFairnessReport(database, pending.id)).toBe('skipped');
    const stored = await getFairnessReport(database, { model: 'credit-risk', id: pending.id });
    expect(stored.status).toBe('completed');

    // The stored report is the core's result on the same rows, read independently.
    const versionId = credit.versions.get(1)!.id;
    const threshold = (await decisionThresholds(database, [versionId])).get(versionId)!;
    const input = await readTrafficPopulation(database, { modelId: credit.modelId, versionId, label: { classes: ['repaid', 'defaulted'] }, threshold, from: pending.windowFrom!, to: pending.windowTo! }, pending.settings);
    const labelled = await database.execute<{ n: number }>(sql`select count(label)::int as n from inference_events where model_id = ${credit.modelId}`);
    expect(stored.rowCount).toBe(labelled[0]!.n);
    expect(JSON.parse(JSON.stringify(computeFairnessReport(input, reportOptions(pending.settings))))).toEqual(stored.report);
    const gender = stored.report!.groupings.find((g) => g.key === 'gender')!;
    expect(gender.groups.reduce((sum, g) => sum + g.confusion.tp + g.confusion.fp + g.confusion.tn + g.confusion.fn, 0)).toBe(stored.rowCount);
    expect(stored.headline.demographicParityDifference).toBeGreaterThanOrEqual(0);

    const frozen = await database.update(fairnessReports).set({ rowCount: 1 }).where(eq(fairnessReports.id, pending.id)).catch((error: Error) => error);
    expect(String((frozen as Error).cause)).toMatch(/fairness report .* is frozen/);
    const [audit] = await database.select().from(auditEvents).where(and(eq(auditEvents.action, 'fairness_report.requested'), eq(auditEvents.targetId, pending.id)));
    expect(audit).toBeDefined();
  });

  it('settings: privileged values and an intersection are used; an unknown attribute is refused and nothing changes', async () => {
    const error = await refusal(updateFairnessSettings(database, maintainer, { model: 'credit-risk', settings: { ...(await readFairnessSettings(database, { id: credit.modelId, protectedAttributes: ['gender', 'age_band'] })).settings, attributes: [{ name: 'zodiac', kind: 'categorical', privileged: null }] } }));
    expect(error).toMatchObject({ status: 422 });
    expect(error.message).toMatch(/Not a protected attribute of credit-risk: zodiac/);

    const { settings } = await readFairnessSettings(database, { id: credit.modelId, protectedAttributes: ['gender', 'age_band'] });
    await updateFairnessSettings(database, maintainer, { model: 'credit-risk', settings: { ...settings, attributes: settings.attributes.map((a) => (a.name === 'gender' ? { ...a, privileged: 'male' } : a)), intersections: [['gender', 'age_band']] } });
    const pending = await requestFairnessReport(database, maintainer, { model: 'credit-risk', days: 7 }, 'manual', now);
    await runFairnessReport(database, pending.id);
    const { report } = await getFairnessReport(database, { model: 'credit-risk', id: pending.id });
    expect(report!.groupings.map((g) => g.key)).toEqual(['gender', 'age_band', 'gender × age_band']);
    expect(report!.groupings[0]!.judged!.aif360Unavailable).toBeNull();
    expect(report!.groupings[0]!.judged!.aif360!.privileged).toBe('male');
  });

  it('refuses bad requests with a clear 4xx and stores nothing', async () => {
    const before = await countReports();
    expect(await refusal(requestFairnessReport(database, maintainer, { model: 'nope' }))).toMatchObject({ status: 404 });
    expect(await refusal(requestFairnessReport(database, maintainer, { model: 'credit-risk', version: 9 }))).toMatchObject({ status: 404 });
    const empty = await refusal(requestFairnessReport(database, maintainer, { model: 'credit-risk', version: 1, from: '2020-01-01T00:00:00Z', to: '2020-01-02T00:00:00Z' }));
    expect(empty).toMatchObject({ status: 422 });
    expect(await refusal(requestFairnessReport(database, maintainer, { model: 'credit-risk', population: 'shadow' }))).toMatchObject({ status: 422 });

    // Labels removed: events without ground truth cannot be judged.
    const quiet = await registerSampleModel(database, 'quiet-model');
    await writeSyntheticTraffic(database, quiet.modelId, { count: 300, seed: 3, ...window, serving: quiet.versions.get(1)!, labelledShare: 0 });
    expect((await refusal(requestFairnessReport(database, maintainer, { model: 'quiet-model', version: 1, days: 7 }, 'manual', now))).message).toMatch(/has a label yet/);

    // An attribute with an id's worth of values is not a group.
    await database.execute(sql`update inference_events set label = 'repaid', attributes = jsonb_set(attributes, '{gender}', to_jsonb('g-' || request_id)) where model_id = ${quiet.modelId}`);
    expect((await refusal(requestFairnessReport(database, maintainer, { model: 'quiet-model', version: 1, days: 7 }, 'manual', now))).message).toMatch(/"gender" has 300 distinct values/);
    expect(await countReports()).toBe(before);
  });

  it('the daily sweep requests a report per version with labelled traffic; scheduled reports open and resolve fairness alerts', async () => {
    const rule = await createAlertRule(database, maintainer, { modelName: 'credit-risk', kind: 'fairness_equalized_odds', feature: 'gender', threshold: 0.001, severity: 'warning' });
    expect(await refusal(createAlertRule(database, maintainer, { modelName: 'credit-risk', kind: 'fairness_disparate_impact', feature: 'income', threshold: 0.8 }))).toMatchObject({ status: 422 });

    const before = await countReports();
    expect(await fairnessSweepTask(database, now)).toBe(1);
    expect(await countReports()).toBe(before + 1);
    const scheduled = (await listFairnessReports(database, { model: 'credit-risk', population: 'traffic', limit: 1 })).reports[0]!;
    expect(scheduled.trigger).toBe('schedule');
    await runFairnessReport(database, scheduled.id);
    const openAlerts = () => database.select().from(alerts).where(and(eq(alerts.ruleId, rule.id), eq(alerts.status, 'open')));
    const [opened] = await openAlerts();
    expect(opened!.message).toMatch(/Equalized odds difference on gender 0\.\d{3} > 0\.001/);

    // Back inside the threshold at the next scheduled report: resolved.
    await updateAlertRule(database, maintainer, { ruleId: rule.id, threshold: 0.99 });
    await fairnessSweepTask(database, now);
    await runFairnessReport(database, (await listFairnessReports(database, { model: 'credit-risk', population: 'traffic', limit: 1 })).reports[0]!.id);
    expect(await openAlerts()).toEqual([]);
    await deleteAlertRule(database, maintainer, { ruleId: rule.id });
  });
});

describe('fairness of a candidate over its shadow run, and the gate', () => {
  it('a completed shadow run enqueues the candidate report; the gate judges it and links the frozen report', async () => {
    const v2 = credit.versions.get(2)!;
    await markValidated(database, v2);
    const [run] = await database
      .insert(shadowRuns)
      .values({ modelId: credit.modelId, candidateVersionId: v2.id, windowFrom: window.from, windowTo: window.to, status: 'pending', trigger: 'manual', createdBy: 'test' })
      .returning();
    await shadowPlanTask(database, { runId: run!.id }, { batchSize: 700 });
    const [planned] = await database.select().from(shadowRuns).where(eq(shadowRuns.id, run!.id));
    for (let b = 0; b < planned!.batchCount!; b++) await shadowBatchTask(database, { runId: run!.id, batchNo: b }, { pool, chunkRows: 256 });
    expect(await shadowFinalizeTask(database, { runId: run!.id })).toBe(true);

    // Both sides of the run are judged on the same replayed rows.
    const { reports } = await listFairnessReports(database, { model: 'credit-risk', population: 'shadow' });
    expect(reports.map((r) => r.version).sort()).toEqual([1, 2]);
    for (const r of reports) expect(r).toMatchObject({ trigger: 'shadow', shadowRunId: run!.id, status: 'pending' });
    for (const r of reports) await runFairnessReport(database, r.id);
    const shadowReport = await getFairnessReport(database, { model: 'credit-risk', id: reports.find((r) => r.version === 2)!.id });
    const servingReport = await getFairnessReport(database, { model: 'credit-risk', id: reports.find((r) => r.version === 1)!.id });
    expect(shadowReport.error).toBeNull();
    const labelledInRun = (await database.execute<{ n: number }>(sql`select count(label)::int as n from inference_events where model_id = ${credit.modelId}`))[0]!.n;
    expect(shadowReport.rowCount).toBe(labelledInRun);
    expect(servingReport.rowCount).toBe(labelledInRun);

    // The serving side is what v1 logged: the same confusion cells as a report over v1's own traffic in the window.
    const own = await requestFairnessReport(database, maintainer, { model: 'credit-risk', version: 1, from: window.from.toISOString(), to: window.to.toISOString() }, 'manual', now);
    await runFairnessReport(database, own.id);
    const ownReport = await getFairnessReport(database, { model: 'credit-risk', id: own.id });
    const cells = (r: typeof ownReport) => r.report!.groupings.map((g) => g.groups.map((x) => [x.label, x.confusion]));
    expect(cells(servingReport)).toEqual(cells(ownReport));
    expect(cells(shadowReport)).not.toEqual(cells(ownReport));

    const evidence = await loadEvidence(database, { model: { id: credit.modelId, name: 'credit-risk', taskType: 'binary_classification' }, environment: 'production', kind: 'promotion', candidate: (await database.query.modelVersions.findFirst({ where: (t, { eq: is }) => is(t.id, v2.id) }))! });
    expect(evidence.fairness).toMatchObject({ reportId: shadowReport.id, population: 'shadow' });
    expect(evidence.fairness!.groupings.map((g) => g.key)).toEqual(['gender', 'age_band', 'gender × age_band']);
  });
});

describe('favourable outcome and the reference population', () => {
  it('a favourable class other than the positive one swaps the cells: tp ↔ tn, fp ↔ fn', async () => {
    const { settings } = await readFairnessSettings(database, { id: credit.modelId, protectedAttributes: ['gender', 'age_band'] });
    const run = async () => {
      const pending = await requestFairnessReport(database, maintainer, { model: 'credit-risk', version: 1, from: window.from.toISOString(), to: window.to.toISOString() }, 'manual', now);
      await runFairnessReport(database, pending.id);
      return (await getFairnessReport(database, { model: 'credit-risk', id: pending.id })).report!;
    };
    await updateFairnessSettings(database, maintainer, { model: 'credit-risk', settings: { ...settings, favourableClass: null } });
    const positive = await run();
    await updateFairnessSettings(database, maintainer, { model: 'credit-risk', settings: { ...settings, favourableClass: 'repaid' } });
    const favourable = await run();
    const swapped = positive.groupings[0]!.groups.map((g) => ({ label: g.label, confusion: { tp: g.confusion.tn, fp: g.confusion.fn, tn: g.confusion.tp, fn: g.confusion.fp } }));
    expect(favourable.groupings[0]!.groups.map((g) => ({ label: g.label, confusion: g.confusion }))).toEqual(swapped);
    // Scores flip with the outcome: ROC AUC is unchanged, mean score mirrored.
    expect(favourable.overall.rocAuc).toBeCloseTo(positive.overall.rocAuc!, 5);
    expect(favourable.overall.meanScore! + positive.overall.meanScore!).toBeCloseTo(1, 5);

    expect(await refusal(updateFairnessSettings(database, maintainer, { model: 'credit-risk', settings: { ...settings, favourableClass: 'approved' } }))).toMatchObject({ status: 422 });
    await updateFairnessSettings(database, maintainer, { model: 'credit-risk', settings });
  });

  it('scores the reference dataset with the version through onnxruntime; refuses without a dataset', async () => {
    expect((await refusal(requestFairnessReport(database, maintainer, { model: 'credit-risk', population: 'reference', version: 2 }))).message).toMatch(/no reference dataset/);
    const csv = await readFile(samplePath('credit-risk-reference.csv'), 'utf8');
    await uploadReference(database, maintainer, { model: 'credit-risk', name: 'held-out', csv });
    const pending = await requestFairnessReport(database, maintainer, { model: 'credit-risk', population: 'reference', version: 2 });
    expect(pending).toMatchObject({ population: 'reference', versionId: credit.versions.get(2)!.id });
    expect(pending.referenceId).toBeTruthy();
    expect(await runFairnessReport(database, pending.id)).toBe('completed');
    const { report, rowCount } = await getFairnessReport(database, { model: 'credit-risk', id: pending.id });

    // Independently: the same CSV through onnxruntime here, decided at 0.5, counted per gender.
    const lines = csv.trim().split('\n');
    const header = lines[0]!.split(',');
    const rows = lines.slice(1).map((l) => l.split(','));
    const features = new Float32Array(rows.length * CREDIT_FEATURES.length);
    rows.forEach((r, i) => CREDIT_FEATURES.forEach((f, j) => {
      const cell = r[header.indexOf(f.name)]!;
      features[i * CREDIT_FEATURES.length + j] = f.type === 'categorical' ? f.categories.indexOf(cell) : Number(cell);
    }));
    const session = await ort.InferenceSession.create(await readFile(credit.versions.get(2)!.file));
    const probability = (await session.run({ features: new ort.Tensor('float32', features, [rows.length, CREDIT_FEATURES.length]) })).probability!.data as Float32Array;
    await session.release();
    expect(rowCount).toBe(rows.length);
    const expected = new Map<string, { tp: number; fp: number; tn: number; fn: number }>();
    rows.forEach((r, i) => {
      const cell = expected.get(r[header.indexOf('gender')]!) ?? { tp: 0, fp: 0, tn: 0, fn: 0 };
      const predicted = probability[i]! >= 0.5;
      const actual = r[header.indexOf('defaulted')] === '1';
      cell[predicted ? (actual ? 'tp' : 'fp') : actual ? 'fn' : 'tn'] += 1;
      expected.set(r[header.indexOf('gender')]!, cell);
    });
    for (const group of report!.groupings.find((g) => g.key === 'gender')!.groups) expect(group.confusion).toEqual(expected.get(group.label));
  });
});
