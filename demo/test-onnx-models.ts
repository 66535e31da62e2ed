import { encodeModel, floatTensor, intAttribute, node, tensorValue, type WritableElementType } from '@/demo/samples/onnx-graph-builder';

// Small hand-made ONNX models for the tests of this folder: odd shapes, odd types and models
// that load but misbehave, which the sample credit models never are.

/** y = sigmoid(x · w + b) with x of shape [N, width]. */
export function linearModel(width: number, options: { inputName?: string; elementType?: 'float' | 'double' } = {}): Uint8Array {
  const input = options.inputName ?? 'x';
  const type = options.elementType ?? 'float';
  const weights = Array.from({ length: width }, (_, i) => (i + 1) / 10);
  const initializers = [floatTensor('w', [width, 1], weights), floatTensor('b', [1], [0.1])];
  // A double input is cast to float first, so the weights can stay float.
  const matmulInput = type === 'double' ? `${input}_float` : input;
  const nodes = [
    ...(type === 'double' ? [node('Cast', [input], [matmulInput], [intAttribute('to', 1)])] : []),
    node('MatMul', [matmulInput, 'w'], ['linear']),
    node('Add', ['linear', 'b'], ['logit']),
    node('Sigmoid', ['logit'], ['y']),
  ];
  return encodeModel({
    graphName: 'linear',
    nodes,
    initializers,
    inputs: [tensorValue(input, type, ['N', width])],
    outputs: [tensorValue('y', 'float', ['N', 1])],
  });
}

/** Runs fine but multiplies its input by NaN. */
export function nanModel(width: number): Uint8Array {
  return encodeModel({
    graphName: 'nan',
    nodes: [node('Mul', ['x', 'nan'], ['y'])],
    initializers: [floatTensor('nan', [1], [Number.NaN])],
    inputs: [tensorValue('x', 'float', ['N', width])],
    outputs: [tensorValue('y', 'float', ['N', width])],
  });
}

/** Well-formed protobuf that onnxruntime refuses to load. */
export function unknownOperatorModel(): Uint8Array {
  return encodeModel({
    graphName: 'unknown_op',
    nodes: [node('NoSuchOperator', ['x'], ['y'])],
    initializers: [],
    inputs: [tensorValue('x', 'float', ['N', 2])],
    outputs: [tensorValue('y', 'float', ['N', 2])],
  });
}

/** Before IR 4, initializers were listed among the graph inputs as well. */
export function initializersListedAsInputsModel(): Uint8Array {
  return encodeModel({
    graphName: 'legacy',
    irVersion: 3,
    opset: 9,
    nodes: [node('MatMul', ['x', 'w'], ['y'])],
    initializers: [floatTensor('w', [3, 1], [1, 2, 3])],
    inputs: [tensorValue('x', 'float', [1, 3]), tensorValue('w', 'float', [3, 1])],
    outputs: [tensorValue('y', 'float', [1, 1])],
  });
}

/** Any inputs, passed through Identity; for signature and mapping tests. */
export function passThroughModel(inputs: { name: string; type: WritableElementType; shape: (number | string)[] }[]): Uint8Array {
  return encodeModel({
    graphName: 'pass_through',
    nodes: inputs.map((i) => node('Identity', [i.name], [`${i.name}_out`])),
    initializers: [],
    inputs: inputs.map((i) => tensorValue(i.name, i.type, i.shape)),
    outputs: inputs.map((i) => tensorValue(`${i.name}_out`, i.type, i.shape)),
  });
}
