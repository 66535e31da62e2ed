import { onnx, type AttributeProtoData, type NodeProtoData, type TensorProtoData, type ValueInfoProtoData } from '@/server/onnx/onnx-proto';

// Small helpers for writing ONNX graphs with onnx-proto. Everything is built from plain data
// in a fixed order, and protobufjs encodes fields in field-number order, so the same model
// always serializes to the same bytes.

const DATA_TYPE = { float: 1, int64: 7, string: 8, double: 11 } as const;
export type WritableElementType = keyof typeof DATA_TYPE;

export function floatTensor(name: string, dims: number[], values: readonly number[]): TensorProtoData {
  return { name, dims, dataType: DATA_TYPE.float, floatData: [...values] };
}

export function int64Tensor(name: string, dims: number[], values: readonly number[]): TensorProtoData {
  return { name, dims, dataType: DATA_TYPE.int64, int64Data: [...values] };
}

export function intAttribute(name: string, value: number): AttributeProtoData {
  return { name, type: onnx.AttributeProto.AttributeType.INT, i: value };
}

export function node(opType: string, inputs: string[], outputs: string[], attribute: AttributeProtoData[] = []): NodeProtoData {
  // Named after the first output: unique in a graph, and readable in Netron.
  return { opType, input: inputs, output: outputs, name: `${opType.toLowerCase()}_${outputs[0]}`, attribute };
}

/** A tensor graph input or output; a string dimension is symbolic (e.g. 'N' for the batch). */
export function tensorValue(name: string, elementType: WritableElementType, shape: (number | string)[]): ValueInfoProtoData {
  return {
    name,
    type: {
      tensorType: {
        elemType: DATA_TYPE[elementType],
        shape: { dim: shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

export interface ModelSpec {
  graphName: string;
  nodes: NodeProtoData[];
  initializers: TensorProtoData[];
  inputs: ValueInfoProtoData[];
  outputs: ValueInfoProtoData[];
  docString?: string;
  /** Shown by tools such as Netron; keys and values are free text. */
  metadata?: Record<string, string>;
  producerName?: string;
  producerVersion?: string;
  irVersion?: number;
  opset?: number;
}

export function encodeModel(spec: ModelSpec): Uint8Array {
  const model = onnx.ModelProto.create({
    irVersion: spec.irVersion ?? 8,
    producerName: spec.producerName ?? 'vigil-samples',
    producerVersion: spec.producerVersion ?? '1.0.0',
    docString: spec.docString ?? '',
    opsetImport: [{ domain: '', version: spec.opset ?? 17 }],
    metadataProps: Object.entries(spec.metadata ?? {}).map(([key, value]) => ({ key, value })),
    graph: {
      name: spec.graphName,
      node: spec.nodes,
      initializer: spec.initializers,
      input: spec.inputs,
      output: spec.outputs,
    },
  });
  return onnx.ModelProto.encode(model).finish();
}
