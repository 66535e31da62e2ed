import type { Feature } from '@/server/registry/feature-schema';
import { describeTensor, type TensorInfo } from './onnx-signature';

// Does a declared feature schema fit the model's inputs? Pure, so the registry can answer at
// upload time and the validation thread can rely on the same rules before running anything.

export type FeatureMappingResult = { ok: true } | { ok: false; problems: string[] };

/** Element types a feature value can be written into. */
const FLOATING = new Set(['float', 'double']);

/**
 * The features each input receives, in schema order. A feature without `input` feeds the
 * model's only input; with several inputs it feeds nothing (checkFeatureMapping reports it).
 */
export function featuresByInput(features: readonly Feature[], inputs: readonly TensorInfo[]): Map<string, Feature[]> {
  const byInput = new Map<string, Feature[]>(inputs.map((i) => [i.name, []]));
  const onlyInput = inputs.length === 1 ? inputs[0]!.name : undefined;
  for (const feature of features) {
    const target = feature.input ?? onlyInput;
    if (target !== undefined) byInput.get(target)?.push(feature);
  }
  return byInput;
}

export function checkFeatureMapping(features: readonly Feature[], inputs: readonly TensorInfo[]): FeatureMappingResult {
  const problems: string[] = [];
  const inputNames = inputs.map((i) => `'${i.name}'`).join(', ');
  if (inputs.length === 0) problems.push('the model has no inputs to feed');
  if (features.length === 0) problems.push('the schema declares no features');

  for (const feature of features) {
    if (feature.input !== undefined && !inputs.some((i) => i.name === feature.input)) {
      problems.push(`feature '${feature.name}' feeds input '${feature.input}' which the model does not have (inputs: ${inputNames})`);
    } else if (feature.input === undefined && inputs.length > 1) {
      problems.push(`feature '${feature.name}' does not say which input it feeds, and the model has ${inputs.length} inputs (${inputNames})`);
    }
  }

  const byInput = featuresByInput(features, inputs);
  for (const input of inputs) {
    const fed = byInput.get(input.name) ?? [];
    if (fed.length === 0) {
      problems.push(`input '${input.name}' receives no feature`);
      continue;
    }
    problems.push(...inputProblems(input, fed));
  }
  return problems.length === 0 ? { ok: true } : { ok: false, problems };
}

function inputProblems(input: TensorInfo, fed: readonly Feature[]): string[] {
  const name = `input '${input.name}'`;
  if (input.kind !== 'tensor') return [`${name} is a ${input.kind}; features can only feed dense tensors`];
  const isString = input.elementType === 'string';
  if (!isString && !FLOATING.has(input.elementType)) {
    return [`${name} has element type ${input.elementType}; features can only feed float, double or string inputs`];
  }

  const problems: string[] = [];
  for (const feature of fed) {
    if (feature.type === 'numeric' && isString) {
      problems.push(`numeric feature '${feature.name}' feeds string ${name}; numeric features need a float or double input`);
    }
  }

  const shape = input.shape;
  // Unknown rank: nothing to compare; the tensor is built as [rows, features].
  if (shape === null) return problems;
  if (shape.length === 1) {
    if (fed.length !== 1) problems.push(`${name} takes one value per row (shape ${describeTensor(input)}) but the schema maps ${fed.length} features to it`);
  } else if (shape.length === 2) {
    const width = shape[1];
    if (typeof width === 'number' && width !== fed.length) {
      problems.push(`${name} expects ${width} values per row but the schema maps ${fed.length} feature${fed.length === 1 ? '' : 's'} to it`);
    }
  } else {
    problems.push(`${name} has shape ${describeTensor(input)}; features can only feed inputs shaped [rows] or [rows, features]`);
  }
  return problems;
}
