import type { PlainTensor } from '@/server/onnx/inference-pool';
import { checkFeatureMapping, featuresByInput } from '@/server/onnx/feature-mapping';
import type { OnnxSignature, TensorInfo } from '@/server/onnx/onnx-signature';
import type { Feature } from '@/server/registry/feature-schema';

// How a candidate model is fed from an EventBatch and how its outputs become a score and a
// label. Pure: the batch task calls it around the inference pool.
//
// Inputs: the common case, one float input [N, width] fed by every feature in schema order,
// is a straight copy of the batch's row-major Float32Array. Anything else (several inputs, a
// double or string input, a [N] input) is packed column by column as featuresByInput says.
// Score: the positive-class probability — a float output named like probability/score
// (else the first float output) shaped [N], [N, 1] (the value) or [N, 2] (column 1).
// Label: a label output when the model has one (class index → label.classes, strings as
// they are), else score ≥ 0.5 → classes[1], otherwise classes[0].

export interface InputPlan {
  name: string;
  elementType: 'float' | 'double' | 'string';
  /** Schema indices of the features this input receives, in order. */
  columns: number[];
  /** Category lists of those features (null for numeric ones), for string inputs. */
  categories: (string[] | null)[];
  rank: 1 | 2;
}

export interface CandidateIO {
  inputs: InputPlan[];
  /** True when the single input takes every feature in schema order as float [N, width]. */
  direct: boolean;
  scoreOutput: string | null;
  labelOutput: string | null;
  fetches: string[];
  /** [negative, positive] for binary models. */
  classes: string[];
}

const FLOAT_TYPES = new Set(['float', 'double', 'float16']);
const LABEL_TYPES = new Set(['int64', 'int32', 'string', 'bool']);
const SCORE_NAME = /prob|score/i;
const LABEL_NAME = /label|class/i;

export class CandidateModelError extends Error {}

export function planCandidateIO(features: readonly Feature[], signature: Pick<OnnxSignature, 'inputs' | 'outputs'>, classes: readonly string[] | undefined): CandidateIO {
  const mapping = checkFeatureMapping(features, signature.inputs);
  if (!mapping.ok) throw new CandidateModelError(`the feature schema does not fit the candidate: ${mapping.problems.join('; ')}`);
  const index = new Map(features.map((f, i) => [f.name, i]));
  const byInput = featuresByInput(features, signature.inputs);
  const inputs: InputPlan[] = signature.inputs.map((input) => {
    const fed = byInput.get(input.name) ?? [];
    return {
      name: input.name,
      elementType: input.elementType === 'string' ? 'string' : input.elementType === 'double' ? 'double' : 'float',
      columns: fed.map((f) => index.get(f.name)!),
      categories: fed.map((f) => (f.type === 'categorical' ? f.categories : null)),
      rank: input.shape?.length === 1 ? 1 : 2,
    };
  });
  const only = inputs[0];
  const direct = inputs.length === 1 && only!.elementType === 'float' && only!.rank === 2 && only!.columns.every((c, i) => c === i) && only!.columns.length === features.length;

  const tensors = signature.outputs.filter((o) => o.kind === 'tensor');
  const scoreOutput = pickScore(tensors);
  const labelOutput = tensors.find((o) => o !== scoreOutput && LABEL_TYPES.has(o.elementType) && LABEL_NAME.test(o.name)) ?? tensors.find((o) => o !== scoreOutput && LABEL_TYPES.has(o.elementType)) ?? null;
  if (!scoreOutput && !labelOutput) throw new CandidateModelError('the candidate has no output to read a score or a label from');
  return {
    inputs,
    direct,
    scoreOutput: scoreOutput?.name ?? null,
    labelOutput: labelOutput?.name ?? null,
    fetches: [scoreOutput?.name, labelOutput?.name].filter((n): n is string => n !== undefined),
    classes: classes ? [...classes] : ['0', '1'],
  };
}

function pickScore(outputs: TensorInfo[]): TensorInfo | undefined {
  const floats = outputs.filter((o) => FLOAT_TYPES.has(o.elementType) && fitsScore(o));
  return floats.find((o) => SCORE_NAME.test(o.name)) ?? floats.find((o) => !LABEL_NAME.test(o.name));
}

function fitsScore(output: TensorInfo): boolean {
  const shape = output.shape;
  if (shape === null || shape.length === 1) return true;
  if (shape.length !== 2) return false;
  const width = shape[1];
  return typeof width !== 'number' || width === 1 || width === 2;
}

/** The input tensors for rows [start, end) of a batch's row-major features. */
export function candidateInputs(io: CandidateIO, features: Float32Array, width: number, start: number, end: number): Record<string, PlainTensor> {
  const rows = end - start;
  if (io.direct) {
    // A copy the pool can transfer whole; the batch itself stays intact.
    return { [io.inputs[0]!.name]: { type: 'float32', data: features.slice(start * width, end * width), dims: [rows, width] } };
  }
  const tensors: Record<string, PlainTensor> = {};
  for (const input of io.inputs) {
    const cols = input.columns.length;
    const dims = input.rank === 1 ? [rows] : [rows, cols];
    if (input.elementType === 'string') {
      const data: string[] = new Array<string>(rows * cols);
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < cols; c++) {
          const value = features[(start + r) * width + input.columns[c]!]!;
          const categories = input.categories[c];
          data[r * cols + c] = categories ? (categories[value] ?? '') : Number.isNaN(value) ? '' : String(value);
        }
      }
      tensors[input.name] = { type: 'string', data, dims };
      continue;
    }
    const data = input.elementType === 'double' ? new Float64Array(rows * cols) : new Float32Array(rows * cols);
    for (let r = 0; r < rows; r++) {
      const from = (start + r) * width;
      for (let c = 0; c < cols; c++) data[r * cols + c] = features[from + input.columns[c]!]!;
    }
    tensors[input.name] = data instanceof Float64Array ? { type: 'float64', data, dims } : { type: 'float32', data, dims };
  }
  return tensors;
}

export interface CandidateScores {
  /** NaN where the model gives no score. */
  scores: Float32Array;
  labels: (string | null)[];
}

/** Scores and labels of `rows` rows from the candidate's outputs. */
export function readCandidateOutputs(io: CandidateIO, outputs: Record<string, PlainTensor>, rows: number): CandidateScores {
  const scores = new Float32Array(rows).fill(Number.NaN);
  const score = io.scoreOutput ? outputs[io.scoreOutput] : undefined;
  if (score && !Array.isArray(score.data)) {
    const width = score.dims.length >= 2 ? score.dims[score.dims.length - 1]! : 1;
    const column = width === 2 ? 1 : 0;
    if (width === 1 || width === 2) {
      const data = score.data as ArrayLike<number | bigint>;
      for (let r = 0; r < rows; r++) scores[r] = Number(data[r * width + column]);
    }
  }
  const labels: (string | null)[] = new Array<string | null>(rows);
  const label = io.labelOutput ? outputs[io.labelOutput] : undefined;
  if (label) {
    const data = label.data as ArrayLike<string | number | bigint>;
    for (let r = 0; r < rows; r++) {
      const value = data[r]!;
      labels[r] = typeof value === 'string' ? value : (io.classes[Number(value)] ?? String(value));
    }
  } else {
    for (let r = 0; r < rows; r++) labels[r] = thresholdLabel(scores[r]!, io.classes);
  }
  return { scores, labels };
}

/** score ≥ 0.5 → the positive class; null without a score or for a model that is not binary. */
export function thresholdLabel(score: number, classes: readonly string[]): string | null {
  if (Number.isNaN(score) || classes.length !== 2) return null;
  return score >= 0.5 ? classes[1]! : classes[0]!;
}
