import type { Feature } from '@/server/registry/feature-schema';
import { seededRandom } from '@/server/statistics/seeded-random';
import { designRow, designWidth, fitDesign, sigmoid, type DesignSpec } from './design-matrix';

// A one-hidden-layer perceptron (inputs → tanh → sigmoid) trained with Adam on seeded
// mini-batches from a seeded initialization: deterministic for a given seed.

export interface MlpHyperparameters {
  hidden_units: number;
  epochs: number;
  batch_size: number;
  learning_rate: number;
  l2: number;
  seed: number;
}

export interface MlpModel {
  kind: 'mlp';
  design: DesignSpec;
  /** [inputs][hidden] */
  w1: number[][];
  b1: number[];
  /** [hidden] */
  w2: number[];
  b2: number;
}

const ADAM = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };

export function trainMlp(features: readonly Feature[], rows: readonly number[][], labels: readonly number[], hp: MlpHyperparameters): MlpModel {
  const design = fitDesign(features, rows);
  const x = rows.map((row) => designRow(design, row));
  const inputs = designWidth(design);
  const hidden = hp.hidden_units;
  const random = seededRandom(hp.seed);

  // Parameters live in one flat vector so one Adam update covers them all:
  // [w1 (inputs × hidden, row-major) | b1 (hidden) | w2 (hidden) | b2].
  const w1At = 0;
  const b1At = inputs * hidden;
  const w2At = b1At + hidden;
  const b2At = w2At + hidden;
  const params = new Float64Array(b2At + 1);
  // Glorot-uniform initialization keeps tanh out of saturation at the start.
  const limit1 = Math.sqrt(6 / (inputs + hidden));
  const limit2 = Math.sqrt(6 / (hidden + 1));
  for (let i = 0; i < inputs * hidden; i++) params[w1At + i] = random.uniform(-limit1, limit1);
  for (let i = 0; i < hidden; i++) params[w2At + i] = random.uniform(-limit2, limit2);

  const m = new Float64Array(params.length);
  const v = new Float64Array(params.length);
  const gradient = new Float64Array(params.length);
  const activation = new Float64Array(hidden);
  const order = x.map((_, i) => i);
  let t = 0;

  for (let epoch = 0; epoch < hp.epochs; epoch++) {
    shuffle(order, random);
    for (let start = 0; start < order.length; start += hp.batch_size) {
      const batch = order.slice(start, start + hp.batch_size);
      gradient.fill(0);
      for (const index of batch) {
        const xi = x[index]!;
        let z = params[b2At]!;
        for (let h = 0; h < hidden; h++) {
          let pre = params[b1At + h]!;
          for (let j = 0; j < inputs; j++) pre += xi[j]! * params[w1At + j * hidden + h]!;
          activation[h] = Math.tanh(pre);
          z += activation[h]! * params[w2At + h]!;
        }
        const error = sigmoid(z) - labels[index]!;
        gradient[b2At]! += error;
        for (let h = 0; h < hidden; h++) {
          gradient[w2At + h]! += error * activation[h]!;
          const back = error * params[w2At + h]! * (1 - activation[h]! ** 2);
          gradient[b1At + h]! += back;
          for (let j = 0; j < inputs; j++) gradient[w1At + j * hidden + h]! += back * xi[j]!;
        }
      }
      t += 1;
      for (let p = 0; p < params.length; p++) {
        // Weight decay on the weights only, not on the biases.
        const decay = p < b1At || (p >= w2At && p < b2At) ? hp.l2 * params[p]! : 0;
        const g = gradient[p]! / batch.length + decay;
        m[p] = ADAM.beta1 * m[p]! + (1 - ADAM.beta1) * g;
        v[p] = ADAM.beta2 * v[p]! + (1 - ADAM.beta2) * g * g;
        const mHat = m[p]! / (1 - ADAM.beta1 ** t);
        const vHat = v[p]! / (1 - ADAM.beta2 ** t);
        params[p]! -= (hp.learning_rate * mHat) / (Math.sqrt(vHat) + ADAM.epsilon);
      }
    }
  }

  // float32, as the ONNX file stores them, so metrics describe the model that ships.
  const f = Math.fround;
  return {
    kind: 'mlp',
    design: { numeric: design.numeric.map((c) => ({ ...c, mean: f(c.mean), std: f(c.std) })), oneHot: design.oneHot },
    w1: Array.from({ length: inputs }, (_, j) => Array.from({ length: hidden }, (_, h) => f(params[w1At + j * hidden + h]!))),
    b1: Array.from({ length: hidden }, (_, h) => f(params[b1At + h]!)),
    w2: Array.from({ length: hidden }, (_, h) => f(params[w2At + h]!)),
    b2: f(params[b2At]!),
  };
}

export function predictMlp(model: MlpModel, rows: readonly number[][]): number[] {
  return rows.map((row) => {
    const xi = designRow(model.design, row);
    let z = model.b2;
    model.b1.forEach((bias, h) => {
      let pre = bias;
      xi.forEach((value, j) => (pre += value * model.w1[j]![h]!));
      z += Math.tanh(pre) * model.w2[h]!;
    });
    return sigmoid(z);
  });
}

/** Fisher–Yates with the seeded generator. */
function shuffle(items: number[], random: ReturnType<typeof seededRandom>): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}
