import { describeTensor, type OnnxSignature, type TensorInfo } from '@/server/onnx/onnx-signature';
import { changeQuality, metricDirection, type MetricDirection } from '@/server/statistics/metric-directions';

// Pure comparison of two versions: what a reviewer wants to see changed between them.
export interface MetricDiff {
  name: string;
  a: number | null;
  b: number | null;
  /** b − a. */
  delta: number | null;
  relative: number | null;
  /** Which way is good for this metric (server/statistics/metric-directions.ts). */
  direction: MetricDirection;
  /** b against a: better, worse, or null (equal, unknown, or no better side). */
  quality: 'better' | 'worse' | null;
}

const finite = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export function diffMetrics(a: Record<string, number>, b: Record<string, number>): MetricDiff[] {
  const names = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return names.map((name) => {
    const va = finite(a[name]);
    const vb = finite(b[name]);
    const delta = va !== null && vb !== null ? vb - va : null;
    const relative = delta !== null && va !== null && va !== 0 ? delta / Math.abs(va) : null;
    return { name, a: va, b: vb, delta, relative, direction: metricDirection(name), quality: changeQuality(name, delta) };
  });
}

export type Change = 'same' | 'changed' | 'added' | 'removed';

export interface HyperparameterDiff {
  key: string;
  change: Change;
  /** The value as text (JSON for anything but a string); null when the version has no such key. */
  a: string | null;
  b: string | null;
}

const valueText = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v) ?? String(v));

/**
 * The training parameters CI reported with each version (model_versions.hyperparameters), key
 * by key: changed, added in b, removed from a, or the same. Nested values compare as JSON.
 */
export function diffHyperparameters(a: Record<string, unknown>, b: Record<string, unknown>): HyperparameterDiff[] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys.map((key) => {
    const va = Object.hasOwn(a, key) ? valueText(a[key]) : null;
    const vb = Object.hasOwn(b, key) ? valueText(b[key]) : null;
    const change: Change = va === null ? 'added' : vb === null ? 'removed' : va === vb ? 'same' : 'changed';
    return { key, change, a: va, b: vb };
  });
}

export interface TensorDiff {
  name: string;
  change: Change;
  a: TensorInfo | null;
  b: TensorInfo | null;
}

function diffTensors(a: TensorInfo[], b: TensorInfo[]): TensorDiff[] {
  const names = [...new Set([...a.map((t) => t.name), ...b.map((t) => t.name)])];
  return names.map((name) => {
    const ta = a.find((t) => t.name === name) ?? null;
    const tb = b.find((t) => t.name === name) ?? null;
    const change: Change = !ta ? 'added' : !tb ? 'removed' : describeTensor(ta) === describeTensor(tb) ? 'same' : 'changed';
    return { name, change, a: ta, b: tb };
  });
}

export interface SignatureDiff {
  inputs: TensorDiff[];
  outputs: TensorDiff[];
  opset: { a: string; b: string; change: Change };
  producer: { a: string; b: string; change: Change };
  compatible: boolean;
}

const opsetText = (s: OnnxSignature) => s.opsetImports.map((o) => `${o.domain || 'ai.onnx'} ${o.version}`).join(', ');
const producerText = (s: OnnxSignature) => `${s.producerName} ${s.producerVersion}`.trim();

/** Null when either version has not been validated yet (no signature read). */
export function diffSignatures(a: OnnxSignature | null, b: OnnxSignature | null): SignatureDiff | null {
  if (!a || !b) return null;
  const inputs = diffTensors(a.inputs, b.inputs);
  const outputs = diffTensors(a.outputs, b.outputs);
  const same = (x: string, y: string): Change => (x === y ? 'same' : 'changed');
  return {
    inputs,
    outputs,
    opset: { a: opsetText(a), b: opsetText(b), change: same(opsetText(a), opsetText(b)) },
    producer: { a: producerText(a), b: producerText(b), change: same(producerText(a), producerText(b)) },
    // A serving system can swap the versions only if every input and output keeps its type and shape.
    compatible: [...inputs, ...outputs].every((d) => d.change === 'same'),
  };
}
