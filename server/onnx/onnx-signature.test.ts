import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { onnx } from './onnx-proto';
import { describeTensor, OnnxFormatError, readOnnxSignature } from './onnx-signature';
import { onnxSignatureSchema } from './onnx-signature-schema';
import { initializersListedAsInputsModel } from '@/demo/test-onnx-models';
import { encodeModel, node, tensorValue } from '@/demo/samples/onnx-graph-builder';
import { samplePath } from '@/demo/samples/sample-manifest';

const sample = (file: string) => readFile(samplePath(file));

describe('readOnnxSignature', () => {
  it.each(['credit-risk-logreg-v1.onnx', 'credit-risk-logreg-v2.onnx', 'credit-risk-mlp-v1.onnx'])('reads the sample model %s', async (file) => {
    const signature = readOnnxSignature(await sample(file));
    expect(signature).toEqual({
      irVersion: 8,
      opsetImports: [{ domain: '', version: 17 }],
      producerName: 'vigil-samples',
      producerVersion: '1.0.0',
      inputs: [{ name: 'features', kind: 'tensor', elementType: 'float', shape: ['N', 8] }],
      outputs: [
        { name: 'probability', kind: 'tensor', elementType: 'float', shape: ['N', 1] },
        { name: 'label', kind: 'tensor', elementType: 'int64', shape: ['N', 1] },
      ],
    });
    expect(onnxSignatureSchema.parse(JSON.parse(JSON.stringify(signature)))).toEqual(signature);
    expect(describeTensor(signature.inputs[0]!)).toBe('float[N,8]');
  });

  it('does not list initializers as inputs (models written before IR 4 do)', () => {
    const signature = readOnnxSignature(initializersListedAsInputsModel());
    expect(signature.irVersion).toBe(3);
    expect(signature.inputs.map((i) => i.name)).toEqual(['x']);
  });

  it('reads element types, symbolic, fixed and unknown dimensions, and a missing shape', () => {
    // An empty Dimension is how exporters write an unknown size; a type without shape, an unknown rank.
    const bytes = encodeModel({
      graphName: 'shapes',
      nodes: [node('Identity', ['tokens'], ['tokens_out']), node('Identity', ['values'], ['values_out'])],
      initializers: [],
      inputs: [
        { name: 'tokens', type: { tensorType: { elemType: 8, shape: { dim: [{ dimParam: 'batch' }, {}] } } } },
        tensorValue('values', 'double', [4, 3]),
      ],
      outputs: [tensorValue('tokens_out', 'string', ['batch', 1]), { name: 'values_out', type: { tensorType: { elemType: 11 } } }],
    });
    const signature = readOnnxSignature(bytes);
    expect(signature.inputs).toEqual([
      { name: 'tokens', kind: 'tensor', elementType: 'string', shape: ['batch', null] },
      { name: 'values', kind: 'tensor', elementType: 'double', shape: [4, 3] },
    ]);
    expect(signature.outputs[1]).toEqual({ name: 'values_out', kind: 'tensor', elementType: 'double', shape: null });
  });

  it('describes sequence and map outputs (e.g. ZipMap) without an element type', () => {
    const zipMap = { sequenceType: { elemType: { mapType: { keyType: 7, valueType: { tensorType: { elemType: 1 } } } } } };
    const bytes = encodeModel({
      graphName: 'zipmap',
      nodes: [node('ZipMap', ['x'], ['probabilities'])],
      initializers: [],
      inputs: [tensorValue('x', 'float', ['N', 2])],
      outputs: [{ name: 'probabilities', type: zipMap }],
    });
    expect(readOnnxSignature(bytes).outputs[0]).toEqual({ name: 'probabilities', kind: 'sequence', elementType: 'undefined', shape: null });
  });

  it('throws OnnxFormatError with a readable message for bytes that are not a model', async () => {
    const valid = await sample('credit-risk-logreg-v2.onnx');
    let seed = 7;
    const random = Uint8Array.from({ length: 4096 }, () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) & 0xff);
    const cases: [string, Uint8Array, RegExp][] = [
      ['empty', new Uint8Array(), /empty/],
      ['random bytes', random, /not an ONNX model/],
      ['truncated', valid.subarray(0, valid.length - 100), /not an ONNX model/],
      ['text', new TextEncoder().encode('hello, this is not a model\n'), /not an ONNX model/],
      ['no graph', onnx.ModelProto.encode({ irVersion: 8, opsetImport: [{ domain: '', version: 17 }] }).finish(), /has no graph/],
      ['no ir_version', onnx.ModelProto.encode({ graph: { name: 'g' }, opsetImport: [{ version: 17 }] }).finish(), /ir_version is missing/],
    ];
    for (const [what, bytes, message] of cases) {
      expect(() => readOnnxSignature(bytes), what).toThrow(OnnxFormatError);
      expect(() => readOnnxSignature(bytes), what).toThrow(message);
    }
  });
});
