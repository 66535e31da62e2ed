import { parentPort } from 'node:worker_threads';
import { computeFeatureDrifts, type DriftInput } from './compute-drift';
import type { FeatureDrift } from './drift-types';

// Body of a pooled drift worker thread (entered through drift-thread-bootstrap.mjs). It stays
// up between requests, so the cost of starting a thread (tsx and the module graph, ~0.5 s) is
// paid once per process. Each request computes the drift of a share of the columns from
// matrices shared with the parent (SharedArrayBuffer, no copy).

export interface DriftThreadRequest {
  id: number;
  input: DriftInput;
  columns: number[];
}

export type DriftThreadReply = { id: number; ok: true; drifts: FeatureDrift[] } | { id: number; ok: false; message: string };

parentPort?.on('message', (request: DriftThreadRequest) => {
  let reply: DriftThreadReply;
  try {
    reply = { id: request.id, ok: true, drifts: computeFeatureDrifts(request.input, request.columns) };
  } catch (error) {
    reply = { id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(reply);
});
