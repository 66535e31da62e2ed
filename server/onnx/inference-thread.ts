import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import * as ort from 'onnxruntime-node';
import type { PlainTensor, ThreadRequest, ThreadResponse } from './inference-pool';

// Body of an inference pool thread (entered through validation-thread-bootstrap.mjs). Keeps
// InferenceSessions by artifact digest, least recently used first out, and answers each
// request with its output tensors, whose buffers are transferred back.

const SESSION_OPTIONS: ort.InferenceSession.SessionOptions = {
  // One thread each: parallelism comes from more pool threads or worker processes.
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  graphOptimizationLevel: 'all',
  executionMode: 'sequential',
  logSeverityLevel: 3,
};

const maxSessions = Number((workerData as { maxSessions?: number } | null)?.maxSessions) || 4;
/** Insertion order is recency order: a hit is deleted and set again. */
const sessions = new Map<string, Promise<ort.InferenceSession>>();

async function sessionFor(sha256: string, filePath: string): Promise<{ session: ort.InferenceSession; loaded: boolean }> {
  const cached = sessions.get(sha256);
  if (cached) {
    sessions.delete(sha256);
    sessions.set(sha256, cached);
    return { session: await cached, loaded: false };
  }
  const creating = ort.InferenceSession.create(filePath, SESSION_OPTIONS);
  sessions.set(sha256, creating);
  let session: ort.InferenceSession;
  try {
    session = await creating;
  } catch (error) {
    sessions.delete(sha256);
    throw error;
  }
  // Only a model that loaded pushes others out.
  while (sessions.size > maxSessions) {
    const [oldest, evicted] = sessions.entries().next().value as [string, Promise<ort.InferenceSession>];
    sessions.delete(oldest);
    void evicted.then((s) => s.release()).catch(() => {});
  }
  return { session, loaded: true };
}

function toOrt(tensor: PlainTensor): ort.Tensor {
  return new ort.Tensor(tensor.type, tensor.data as never, tensor.dims);
}

function fromOrt(tensor: ort.Tensor): PlainTensor {
  const dims = [...tensor.dims];
  const data = tensor.data;
  if (Array.isArray(data)) return { type: 'string', data: data as string[], dims };
  // A copy the message can own: onnxruntime's output buffers may be external memory.
  switch (tensor.type) {
    case 'float32':
      return { type: 'float32', data: (data as Float32Array).slice(), dims };
    case 'float64':
      return { type: 'float64', data: (data as Float64Array).slice(), dims };
    case 'int32':
      return { type: 'int32', data: (data as Int32Array).slice(), dims };
    case 'int64':
      return { type: 'int64', data: (data as BigInt64Array).slice(), dims };
    case 'bool':
    case 'uint8':
      return { type: tensor.type, data: (data as Uint8Array).slice(), dims };
    default:
      // Other element types are widened to float64, which holds every value they can have.
      return { type: 'float64', data: Float64Array.from(data as ArrayLike<number>), dims };
  }
}

async function handle({ id, request }: ThreadRequest): Promise<{ response: ThreadResponse; transfer: ArrayBuffer[] }> {
  try {
    const { session, loaded } = await sessionFor(request.sha256, request.filePath);
    const feeds = Object.fromEntries(Object.entries(request.inputs).map(([name, tensor]) => [name, toOrt(tensor)]));
    const started = performance.now();
    const results = await session.run(feeds, request.outputs ?? session.outputNames);
    const inferenceMs = performance.now() - started;
    const outputs: Record<string, PlainTensor> = {};
    const transfer: ArrayBuffer[] = [];
    for (const [name, value] of Object.entries(results)) {
      const plain = fromOrt(value as ort.Tensor);
      outputs[name] = plain;
      if (!Array.isArray(plain.data)) transfer.push(plain.data.buffer as ArrayBuffer);
    }
    return { response: { id, ok: true, outputs, inferenceMs, loadedSession: loaded }, transfer };
  } catch (error) {
    return { response: { id, ok: false, message: error instanceof Error ? error.message : String(error) }, transfer: [] };
  }
}

if (parentPort) {
  const port = parentPort;
  port.on('message', (message: ThreadRequest) => {
    void handle(message).then(({ response, transfer }) => port.postMessage(response, transfer));
  });
}
