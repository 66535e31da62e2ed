import { describe, expect, it } from 'vitest';
import type { TensorInfo } from '@/server/onnx/onnx-signature';
import type { Feature } from '@/server/registry/feature-schema';
import { candidateInputs, CandidateModelError, planCandidateIO, readCandidateOutputs, thresholdLabel } from './model-io';

const tensor = (name: string, elementType: TensorInfo['elementType'], shape: TensorInfo['shape']): TensorInfo => ({ name, kind: 'tensor', elementType, shape });
const features: Feature[] = [
  { name: 'age', type: 'numeric' },
  { name: 'income', type: 'numeric' },
  { name: 'purpose', type: 'categorical', categories: ['car', 'home'] },
];
// Two rows, row-major in schema order; the second has a missing income and an unseen category.
const rows = new Float32Array([30, 50, 1, 41, Number.NaN, -1]);

describe('feeding a candidate from an event batch', () => {
  it('copies the batch straight into a single float [N, width] input', () => {
    const io = planCandidateIO(features, { inputs: [tensor('x', 'float', ['N', 3])], outputs: [tensor('probability', 'float', ['N', 1])] }, ['no', 'yes']);
    expect(io).toMatchObject({ direct: true, scoreOutput: 'probability', labelOutput: null, fetches: ['probability'] });
    const inputs = candidateInputs(io, rows, 3, 1, 2);
    expect(inputs.x).toMatchObject({ type: 'float32', dims: [1, 3] });
    expect(Array.from(inputs.x!.data as Float32Array)).toEqual([41, Number.NaN, -1]);
  });

  it('packs several inputs, double and string ones, as the feature schema maps them', () => {
    const mapped: Feature[] = [
      { ...features[0]!, input: 'numbers' } as Feature,
      { ...features[1]!, input: 'numbers' } as Feature,
      { ...features[2]!, input: 'purpose' } as Feature,
    ];
    const io = planCandidateIO(mapped, { inputs: [tensor('numbers', 'double', ['N', 2]), tensor('purpose', 'string', ['N'])], outputs: [tensor('scores', 'double', ['N', 2]), tensor('output_label', 'string', ['N'])] }, ['no', 'yes']);
    expect(io).toMatchObject({ direct: false, scoreOutput: 'scores', labelOutput: 'output_label' });
    const inputs = candidateInputs(io, rows, 3, 0, 2);
    expect(inputs.numbers).toMatchObject({ type: 'float64', dims: [2, 2] });
    expect(Array.from(inputs.numbers!.data as Float64Array)).toEqual([30, 50, 41, Number.NaN]);
    expect(inputs.purpose).toEqual({ type: 'string', data: ['home', ''], dims: [2] });
  });

  it('reads the positive column of [N, 2] probabilities and maps class indices to the model’s classes', () => {
    const io = planCandidateIO(features, { inputs: [tensor('x', 'float', ['N', 3])], outputs: [tensor('label', 'int64', ['N']), tensor('probabilities', 'float', ['N', 2])] }, ['no', 'yes']);
    const out = readCandidateOutputs(io, { label: { type: 'int64', data: new BigInt64Array([1n, 0n]), dims: [2] }, probabilities: { type: 'float32', data: new Float32Array([0.2, 0.8, 0.9, 0.1]), dims: [2, 2] } }, 2);
    expect(Array.from(out.scores)).toEqual([Math.fround(0.8), Math.fround(0.1)]);
    expect(out.labels).toEqual(['yes', 'no']);
  });

  it('thresholds the score at 0.5 when the model has no label output', () => {
    const io = planCandidateIO(features, { inputs: [tensor('x', 'float', ['N', 3])], outputs: [tensor('y', 'float', ['N', 1])] }, undefined);
    const out = readCandidateOutputs(io, { y: { type: 'float32', data: new Float32Array([0.5, 0.49, Number.NaN]), dims: [3, 1] } }, 3);
    expect(out.labels).toEqual(['1', '0', null]);
    expect(thresholdLabel(0.7, ['a', 'b', 'c'])).toBeNull();
  });

  it('refuses a schema that does not fit and a model with nothing to read', () => {
    expect(() => planCandidateIO(features, { inputs: [tensor('x', 'float', ['N', 4])], outputs: [tensor('y', 'float', ['N', 1])] }, undefined)).toThrow(CandidateModelError);
    expect(() => planCandidateIO(features, { inputs: [tensor('x', 'float', ['N', 3])], outputs: [tensor('embedding', 'float', ['N', 16])] }, undefined)).toThrow(/no output to read/);
  });
});

describe('turning outputs into decisions by the version’s rule', () => {
  const io = (outputs: TensorInfo[], reading: Parameters<typeof planCandidateIO>[3], classes: string[] | undefined = ['no', 'yes']) =>
    planCandidateIO(features, { inputs: [tensor('x', 'float', ['N', 3])], outputs }, classes, reading);
  const both = [tensor('label', 'int64', ['N']), tensor('probabilities', 'float', ['N', 2])];
  const outputs = { label: { type: 'int64' as const, data: new BigInt64Array([1n, 1n, 0n]), dims: [3] }, probabilities: { type: 'float32' as const, data: new Float32Array([0.9, 0.1, 0.4, 0.6, 0.3, 0.7]), dims: [3, 2] } };

  it('defaults to the score when the model has a score and a label output; follows the label output when stated', () => {
    const byDefault = io(both, {});
    expect(byDefault).toMatchObject({ decision: 'score', fetches: ['probabilities'] });
    expect(readCandidateOutputs(byDefault, outputs, 3).labels).toEqual(['no', 'yes', 'yes']);
    const byLabel = io(both, { decision: 'label' });
    expect(byLabel.fetches).toEqual(['probabilities', 'label']);
    expect(readCandidateOutputs(byLabel, outputs, 3).labels).toEqual(['yes', 'yes', 'no']);
  });

  it('decides at the stated threshold: score ≥ threshold is positive', () => {
    expect(readCandidateOutputs(io(both, { threshold: 0.65 }), outputs, 3).labels).toEqual(['no', 'no', 'yes']);
    expect(readCandidateOutputs(io(both, { threshold: 0.6 }), outputs, 3).labels).toEqual(['no', 'yes', 'yes']);
  });

  it('applies the stated activation: sigmoid of a logit, softmax of a row of logits', () => {
    const logit = io([tensor('logit', 'float', ['N', 1])], { activation: 'sigmoid' });
    const read = readCandidateOutputs(logit, { logit: { type: 'float32', data: new Float32Array([0, 2, -2]), dims: [3, 1] } }, 3);
    expect(Array.from(read.scores)).toEqual([0.5, 1 / (1 + Math.exp(-2)), 1 / (1 + Math.exp(2))].map(Math.fround));
    expect(read.labels).toEqual(['yes', 'yes', 'no']);

    const multi = io([tensor('logits', 'float', ['N', 3])], { taskType: 'multiclass_classification', activation: 'softmax' }, ['a', 'b', 'c']);
    const soft = readCandidateOutputs(multi, { logits: { type: 'float32', data: new Float32Array([1, 2, 3, 0, 0, Number.NaN]), dims: [2, 3] } }, 2);
    const z = Math.exp(1) + Math.exp(2) + Math.exp(3);
    expect(Array.from(soft.probabilities!.subarray(0, 3))).toEqual([Math.exp(1) / z, Math.exp(2) / z, Math.exp(3) / z].map(Math.fround));
    expect(soft.labels).toEqual(['c', null]);
  });

  it('a regression model has no decision: its score is the prediction', () => {
    const regression = planCandidateIO(features, { inputs: [tensor('x', 'float', ['N', 3])], outputs: [tensor('variable', 'float', ['N', 1])] }, undefined, { taskType: 'regression' });
    expect(regression).toMatchObject({ decision: null, labelOutput: null, classes: [] });
    const read = readCandidateOutputs(regression, { variable: { type: 'float32', data: new Float32Array([12.5, -3]), dims: [2, 1] } }, 2);
    expect(Array.from(read.scores)).toEqual([12.5, -3]);
    expect(read.labels).toEqual([null, null]);
  });

  it('refuses, at read time, a shape the model did not declare and the activation cannot take', () => {
    const unknown = io([tensor('logit', 'float', null)], { activation: 'sigmoid' });
    expect(() => readCandidateOutputs(unknown, { logit: { type: 'float32', data: new Float32Array(4), dims: [2, 2] } }, 2)).toThrow(/returned 2 columns: sigmoid needs one logit per row/);
  });
});
