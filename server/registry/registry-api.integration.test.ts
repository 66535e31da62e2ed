import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { modelVersions } from '@/db/schema';
import { createDefaultTestDatabase } from '@/server/testing/test-database';
import { createToken } from '@/server/api-tokens/api-tokens-service';
import { uploadArtifactEndpoint } from '@/server/artifacts/artifacts-api';
import { systemActor } from '@/server/auth/actor';
import { linearModel } from '@/demo/test-onnx-models';
import { callEndpoint } from '@/server/rest/call-endpoint';
import { onnxValidationTask } from '@/workers/tasks/onnx-validation';
import { createModelEndpoint, createVersionEndpoint, getVersionEndpoint, listModelsEndpoint } from './registry-api';

const artifactDir = mkdtempSync(path.join(os.tmpdir(), 'vigil-artifacts-'));
process.env.VIGIL_ARTIFACT_DIR = artifactDir;
const database = await createDefaultTestDatabase();

const features = [
  { name: 'age', type: 'numeric', min: 18, max: 90 },
  { name: 'income', type: 'numeric' },
  { name: 'employment', type: 'categorical', categories: ['salaried', 'self_employed', 'unemployed'] },
];
const modelBody = { name: 'credit-risk', taskType: 'binary_classification', tags: ['credit', 'tabular'], features, label: { name: 'defaulted', classes: ['no', 'yes'] }, protectedAttributes: ['gender'] };

let writer = '';
let reader = '';
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function upload(bytes: Uint8Array, digest = sha(bytes)) {
  return callEndpoint(uploadArtifactEndpoint, { path: `/artifacts/sha256/${digest}`, params: { digest }, token: writer, body: Buffer.from(bytes), headers: { 'content-type': 'application/octet-stream' } });
}

function storedFiles(): string[] {
  const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [e.name]));
  return walk(artifactDir);
}

beforeAll(async () => {
  writer = (await createToken(database, systemActor('test'), { name: 'ci', scopes: ['registry:write', 'registry:read'] })).secret;
  reader = (await createToken(database, systemActor('test'), { name: 'dash', scopes: ['registry:read'] })).secret;
});

describe('registry REST API', () => {
  it('registers a model, and refuses a duplicate name, malformed JSON and wrong types', async () => {
    const created = await callEndpoint(createModelEndpoint, { token: writer, json: modelBody });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ name: 'credit-risk', tags: ['credit', 'tabular'], url: 'http://vigil.test/models/credit-risk' });
    expect((await callEndpoint(createModelEndpoint, { token: writer, json: modelBody })).status).toBe(409);
    const malformed = await callEndpoint(createModelEndpoint, { token: writer, body: '{"name": "x",', headers: { 'content-type': 'application/json' } });
    expect(malformed).toEqual({ status: 400, json: { code: 'bad_request', message: 'The request body is not valid JSON.' } });
    const wrongTypes = await callEndpoint(createModelEndpoint, { token: writer, json: { ...modelBody, name: 'Bad Name', features: 'age' } });
    expect(wrongTypes.status).toBe(400);
    expect((wrongTypes.json.details as { path: string }[]).map((d) => d.path)).toEqual(expect.arrayContaining(['name', 'features']));
  });

  it('answers 403 when a read-only token tries to write, 401 without a token', async () => {
    expect((await callEndpoint(createModelEndpoint, { token: reader, json: { ...modelBody, name: 'other' } })).status).toBe(403);
    expect((await callEndpoint(listModelsEndpoint, {})).status).toBe(401);
    const list = await callEndpoint(listModelsEndpoint, { token: reader, query: { tag: 'credit' } });
    expect((list.json.models as { name: string }[]).map((m) => m.name)).toEqual(['credit-risk']);
  });

  it('stores an artifact once, content-addressed', async () => {
    const onnx = linearModel(3);
    expect((await upload(onnx)).status).toBe(201);
    expect(await upload(onnx)).toMatchObject({ status: 200, json: { created: false, size: onnx.byteLength } });
  });

  it('rejects a checksum mismatch, a corrupt file and an oversized upload, leaving nothing behind', async () => {
    const before = storedFiles();
    const mismatch = await upload(linearModel(4), 'a'.repeat(64));
    expect(mismatch).toMatchObject({ status: 422, json: { code: 'unprocessable', message: expect.stringContaining('not the declared') } });
    const garbage = randomBytes(2048);
    expect(await upload(garbage)).toMatchObject({ status: 422, json: { message: expect.stringContaining('not an ONNX model') } });
    process.env.VIGIL_MAX_ARTIFACT_BYTES = '100';
    try {
      const big = linearModel(30);
      expect((await upload(big)).status).toBe(413);
      // Without Content-Length the limit is enforced while streaming.
      const digest = sha(big);
      const streamed = await callEndpoint(uploadArtifactEndpoint, {
        path: `/artifacts/sha256/${digest}`,
        params: { digest },
        token: writer,
        body: new ReadableStream({ start: (c) => { c.enqueue(big); c.close(); } }),
      });
      expect(streamed.status).toBe(413);
    } finally {
      delete process.env.VIGIL_MAX_ARTIFACT_BYTES;
    }
    expect(storedFiles()).toEqual(before);
  });

  it('registers versions with monotonic numbers, lineage and metrics; refuses duplicates and unknowns', async () => {
    const onnx = linearModel(3);
    const body = { artifactSha256: sha(onnx), gitSha: 'A1B2C3D4E5F6A7B8C9D0A1B2C3D4E5F6A7B8C9D0', ciRunUrl: 'https://ci.example/runs/1', metrics: { auc: 0.81 }, hyperparameters: { l2: 0.01 } };
    const v1 = await callEndpoint(createVersionEndpoint, { path: '/models/credit-risk/versions', params: { name: 'credit-risk' }, token: writer, json: body });
    expect(v1).toMatchObject({ status: 201, json: { version: 1, status: 'registered', lineage: { gitSha: 'a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0' }, metrics: { auc: 0.81 } } });
    const v2 = await callEndpoint(createVersionEndpoint, { path: '/models/credit-risk/versions', params: { name: 'credit-risk' }, token: writer, json: body });
    expect(v2.json.version).toBe(2);
    const duplicate = await callEndpoint(createVersionEndpoint, { path: '/models/credit-risk/versions', params: { name: 'credit-risk' }, token: writer, json: { ...body, version: 2 } });
    expect(duplicate).toMatchObject({ status: 409, json: { message: "Version 2 of 'credit-risk' already exists." } });
    const unknownModel = await callEndpoint(createVersionEndpoint, { path: '/models/nope/versions', params: { name: 'nope' }, token: writer, json: body });
    expect(unknownModel.status).toBe(404);
    const unknownArtifact = await callEndpoint(createVersionEndpoint, { path: '/models/credit-risk/versions', params: { name: 'credit-risk' }, token: writer, json: { ...body, artifactSha256: 'b'.repeat(64) } });
    expect(unknownArtifact.status).toBe(422);
  });

  it('validation marks a fitting version validated with its signature, and a misfit invalid with the reason', async () => {
    const [v1] = await database.select().from(modelVersions).where(eq(modelVersions.version, 1));
    await onnxValidationTask(database, { versionId: v1!.id });
    const validated = await callEndpoint(getVersionEndpoint, { path: '/models/credit-risk/versions/1', params: { name: 'credit-risk', version: '1' }, token: reader });
    expect(validated.json).toMatchObject({ status: 'validated', signature: { inputs: [{ name: 'x', elementType: 'float' }] } });

    const wide = linearModel(5);
    await upload(wide);
    const misfit = await callEndpoint(createVersionEndpoint, { path: '/models/credit-risk/versions', params: { name: 'credit-risk' }, token: writer, json: { artifactSha256: sha(wide) } });
    await onnxValidationTask(database, { versionId: misfit.json.id as string });
    const invalid = await callEndpoint(getVersionEndpoint, { path: `/models/credit-risk/versions/${misfit.json.version}`, params: { name: 'credit-risk', version: String(misfit.json.version) }, token: reader });
    expect(invalid.json).toMatchObject({ status: 'invalid', statusReason: expect.stringMatching(/5 values per row.*3 features|3 features.*5/) });
    // Running the job again (a retry) changes nothing.
    await onnxValidationTask(database, { versionId: misfit.json.id as string });
  });
});
