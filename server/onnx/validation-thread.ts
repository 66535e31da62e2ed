import { readFile } from 'node:fs/promises';
import { parentPort, threadId, workerData } from 'node:worker_threads';
import * as ort from 'onnxruntime-node';
import { checkFeatureMapping } from './feature-mapping';
import { OnnxFormatError, readOnnxSignature, type OnnxSignature } from './onnx-signature';
import { syntheticRows, toInputTensors, type PlainTensor } from './synthetic-batch';
import type { OutputSample, ThreadReport, ValidationRequest, ValidationResult } from './validation-result';

// Body of the validation worker thread (entered through validation-thread-bootstrap.mjs).
// onnxruntime-node runs inference synchronously on the calling thread, so everything that
// touches the model happens here, never on the event loop of the process that asked.

type Verdict = Omit<ValidationResult, 'durationMs'>;

const PREVIEW_VALUES = 8;

export async function validateInThisThread(request: ValidationRequest): Promise<ThreadReport> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(request.filePath);
  } catch (error) {
    const { message, code } = error as NodeJS.ErrnoException;
    return { kind: 'io-error', message, code: code ?? null };
  }
  return { kind: 'result', result: await judge(bytes, request), threadId };
}

async function judge(bytes: Uint8Array, request: ValidationRequest): Promise<Verdict> {
  let signature: OnnxSignature;
  try {
    signature = readOnnxSignature(bytes);
  } catch (error) {
    if (error instanceof OnnxFormatError) return invalid(error.message, null);
    throw error;
  }

  const mapping = checkFeatureMapping(request.features, signature.inputs);
  if (!mapping.ok) return invalid(`the feature schema does not fit the model: ${mapping.problems.join('; ')}`, signature);

  const fetches = signature.outputs.filter((o) => o.kind === 'tensor').map((o) => o.name);
  if (fetches.length === 0) return invalid('the model has no tensor outputs to check (only sequences or maps)', signature);

  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(bytes, {
      // One thread each: validation shares the machine with the web server and other jobs.
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      logSeverityLevel: 3,
    });
  } catch (error) {
    return invalid(`onnxruntime could not load the model: ${messageOf(error)}`, signature);
  }

  try {
    const rows = batchRows(signature, request.rows);
    const inputs = toInputTensors(request.features, signature, syntheticRows(request.features, rows, request.seed));
    const feeds = Object.fromEntries(Object.entries(inputs).map(([name, tensor]) => [name, toOrtTensor(tensor)]));
    let results: ort.InferenceSession.OnnxValueMapType;
    try {
      results = await session.run(feeds, fetches);
    } catch (error) {
      return invalid(`the model failed on a synthetic batch of ${rows} rows: ${messageOf(error)}`, signature);
    }
    const outputs = fetches.map((name) => summarize(name, results[name] as ort.Tensor));
    const broken = outputs.filter((o) => !o.finite).map((o) => `'${o.name}'`);
    const sampleOutput = { rows, outputs };
    if (broken.length > 0) {
      return { status: 'invalid', reason: `output ${broken.join(', ')} contains NaN or infinite values on a synthetic batch`, signature, sampleOutput };
    }
    return { status: 'validated', reason: null, signature, sampleOutput };
  } finally {
    await session.release();
  }
}

/** A model that fixes its batch dimension gets exactly that many rows. */
function batchRows(signature: OnnxSignature, fallback: number): number {
  const fixed = signature.inputs.map((i) => i.shape?.[0]).find((d): d is number => typeof d === 'number' && d > 0);
  return fixed ?? fallback;
}

function toOrtTensor(tensor: PlainTensor): ort.Tensor {
  return tensor.type === 'string' ? new ort.Tensor('string', tensor.data, tensor.dims) : new ort.Tensor(tensor.type, tensor.data, tensor.dims);
}

function summarize(name: string, tensor: ort.Tensor): OutputSample {
  const dims = [...tensor.dims];
  const data = tensor.data;
  if (Array.isArray(data)) return { name, dims, finite: true, preview: [] };
  // int64 outputs arrive as BigInt64Array; Number() is exact for any realistic label or count.
  const values = Array.from(data as ArrayLike<number | bigint>, (v) => Number(v));
  return { name, dims, finite: values.every(Number.isFinite), preview: values.slice(0, PREVIEW_VALUES) };
}

function invalid(reason: string, signature: OnnxSignature | null): Verdict {
  return { status: 'invalid', reason, signature, sampleOutput: null };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isValidationRequest(value: unknown): value is { request: ValidationRequest } {
  return typeof value === 'object' && value !== null && 'request' in value;
}

if (parentPort && isValidationRequest(workerData)) {
  const port = parentPort;
  // A rejection here is a bug in this code, not a verdict on the model: left unhandled, it
  // surfaces as the Worker's 'error' event and validateOnnxArtifact rejects.
  void validateInThisThread(workerData.request).then((report) => port.postMessage(report));
}
