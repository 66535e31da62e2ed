import { beforeAll, describe, expect, it } from 'vitest';
import { modelVersions } from '@/db/schema';
import { systemActor } from '@/server/auth/actor';
import { uploadReference } from '@/server/reference/reference-service';
import { createModelSchema } from '@/server/registry/model-schemas';
import { createModel } from '@/server/registry/models-service';
import { multiclassConfusion, multiclassMetrics } from '@/server/statistics/multiclass-metrics';
import { regressionMetrics } from '@/server/statistics/regression-metrics';
import { seededRandom } from '@/server/statistics/seeded-random';
import { createTestDatabase } from '@/server/testing/test-database';
import { ingestEvents } from '@/server/traffic/ingest-service';
import { recordLabels } from '@/server/traffic/labels-service';
import { registerTrafficModel, TEST_FEATURES } from '@/server/traffic/traffic-fixtures';
import { runDriftReport, windowEnd } from './drift-report';
import { monitoringOverview } from './monitoring-queries';

// Realized performance for the task types beyond binary, through the hourly drift report:
// events with predictions, labels attached later, the report stores every metric of the task
// type, and the monitoring overview reads them back.

const database = await createTestDatabase();
const actor = systemActor('realized performance test');
const now = new Date();
const windowTo = windowEnd(now);
const random = seededRandom(19);
const N = 300;

function featureRow(i: number) {
  return { age: 20 + (i % 50), income: 30 + random.next() * 50, employment: ['salaried', 'self_employed', 'unemployed'][i % 3]!, late_payments: i % 4 };
}

function referenceCsv(label: (i: number) => string) {
  const lines = ['age,income,employment,late_payments,target'];
  for (let i = 0; i < 120; i++) {
    const f = featureRow(i);
    lines.push(`${f.age},${f.income},${f.employment},${f.late_payments},${label(i)}`);
  }
  return lines.join('\n');
}

const eventTime = (i: number) => new Date(windowTo.getTime() - 3_600_000 - i * 1000).toISOString();

describe('realized performance in the drift report', () => {
  beforeAll(async () => {
    await registerTrafficModel(database, 'house-prices', { taskType: 'regression', versions: 1 });
  });

  it('regression: MAE, RMSE, R², MAPE and residuals on the labelled events', async () => {
    // registerTrafficModel names a regression label 'amount'; the CSV header follows the model.
    await uploadReference(database, actor, { model: 'house-prices', name: 'held-out', csv: referenceCsv((i) => String(100 + i)).replace(',target', ',amount') });
    const actual: number[] = [];
    const predicted: number[] = [];
    const events = Array.from({ length: N }, (_, i) => {
      const y = 200 + random.normal() * 30;
      const prediction = y + random.normal() * 10;
      // Only the first 200 get labels; the score is stored as a 4-byte real.
      if (i < 200) {
        actual.push(y);
        predicted.push(Math.fround(prediction));
      }
      return { requestId: `h${i}`, time: eventTime(i), version: 1, features: featureRow(i), prediction: { score: prediction } };
    });
    await ingestEvents(database, 'house-prices', events, now);
    await recordLabels(database, 'house-prices', actual.map((y, i) => ({ requestId: `h${i}`, label: String(y) })));

    const report = await runDriftReport(database, (await monitoringOverview(database, 'house-prices')).model.id, windowTo);
    const realized = report?.performance.realized;
    expect(realized?.task).toBe('regression');
    if (realized?.task !== 'regression') return;
    const expected = regressionMetrics(actual, predicted);
    expect(realized.labeled).toBe(200);
    expect(realized.mae).toBeCloseTo(expected.mae!, 9);
    expect(realized.rmse).toBeCloseTo(expected.rmse!, 9);
    expect(realized.r2).toBeCloseTo(expected.r2!, 9);
    expect(realized.mape).toBeCloseTo(expected.mape!, 9);
    expect(realized.residuals.histogram.counts.reduce((s, c) => s + c, 0)).toBe(200);
    expect(report!.performance.realizedAccuracy).toBeNull();

    // The page's query reads the stored report back (JSONB round trip).
    const overview = await monitoringOverview(database, 'house-prices');
    expect(overview.latest?.performance?.realized).toEqual(realized);
  });

  it('multiclass: accuracy, averaged and per-class metrics and the confusion matrix', async () => {
    const classes = ['bronze', 'silver', 'gold'];
    const model = await createModel(
      database,
      actor,
      createModelSchema.parse({ name: 'card-tier', taskType: 'multiclass_classification', features: TEST_FEATURES, label: { name: 'target', classes } }),
    );
    await database.insert(modelVersions).values({ modelId: model.id, version: 1, artifactSha256: '1'.padStart(64, '0'), artifactSize: 1, createdByType: 'system', createdByLabel: 'test', status: 'validated' });
    await uploadReference(database, actor, { model: 'card-tier', name: 'held-out', csv: referenceCsv((i) => classes[i % 3]!) });
    const actual: number[] = [];
    const predicted: number[] = [];
    const events = Array.from({ length: N }, (_, i) => {
      const truth = random.int(3);
      const guess = random.next() < 0.7 ? truth : random.int(3);
      actual.push(truth);
      predicted.push(guess);
      return { requestId: `c${i}`, time: eventTime(i), version: 1, features: featureRow(i), prediction: { label: classes[guess]!, score: 0.5 } };
    });
    await ingestEvents(database, 'card-tier', events, now);
    await recordLabels(database, 'card-tier', actual.map((a, i) => ({ requestId: `c${i}`, label: classes[a]! })));

    const report = await runDriftReport(database, model.id, windowTo);
    const realized = report?.performance.realized;
    expect(realized?.task).toBe('multiclass_classification');
    if (realized?.task !== 'multiclass_classification') return;
    const matrix = multiclassConfusion(actual, predicted, 3);
    const expected = multiclassMetrics(matrix);
    expect(realized.labeled).toBe(N);
    expect(realized.confusion).toEqual(matrix);
    expect(realized.accuracy).toBeCloseTo(expected.accuracy!, 12);
    expect(realized.macro).toEqual(expected.macro);
    expect(realized.weighted).toEqual(expected.weighted);
    expect(realized.perClass.map((c) => c.class)).toEqual(classes);
    expect(report!.performance.realizedAccuracy).toBe(realized.accuracy);
  });
});
