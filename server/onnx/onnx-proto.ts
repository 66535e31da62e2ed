import onnxProtoPackage from 'onnx-proto';
import type { onnx as OnnxProtoTypes } from 'onnx-proto';

// onnx-proto is CommonJS and assigns its `onnx` namespace in a way Node's ESM loader cannot
// detect as a named export, so it is reached through the default export once, here.
export const onnx = onnxProtoPackage.onnx;

export type ModelProtoData = OnnxProtoTypes.IModelProto;
export type GraphProtoData = OnnxProtoTypes.IGraphProto;
export type NodeProtoData = OnnxProtoTypes.INodeProto;
export type TensorProtoData = OnnxProtoTypes.ITensorProto;
export type ValueInfoProtoData = OnnxProtoTypes.IValueInfoProto;
export type TypeProtoData = OnnxProtoTypes.ITypeProto;
export type AttributeProtoData = OnnxProtoTypes.IAttributeProto;

/** protobufjs returns int64 fields as Long objects when the `long` package is installed. */
export type Int64 = number | { toNumber(): number };

export function int64ToNumber(value: Int64 | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'number' ? value : value.toNumber();
}
