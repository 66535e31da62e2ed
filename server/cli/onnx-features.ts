import type { Feature } from '@/server/registry/feature-schema';
import { describeTensor, type OnnxSignature, type TensorInfo } from '@/server/onnx/onnx-signature';

// The feature schema a model's inputs imply, for `vigil models create --from-onnx`: how many
// values each input takes per row, in input order, with the names a person wrote (or, for a
// model with one input per feature, the inputs' own names).

/** The model's inputs do not say, or the names do not fit; the message says what to do. */
export class FeatureSignatureError extends Error {}

/** Values per row an input takes; null when its width is not fixed (e.g. [N, ?]). */
function widthOf(input: TensorInfo): number | null {
  const where = `input '${input.name}' (${describeTensor(input)})`;
  if (input.kind !== 'tensor') throw new FeatureSignatureError(`${where} is not a dense tensor; features can only feed tensors.`);
  if (input.elementType === 'string') throw new FeatureSignatureError(`${where} takes strings; categorical features need their categories, so register this model with the REST API or the portal.`);
  if (input.shape === null) return null;
  if (input.shape.length === 1) return 1;
  if (input.shape.length === 2) return typeof input.shape[1] === 'number' ? input.shape[1] : null;
  throw new FeatureSignatureError(`${where} has rank ${input.shape.length}; features can only feed inputs shaped [rows] or [rows, features].`);
}

/**
 * Numeric features in input order: `names` (one per value of every input, in order), or with
 * no names the input names themselves, which only works when each input takes one value.
 */
export function featuresFromSignature(signature: Pick<OnnxSignature, 'inputs'>, names: readonly string[] | null): Feature[] {
  const inputs = signature.inputs;
  if (inputs.length === 0) throw new FeatureSignatureError('The model declares no inputs.');
  const widths = inputs.map(widthOf);
  const several = inputs.length > 1;
  const inputList = inputs.map((i) => `'${i.name}' ${describeTensor(i)}`).join(', ');

  if (names === null) {
    if (widths.every((w) => w === 1)) return inputs.map((input) => ({ name: input.name, type: 'numeric', ...(several ? { input: input.name } : {}) }));
    throw new FeatureSignatureError(`The model's input${several ? 's' : ''} (${inputList}) take${several ? '' : 's'} several values per row, so the input names cannot name the features: list the feature names, one per line in input order, in a file given with --features.`);
  }

  const unknown = widths.findIndex((w) => w === null);
  if (unknown !== -1 && several) {
    throw new FeatureSignatureError(`Input '${inputs[unknown]!.name}' (${describeTensor(inputs[unknown]!)}) does not fix how many values it takes per row, so the names cannot be split between the model's ${inputs.length} inputs.`);
  }
  const expected = unknown === -1 ? widths.reduce<number>((sum, w) => sum + w!, 0) : names.length;
  if (names.length !== expected) {
    throw new FeatureSignatureError(`The model takes ${expected} value${expected === 1 ? '' : 's'} per row (${inputList}) but the features file names ${names.length}; give one name per line, in input order.`);
  }
  const features: Feature[] = [];
  let next = 0;
  inputs.forEach((input, i) => {
    for (const name of names.slice(next, next + (widths[i] ?? names.length))) features.push({ name, type: 'numeric', ...(several ? { input: input.name } : {}) });
    next += widths[i] ?? names.length;
  });
  return features;
}

/** One name a line; blank lines (a trailing newline, a gap) are not names. */
export function featureNamesFromText(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}
