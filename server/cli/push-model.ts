import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { DecisionRule, ScoreActivation } from '@/server/onnx/decision-rule';
import type { CreateVersionInput } from '@/server/registry/model-schemas';
import type { ApiClient } from './api-client';

export interface PushOptions {
  model: string;
  file: string;
  gitSha?: string;
  repository?: string;
  ciRunUrl?: string;
  releaseTag?: string;
  datasetName?: string;
  datasetHash?: string;
  metricsFile?: string;
  paramsFile?: string;
  version?: number;
  description?: string;
  /** How outputs become decisions; omitted, the server's default (the score rule when there is a score). */
  decision?: DecisionRule;
  threshold?: number;
  activation?: ScoreActivation;
}

interface VersionResponse {
  version: number;
  status: string;
  statusReason: string | null;
  url: string;
}

async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function readJsonObject(path: string, what: string): Promise<Record<string, unknown>> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new Error(`Cannot read ${what} from ${path}: ${(error as Error).message}`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error(`${what} in ${path} must be a JSON object`);
  return value as Record<string, unknown>;
}

/** Uploads the artifact (streamed, content-addressed), then registers the version. */
export async function pushModel(api: ApiClient, options: PushOptions): Promise<VersionResponse> {
  const { size } = await stat(options.file).catch(() => {
    throw new Error(`No such file: ${options.file}`);
  });
  const digest = await sha256OfFile(options.file);
  await api.request('PUT', `/api/v1/artifacts/sha256/${digest}`, {
    body: Readable.toWeb(createReadStream(options.file)) as ReadableStream,
    headers: { 'content-type': 'application/octet-stream', 'content-length': String(size) },
  });
  const body: CreateVersionInput = {
    artifactSha256: digest,
    version: options.version,
    description: options.description,
    gitSha: options.gitSha,
    repository: options.repository,
    ciRunUrl: options.ciRunUrl,
    releaseTag: options.releaseTag,
    datasetName: options.datasetName,
    datasetHash: options.datasetHash,
    metrics: options.metricsFile ? ((await readJsonObject(options.metricsFile, 'metrics')) as Record<string, number>) : {},
    hyperparameters: options.paramsFile ? await readJsonObject(options.paramsFile, 'hyperparameters') : {},
    decision: options.decision ? { rule: options.decision, threshold: options.threshold } : undefined,
    scoreActivation: options.activation,
  };
  return api.request<VersionResponse>('POST', `/api/v1/models/${encodeURIComponent(options.model)}/versions`, { json: body });
}

/** Polls until the worker has validated the version (or found it invalid). */
export async function waitForValidation(api: ApiClient, model: string, version: number, timeoutMs: number): Promise<VersionResponse> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const current = await api.request<VersionResponse>('GET', `/api/v1/models/${encodeURIComponent(model)}/versions/${version}`);
    if (current.status !== 'registered') return current;
    if (Date.now() > deadline) throw new Error(`Version ${version} was not validated within ${timeoutMs / 1000} s; is a worker running?`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}
