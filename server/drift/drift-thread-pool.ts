import { Worker } from 'node:worker_threads';
import type { DriftInput } from './compute-drift';
import type { DriftThreadReply, DriftThreadRequest } from './drift-thread';
import type { FeatureDrift } from './drift-types';

// A small pool of drift worker threads kept for the life of the process. A thread is unref'd
// while it has nothing to do, so an idle pool never keeps the process alive; a thread that
// fails or exits is dropped, its requests rejected, and the next call starts a fresh one.

// The body runs as TypeScript under tsx and vitest; if this file is ever compiled, its sibling is too.
const THREAD_MODULE = new URL(`./drift-thread${import.meta.url.slice(import.meta.url.lastIndexOf('.'))}`, import.meta.url);
const THREAD_BOOTSTRAP = new URL('./drift-thread-bootstrap.mjs', import.meta.url);

interface Pending {
  resolve: (drifts: FeatureDrift[]) => void;
  reject: (error: Error) => void;
}

class DriftThread {
  readonly worker: Worker;
  readonly pending = new Map<number, Pending>();
  alive = true;

  constructor(private readonly onGone: (thread: DriftThread) => void) {
    this.worker = new Worker(THREAD_BOOTSTRAP, {
      // The parent's flags (vitest's, tsx's) are not meant for this thread; it registers tsx itself.
      execArgv: [],
      workerData: { threadModule: THREAD_MODULE.href },
    });
    this.worker.unref();
    this.worker.on('message', (reply: DriftThreadReply) => {
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0) this.worker.unref();
      if (reply.ok) waiting.resolve(reply.drifts);
      else waiting.reject(new Error(`drift thread failed: ${reply.message}`));
    });
    this.worker.on('error', (error) => this.fail(new Error(`drift thread failed: ${error.message}`, { cause: error })));
    this.worker.on('exit', (code) => this.fail(new Error(`drift thread exited with code ${code}`)));
  }

  run(id: number, input: DriftInput, columns: number[]): Promise<FeatureDrift[]> {
    return new Promise((resolve, reject) => {
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { resolve, reject });
      const request: DriftThreadRequest = { id, input, columns };
      this.worker.postMessage(request);
    });
  }

  private fail(error: Error): void {
    if (!this.alive) return;
    this.alive = false;
    this.onGone(this);
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }
}

const pool: DriftThread[] = [];
let nextRequestId = 1;

function removeFromPool(thread: DriftThread): void {
  const at = pool.indexOf(thread);
  if (at >= 0) pool.splice(at, 1);
}

/** Runs each group of columns on its own pooled thread (starting threads as needed). */
export function runOnDriftThreads(input: DriftInput, groups: number[][]): Promise<FeatureDrift[][]> {
  while (pool.length < groups.length) pool.push(new DriftThread(removeFromPool));
  return Promise.all(groups.map((columns, g) => pool[g]!.run(nextRequestId++, input, columns)));
}

/** Ends the pooled threads (tests, graceful shutdown). */
export async function closeDriftThreads(): Promise<void> {
  const threads = pool.splice(0);
  await Promise.all(threads.map((t) => t.worker.terminate()));
}
