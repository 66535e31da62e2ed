import type * as ort from 'onnxruntime-node';
import type { Database } from '@/db/client';
import { CREDIT_FEATURES, generateApplicants, type Applicant } from '../samples/credit-data';
import { creditTargets, RISK_GRADES } from '../samples/credit-targets';
import { seededRandom } from '@/server/statistics/seeded-random';
import { ingestEvents } from '@/server/traffic/ingest-service';
import { recordLabels } from '@/server/traffic/labels-service';
import { BATCH, drift, featureTensor, servingSession, trafficSchedule } from './demo-traffic';

// A week of production traffic for the demo's regression and multiclass models, made the way
// credit-risk's is (demo-traffic.ts): the same applicant generator, schedule, drift episode
// (days −3 and −2: incomes 30 % lower, debt-to-income 0.12 higher) and late labels (about
// 90 % of the events older than two days), scored by the serving version's ONNX artifact and
// stored through the ingestion service. Ground truth comes from the applicant as served
// (credit-targets.ts), so the drift moves it as it moves the features. Deterministic given `now`.
//
//   credit-limit  prediction.score = the predicted limit (thousands); label = the granted limit as a decimal;
//   risk-grade    prediction.label = the most probable grade (the model's `label` output) and
//                 prediction.probabilities = its `probabilities` output (one per grade, in the
//                 model's class order); label = the grade.
// A multiclass event logs no score: one number cannot stand for four class probabilities; the
// probabilities give log loss, one-vs-rest ROC AUC and the CBPE estimate on the monitoring page.

const PER_DAY = 1_200;
const SEEDS = { 'credit-limit': 20_241_017, 'risk-grade': 20_241_018 } as const;

export type DemoTaskModel = keyof typeof SEEDS;

function prediction(model: DemoTaskModel, out: ort.InferenceSession.OnnxValueMapType, i: number): { score: number } | { label: string; probabilities: number[] } {
  if (model === 'credit-limit') return { score: Math.round((out.prediction!.data as Float32Array)[i]! * 100) / 100 };
  const k = RISK_GRADES.length;
  const probabilities = Array.from((out.probabilities!.data as Float32Array).subarray(i * k, (i + 1) * k));
  return { label: RISK_GRADES[Number((out.label!.data as BigInt64Array)[i])]!, probabilities };
}

/** Seeds a week of traffic with a drift episode and late labels for a demo model that is not binary, ending at `now`. */
export async function seedDemoTaskTraffic(database: Database, modelName: DemoTaskModel, now = new Date(), serving = 1): Promise<{ events: number; labelled: number }> {
  const session = await servingSession(database, modelName, serving);
  const seed = SEEDS[modelName];
  const random = seededRandom(seed);
  const { start, spacing, total, driftFrom, driftTo, labelBefore } = trafficSchedule(now, PER_DAY);
  const labels: { requestId: string; label: string }[] = [];
  try {
    for (let offset = 0; offset < total; offset += BATCH) {
      const n = Math.min(BATCH, total - offset);
      const times = Array.from({ length: n }, (_, i) => Math.floor(start + (offset + i + random.next() * 0.9) * spacing));
      const served: Applicant[] = generateApplicants(n, seed + offset).map((a, i) => (times[i]! >= driftFrom && times[i]! < driftTo ? drift(a) : a));
      const truth = creditTargets(served, seed + 1_000_000 + offset);
      const out = await session.run({ [session.inputNames[0]!]: featureTensor(served) });
      const events = served.map((a, i) => {
        const requestId = `demo-${modelName}-${new Date(times[i]!).toISOString().slice(0, 10).replace(/-/g, '')}-${String(offset + i).padStart(6, '0')}`;
        if (times[i]! < labelBefore && random.next() < 0.9) labels.push({ requestId, label: modelName === 'credit-limit' ? String(truth[i]!.creditLimit) : truth[i]!.riskGrade });
        return {
          requestId,
          time: new Date(times[i]!).toISOString(),
          version: serving,
          features: Object.fromEntries(CREDIT_FEATURES.map((f) => [f.name, a[f.name as keyof Applicant] as number | string])),
          prediction: prediction(modelName, out, i),
          latencyMs: Math.round((2 + 4 * random.next() + (random.next() < 0.02 ? 30 * random.next() : 0)) * 100) / 100,
        };
      });
      await ingestEvents(database, modelName, events, now);
    }
    for (let i = 0; i < labels.length; i += 10_000) await recordLabels(database, modelName, labels.slice(i, i + 10_000));
  } finally {
    await session.release();
  }
  return { events: total, labelled: labels.length };
}
