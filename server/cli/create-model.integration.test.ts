import http from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registeredModels } from '@/db/schema';
import { createToken } from '@/server/api-tokens/api-tokens-service';
import { systemActor } from '@/server/auth/actor';
import { fixturePath, sklearnExpected } from '@/server/onnx/fixtures/onnx-fixtures';
import { createModelEndpoint } from '@/server/registry/registry-api';
import { createDefaultTestDatabase } from '@/server/testing/test-database';
import type * as VigilCli from './vigil';

// `vigil models create --from-onnx`, against the real model-creation endpoint on a local HTTP
// server: the feature schema comes from the ONNX input and the names file.

// By path: the bare specifier would resolve to vigil.mjs, the launcher that runs and exits.
const { main } = (await import(new URL('./vigil.ts', import.meta.url).href)) as typeof VigilCli;

const database = await createDefaultTestDatabase();
const dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-create-'));
const { breastCancer, iris } = sklearnExpected();

const server = http.createServer((req, res) => {
  void (async () => {
    if (req.method !== 'POST' || req.url !== '/api/v1/models') return void res.writeHead(404).end();
    const headers = new Headers();
    for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
    const request = new Request(`http://localhost${req.url}`, { method: 'POST', headers, body: Readable.toWeb(req) as ReadableStream, duplex: 'half' } as RequestInit);
    const response = await createModelEndpoint.handle(request, { params: Promise.resolve({}) });
    res.writeHead(response.status, { 'content-type': 'application/json' }).end(Buffer.from(await response.arrayBuffer()));
  })();
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
let env = {} as NodeJS.ProcessEnv;

async function vigil(...args: string[]): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await main(args, env, (line: string) => lines.push(line));
  return { code, lines };
}

function namesFile(name: string, names: readonly string[]): string {
  const file = path.join(dir, name);
  writeFileSync(file, `${names.join('\n')}\n`);
  return file;
}

async function storedModel(name: string) {
  const [row] = await database.select().from(registeredModels).where(eq(registeredModels.name, name));
  return row;
}

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const token = (await createToken(database, systemActor('test'), { name: 'ci', scopes: ['registry:write'] })).secret;
  env = { NODE_ENV: 'test', VIGIL_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, VIGIL_TOKEN: token };
});

describe('vigil models create --from-onnx', () => {
  it('registers the 30 features of a [N,30] input under the names in the file, in order', async () => {
    const features = namesFile('cancer.txt', breastCancer.features);
    const created = await vigil('models', 'create', 'cancer', '--from-onnx', fixturePath('forest.onnx'), '--features', features, '--task', 'binary_classification', '--label', 'diagnosis', '--classes', breastCancer.classes.join(','));
    expect(created).toMatchObject({ code: 0, lines: [expect.stringMatching(/^Registered model cancer with 30 features: http/)] });
    const row = await storedModel('cancer');
    expect(row?.taskType).toBe('binary_classification');
    expect(row?.features).toEqual(breastCancer.features.map((name) => ({ name, type: 'numeric' })));
    expect(row?.label).toEqual({ name: 'diagnosis', classes: breastCancer.classes });
  });

  it('names the features after the inputs when the model has one input per feature', async () => {
    expect((await vigil('models', 'create', 'cancer-per-feature', '--from-onnx', fixturePath('logreg-per-feature.onnx'), '--task', 'binary_classification', '--label', 'diagnosis')).code).toBe(0);
    expect((await storedModel('cancer-per-feature'))?.features).toEqual(breastCancer.features.map((name) => ({ name, type: 'numeric', input: name })));
  });

  it('refuses a names file that does not fit the input, or no names for a wide input, before sending anything', async () => {
    const create = (name: string, ...flags: string[]) => vigil('models', 'create', name, '--from-onnx', fixturePath('iris-logits.onnx'), '--task', 'multiclass_classification', '--label', 'species', ...flags);
    await expect(create('iris-short', '--features', namesFile('three.txt', iris.features.slice(0, 3)))).rejects.toThrow(
      "The model takes 4 values per row ('x' float[N,4]) but the features file names 3; give one name per line, in input order.",
    );
    await expect(create('iris-unnamed')).rejects.toThrow(/input names cannot name the features: list the feature names, one per line in input order, in a file given with --features/);
    await expect(create('iris-task', '--features', namesFile('iris.txt', iris.features), '--task', 'ranking')).rejects.toThrow("--task is one of binary_classification, multiclass_classification, regression, not 'ranking'.");
    await expect(vigil('models', 'create', 'iris-missing', '--from-onnx', path.join(dir, 'missing.onnx'), '--task', 'regression', '--label', 'y')).rejects.toThrow(/Cannot read the ONNX model .*missing\.onnx: no such file/);
    expect(await storedModel('iris-short')).toBeUndefined();
    expect(await storedModel('iris-unnamed')).toBeUndefined();
  });

  it('passes on the API refusal of a names file the schema does not accept, and stores nothing', async () => {
    const twice = namesFile('twice.txt', [...iris.features.slice(0, 3), iris.features[0]!]);
    await expect(
      vigil('models', 'create', 'iris-twice', '--from-onnx', fixturePath('iris-logits.onnx'), '--features', twice, '--task', 'multiclass_classification', '--label', 'species', '--classes', iris.classes.join(',')),
    ).rejects.toThrow(/is declared twice/);
    expect(await storedModel('iris-twice')).toBeUndefined();
    const iris4 = namesFile('iris4.txt', iris.features);
    const created = await vigil('models', 'create', 'iris', '--from-onnx', fixturePath('iris-logits.onnx'), '--features', iris4, '--task', 'multiclass_classification', '--label', 'species', '--classes', iris.classes.join(','));
    expect(created.code).toBe(0);
    expect((await storedModel('iris'))?.features).toHaveLength(4);
  });
});
