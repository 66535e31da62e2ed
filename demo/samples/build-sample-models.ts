import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { binaryMetrics } from './classification-metrics';
import { applicantsCsv, CREDIT_FEATURES, CREDIT_LABEL, CREDIT_PROTECTED_ATTRIBUTES, featureRow, generateApplicants, type Applicant } from './credit-data';
import { logisticToOnnx, mlpToOnnx, sampleDescription } from './onnx-writer';
import { SAMPLE_MANIFEST_FILE, SAMPLE_MODELS_DIR, sampleManifestSchema, type SampleManifest, type SampleModel } from './sample-manifest';
import { taskReferences, trainTaskSamples } from './task-samples';
import { predictLogistic, trainLogistic, type LogisticHyperparameters } from './train-logistic';
import { predictMlp, trainMlp, type MlpHyperparameters } from './train-mlp';
import type { Label, TaskType } from '@/server/registry/feature-schema';
import { seededRandom } from '@/server/statistics/seeded-random';

// `npm run samples`: generates the synthetic credit data, trains the sample models (credit
// risk, binary; credit limit, regression; risk grade, multiclass: task-samples.ts) and writes
// them with a manifest and a reference CSV per model to demo/samples/models/. Every output is
// a pure function of the constants below: two runs write identical bytes (a test checks).

export const SAMPLE_DATASET = {
  name: 'synthetic-credit-applicants',
  seed: 20_240_611,
  trainRows: 4000,
  testRows: 2000,
  referenceRows: 500,
} as const;

export const REFERENCE_CSV_FILE = 'credit-risk-reference.csv';

export interface SampleData {
  train: Applicant[];
  test: Applicant[];
  /** Rows neither trained nor tested on: the reference dataset for drift and fairness. */
  reference: Applicant[];
}

export interface TrainedSample {
  file: string;
  modelName: string;
  version: number;
  algorithm: SampleModel['algorithm'];
  taskType: TaskType;
  label: Label;
  protectedAttributes: SampleModel['protectedAttributes'];
  description: string;
  hyperparameters: Record<string, number>;
  metrics: Record<string, number>;
  onnx: Uint8Array;
  /** What the model trained on: its name and canonical CSV (the dataset hash covers it). */
  dataset: { name: string; csv: string };
  /**
   * The TypeScript model's output for raw feature rows, to compare with the ONNX file's first
   * output: P(defaulted) per row (binary), the prediction (regression), the class
   * probabilities row-major, N × K (multiclass).
   */
  predict: (rows: number[][]) => number[];
}

/** A model's reference dataset: labelled rows neither trained nor tested on. */
export interface SampleReference {
  modelName: string;
  file: string;
  csv: string;
}

export function sampleData(): SampleData {
  const { seed, trainRows, testRows, referenceRows } = SAMPLE_DATASET;
  const all = generateApplicants(trainRows + testRows + referenceRows, seed);
  return {
    train: all.slice(0, trainRows),
    test: all.slice(trainRows, trainRows + testRows),
    reference: all.slice(trainRows + testRows),
  };
}

// v1 is the quick first release: few steps and heavy regularization leave it under-fitted and
// poorly calibrated, and it learned from the legacy scorecard's outcomes, which recorded half
// of the young applicants who would have repaid as defaults (they were refused, so never had
// the chance): label bias the fairness report must find. v2 learns from true outcomes. It
// keeps v2's feature schema, since the schema belongs to the registered model.
export const LEGACY_LABEL_BIAS = { group: 'under_30', share: 0.5, seed: 5 } as const;
const LOGREG_V1: LogisticHyperparameters = { iterations: 25, learning_rate: 0.05, l2: 0.3 };
const LOGREG_V2: LogisticHyperparameters = { iterations: 800, learning_rate: 0.5, l2: 0.0001 };
// v3, the challenger: trained longer on the full legacy history, so it learns the legacy bias
// more faithfully than v1 did. Its metrics look fine; its fairness report is what stops it.
const LOGREG_V3: LogisticHyperparameters = { iterations: 300, learning_rate: 0.3, l2: 0.001 };
const MLP_V1: MlpHyperparameters = { hidden_units: 16, epochs: 40, batch_size: 64, learning_rate: 0.003, l2: 0.001, seed: 7 };

export function trainSampleModels(data: SampleData = sampleData()): TrainedSample[] {
  return [...trainCreditRiskSamples(data), ...trainTaskSamples(data)];
}

/** The reference dataset of every sample model. */
export function sampleReferences(data: SampleData = sampleData()): SampleReference[] {
  return [{ modelName: 'credit-risk', file: REFERENCE_CSV_FILE, csv: applicantsCsv(data.reference) }, ...taskReferences(data)];
}

function trainCreditRiskSamples(data: SampleData): TrainedSample[] {
  const x = data.train.map(featureRow);
  const y = data.train.map((a) => a.defaulted);
  const testX = data.test.map(featureRow);
  const testY = data.test.map((a) => a.defaulted);

  const legacy = seededRandom(LEGACY_LABEL_BIAS.seed);
  const legacyY = data.train.map((a) => (a.defaulted === 0 && a.age_band === LEGACY_LABEL_BIAS.group && legacy.next() < LEGACY_LABEL_BIAS.share ? 1 : a.defaulted));

  const credit = {
    taskType: 'binary_classification' as const,
    label: CREDIT_LABEL,
    protectedAttributes: CREDIT_PROTECTED_ATTRIBUTES,
    dataset: { name: SAMPLE_DATASET.name, csv: applicantsCsv(data.train) },
  };
  const logistic = (version: number, hp: LogisticHyperparameters, description: string, labels: readonly number[]): TrainedSample => {
    const model = trainLogistic(CREDIT_FEATURES, x, labels, hp);
    const predict = (rows: number[][]) => predictLogistic(model, rows);
    const file = `credit-risk-logreg-v${version}.onnx`;
    return {
      file, modelName: 'credit-risk', version, algorithm: 'logistic_regression', ...credit, description,
      hyperparameters: { ...hp }, metrics: { ...binaryMetrics(testY, predict(testX)) }, predict,
      onnx: logisticToOnnx(model, sampleDescription(file, 'credit_risk_logreg', description)),
    };
  };
  const mlpModel = trainMlp(CREDIT_FEATURES, x, y, MLP_V1);
  const mlpDescription = 'Credit default risk: 16-unit tanh MLP trained with Adam';
  const predictWithMlp = (rows: number[][]) => predictMlp(mlpModel, rows);

  return [
    logistic(1, LOGREG_V1, 'Credit default risk: logistic regression, first release (short training, legacy scorecard outcomes)', legacyY),
    logistic(2, LOGREG_V2, 'Credit default risk: logistic regression trained to convergence on true outcomes', y),
    logistic(3, LOGREG_V3, 'Credit default risk: logistic regression retrained on the full legacy scorecard history', legacyY),
    {
      file: 'credit-risk-mlp-v1.onnx', modelName: 'credit-risk-mlp', version: 1, algorithm: 'mlp', ...credit, description: mlpDescription,
      hyperparameters: { ...MLP_V1 }, metrics: { ...binaryMetrics(testY, predictWithMlp(testX)) }, predict: predictWithMlp,
      onnx: mlpToOnnx(mlpModel, sampleDescription('credit-risk-mlp-v1.onnx', 'credit_risk_mlp', mlpDescription)),
    },
  ];
}

export async function buildSampleModels(outDir: string = SAMPLE_MODELS_DIR): Promise<SampleManifest> {
  const data = sampleData();
  const trained = trainSampleModels(data);
  const references = sampleReferences(data);

  await mkdir(outDir, { recursive: true });
  for (const sample of trained) await writeFile(path.join(outDir, sample.file), sample.onnx);
  for (const reference of references) await writeFile(path.join(outDir, reference.file), reference.csv);

  const manifest: SampleManifest = {
    generator: 'npm run samples (demo/samples/build-sample-models.ts)',
    models: trained.map((sample) => {
      // Fake but stable lineage, shaped like what a CI pipeline reports.
      const gitSha = createHash('sha1').update(`vigil-samples/${sample.file}`).digest('hex');
      return {
        file: sample.file,
        modelName: sample.modelName,
        version: sample.version,
        description: sample.description,
        algorithm: sample.algorithm,
        taskType: sample.taskType,
        sha256: sha256(sample.onnx),
        sizeBytes: sample.onnx.length,
        featureSchema: CREDIT_FEATURES,
        label: sample.label,
        protectedAttributes: sample.protectedAttributes,
        hyperparameters: sample.hyperparameters,
        metrics: sample.metrics,
        dataset: {
          name: sample.dataset.name,
          sha256: sha256(sample.dataset.csv),
          seed: SAMPLE_DATASET.seed,
          trainRows: data.train.length,
          testRows: data.test.length,
        },
        gitSha,
        ciRunUrl: `https://ci.example.com/ml/${sample.modelName === 'credit-risk-mlp' ? 'credit-risk' : sample.modelName}/pipelines/${1000 + (parseInt(gitSha.slice(0, 6), 16) % 9000)}`,
      };
    }),
    references: references.map((r) => ({ modelName: r.modelName, file: r.file, sha256: sha256(r.csv), rows: r.csv.trimEnd().split('\n').length - 1, columns: r.csv.split('\n', 1)[0]!.split(',') })),
  };
  // Parse what is written: the manifest must load back through the same schema.
  const checked = sampleManifestSchema.parse(manifest);
  await writeFile(path.join(outDir, SAMPLE_MANIFEST_FILE), `${JSON.stringify(checked, null, 2)}\n`);
  return checked;
}

function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const outDir = process.argv[2] ? path.resolve(process.argv[2]) : SAMPLE_MODELS_DIR;
  const manifest = await buildSampleModels(outDir);
  for (const m of manifest.models) {
    const metrics = Object.entries(m.metrics).map(([k, v]) => `${k} ${v.toPrecision(4)}`).join('  ');
    console.log(`${m.file}  ${m.sizeBytes} B  ${metrics}  sha256 ${m.sha256.slice(0, 12)}…`);
  }
  for (const r of manifest.references) console.log(`${r.file}  ${r.rows} rows`);
  console.log(`manifest: ${path.join(outDir, SAMPLE_MANIFEST_FILE)}`);
}
