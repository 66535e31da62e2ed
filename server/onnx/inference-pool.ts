import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';

// Batched inference off the caller's event loop. onnxruntime-node runs a model synchronously
// on the thread that calls it, so workers hand whole chunks of rows (thousands at a time,
// never one call per row) to a persistent worker thread that keeps its InferenceSessions
// cached by artifact digest: a model is loaded once per thread, not once per batch.
// Tensors cross the boundary as transferred ArrayBuffers (no copy). For workers only.

export type TensorElementType = 'float32' | 'float64' | 'int32' | 'int64' | 'uint8' | 'bool' | 'string';

/** A tensor as plain data: `new ort.Tensor(type, data, dims)` on the other side. */
export type PlainTensor =
  | { type: 'float32'; data: Float32Array; dims: number[] }
  | { type: 'float64'; data: Float64Array; dims: number[] }
  | { type: 'int32'; data: Int32Array; dims: number[] }
  | { type: 'int64'; data: BigInt64Array; dims: number[] }
  | { type: 'uint8' | 'bool'; data: Uint8Array; dims: number[] }
  | { type: 'string'; data: string[]; dims: number[] };

export interface InferenceRequest {
  /** Artifact digest: the session cache key. */
  sha256: string;
  /** Where the thread may read the model if it has no session for it yet. */
  filePath: string;
  inputs: Record<string, PlainTensor>;
  /** Output names to fetch; all of the model's outputs when omitted. */
  outputs?: string[];
}

export interface InferenceResult {
  outputs: Record<string, PlainTensor>;
  /** Time inside session.run, in the thread (no transfer, no model loading). */
  inferenceMs: number;
  /** True when this call had to create the session first. */
  loadedSession: boolean;
  /** Round trip seen by the caller, loading and transfer included. */
  wallMs: number;
  threadId: number;
}

export interface InferencePoolOptions {
  /** Worker threads; default VIGIL_INFERENCE_THREADS or 1. Each runs onnxruntime with one intra-op thread. */
  threads?: number;
  /** Sessions each thread keeps (least recently used ones are released); default 4. */
  maxSessions?: number;
}

/** Messages between the pool and its threads (see inference-thread.ts). */
export type ThreadRequest = { id: number; request: InferenceRequest };
export type ThreadResponse =
  | { id: number; ok: true; outputs: Record<string, PlainTensor>; inferenceMs: number; loadedSession: boolean }
  | { id: number; ok: false; message: string };

// The body runs as TypeScript under tsx and vitest; the bootstrap registers tsx inside the
// thread (Node 20 workers do not inherit the loader), as for ONNX validation.
const THREAD_MODULE = new URL(`./inference-thread${import.meta.url.slice(import.meta.url.lastIndexOf('.'))}`, import.meta.url);
const THREAD_BOOTSTRAP = new URL('./validation-thread-bootstrap.mjs', import.meta.url);

interface Pending {
  resolve: (result: InferenceResult) => void;
  reject: (error: Error) => void;
  sha256: string;
  started: number;
}

class PoolThread {
  readonly worker: Worker;
  readonly pending = new Map<number, Pending>();
  readonly sessions = new Set<string>();
  dead = false;

  constructor(maxSessions: number, onExit: (thread: PoolThread) => void) {
    this.worker = new Worker(THREAD_BOOTSTRAP, { execArgv: [], workerData: { threadModule: THREAD_MODULE.href, maxSessions } });
    this.worker.unref();
    this.worker.on('message', (message: ThreadResponse) => this.settle(message));
    const fail = (error: Error) => {
      if (this.dead) return;
      this.dead = true;
      for (const p of this.pending.values()) p.reject(error);
      this.pending.clear();
      onExit(this);
    };
    this.worker.on('error', (error) => fail(new Error(`inference thread failed: ${error.message}`, { cause: error })));
    this.worker.on('exit', (code) => fail(new Error(`inference thread exited with code ${code}`)));
  }

  private settle(message: ThreadResponse) {
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    if (this.pending.size === 0) this.worker.unref();
    if (!message.ok) {
      pending.reject(new Error(message.message));
      return;
    }
    this.sessions.add(pending.sha256);
    pending.resolve({
      outputs: message.outputs,
      inferenceMs: message.inferenceMs,
      loadedSession: message.loadedSession,
      wallMs: performance.now() - pending.started,
      threadId: this.worker.threadId,
    });
  }

  send(id: number, request: InferenceRequest, pending: Pending) {
    this.pending.set(id, pending);
    // While a request is out, the thread keeps the process alive; idle, it never does.
    this.worker.ref();
    const transfer: ArrayBuffer[] = [];
    const inputs: Record<string, PlainTensor> = {};
    for (const [name, tensor] of Object.entries(request.inputs)) {
      if (Array.isArray(tensor.data)) {
        inputs[name] = tensor;
        continue;
      }
      // Transfer only buffers the array owns whole; a view into a larger buffer is copied, so
      // the caller's other data is never detached.
      const view = tensor.data;
      const owned = view.byteOffset === 0 && view.byteLength === view.buffer.byteLength && view.buffer instanceof ArrayBuffer;
      const data = owned ? view : view.slice();
      transfer.push(data.buffer as ArrayBuffer);
      inputs[name] = { ...tensor, data } as PlainTensor;
    }
    this.worker.postMessage({ id, request: { ...request, inputs } } satisfies ThreadRequest, transfer);
  }
}

export class InferencePool {
  private readonly threads: PoolThread[] = [];
  private nextId = 1;
  private closed = false;
  readonly size: number;
  readonly maxSessions: number;

  constructor(options: InferencePoolOptions = {}) {
    this.size = Math.max(1, Math.floor(options.threads ?? (Number(process.env.VIGIL_INFERENCE_THREADS) || 1)));
    this.maxSessions = Math.max(1, Math.floor(options.maxSessions ?? 4));
  }

  /** Runs one chunk of rows. Input buffers that the arrays own whole are transferred (detached). */
  run(request: InferenceRequest): Promise<InferenceResult> {
    if (this.closed) return Promise.reject(new Error('the inference pool is closed'));
    const thread = this.pick(request.sha256);
    const id = this.nextId++;
    return new Promise((resolve, reject) => thread.send(id, request, { resolve, reject, sha256: request.sha256, started: performance.now() }));
  }

  /** The least busy thread, preferring one that already holds the model's session. */
  private pick(sha256: string): PoolThread {
    if (this.threads.length < this.size) {
      const idle = this.threads.find((t) => t.pending.size === 0 && t.sessions.has(sha256));
      if (idle) return idle;
      const thread = new PoolThread(this.maxSessions, (dead) => {
        const index = this.threads.indexOf(dead);
        if (index >= 0) this.threads.splice(index, 1);
      });
      this.threads.push(thread);
      return thread;
    }
    return this.threads.reduce((best, t) => {
      const load = t.pending.size - (t.sessions.has(sha256) ? 0.5 : 0);
      const bestLoad = best.pending.size - (best.sessions.has(sha256) ? 0.5 : 0);
      return load < bestLoad ? t : best;
    });
  }

  /** Thread ids in use (for tests and logs). */
  get threadIds(): number[] {
    return this.threads.map((t) => t.worker.threadId);
  }

  /** Terminates the threads; their sessions and native memory go with them. */
  async close(): Promise<void> {
    this.closed = true;
    const threads = this.threads.splice(0);
    await Promise.all(threads.map((t) => t.worker.terminate()));
  }
}

const holder = globalThis as unknown as { vigilInferencePool?: InferencePool };

/** The process's pool: one thread by default (VIGIL_INFERENCE_THREADS), created on first use. */
export function inferencePool(): InferencePool {
  holder.vigilInferencePool ??= new InferencePool();
  return holder.vigilInferencePool;
}

export async function closeInferencePool(): Promise<void> {
  const pool = holder.vigilInferencePool;
  holder.vigilInferencePool = undefined;
  await pool?.close();
}
