import type { Feature } from '@/server/registry/feature-schema';
import { designRow, designWidth, fitDesign, type DesignSpec } from './design-matrix';
import { dot, type LogisticHyperparameters } from './train-logistic';

// Linear regression (ridge) by full-batch gradient descent on the squared error: no
// randomness, so the same data and hyperparameters always give the same weights. The target
// is standardized while training (the weights are scaled back after), so one learning rate
// suits any target scale.

export type LinearHyperparameters = LogisticHyperparameters;

export interface LinearModel {
  kind: 'linear_regression';
  design: DesignSpec;
  weights: number[];
  bias: number;
}

export function trainLinear(features: readonly Feature[], rows: readonly number[][], targets: readonly number[], hp: LinearHyperparameters): LinearModel {
  const design = fitDesign(features, rows);
  const x = rows.map((row) => designRow(design, row));
  const width = designWidth(design);
  const n = x.length;
  const mean = targets.reduce((s, y) => s + y, 0) / n;
  const scale = Math.sqrt(targets.reduce((s, y) => s + (y - mean) ** 2, 0) / n) || 1;
  const y = targets.map((t) => (t - mean) / scale);
  const weights = new Array<number>(width).fill(0);
  let bias = 0;

  for (let step = 0; step < hp.iterations; step++) {
    const gradient = new Array<number>(width).fill(0);
    let biasGradient = 0;
    for (let i = 0; i < n; i++) {
      const xi = x[i]!;
      const error = dot(weights, xi) + bias - y[i]!;
      for (let j = 0; j < width; j++) gradient[j]! += error * xi[j]!;
      biasGradient += error;
    }
    for (let j = 0; j < width; j++) weights[j]! -= hp.learning_rate * (gradient[j]! / n + hp.l2 * weights[j]!);
    bias -= hp.learning_rate * (biasGradient / n);
  }
  const f = Math.fround;
  // The ONNX file stores float32: the model described here is the one that ships.
  return {
    kind: 'linear_regression',
    design: { numeric: design.numeric.map((c) => ({ ...c, mean: f(c.mean), std: f(c.std) })), oneHot: design.oneHot },
    weights: weights.map((w) => f(w * scale)),
    bias: f(bias * scale + mean),
  };
}

export function predictLinear(model: LinearModel, rows: readonly number[][]): number[] {
  return rows.map((row) => dot(model.weights, designRow(model.design, row)) + model.bias);
}
