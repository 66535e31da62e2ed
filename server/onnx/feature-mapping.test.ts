import { describe, expect, it } from 'vitest';
import type { Feature } from '@/server/registry/feature-schema';
import { checkFeatureMapping, featuresByInput } from './feature-mapping';
import type { TensorInfo } from './onnx-signature';

const numeric = (name: string, input?: string): Feature => ({ name, type: 'numeric', ...(input ? { input } : {}) });
const categorical = (name: string, input?: string): Feature => ({ name, type: 'categorical', categories: ['a', 'b'], ...(input ? { input } : {}) });
const tensor = (name: string, elementType: TensorInfo['elementType'], shape: TensorInfo['shape']): TensorInfo => ({ name, kind: 'tensor', elementType, shape });

const problemsOf = (features: Feature[], inputs: TensorInfo[]) => {
  const result = checkFeatureMapping(features, inputs);
  return result.ok ? [] : result.problems;
};

describe('checkFeatureMapping', () => {
  it('accepts features feeding the only input, categoricals as indices into a float input', () => {
    const features = [numeric('age'), numeric('income'), categorical('purpose')];
    expect(checkFeatureMapping(features, [tensor('features', 'float', ['N', 3])])).toEqual({ ok: true });
    expect(checkFeatureMapping(features, [tensor('features', 'double', [null, null])])).toEqual({ ok: true });
    expect(checkFeatureMapping(features, [tensor('features', 'float', null)])).toEqual({ ok: true });
  });

  it('accepts several inputs fed by name, including categoricals into a string input', () => {
    const features = [numeric('age', 'numbers'), numeric('income', 'numbers'), categorical('purpose', 'purpose_text')];
    const inputs = [tensor('numbers', 'float', ['N', 2]), tensor('purpose_text', 'string', ['N', 1])];
    expect(checkFeatureMapping(features, inputs)).toEqual({ ok: true });
    expect([...featuresByInput(features, inputs)].map(([input, fed]) => [input, fed.map((f) => f.name)])).toEqual([
      ['numbers', ['age', 'income']],
      ['purpose_text', ['purpose']],
    ]);
  });

  it('reports a feature count that does not match the input width', () => {
    expect(problemsOf([numeric('a'), numeric('b'), numeric('c'), numeric('d')], [tensor('features', 'float', ['N', 5])])).toEqual([
      "input 'features' expects 5 values per row but the schema maps 4 features to it",
    ]);
    expect(problemsOf([numeric('a'), numeric('b')], [tensor('x', 'float', ['N'])])).toEqual([
      "input 'x' takes one value per row (shape float[N]) but the schema maps 2 features to it",
    ]);
  });

  it('reports inputs the model does not have, inputs fed by nothing and ambiguous features', () => {
    const inputs = [tensor('x', 'float', ['N', 1]), tensor('z', 'float', ['N', 1])];
    expect(problemsOf([numeric('age', 'y'), numeric('income')], inputs)).toEqual([
      "feature 'age' feeds input 'y' which the model does not have (inputs: 'x', 'z')",
      "feature 'income' does not say which input it feeds, and the model has 2 inputs ('x', 'z')",
      "input 'x' receives no feature",
      "input 'z' receives no feature",
    ]);
  });

  it('reports type mismatches: numeric into string, unsupported element types and non-tensors', () => {
    expect(problemsOf([numeric('age')], [tensor('x', 'string', ['N', 1])])).toEqual([
      "numeric feature 'age' feeds string input 'x'; numeric features need a float or double input",
    ]);
    expect(problemsOf([categorical('purpose')], [tensor('x', 'int64', ['N', 1])])).toEqual([
      "input 'x' has element type int64; features can only feed float, double or string inputs",
    ]);
    expect(problemsOf([numeric('a')], [{ name: 'x', kind: 'sequence', elementType: 'undefined', shape: null }])).toEqual([
      "input 'x' is a sequence; features can only feed dense tensors",
    ]);
    expect(problemsOf([numeric('a')], [tensor('image', 'float', ['N', 3, 224, 224])])).toEqual([
      "input 'image' has shape float[N,3,224,224]; features can only feed inputs shaped [rows] or [rows, features]",
    ]);
  });

  it('reports an empty schema and a model without inputs', () => {
    expect(problemsOf([], [tensor('x', 'float', ['N', 1])])).toEqual(['the schema declares no features', "input 'x' receives no feature"]);
    expect(problemsOf([numeric('a')], [])).toEqual(['the model has no inputs to feed']);
  });
});
