import { readFile } from 'node:fs/promises';
import { readOnnxSignature } from '@/server/onnx/onnx-signature';
import type { TaskType } from '@/server/registry/feature-schema';
import type { CreateModelInput } from '@/server/registry/model-schemas';
import type { ApiClient } from './api-client';
import { featureNamesFromText, featuresFromSignature } from './onnx-features';

export interface CreateModelOptions {
  name: string;
  onnxFile: string;
  /** One feature name a line; omitted, the ONNX input names (one input per feature only). */
  featuresFile?: string;
  taskType: TaskType;
  label: string;
  classes?: string[];
  description?: string;
  repository?: string;
  tags?: string[];
  protectedAttributes?: string[];
}

async function readInput(path: string, what: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    throw new Error(`Cannot read ${what} ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
}

/** The registration body: features read from the model's inputs, named by the file; nothing is sent on a mismatch. */
export async function modelFromOnnx(options: CreateModelOptions): Promise<CreateModelInput> {
  const signature = readOnnxSignature(await readInput(options.onnxFile, 'the ONNX model'));
  const names = options.featuresFile ? featureNamesFromText((await readInput(options.featuresFile, 'the features file')).toString('utf8')) : null;
  return {
    name: options.name,
    taskType: options.taskType,
    features: featuresFromSignature(signature, names),
    label: { name: options.label, ...(options.classes ? { classes: options.classes } : {}) },
    description: options.description,
    repository: options.repository,
    tags: options.tags,
    protectedAttributes: options.protectedAttributes,
  };
}

export async function createModelFromOnnx(api: ApiClient, options: CreateModelOptions): Promise<{ name: string; url: string; features: number }> {
  const body = await modelFromOnnx(options);
  const created = await api.request<{ name: string; url: string }>('POST', '/api/v1/models', { json: body });
  return { name: created.name, url: created.url, features: body.features.length };
}
