import { readFile } from 'node:fs/promises';
import * as ort from 'onnxruntime-node';
import type { Database } from '@/db/client';
import { CREDIT_FEATURES, generateApplicants, type Applicant } from '../samples/credit-data';
import { artifactStore } from '@/server/artifacts/current-store';
import { seededRandom } from '@/server/statistics/seeded-random';
import { findTrafficModel, ingestEvents } from '@/server/traffic/ingest-service';
import { recordLabels } from '@/server/traffic/labels-service';
import { rawSql } from '@/server/traffic/raw-sql';

// A week of synthetic production traffic for the demo model, scored by the version serving
// production in the demo (v1 by default; its ONNX artifact run with onnxruntime in batches),
// stored through the ingestion service (validated like any batch, not over HTTP).
// Deterministic given `now`.
//
// - 7 days × 2,400 events, spread evenly with a little jitter, served by that version;
// - a drift episode on days −3 and −2: incomes 30 % lower and debt-to-income 0.12 higher,
//   with the default rate rising as the data generator's own logit says it should;
// - late-arriving labels: ground truth for about 90 % of the events older than two days;
// - protected attributes (gender, age_band) in each event's attributes.

const DAY = 86_400_000;
export const DAYS = 7;
const PER_DAY = 2_400;
export const BATCH = 1_000;
const SEED = 20_240_917;

export interface DemoTrafficSummary {
  events: number;
  labelled: number;
  drifted: number;
}

/** The generator's ground-truth logit terms that the drift changes (see credit-data.ts). */
function logitShift(before: Applicant, after: Applicant): number {
  const kink = (dti: number) => 2.5 * Math.max(0, dti - 0.6);
  return (
    2.2 * (after.debt_to_income - before.debt_to_income) +
    kink(after.debt_to_income) -
    kink(before.debt_to_income) -
    0.7 * Math.log(after.income / before.income) +
    0.25 * (Math.log(before.income) - Math.log(after.income))
  );
}

/** The drift episode's applicant: 30 % lower income, debt-to-income 0.12 higher. */
export function drift(applicant: Applicant): Applicant {
  return {
    ...applicant,
    income: Math.max(5, Math.round(applicant.income * 0.7 * 10) / 10),
    debt_to_income: Math.min(1.5, Math.round((applicant.debt_to_income + 0.12) * 1000) / 1000),
  };
}

/** An onnxruntime session of the version `serving` of a demo model, from the artifact store. */
export async function servingSession(database: Database, modelName: string, serving: number): Promise<ort.InferenceSession> {
  const model = await findTrafficModel(database, modelName);
  const versionId = model.versions.get(serving);
  if (!versionId) throw new Error(`'${modelName}' has no version ${serving} to score the demo traffic with`);
  const [row] = await rawSql(database).unsafe<{ sha: string }[]>('select artifact_sha256 as sha from model_versions where id = $1', [versionId]);
  const bytes = await artifactStore().withLocalFile(row!.sha, (file) => readFile(file));
  return ort.InferenceSession.create(bytes, { intraOpNumThreads: 1, interOpNumThreads: 1 });
}

/** The applicants as the float [N, 8] input the sample models take. */
export function featureTensor(applicants: readonly Applicant[]): ort.Tensor {
  const width = CREDIT_FEATURES.length;
  const input = new Float32Array(applicants.length * width);
  applicants.forEach((a, i) =>
    CREDIT_FEATURES.forEach((f, j) => {
      const value = a[f.name as keyof Applicant];
      input[i * width + j] = f.type === 'categorical' ? f.categories.indexOf(value as string) : (value as number);
    }),
  );
  return new ort.Tensor('float32', input, [applicants.length, width]);
}

/** Event times spread evenly over the week before `end`, with a little jitter, and the drift and label boundaries. */
export function trafficSchedule(now: Date, perDay: number) {
  const end = now.getTime() - 60_000;
  const total = DAYS * perDay;
  return { start: end - DAYS * DAY, spacing: (DAYS * DAY) / total, total, driftFrom: end - 3 * DAY, driftTo: end - 1 * DAY, labelBefore: end - 2 * DAY };
}

async function scorer(database: Database, modelName: string, serving: number) {
  const session = await servingSession(database, modelName, serving);
  return {
    async score(applicants: Applicant[]): Promise<Float32Array> {
      const out = await session.run({ [session.inputNames[0]!]: featureTensor(applicants) });
      return out.probability!.data as Float32Array;
    },
    release: () => session.release(),
  };
}

/** Seeds a week of traffic (with a drift episode and late labels) for `modelName`, ending at `now`. */
export async function seedDemoTraffic(database: Database, modelName = 'credit-risk', now = new Date(), serving = 1): Promise<DemoTrafficSummary> {
  const model = await scorer(database, modelName, serving);
  const random = seededRandom(SEED);
  const { start, spacing, total, driftFrom, driftTo, labelBefore } = trafficSchedule(now, PER_DAY);
  const labels: { requestId: string; label: string }[] = [];
  let drifted = 0;
  try {
    for (let offset = 0; offset < total; offset += BATCH) {
      const n = Math.min(BATCH, total - offset);
      const base = generateApplicants(n, SEED + offset);
      const times = base.map((_, i) => Math.floor(start + (offset + i + random.next() * 0.9) * spacing));
      const inDrift = times.map((t) => t >= driftFrom && t < driftTo);
      const served = base.map((a, i) => (inDrift[i] ? drift(a) : a));
      const [baseScores, scores] = await Promise.all([model.score(base), model.score(served)]);
      const events = served.map((a, i) => {
        let defaulted = base[i]!.defaulted === 1;
        if (inDrift[i]) {
          drifted += 1;
          // Raise the default probability from p to p' = σ(logit(p) + Δ): flip with (p' − p) / (1 − p).
          const p = Math.min(Math.max(baseScores[i]!, 1e-6), 1 - 1e-6);
          const shifted = 1 / (1 + Math.exp(-(Math.log(p / (1 - p)) + logitShift(base[i]!, a))));
          if (!defaulted && random.next() < (shifted - p) / (1 - p)) defaulted = true;
        }
        const requestId = `demo-${new Date(times[i]!).toISOString().slice(0, 10).replace(/-/g, '')}-${String(offset + i).padStart(6, '0')}`;
        if (times[i]! < labelBefore && random.next() < 0.9) labels.push({ requestId, label: defaulted ? 'defaulted' : 'repaid' });
        const score = Math.round(scores[i]! * 1e6) / 1e6;
        return {
          requestId,
          time: new Date(times[i]!).toISOString(),
          version: serving,
          features: Object.fromEntries(CREDIT_FEATURES.map((f) => [f.name, a[f.name as keyof Applicant] as number | string])),
          prediction: { score, label: score >= 0.5 ? 'defaulted' : 'repaid' },
          latencyMs: Math.round((3 + 6 * random.next() + (random.next() < 0.02 ? 40 * random.next() : 0)) * 100) / 100,
          attributes: { gender: a.gender, age_band: a.age_band },
        };
      });
      await ingestEvents(database, modelName, events, now);
    }
    for (let i = 0; i < labels.length; i += 10_000) await recordLabels(database, modelName, labels.slice(i, i + 10_000));
  } finally {
    await model.release();
  }
  return { events: total, labelled: labels.length, drifted };
}
