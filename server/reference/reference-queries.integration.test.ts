import { beforeAll, describe, expect, it } from 'vitest';
import { driftReports, fairnessReports } from '@/db/schema';
import { systemActor } from '@/server/auth/actor';
import { defaultFairnessSettings } from '@/server/fairness/fairness-settings';
import { createCaller } from '@/server/app-router';
import { contextFor, fakeUser } from '@/server/trpc/test-context';
import { createTestDatabase } from '@/server/testing/test-database';
import { registerTrafficModel, type TrafficFixture } from '@/server/traffic/traffic-fixtures';
import { monitoringOverview } from '@/server/monitoring/monitoring-queries';
import { uploadReference } from './reference-service';

// The reference dataset page's query: the frozen profile as stored, quantiles read from the
// rows (checked against numpy), and the drift and fairness reports that used the dataset.

const database = await createTestDatabase();
const actor = systemActor('reference page test');
const caller = createCaller(contextFor(database, fakeUser(['viewer'])));
let model: TrafficFixture;
let firstId: string;
let secondId: string;

/** late_payments of row i; every tenth row from the fourth on is missing. */
const latePayments = (i: number) => (i % 10 === 3 ? '' : (((i * 37) % 101) ** 1.3 / 10).toFixed(3));

function csv() {
  const lines = ['age,income,employment,late_payments,defaulted'];
  for (let i = 0; i <= 100; i++) lines.push(`${20 + (i % 50)},${i},${['salaried', 'self_employed', 'unemployed'][i % 3]},${latePayments(i)},${i % 4 === 0 ? 'defaulted' : 'repaid'}`);
  return lines.join('\n');
}

beforeAll(async () => {
  model = await registerTrafficModel(database, 'ref-page', { versions: 2 });
  firstId = (await uploadReference(database, actor, { model: 'ref-page', name: 'held-out', version: 1, csv: csv() })).id;
  secondId = (await uploadReference(database, actor, { model: 'ref-page', name: 'newer', csv: csv() })).id;
  const window = (h: number) => ({ windowFrom: new Date(Date.UTC(2026, 10, 1, h)), windowTo: new Date(Date.UTC(2026, 10, 2, h)) });
  await database.insert(driftReports).values([
    { modelId: model.modelId, referenceId: firstId, ...window(1), currentRows: 10, datasetDrift: false, driftShare: 0.25, features: [] },
    { modelId: model.modelId, referenceId: firstId, ...window(2), currentRows: 12, datasetDrift: true, driftShare: 0.75, features: [] },
    { modelId: model.modelId, referenceId: secondId, ...window(3), currentRows: 9, datasetDrift: false, driftShare: 0, features: [] },
  ]);
  await database.insert(fairnessReports).values({ modelId: model.modelId, versionId: model.versions.get(2)!, population: 'reference', referenceId: firstId, settings: defaultFairnessSettings(['gender']), trigger: 'manual', createdBy: 'tester' });
});

describe('references.get', () => {
  it('returns the frozen profile, who uploaded it, and its version', async () => {
    const view = await caller.references.get({ name: 'ref-page', id: firstId });
    expect(view.reference).toMatchObject({ id: firstId, name: 'held-out', rowCount: 101, createdBy: actor.label, version: 1 });
    expect(view.isDriftBaseline).toBe(false);
    const late = view.profile.features.find((f) => f.name === 'late_payments');
    expect(late).toMatchObject({ type: 'numeric', missing: 10 });
    const employment = view.profile.features.find((f) => f.name === 'employment');
    expect(employment).toMatchObject({ type: 'categorical', counts: [34, 34, 33], missing: 0 });
  });

  it('reads quantiles from the rows, missing values left out (numpy.quantile, linear)', async () => {
    const view = await caller.references.get({ name: 'ref-page', id: firstId });
    expect(view.quantiles.levels).toEqual([0.05, 0.25, 0.5, 0.75, 0.95]);
    // income = 0 … 100: the p-quantile is 100·p exactly.
    expect(view.quantiles.byFeature.income).toEqual([5, 25, 50, 75, 95]);
    // python3 -c "import numpy as np; v=[round(((i*37)%101)**1.3/10,3) for i in range(101) if i%10!=3]; print(np.quantile(v,[.05,.25,.5,.75,.95]))"
    const expected = [0.708, 7.0835, 17.014, 27.8685, 37.498];
    view.quantiles.byFeature.late_payments!.forEach((q, i) => expect(q).toBeCloseTo(expected[i]!, 4));
    expect(view.quantiles.byFeature.employment).toBeUndefined();
  });

  it('lists the drift and fairness reports that used it, and no others', async () => {
    const first = await caller.references.get({ name: 'ref-page', id: firstId });
    expect(first.usedBy.drift).toMatchObject({ count: 2, drifted: 1, first: new Date(Date.UTC(2026, 10, 2, 1)), last: new Date(Date.UTC(2026, 10, 2, 2)) });
    expect(first.usedBy.drift.reports.map((r) => r.driftShare)).toEqual([0.75, 0.25]);
    expect(first.usedBy.fairness).toEqual([expect.objectContaining({ version: 2, status: 'pending', trigger: 'manual' })]);
    const second = await caller.references.get({ name: 'ref-page', id: secondId });
    expect(second.isDriftBaseline).toBe(true);
    expect(second.usedBy.drift.count).toBe(1);
    expect(second.usedBy.fairness).toEqual([]);
  });

  it('404 for an unknown id or another model, 400 for a malformed id', async () => {
    await registerTrafficModel(database, 'other-model', { versions: 1 });
    await expect(caller.references.get({ name: 'ref-page', id: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(caller.references.get({ name: 'other-model', id: firstId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(caller.references.get({ name: 'ref-page', id: 'abc' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('the monitoring overview lists every reference, newest first', async () => {
    const overview = await monitoringOverview(database, 'ref-page');
    expect(overview.references.map((r) => [r.id, r.version])).toEqual([[secondId, null], [firstId, 1]]);
    expect(overview.reference?.id).toBe(secondId);
  });
});
