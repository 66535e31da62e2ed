import type { Feature } from '@/server/registry/feature-schema';
import { designRow, designWidth, fitDesign, sigmoid, type DesignSpec } from './design-matrix';

// Logistic regression by full-batch gradient descent with L2: no randomness at all, so the
// same data and hyperparameters always give the same weights.

export interface LogisticHyperparameters {
  iterations: number;
  learning_rate: number;
  l2: number;
}

export interface LogisticModel {
  kind: 'logistic_regression';
  design: DesignSpec;
  weights: number[];
  bias: number;
}

export function trainLogistic(features: readonly Feature[], rows: readonly number[][], labels: readonly number[], hp: LogisticHyperparameters): LogisticModel {
  const design = fitDesign(features, rows);
  const x = rows.map((row) => designRow(design, row));
  const width = designWidth(design);
  const n = x.length;
  const weights = new Array<number>(width).fill(0);
  let bias = 0;

  for (let step = 0; step < hp.iterations; step++) {
    const gradient = new Array<number>(width).fill(0);
    let biasGradient = 0;
    for (let i = 0; i < n; i++) {
      const xi = x[i]!;
      const error = sigmoid(dot(weights, xi) + bias) - labels[i]!;
      for (let j = 0; j < width; j++) gradient[j]! += error * xi[j]!;
      biasGradient += error;
    }
    // The bias is not regularized: shrinking it would bias the base rate.
    for (let j = 0; j < width; j++) weights[j]! -= hp.learning_rate * (gradient[j]! / n + hp.l2 * weights[j]!);
    bias -= hp.learning_rate * (biasGradient / n);
  }
  return toFloat32({ kind: 'logistic_regression', design, weights, bias });
}

export function predictLogistic(model: LogisticModel, rows: readonly number[][]): number[] {
  return rows.map((row) => sigmoid(dot(model.weights, designRow(model.design, row)) + model.bias));
}

/**
 * The ONNX file stores float32: round the parameters once here, so the metrics and the
 * TypeScript predictions describe the model that actually ships.
 */
function toFloat32(model: LogisticModel): LogisticModel {
  const f = Math.fround;
  return {
    ...model,
    design: {
      numeric: model.design.numeric.map((c) => ({ ...c, mean: f(c.mean), std: f(c.std) })),
      oneHot: model.design.oneHot,
    },
    weights: model.weights.map(f),
    bias: f(model.bias),
  };
}

export function dot(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}
