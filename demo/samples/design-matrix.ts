import type { Feature } from '@/server/registry/feature-schema';

// How raw feature rows become model inputs: numeric columns standardized with the training
// mean and standard deviation, categorical indices one-hot encoded. The ONNX writer rebuilds
// exactly this in the graph, so a deployed model takes the raw rows the registry declares.

export interface DesignSpec {
  /** Row positions of the numeric features, with their training mean and std. */
  numeric: { column: number; name: string; mean: number; std: number }[];
  /** Row positions of the categorical features and their number of categories. */
  oneHot: { column: number; name: string; size: number }[];
}

export function fitDesign(features: readonly Feature[], rows: readonly number[][]): DesignSpec {
  const numeric = features.flatMap((feature, column) => {
    if (feature.type !== 'numeric') return [];
    const values = rows.map((row) => row[column]!);
    const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
    const variance = values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / values.length;
    // A constant column would divide by zero; 1 leaves it centred and harmless.
    return [{ column, name: feature.name, mean, std: Math.sqrt(variance) || 1 }];
  });
  const oneHot = features.flatMap((feature, column) => (feature.type === 'categorical' ? [{ column, name: feature.name, size: feature.categories.length }] : []));
  return { numeric, oneHot };
}

export function designWidth(spec: DesignSpec): number {
  return spec.numeric.length + spec.oneHot.reduce((sum, c) => sum + c.size, 0);
}

/** An index outside the category list encodes as all zeros, as the ONNX Equal/Cast does. */
export function designRow(spec: DesignSpec, row: readonly number[]): number[] {
  const encoded = spec.numeric.map(({ column, mean, std }) => (row[column]! - mean) / std);
  for (const { column, size } of spec.oneHot) {
    for (let k = 0; k < size; k++) encoded.push(row[column] === k ? 1 : 0);
  }
  return encoded;
}

export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}
