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
