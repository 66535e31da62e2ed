import { Readable } from 'node:stream';
import { z } from 'zod';
import { int4FromText, listOffsetFromText } from '@/server/validation/input-primitives';
import type { modelVersions } from '@/db/schema';
import { artifactStore } from '@/server/artifacts/current-store';
import { endpoint } from '@/server/rest/api-endpoint';
import { createModelSchema, createVersionSchema, modelListFilterSchema, modelNameSchema } from './model-schemas';
import { getModelDetail, getVersionDetail, listModels } from './model-queries';
import { createModel } from './models-service';
import { listReleases } from './release-queries';
import { modelJson, portalUrl, releaseJson, toModelJson, toReleaseJson, toVersionJson, versionJson } from './registry-json';
import { registerVersion } from './versions-service';

const modelParams = z.object({ name: modelNameSchema });
const versionParams = z.object({ name: modelNameSchema, version: int4FromText() });

export const listModelsEndpoint = endpoint(
  {
    operationId: 'listModels',
    method: 'GET',
    path: '/models',
    tag: 'Registry',
    summary: 'List registered models',
    scope: 'registry:read',
    query: modelListFilterSchema,
    result: { status: 200, description: 'Models, by name', schema: z.object({ models: z.array(modelJson.extend({ latestVersion: z.number().nullable(), latestStatus: z.string().nullable() })) }) },
    errors: [400],
  },
  async ({ database, query, request }) => {
    const base = portalUrl(request);
    const items = await listModels(database, query);
    return { models: items.map((i) => ({ ...toModelJson(i.model, base), latestVersion: i.latestVersion, latestStatus: i.latestStatus })) };
  },
);

export const createModelEndpoint = endpoint(
  {
    operationId: 'createModel',
    method: 'POST',
    path: '/models',
    tag: 'Registry',
    summary: 'Register a model: name, task, feature schema, label and protected attributes',
    scope: 'registry:write',
    body: { kind: 'json', schema: createModelSchema },
    result: { status: 201, description: 'The new model', schema: modelJson },
    errors: [400, 409, 413, 422],
  },
  async ({ database, actor, body, request }) => toModelJson(await createModel(database, actor, body), portalUrl(request)),
);

export const getModelEndpoint = endpoint(
  {
    operationId: 'getModel',
    method: 'GET',
    path: '/models/{name}',
    tag: 'Registry',
    summary: 'A model with its versions',
    scope: 'registry:read',
    params: modelParams,
    result: { status: 200, description: 'The model', schema: modelJson.extend({ versions: z.array(versionJson) }) },
    errors: [404],
  },
  async ({ database, params, request }) => {
    const { model, versions } = await getModelDetail(database, params.name);
    const base = portalUrl(request);
    return { ...toModelJson(model, base), versions: versions.map((v) => toVersionJson(model, v, base)) };
  },
);

export const listVersionsEndpoint = endpoint(
  {
    operationId: 'listVersions',
    method: 'GET',
    path: '/models/{name}/versions',
    tag: 'Registry',
    summary: 'Versions of a model, newest first',
    scope: 'registry:read',
    params: modelParams,
    result: { status: 200, description: 'Versions', schema: z.object({ versions: z.array(versionJson) }) },
    errors: [404],
  },
  async ({ database, params, request }) => {
    const { model, versions } = await getModelDetail(database, params.name);
    return { versions: versions.map((v) => toVersionJson(model, v, portalUrl(request))) };
  },
);

export const createVersionEndpoint = endpoint(
  {
    operationId: 'createVersion',
    method: 'POST',
    path: '/models/{name}/versions',
    tag: 'Registry',
    summary: 'Register a version from an uploaded artifact, with its lineage and metrics',
    description:
      "Upload the ONNX file first with PUT /artifacts/sha256/{digest}. State how the model's outputs become decisions: decision.rule 'label' (its label output) or 'score' (P(positive) ≥ decision.threshold, default 0.5; the most probable class for multiclass models); omitted, the score rule applies when the model has a score output. scoreActivation says what turns a score output into probabilities: 'sigmoid' (one logit per row), 'softmax' (one logit per class) or 'none'. Validation runs in the background: it reads the signature (a ZipMap output, as scikit-learn's converter writes, is replaced by the probability tensor feeding it, and the derived model's digest is kept beside the upload's), runs a synthetic batch and a sample of the reference dataset, and warns when the label output disagrees with the score rule on more than 1 % of rows. Poll the version until its status is validated or invalid.",
    scope: 'registry:write',
    params: modelParams,
    body: { kind: 'json', schema: createVersionSchema },
    result: { status: 201, description: 'The new version (status registered)', schema: versionJson },
    errors: [400, 404, 409, 413, 422],
  },
  async ({ database, actor, params, body, request }) => {
    const { model, version } = await registerVersion(database, actor, params.name, body);
    return toVersionJson(model, version, portalUrl(request));
  },
);

export const getVersionEndpoint = endpoint(
  {
    operationId: 'getVersion',
    method: 'GET',
    path: '/models/{name}/versions/{version}',
    tag: 'Registry',
    summary: 'One version: lineage, signature, metrics and validation status',
    scope: 'registry:read',
    params: versionParams,
    result: { status: 200, description: 'The version', schema: versionJson.extend({ releases: z.array(releaseJson) }) },
    errors: [404],
  },
  async ({ database, params, request }) => {
    const { model, version, releases: linked } = await getVersionDetail(database, params.name, params.version);
    return { ...toVersionJson(model, version, portalUrl(request)), releases: linked.map((r) => toReleaseJson(model.name, r, version.version)) };
  },
);

export const downloadArtifactEndpoint = endpoint(
  {
    operationId: 'downloadArtifact',
    method: 'GET',
    path: '/models/{name}/versions/{version}/artifact',
    tag: 'Registry',
    summary: "Download a version's ONNX artifact",
    scope: 'registry:read',
    params: versionParams,
    result: { status: 200, description: 'The ONNX file', binary: 'application/octet-stream' },
    errors: [404],
  },
  async ({ database, params }) => {
    const { model, version } = await getVersionDetail(database, params.name, params.version);
    return artifactResponse(model.name, version);
  },
);

/** Streams a version's artifact; shared by the API and the signed-in browser download. */
export function artifactResponse(modelName: string, version: typeof modelVersions.$inferSelect): Response {
  const stream = Readable.toWeb(artifactStore().read(version.artifactSha256)) as ReadableStream<Uint8Array>;
  return new Response(stream, {
    headers: {
      'content-type': 'application/octet-stream',
      'content-length': String(version.artifactSize),
      'content-disposition': `attachment; filename="${modelName}-v${version.version}.onnx"`,
      digest: `sha-256=${Buffer.from(version.artifactSha256, 'hex').toString('base64')}`,
    },
  });
}

export const listReleasesEndpoint = endpoint(
  {
    operationId: 'listReleases',
    method: 'GET',
    path: '/releases',
    tag: 'Registry',
    summary: 'Release reports from CI, newest first, a page at a time',
    description: '`total` counts every release matching `model`; read further back with `offset` (at most `limit`, default 100, a page).',
    scope: 'registry:read',
    query: z.object({ model: modelNameSchema.optional(), limit: int4FromText(1, 500).default(100), offset: listOffsetFromText() }),
    result: { status: 200, description: 'A page of releases', schema: z.object({ releases: z.array(releaseJson), total: z.number().int() }) },
    errors: [400],
  },
  async ({ database, query }) => {
    const { releases, total } = await listReleases(database, query);
    return { releases: releases.map((r) => toReleaseJson(r.model, r, r.version)), total };
  },
);

export const registryEndpoints = [
  listModelsEndpoint,
  createModelEndpoint,
  getModelEndpoint,
  listVersionsEndpoint,
  createVersionEndpoint,
  getVersionEndpoint,
  downloadArtifactEndpoint,
  listReleasesEndpoint,
];
