import { stat } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { Feature } from '@/server/registry/feature-schema';
import { DEFAULT_DECISION_THRESHOLD, type OutputReading } from './decision-rule';
import type { ReferenceSample, ThreadReport, ValidationRequest, ValidationResult } from './validation-result';

export type { DecisionCheck, DerivedModel, OutputSample, ReferenceSample, ValidationResult } from './validation-result';

// Validates an uploaded ONNX artifact against its declared feature schema and the way its
// version reads outputs (decision rule, activation) by loading it in onnxruntime and running
// a synthetic batch, and a sample of the reference dataset when there is one — in a fresh
// worker thread, so a slow or huge model never blocks the caller's event loop, and its native
// memory goes when the thread ends. A model ending in ZipMap is rewritten first (the derived
// bytes come back for the caller to store). For workers only: Next.js does not import this module.

export interface ValidationOptions {
  /** Wall-clock limit for the whole validation, thread start-up included. Default 60 s. */
  timeoutMs?: number;
  /** Synthetic rows to run (a model with a fixed batch size gets that size). Default 16. */
  rows?: number;
  /** Seed of the synthetic rows, so a result can be reproduced. */
  seed?: number;
  /** The model's declared classes (label.classes). */
  classes?: readonly string[];
  /** Task, decision rule, threshold and activation; by default a binary model read the default way. */
  reading?: Partial<OutputReading>;
  /** Rows of the reference dataset to compare the label output and the score rule on. */
  reference?: ReferenceSample | null;
}

export const VALIDATION_TIMEOUT_MS = 60_000;
const DEFAULT_ROWS = 16;
const DEFAULT_SEED = 0x5eed;

// The body runs as TypeScript under tsx and vitest; if this file is ever compiled, its sibling is too.
const THREAD_MODULE = new URL(`./validation-thread${import.meta.url.slice(import.meta.url.lastIndexOf('.'))}`, import.meta.url);
const THREAD_BOOTSTRAP = new URL('./validation-thread-bootstrap.mjs', import.meta.url);

/**
 * Never throws for a bad model (status 'invalid' with the parser's or onnxruntime's message);
 * throws only when the file cannot be read, or when the validation thread itself breaks.
 */
export async function validateOnnxArtifact(filePath: string, featureSchema: readonly Feature[], options: ValidationOptions = {}): Promise<ValidationResult> {
  return (await validateInWorkerThread(filePath, featureSchema, options)).result;
}

/** validateOnnxArtifact, plus the id of the thread that ran the model (for tests and logs). */
export async function validateInWorkerThread(
  filePath: string,
  featureSchema: readonly Feature[],
  options: ValidationOptions = {},
): Promise<{ result: ValidationResult; threadId: number | null }> {
  // Fail fast, on the caller's side, for a path that is not a readable file.
  const file = await stat(filePath);
  if (!file.isFile()) throw new Error(`${filePath} is not a file`);

  const timeoutMs = options.timeoutMs ?? VALIDATION_TIMEOUT_MS;
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const worker = new Worker(THREAD_BOOTSTRAP, {
    // The parent's flags (vitest's, tsx's) are not meant for this thread; it registers tsx itself.
    execArgv: [],
    workerData: {
      threadModule: THREAD_MODULE.href,
      request: {
        filePath,
        features: [...featureSchema],
        classes: options.classes ? [...options.classes] : null,
        reading: {
          taskType: options.reading?.taskType ?? (options.classes && options.classes.length > 2 ? 'multiclass_classification' : 'binary_classification'),
          decision: options.reading?.decision ?? null,
          threshold: options.reading?.threshold ?? DEFAULT_DECISION_THRESHOLD,
          activation: options.reading?.activation ?? 'none',
        },
        reference: options.reference ?? null,
        rows: options.rows ?? DEFAULT_ROWS,
        seed: options.seed ?? DEFAULT_SEED,
      } satisfies ValidationRequest,
    },
  });

  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (action: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      action();
      // Terminating also frees onnxruntime's native memory held by the thread.
      void worker.terminate();
    };
    const timer = setTimeout(() => {
      settle(() =>
        resolve({
          result: {
            status: 'invalid',
            reason: `validation timed out after ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`}`,
            signature: null,
            sampleOutput: null,
            decisionRule: null,
            decisionCheck: null,
            warnings: [],
            derived: null,
            durationMs: elapsed(),
          },
          threadId: worker.threadId,
        }),
      );
    }, timeoutMs);

    worker.once('message', (report: ThreadReport) => {
      settle(() => {
        if (report.kind === 'io-error') {
          reject(Object.assign(new Error(`cannot read ${filePath}: ${report.message}`), { code: report.code }));
        } else {
          resolve({ result: { ...report.result, durationMs: elapsed() }, threadId: report.threadId });
        }
      });
    });
    worker.once('error', (error) => settle(() => reject(new Error(`validation thread failed: ${error.message}`, { cause: error }))));
    worker.once('exit', (code) => settle(() => reject(new Error(`validation thread exited with code ${code} before reporting`))));
  });
}
