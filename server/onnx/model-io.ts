import type { PlainTensor } from '@/server/onnx/inference-pool';
import { checkFeatureMapping, featuresByInput } from '@/server/onnx/feature-mapping';
import { describeTensor, type OnnxSignature, type TensorInfo } from '@/server/onnx/onnx-signature';
import type { Feature } from '@/server/registry/feature-schema';
import { DEFAULT_DECISION_THRESHOLD, type DecisionRule, type OutputReading, type ScoreActivation } from './decision-rule';

// How a model is fed from an EventBatch and how its outputs become scores and decisions.
// Pure: the batch task, the reference scorer and the validation thread call it around
// onnxruntime.
//
// Inputs: the common case, one float input [N, width] fed by every feature in schema order,
// is a straight copy of the batch's row-major Float32Array. Anything else (several inputs,
// e.g. one [N, 1] input per feature mapped by name; a double or string input; a [N] input)
// is packed column by column as featuresByInput says.
// Score: a float output named like probability/score/logit (else the first float output that
// is not named like a label), after the stated activation (sigmoid of one logit, softmax of
// a row of logits): binary — [N] or [N, 1] is P(positive), [N, 2] gives column 1;
// multiclass — [N, K] per-class probabilities; regression — the [N] or [N, 1] value.
// Decision: the version's rule (decision-rule.ts) — its label output (class index →
// label.classes, strings as they are), or its score (≥ threshold → classes[1]; the most
// probable class for multiclass). Regression has no decision.

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
  taskType: OutputReading['taskType'];
  scoreOutput: string | null;
  labelOutput: string | null;
  /** The rule decisions follow (resolved: never null for a classifier); null for regression. */
  decision: DecisionRule | null;
  threshold: number;
  activation: ScoreActivation;
  /** The outputs the decision and the score need. */
  fetches: string[];
  /** [negative, positive] for binary models; the declared classes (or none) otherwise. */
  classes: string[];
}

const FLOAT_TYPES = new Set(['float', 'double', 'float16']);
const LABEL_TYPES = new Set(['int64', 'int32', 'string', 'bool']);
const SCORE_NAME = /prob|score|logit/i;
const LABEL_NAME = /label|class/i;

/** The model cannot be fed or read as its version states; the message says why. */
export class CandidateModelError extends Error {}

const outputList = (outputs: readonly TensorInfo[]) => outputs.map((o) => `'${o.name}' ${describeTensor(o)}`).join(', ') || 'none';

export function planCandidateIO(
  features: readonly Feature[],
  signature: Pick<OnnxSignature, 'inputs' | 'outputs'>,
  classes: readonly string[] | undefined,
  reading: Partial<OutputReading> = {},
): CandidateIO {
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

  const taskType = reading.taskType ?? (classes && classes.length > 2 ? 'multiclass_classification' : 'binary_classification');
  const activation = reading.activation ?? 'none';
  const threshold = reading.threshold ?? DEFAULT_DECISION_THRESHOLD;
  const tensors = signature.outputs.filter((o) => o.kind === 'tensor');
  const scoreOutput = pickScore(tensors, taskType);
  const labelOutput = taskType === 'regression' ? undefined : (tensors.find((o) => o !== scoreOutput && LABEL_TYPES.has(o.elementType) && LABEL_NAME.test(o.name)) ?? tensors.find((o) => o !== scoreOutput && LABEL_TYPES.has(o.elementType)));
  if (!scoreOutput && !labelOutput) {
    const wanted = taskType === 'regression' ? 'a numeric output shaped [N] or [N, 1]' : taskType === 'multiclass_classification' ? 'a float output [N, classes] or a label output' : 'a float output [N], [N, 1] or [N, 2], or a label output';
    throw new CandidateModelError(`the model has no output to read a ${taskType === 'regression' ? 'prediction' : 'score or a label'} from: it needs ${wanted} (outputs: ${outputList(signature.outputs)})`);
  }
  if (scoreOutput) checkScoreShape(scoreOutput, taskType, activation, classes);
  else if (activation !== 'none') throw new CandidateModelError(`the activation '${activation}' was stated, but the model has no float output to apply it to (outputs: ${outputList(signature.outputs)})`);

  const decision = resolveDecision(taskType, reading.decision ?? null, threshold, scoreOutput, labelOutput, signature.outputs);
  const fetches = [scoreOutput?.name, decision === 'label' ? labelOutput?.name : undefined].filter((n): n is string => n !== undefined);
  return {
    inputs,
    direct,
    taskType,
    scoreOutput: scoreOutput?.name ?? null,
    labelOutput: labelOutput?.name ?? null,
    decision,
    threshold,
    activation,
    fetches,
    classes: classes ? [...classes] : taskType === 'binary_classification' ? ['0', '1'] : [],
  };
}

/** Columns per row of an output: 1 for [N] and [N, 1], null when the model does not say. */
function scoreWidth(output: TensorInfo): number | null | 'bad' {
  const shape = output.shape;
  if (shape === null) return null;
  if (shape.length === 1) return 1;
  if (shape.length !== 2) return 'bad';
  return typeof shape[1] === 'number' ? shape[1] : null;
}

function pickScore(outputs: TensorInfo[], taskType: OutputReading['taskType']): TensorInfo | undefined {
  const fits = (o: TensorInfo) => {
    const width = scoreWidth(o);
    if (width === 'bad') return false;
    if (width === null) return true;
    if (taskType === 'regression') return width === 1;
    if (taskType === 'multiclass_classification') return width >= 2;
    return width === 1 || width === 2;
  };
  // A regression model may predict whole numbers (counts); a classifier's integer output is its label.
  const numeric = (o: TensorInfo) => FLOAT_TYPES.has(o.elementType) || (taskType === 'regression' && (o.elementType === 'int64' || o.elementType === 'int32'));
  const floats = outputs.filter((o) => numeric(o) && fits(o));
  return floats.find((o) => SCORE_NAME.test(o.name)) ?? floats.find((o) => !LABEL_NAME.test(o.name));
}

function checkScoreShape(output: TensorInfo, taskType: OutputReading['taskType'], activation: ScoreActivation, classes: readonly string[] | undefined) {
  const width = scoreWidth(output);
  const what = `the score output '${output.name}' is ${describeTensor(output)}`;
  if (taskType === 'regression' && activation !== 'none') throw new CandidateModelError(`a regression model's output is its prediction: the activation must be 'none', not '${activation}'`);
  if (activation === 'sigmoid' && typeof width === 'number' && width !== 1) {
    throw new CandidateModelError(`${what}: sigmoid turns one logit per row into a probability; for one logit per class, state 'softmax'`);
  }
  if (activation === 'softmax' && width === 1) throw new CandidateModelError(`${what}: softmax needs one logit per class; for a single logit, state 'sigmoid'`);
  if (taskType === 'multiclass_classification' && classes && typeof width === 'number' && width !== classes.length) {
    throw new CandidateModelError(`${what}, ${width} columns, but the model declares ${classes.length} classes (${classes.join(', ')})`);
  }
}

function resolveDecision(
  taskType: OutputReading['taskType'],
  stated: DecisionRule | null,
  threshold: number,
  scoreOutput: TensorInfo | undefined,
  labelOutput: TensorInfo | undefined,
  outputs: readonly TensorInfo[],
): DecisionRule | null {
  if (taskType === 'regression') return null;
  if (stated === 'label' && !labelOutput) {
    throw new CandidateModelError(`the decision rule stated at registration is the label output, but the model has no integer, string or bool output to read a label from (outputs: ${outputList(outputs)})`);
  }
  if (stated === 'score' && !scoreOutput) {
    const rule = taskType === 'multiclass_classification' ? 'the most probable class' : `score ≥ ${threshold}`;
    throw new CandidateModelError(`the decision rule stated at registration is ${rule}, but the model has no float output to read a score from (outputs: ${outputList(outputs)})`);
  }
  return stated ?? (scoreOutput ? 'score' : 'label');
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
  /** Binary: P(positive); regression: the prediction; NaN where there is none (and for multiclass). */
  scores: Float32Array;
  /** Row-major [rows, K] probabilities when the score output has K ≥ 2 columns; null otherwise. */
  probabilities: Float32Array | null;
  /** The decisions, by the version's rule; null for regression and where the model gives none. */
  labels: (string | null)[];
}

/** Scores and decisions of `rows` rows from the candidate's outputs. */
export function readCandidateOutputs(io: CandidateIO, outputs: Record<string, PlainTensor>, rows: number): CandidateScores {
  const { scores, probabilities } = readScores(io, outputs, rows);
  let labels: (string | null)[];
  if (io.decision === 'label') labels = labelOutputValues(io, outputs, rows) ?? new Array<string | null>(rows).fill(null);
  else if (io.decision === 'score') labels = scoreDecisions(io, scores, probabilities, rows);
  else labels = new Array<string | null>(rows).fill(null);
  return { scores, probabilities, labels };
}

/** The score output after the stated activation. */
export function readScores(io: CandidateIO, outputs: Record<string, PlainTensor>, rows: number): Pick<CandidateScores, 'scores' | 'probabilities'> {
  const scores = new Float32Array(rows).fill(Number.NaN);
  const tensor = io.scoreOutput ? outputs[io.scoreOutput] : undefined;
  if (!tensor || Array.isArray(tensor.data)) return { scores, probabilities: null };
  const width = tensor.dims.length >= 2 ? tensor.dims[tensor.dims.length - 1]! : 1;
  const data = tensor.data as ArrayLike<number | bigint>;
  if (io.activation === 'sigmoid' && width !== 1) throw new CandidateModelError(`the score output '${io.scoreOutput}' returned ${width} columns: sigmoid needs one logit per row`);
  if (io.activation === 'softmax' && width < 2) throw new CandidateModelError(`the score output '${io.scoreOutput}' returned one column: softmax needs one logit per class`);
  if (io.taskType !== 'multiclass_classification' && width > (io.taskType === 'regression' ? 1 : 2)) {
    throw new CandidateModelError(`the score output '${io.scoreOutput}' returned ${width} columns per row; a ${io.taskType === 'regression' ? 'regression model needs 1' : 'binary model needs 1 or 2'}`);
  }
  const values = new Float32Array(rows * width);
  for (let i = 0; i < values.length; i++) values[i] = Number(data[i]);
  if (io.activation === 'sigmoid') for (let i = 0; i < values.length; i++) values[i] = 1 / (1 + Math.exp(-values[i]!));
  if (io.activation === 'softmax') softmaxRows(values, rows, width);
  if (io.taskType === 'multiclass_classification') return { scores, probabilities: values };
  for (let r = 0; r < rows; r++) scores[r] = values[r * width + width - 1]!;
  return { scores, probabilities: width >= 2 ? values : null };
}

function softmaxRows(values: Float32Array, rows: number, width: number) {
  for (let r = 0; r < rows; r++) {
    const from = r * width;
    let max = -Infinity;
    for (let k = 0; k < width; k++) max = Math.max(max, values[from + k]!);
    let sum = 0;
    const exps = new Float64Array(width);
    for (let k = 0; k < width; k++) sum += exps[k] = Math.exp(values[from + k]! - max);
    for (let k = 0; k < width; k++) values[from + k] = exps[k]! / sum;
  }
}

/** The label output as class names (class index → classes); null when the model has none. */
export function labelOutputValues(io: CandidateIO, outputs: Record<string, PlainTensor>, rows: number): (string | null)[] | null {
  const tensor = io.labelOutput ? outputs[io.labelOutput] : undefined;
  if (!tensor) return null;
  const data = tensor.data as ArrayLike<string | number | bigint>;
  const labels = new Array<string | null>(rows);
  for (let r = 0; r < rows; r++) {
    const value = data[r]!;
    labels[r] = typeof value === 'string' ? value : (io.classes[Number(value)] ?? String(value));
  }
  return labels;
}

/** Decisions by the score: ≥ threshold → the positive class (binary), the most probable class (multiclass). */
export function scoreDecisions(io: CandidateIO, scores: Float32Array, probabilities: Float32Array | null, rows: number): (string | null)[] {
  const labels = new Array<string | null>(rows);
  if (io.taskType !== 'multiclass_classification') {
    for (let r = 0; r < rows; r++) labels[r] = thresholdLabel(scores[r]!, io.classes, io.threshold);
    return labels;
  }
  const width = probabilities ? probabilities.length / Math.max(rows, 1) : 0;
  for (let r = 0; r < rows; r++) {
    let best = -1;
    for (let k = 0; k < width; k++) {
      const p = probabilities![r * width + k]!;
      if (Number.isNaN(p)) {
        best = -1;
        break;
      }
      if (best < 0 || p > probabilities![r * width + best]!) best = k;
    }
    labels[r] = best < 0 ? null : (io.classes[best] ?? String(best));
  }
  return labels;
}

/** score ≥ threshold → the positive class; null without a score or for a model that is not binary. */
export function thresholdLabel(score: number, classes: readonly string[], threshold = DEFAULT_DECISION_THRESHOLD): string | null {
  if (Number.isNaN(score) || classes.length !== 2) return null;
  return score >= threshold ? classes[1]! : classes[0]!;
}
