import { CREDIT_FEATURES } from './credit-data';
import type { DesignSpec } from './design-matrix';
import { encodeModel, floatTensor, int64Tensor, intAttribute, node, tensorValue } from './onnx-graph-builder';
import type { LinearModel } from './train-linear';
import type { LogisticModel } from './train-logistic';
import type { MlpModel } from './train-mlp';
import type { SoftmaxModel } from './train-softmax';
import type { NodeProtoData, TensorProtoData } from '@/server/onnx/onnx-proto';

// The sample models as ONNX graphs that take the raw feature rows the registry declares
// (input `features`, float [N, F], categoricals as category index) and do their own
// preprocessing, so nothing outside the file needs to know the training mean and std.
//
//   features ─Gather(numeric cols)─Sub(mean)─Div(std)──────────────┐
//            ─Gather(col k)─Equal(0..K-1)─Cast(float)  (per categorical) ─Concat─ model ─Sigmoid─ probability
//                                                                                        └Greater(0.5)─Cast─ label
//
// The regression model ends in `prediction` float [N, 1] (the linear model's value); the
// multiclass one in `probabilities` float [N, K] (Softmax of the logits) and `label` int64
// [N, 1] (ArgMax of the probabilities: the class index, so label and probabilities agree).

export interface OnnxModelDescription {
  graphName: string;
  docString: string;
  metadata: Record<string, string>;
}

/** A sample model's graph name, description and metadata (what Netron shows). */
export function sampleDescription(file: string, graphName: string, docString: string): OnnxModelDescription {
  return { graphName, docString, metadata: { source: `vigil db/samples (${file})`, features: CREDIT_FEATURES.map((f) => f.name).join(',') } };
}

const FLOAT = 1;
const INT64 = 7;
const THRESHOLD = 0.5;

interface GraphPart {
  nodes: NodeProtoData[];
  initializers: TensorProtoData[];
}

export function logisticToOnnx(model: LogisticModel, description: OnnxModelDescription): Uint8Array {
  const pre = preprocessing(model.design);
  const width = model.weights.length;
  return finish(model.design, description, {
    nodes: [...pre.nodes, node('MatMul', ['design', 'weights'], ['linear']), node('Add', ['linear', 'bias'], ['logit'])],
    initializers: [...pre.initializers, floatTensor('weights', [width, 1], model.weights), floatTensor('bias', [1], [model.bias])],
  });
}

export function mlpToOnnx(model: MlpModel, description: OnnxModelDescription): Uint8Array {
  const pre = preprocessing(model.design);
  const inputs = model.w1.length;
  const hidden = model.b1.length;
  return finish(model.design, description, {
    nodes: [
      ...pre.nodes,
      node('MatMul', ['design', 'hidden_weights'], ['hidden_linear']),
      node('Add', ['hidden_linear', 'hidden_bias'], ['hidden_pre']),
      node('Tanh', ['hidden_pre'], ['hidden']),
      node('MatMul', ['hidden', 'output_weights'], ['output_linear']),
      node('Add', ['output_linear', 'output_bias'], ['logit']),
    ],
    initializers: [
      ...pre.initializers,
      floatTensor('hidden_weights', [inputs, hidden], model.w1.flat()),
      floatTensor('hidden_bias', [hidden], model.b1),
      floatTensor('output_weights', [hidden, 1], model.w2),
      floatTensor('output_bias', [1], [model.b2]),
    ],
  });
}

export function linearRegressionToOnnx(model: LinearModel, description: OnnxModelDescription): Uint8Array {
  const pre = preprocessing(model.design);
  const width = model.weights.length;
  return encodeModel({
    graphName: description.graphName,
    docString: description.docString,
    metadata: description.metadata,
    nodes: [...pre.nodes, node('MatMul', ['design', 'weights'], ['linear']), node('Add', ['linear', 'bias'], ['prediction'])],
    initializers: [...pre.initializers, floatTensor('weights', [width, 1], model.weights), floatTensor('bias', [1], [model.bias])],
    inputs: [tensorValue('features', 'float', ['N', model.design.numeric.length + model.design.oneHot.length])],
    outputs: [tensorValue('prediction', 'float', ['N', 1])],
  });
}

export function softmaxToOnnx(model: SoftmaxModel, description: OnnxModelDescription): Uint8Array {
  const pre = preprocessing(model.design);
  const width = model.weights.length;
  const classes = model.bias.length;
  return encodeModel({
    graphName: description.graphName,
    docString: description.docString,
    metadata: description.metadata,
    nodes: [
      ...pre.nodes,
      node('MatMul', ['design', 'weights'], ['linear']),
      node('Add', ['linear', 'bias'], ['logits']),
      node('Softmax', ['logits'], ['probabilities'], [intAttribute('axis', 1)]),
      node('ArgMax', ['probabilities'], ['label'], [intAttribute('axis', 1), intAttribute('keepdims', 1)]),
    ],
    initializers: [...pre.initializers, floatTensor('weights', [width, classes], model.weights.flat()), floatTensor('bias', [classes], model.bias)],
    inputs: [tensorValue('features', 'float', ['N', model.design.numeric.length + model.design.oneHot.length])],
    outputs: [tensorValue('probabilities', 'float', ['N', classes]), tensorValue('label', 'int64', ['N', 1])],
  });
}

/** features [N, F] → design [N, numeric + Σ categories]. */
function preprocessing(design: DesignSpec): GraphPart {
  const nodes: NodeProtoData[] = [
    node('Gather', ['features', 'numeric_columns'], ['numeric'], [intAttribute('axis', 1)]),
    node('Sub', ['numeric', 'numeric_mean'], ['numeric_centred']),
    node('Div', ['numeric_centred', 'numeric_std'], ['numeric_scaled']),
  ];
  const initializers: TensorProtoData[] = [
    int64Tensor('numeric_columns', [design.numeric.length], design.numeric.map((c) => c.column)),
    floatTensor('numeric_mean', [design.numeric.length], design.numeric.map((c) => c.mean)),
    floatTensor('numeric_std', [design.numeric.length], design.numeric.map((c) => c.std)),
  ];
  const parts = ['numeric_scaled'];
  for (const { column, name, size } of design.oneHot) {
    // Gather with a 1-element index keeps the column 2-D ([N, 1]) so Equal broadcasts to [N, K];
    // an index outside 0..K-1 matches nothing and encodes as all zeros.
    nodes.push(
      node('Gather', ['features', `${name}_column`], [`${name}_index`], [intAttribute('axis', 1)]),
      node('Equal', [`${name}_index`, `${name}_categories`], [`${name}_match`]),
      node('Cast', [`${name}_match`], [`${name}_onehot`], [intAttribute('to', FLOAT)]),
    );
    initializers.push(
      int64Tensor(`${name}_column`, [1], [column]),
      floatTensor(`${name}_categories`, [size], Array.from({ length: size }, (_, k) => k)),
    );
    parts.push(`${name}_onehot`);
  }
  nodes.push(node('Concat', parts, ['design'], [intAttribute('axis', 1)]));
  return { nodes, initializers };
}

/** Adds the shared head (logit → probability, label) and the graph's inputs and outputs. */
function finish(design: DesignSpec, description: OnnxModelDescription, body: GraphPart): Uint8Array {
  const featureCount = design.numeric.length + design.oneHot.length;
  return encodeModel({
    graphName: description.graphName,
    docString: description.docString,
    metadata: description.metadata,
    nodes: [
      ...body.nodes,
      node('Sigmoid', ['logit'], ['probability']),
      node('Greater', ['probability', 'threshold'], ['above_threshold']),
      node('Cast', ['above_threshold'], ['label'], [intAttribute('to', INT64)]),
    ],
    initializers: [...body.initializers, floatTensor('threshold', [], [THRESHOLD])],
    inputs: [tensorValue('features', 'float', ['N', featureCount])],
    outputs: [tensorValue('probability', 'float', ['N', 1]), tensorValue('label', 'int64', ['N', 1])],
  });
}
