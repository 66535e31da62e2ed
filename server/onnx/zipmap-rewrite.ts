import { onnx, type AttributeProtoData, type ModelProtoData, type NodeProtoData, type ValueInfoProtoData } from './onnx-proto';

// scikit-learn's converter (skl2onnx) ends classifiers with a ZipMap by default: the
// probabilities leave the graph as a sequence of {class: probability} maps, which
// onnxruntime-node cannot return ("Non tensor type is temporarily not supported"). The
// rewrite drops each ZipMap that produces a graph output and declares the float tensor it
// read — one column per class, in the ZipMap's class order — as the output instead. Nothing
// else in the graph changes, so every other output is computed exactly as before. Pure.

export interface ZipMapReplacement {
  /** The sequence-of-maps output the uploaded model declares. */
  output: string;
  /** The probability tensor [N, classes] that fed the ZipMap: the derived model's output in its place. */
  tensor: string;
  /** The ZipMap's class labels: column k of the tensor is the probability of classes[k]. */
  classes: string[];
}

const FLOAT = 1;

/** The model without ZipMap outputs, or null when it has none. */
export function withoutZipMaps(model: ModelProtoData): { model: ModelProtoData; replaced: ZipMapReplacement[] } | null {
  const graph = model.graph;
  if (!graph) return null;
  const nodes = graph.node ?? [];
  const outputs = graph.output ?? [];
  const declared = new Set(outputs.map((o) => o.name ?? ''));
  const removed = new Set<NodeProtoData>();
  const replaced: ZipMapReplacement[] = [];
  const newOutputs: ValueInfoProtoData[] = [];

  for (const output of outputs) {
    const zipMap = output.type?.sequenceType || output.type?.mapType ? nodes.find((n) => n.opType === 'ZipMap' && (n.domain ?? '') === 'ai.onnx.ml' && n.output?.[0] === output.name) : undefined;
    const tensor = zipMap?.input?.[0];
    if (!zipMap || !tensor) {
      newOutputs.push(output);
      continue;
    }
    const classes = classLabels(zipMap.attribute ?? []);
    removed.add(zipMap);
    replaced.push({ output: output.name ?? '', tensor, classes });
    // The tensor may already be an output of its own; then the ZipMap output just goes.
    if (!declared.has(tensor)) {
      declared.add(tensor);
      newOutputs.push(probabilityOutput(tensor, classes.length, batchDimension(graph.input ?? [])));
    }
  }
  if (replaced.length === 0) return null;
  const rewritten = onnx.ModelProto.create({
    ...model,
    graph: onnx.GraphProto.create({ ...graph, node: nodes.filter((n) => !removed.has(n)), output: newOutputs }),
  });
  return { model: rewritten, replaced };
}

function classLabels(attributes: AttributeProtoData[]): string[] {
  const ints = attributes.find((a) => a.name === 'classlabels_int64s')?.ints;
  if (ints && ints.length > 0) return ints.map((i) => String(i));
  const strings = attributes.find((a) => a.name === 'classlabels_strings')?.strings ?? [];
  const decoder = new TextDecoder();
  return strings.map((s) => decoder.decode(s));
}

/** The first input's leading dimension (the batch, e.g. 'N' or unnamed), reused for the new output. */
function batchDimension(inputs: ValueInfoProtoData[]) {
  const dim = inputs[0]?.type?.tensorType?.shape?.dim?.[0];
  if (dim && Object.prototype.hasOwnProperty.call(dim, 'dimValue')) return { dimValue: dim.dimValue };
  if (dim?.dimParam) return { dimParam: dim.dimParam };
  return {};
}

function probabilityOutput(name: string, classes: number, batch: ReturnType<typeof batchDimension>): ValueInfoProtoData {
  return { name, type: { tensorType: { elemType: FLOAT, shape: { dim: [batch, classes > 0 ? { dimValue: classes } : {}] } } } };
}
