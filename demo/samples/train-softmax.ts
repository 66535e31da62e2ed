import type { Feature } from '@/server/registry/feature-schema';
import { designRow, designWidth, fitDesign, type DesignSpec } from './design-matrix';
import type { LogisticHyperparameters } from './train-logistic';

// Multinomial logistic (softmax) regression by full-batch gradient descent on the cross
// entropy, with L2 on the weights: no randomness, so the same data and hyperparameters always
// give the same weights.

export type SoftmaxHyperparameters = LogisticHyperparameters;

export interface SoftmaxModel {
  kind: 'softmax_regression';
  design: DesignSpec;
  /** [design width][classes] */
  weights: number[][];
  /** [classes] */
  bias: number[];
}

/** Softmax of one row of logits, shifted by its maximum so exp never overflows. */
export function softmax(logits: readonly number[]): number[] {
  const max = Math.max(...logits);
  const exps = logits.map((z) => Math.exp(z - max));
  const sum = exps.reduce((s, e) => s + e, 0);
  return exps.map((e) => e / sum);
}

function logitsOf(weights: readonly number[][], bias: readonly number[], xi: readonly number[]): number[] {
  return bias.map((b, k) => {
    let z = b;
    for (let j = 0; j < xi.length; j++) z += xi[j]! * weights[j]![k]!;
    return z;
  });
}

export function trainSoftmax(features: readonly Feature[], rows: readonly number[][], labels: readonly number[], classes: number, hp: SoftmaxHyperparameters): SoftmaxModel {
  const design = fitDesign(features, rows);
  const x = rows.map((row) => designRow(design, row));
  const width = designWidth(design);
  const n = x.length;
  const weights = Array.from({ length: width }, () => new Array<number>(classes).fill(0));
  const bias = new Array<number>(classes).fill(0);

  for (let step = 0; step < hp.iterations; step++) {
    const gradient = Array.from({ length: width }, () => new Array<number>(classes).fill(0));
    const biasGradient = new Array<number>(classes).fill(0);
    for (let i = 0; i < n; i++) {
      const xi = x[i]!;
      const p = softmax(logitsOf(weights, bias, xi));
      for (let k = 0; k < classes; k++) {
        const error = p[k]! - (labels[i] === k ? 1 : 0);
        biasGradient[k]! += error;
        for (let j = 0; j < width; j++) gradient[j]![k]! += error * xi[j]!;
      }
    }
    for (let j = 0; j < width; j++) {
      for (let k = 0; k < classes; k++) weights[j]![k]! -= hp.learning_rate * (gradient[j]![k]! / n + hp.l2 * weights[j]![k]!);
    }
    for (let k = 0; k < classes; k++) bias[k]! -= hp.learning_rate * (biasGradient[k]! / n);
  }
  const f = Math.fround;
  // The ONNX file stores float32: the model described here is the one that ships.
  return {
    kind: 'softmax_regression',
    design: { numeric: design.numeric.map((c) => ({ ...c, mean: f(c.mean), std: f(c.std) })), oneHot: design.oneHot },
    weights: weights.map((row) => row.map(f)),
    bias: bias.map(f),
  };
}

/** Class probabilities per row. */
export function predictSoftmax(model: SoftmaxModel, rows: readonly number[][]): number[][] {
  return rows.map((row) => softmax(logitsOf(model.weights, model.bias, designRow(model.design, row))));
}
