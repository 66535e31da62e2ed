import { int64ToNumber, onnx, type ModelProtoData, type TypeProtoData, type ValueInfoProtoData } from './onnx-proto';

// What a model file says about itself: the contract Vigil checks feature schemas and traffic
// against. Pure: bytes in, plain data out (safe to store as JSON and to post between threads).

/** TensorProto.DataType names, indexed by their enum number (onnx.proto, IR 11). */
export const ONNX_ELEMENT_TYPES = [
  'undefined', 'float', 'uint8', 'int8', 'uint16', 'int16', 'int32', 'int64', 'string', 'bool',
  'float16', 'double', 'uint32', 'uint64', 'complex64', 'complex128', 'bfloat16',
  'float8e4m3fn', 'float8e4m3fnuz', 'float8e5m2', 'float8e5m2fnuz', 'uint4', 'int4',
  'float4e2m1', 'float8e8m0', 'uint2', 'int2',
] as const;
export type OnnxElementType = (typeof ONNX_ELEMENT_TYPES)[number];

export const VALUE_KINDS = ['tensor', 'sparse_tensor', 'sequence', 'map', 'optional', 'unknown'] as const;
export type ValueKind = (typeof VALUE_KINDS)[number];

/** A dimension: fixed size, symbolic name (e.g. 'N' for the batch), or unknown. */
export type Dim = number | string | null;

export interface TensorInfo {
  name: string;
  /** Sequences and maps (e.g. scikit-learn's ZipMap output) carry no element type or shape. */
  kind: ValueKind;
  elementType: OnnxElementType;
  /** null when the model declares no shape at all (unknown rank), [] for a scalar. */
  shape: Dim[] | null;
}

export interface OpsetImport {
  /** '' is the default ONNX operator set ('ai.onnx'). */
  domain: string;
  version: number;
}

export interface OnnxSignature {
  irVersion: number;
  opsetImports: OpsetImport[];
  producerName: string;
  producerVersion: string;
  inputs: TensorInfo[];
  outputs: TensorInfo[];
}

/** The bytes are not a usable ONNX model; the message says why in words a user can act on. */
export class OnnxFormatError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'OnnxFormatError';
  }
}

export function readOnnxSignature(bytes: Uint8Array): OnnxSignature {
  return signatureOfModel(decodeOnnxModel(bytes));
}

/** The decoded ModelProto, for code that reads more than the signature (e.g. a graph rewrite). */
export function decodeOnnxModel(bytes: Uint8Array): ModelProtoData {
  if (bytes.length === 0) throw new OnnxFormatError('not an ONNX model: the file is empty');
  try {
    return onnx.ModelProto.decode(bytes);
  } catch (error) {
    // protobufjs says e.g. "index out of range: 812 + 10 > 820" or "invalid wire type 7 at offset 3".
    throw new OnnxFormatError(`not an ONNX model: the protobuf could not be decoded (${(error as Error).message})`, { cause: error });
  }
}

export function signatureOfModel(model: ModelProtoData): OnnxSignature {
  const irVersion = int64ToNumber(model.irVersion) ?? 0;
  if (irVersion <= 0) throw new OnnxFormatError('not an ONNX model: ir_version is missing');
  const graph = model.graph;
  if (!graph) throw new OnnxFormatError('not an ONNX model: the model has no graph');
  const opsetImports = (model.opsetImport ?? []).map((o) => ({ domain: o.domain ?? '', version: int64ToNumber(o.version) ?? 0 }));
  if (opsetImports.length === 0) throw new OnnxFormatError('not an ONNX model: the model imports no operator set');

  // Before IR 4, initializers had to be listed as graph inputs too; they are weights, not inputs.
  const initializerNames = new Set([
    ...(graph.initializer ?? []).map((t) => t.name ?? ''),
    ...(graph.sparseInitializer ?? []).map((t) => t.values?.name ?? ''),
  ]);
  const inputs = (graph.input ?? []).filter((v) => !initializerNames.has(v.name ?? '')).map(tensorInfo);
  const outputs = (graph.output ?? []).map(tensorInfo);
  if (outputs.length === 0) throw new OnnxFormatError('not a usable ONNX model: the graph declares no outputs');

  return {
    irVersion,
    opsetImports,
    producerName: model.producerName ?? '',
    producerVersion: model.producerVersion ?? '',
    inputs,
    outputs,
  };
}

function tensorInfo(value: ValueInfoProtoData): TensorInfo {
  const name = value.name ?? '';
  const type: TypeProtoData | null | undefined = value.type;
  const tensorType = type?.tensorType ?? type?.sparseTensorType;
  if (type && tensorType) {
    const shape = tensorType.shape ? (tensorType.shape.dim ?? []).map(readDim) : null;
    return { name, kind: type.tensorType ? 'tensor' : 'sparse_tensor', elementType: elementTypeName(tensorType.elemType), shape };
  }
  const kind: ValueKind = type?.sequenceType ? 'sequence' : type?.mapType ? 'map' : type?.optionalType ? 'optional' : 'unknown';
  return { name, kind, elementType: 'undefined', shape: null };
}

function readDim(dim: { dimValue?: Parameters<typeof int64ToNumber>[0]; dimParam?: string | null }): Dim {
  // dim_value and dim_param are a oneof; protobufjs leaves the absent one at its prototype default.
  if (Object.prototype.hasOwnProperty.call(dim, 'dimValue')) return int64ToNumber(dim.dimValue);
  if (Object.prototype.hasOwnProperty.call(dim, 'dimParam') && dim.dimParam) return dim.dimParam;
  return null;
}

function elementTypeName(code: number | null | undefined): OnnxElementType {
  return ONNX_ELEMENT_TYPES[code ?? 0] ?? 'undefined';
}

/** 'float[N,8]' — compact form for messages and the UI. */
export function describeTensor(info: TensorInfo): string {
  if (info.kind !== 'tensor' && info.kind !== 'sparse_tensor') return info.kind;
  const shape = info.shape === null ? '[?]' : `[${info.shape.map((d) => (d === null ? '?' : String(d))).join(',')}]`;
  return `${info.elementType}${shape}`;
}
