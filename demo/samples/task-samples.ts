import { multiclassConfusion, multiclassMetrics } from '@/server/statistics/multiclass-metrics';
import { multiclassLogLoss } from '@/server/statistics/multiclass-probability-metrics';
import { regressionMetrics } from '@/server/statistics/regression-metrics';
import type { SampleData, SampleReference, TrainedSample } from './build-sample-models';
import { CREDIT_FEATURES, featureRow, type Applicant } from './credit-data';
import { CREDIT_LIMIT_LABEL, creditTargets, RISK_GRADE_LABEL, RISK_GRADES, type CreditTargets } from './credit-targets';
import { linearRegressionToOnnx, sampleDescription, softmaxToOnnx } from './onnx-writer';
import { predictLinear, trainLinear, type LinearHyperparameters } from './train-linear';
import { predictSoftmax, trainSoftmax, type SoftmaxHyperparameters } from './train-softmax';

// The regression and multiclass sample models, on the same applicants as credit risk:
//   credit-limit  v1 under-trained linear regression (serving in the demo), v2 trained to
//                 convergence (the candidate: clearly lower MAE);
//   risk-grade    v1 under-trained softmax regression over grades A–D, v2 converged (the
//                 candidate: clearly more accurate).
// Targets come from credit-targets.ts with their own noise seeds per split.

const TARGET_SEEDS = { train: 20_240_701, test: 20_240_702, reference: 20_240_703 } as const;

const LIMIT_V1: LinearHyperparameters = { iterations: 12, learning_rate: 0.05, l2: 0.3 };
const LIMIT_V2: LinearHyperparameters = { iterations: 400, learning_rate: 0.3, l2: 0.0001 };
const GRADE_V1: SoftmaxHyperparameters = { iterations: 15, learning_rate: 0.1, l2: 0.3 };
const GRADE_V2: SoftmaxHyperparameters = { iterations: 400, learning_rate: 0.8, l2: 0.0001 };

const LIMIT_DATASET = 'synthetic-credit-limits';
const GRADE_DATASET = 'synthetic-risk-grades';

/** Canonical CSV of features and one target column (fixed order, JavaScript number formatting, LF line ends). */
function targetCsv(applicants: readonly Applicant[], targets: readonly CreditTargets[], column: string, value: (t: CreditTargets) => string | number): string {
  const lines = applicants.map((a, i) => [...featureRow(a).map((v, j) => (CREDIT_FEATURES[j]!.type === 'categorical' ? (CREDIT_FEATURES[j] as { categories: string[] }).categories[v]! : v)), value(targets[i]!)].join(','));
  return [[...CREDIT_FEATURES.map((f) => f.name), column].join(','), ...lines].join('\n') + '\n';
}

/** The reference datasets of credit-limit and risk-grade. */
export function taskReferences(data: SampleData): SampleReference[] {
  const targets = creditTargets(data.reference, TARGET_SEEDS.reference);
  return [
    { modelName: 'credit-limit', file: 'credit-limit-reference.csv', csv: targetCsv(data.reference, targets, CREDIT_LIMIT_LABEL.name, (t) => t.creditLimit) },
    { modelName: 'risk-grade', file: 'risk-grade-reference.csv', csv: targetCsv(data.reference, targets, RISK_GRADE_LABEL.name, (t) => t.riskGrade) },
  ];
}

export function trainTaskSamples(data: SampleData): TrainedSample[] {
  const x = data.train.map(featureRow);
  const testX = data.test.map(featureRow);
  const train = creditTargets(data.train, TARGET_SEEDS.train);
  const test = creditTargets(data.test, TARGET_SEEDS.test);
  const common = { protectedAttributes: [], hyperparameters: {} };

  const limitDataset = { name: LIMIT_DATASET, csv: targetCsv(data.train, train, CREDIT_LIMIT_LABEL.name, (t) => t.creditLimit) };
  const limit = (version: number, hp: LinearHyperparameters, description: string): TrainedSample => {
    const model = trainLinear(CREDIT_FEATURES, x, train.map((t) => t.creditLimit), hp);
    const predict = (rows: number[][]) => predictLinear(model, rows);
    const m = regressionMetrics(test.map((t) => t.creditLimit), predict(testX));
    const file = `credit-limit-linear-v${version}.onnx`;
    return {
      ...common, file, modelName: 'credit-limit', version, algorithm: 'linear_regression', taskType: 'regression', label: CREDIT_LIMIT_LABEL, description,
      hyperparameters: { ...hp }, metrics: { mae: m.mae!, rmse: m.rmse!, r2: m.r2! }, dataset: limitDataset, predict,
      onnx: linearRegressionToOnnx(model, sampleDescription(file, 'credit_limit_linear', description)),
    };
  };

  const gradeIndex = (t: CreditTargets) => RISK_GRADES.indexOf(t.riskGrade);
  const gradeDataset = { name: GRADE_DATASET, csv: targetCsv(data.train, train, RISK_GRADE_LABEL.name, (t) => t.riskGrade) };
  const grade = (version: number, hp: SoftmaxHyperparameters, description: string): TrainedSample => {
    const model = trainSoftmax(CREDIT_FEATURES, x, train.map(gradeIndex), RISK_GRADES.length, hp);
    const predict = (rows: number[][]) => predictSoftmax(model, rows).flat();
    const probabilities = predict(testX);
    const actual = test.map(gradeIndex);
    const k = RISK_GRADES.length;
    const predicted = actual.map((_, i) => {
      const row = probabilities.slice(i * k, i * k + k);
      return row.indexOf(Math.max(...row));
    });
    const m = multiclassMetrics(multiclassConfusion(actual, predicted, k));
    const file = `risk-grade-softmax-v${version}.onnx`;
    return {
      ...common, file, modelName: 'risk-grade', version, algorithm: 'softmax_regression', taskType: 'multiclass_classification', label: RISK_GRADE_LABEL, description,
      hyperparameters: { ...hp }, metrics: { accuracy: m.accuracy!, macro_f1: m.macro!.f1, log_loss: multiclassLogLoss(actual, probabilities, k)! }, dataset: gradeDataset, predict,
      onnx: softmaxToOnnx(model, sampleDescription(file, 'risk_grade_softmax', description)),
    };
  };

  return [
    limit(1, LIMIT_V1, 'Credit limit (thousands): linear regression, first release (short training)'),
    limit(2, LIMIT_V2, 'Credit limit (thousands): linear regression trained to convergence'),
    grade(1, GRADE_V1, 'Risk grade A–D: softmax regression, first release (short training)'),
    grade(2, GRADE_V2, 'Risk grade A–D: softmax regression trained to convergence'),
  ];
}
