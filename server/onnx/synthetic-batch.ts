import type { Feature } from '@/server/registry/feature-schema';
import { checkFeatureMapping, featuresByInput } from './feature-mapping';
import type { OnnxSignature } from './onnx-signature';
import { seededRandom } from '@/server/statistics/seeded-random';

// Plausible input rows for a model nobody has sent traffic to yet: enough to prove the model
// loads, accepts the declared schema and returns numbers. Pure and seeded, so a validation
// result can be reproduced exactly.

/** One row: a number per feature in schema order; a categorical feature holds its category index. */
export type FeatureRow = number[];

/**
 * A tensor as plain data (typed arrays and arrays survive structured clone), named with
 * onnxruntime's type strings so the thread can do `new Tensor(type, data, dims)`.
 */
export type PlainTensor =
  | { type: 'float32'; data: Float32Array; dims: number[] }
  | { type: 'float64'; data: Float64Array; dims: number[] }
  | { type: 'string'; data: string[]; dims: number[] };

export type InputTensors = Record<string, PlainTensor>;

export function syntheticRows(features: readonly Feature[], n: number, seed: number): FeatureRow[] {
  const random = seededRandom(seed);
  const rows: FeatureRow[] = [];
  for (let r = 0; r < n; r++) {
    rows.push(
      features.map((feature) => {
        if (feature.type === 'categorical') return random.int(feature.categories.length);
        const { min, max } = feature;
        if (min !== undefined && max !== undefined) return random.uniform(min, max);
        // With one bound, stay on its side of it: a 'min: 0' feature never goes negative.
        if (min !== undefined) return min + Math.abs(random.normal());
        if (max !== undefined) return max - Math.abs(random.normal());
        return random.normal();
      }),
    );
  }
  return rows;
}

/**
 * Packs rows into one tensor per ONNX input: each input gets the columns of the features
 * that feed it, in schema order, shaped [rows] or [rows, features] as the input declares.
 * Throws when the schema does not fit the signature (check it with checkFeatureMapping).
 */
export function toInputTensors(features: readonly Feature[], signature: Pick<OnnxSignature, 'inputs'>, rows: readonly FeatureRow[]): InputTensors {
  const mapping = checkFeatureMapping(features, signature.inputs);
  if (!mapping.ok) throw new Error(`the feature schema does not fit the model: ${mapping.problems.join('; ')}`);
  const column = new Map(features.map((f, i) => [f.name, i]));
  const byInput = featuresByInput(features, signature.inputs);
  const tensors: InputTensors = {};

  for (const input of signature.inputs) {
    const fed = byInput.get(input.name) ?? [];
    const dims = input.shape?.length === 1 ? [rows.length] : [rows.length, fed.length];
    const cell = (row: FeatureRow, feature: Feature): number => row[column.get(feature.name)!]!;
    if (input.elementType === 'string') {
      tensors[input.name] = {
        type: 'string',
        dims,
        // checkFeatureMapping guarantees only categorical features feed a string input.
        data: rows.flatMap((row) => fed.map((f) => (f.type === 'categorical' ? (f.categories[cell(row, f)] ?? '') : String(cell(row, f))))),
      };
      continue;
    }
    const data = input.elementType === 'double' ? new Float64Array(rows.length * fed.length) : new Float32Array(rows.length * fed.length);
    rows.forEach((row, r) => fed.forEach((f, c) => (data[r * fed.length + c] = cell(row, f))));
    tensors[input.name] = data instanceof Float64Array ? { type: 'float64', data, dims } : { type: 'float32', data, dims };
  }
  return tensors;
}
