import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelVersions, referenceDatasets, registeredModels, shadowRuns } from '@/db/schema';
import { createDefaultTestDatabase } from '@/server/testing/test-database';
import { createToken } from '@/server/api-tokens/api-tokens-service';
import { artifactStore } from '@/server/artifacts/current-store';
import { uploadArtifactEndpoint } from '@/server/artifacts/artifacts-api';
import { systemActor } from '@/server/auth/actor';
import { readReferencePopulation } from '@/server/fairness/reference-population';
import { defaultFairnessSettings } from '@/server/fairness/fairness-settings';
import { InferencePool } from '@/server/onnx/inference-pool';
import { fixturePath, sklearnExpected, type OnnxFixture } from '@/server/onnx/fixtures/onnx-fixtures';
import { uploadReferenceEndpoint } from '@/server/reference/reference-api';
import { callEndpoint } from '@/server/rest/call-endpoint';
import { startShadowRun } from '@/server/shadow/shadow-service';
import { ingestEventsEndpoint, recordLabelsEndpoint } from '@/server/traffic/events-api';
import { actorOf } from '@/server/trpc/context';
import { fakeUser } from '@/server/trpc/test-context';
import { onnxValidationTask } from '@/workers/tasks/onnx-validation';
import { shadowBatchTask } from '@/workers/tasks/shadow-batch';
import { shadowFinalizeTask } from '@/workers/tasks/shadow-finalize';
import { shadowPlanTask } from '@/workers/tasks/shadow-plan';
import { createModelEndpoint, createVersionEndpoint, getVersionEndpoint } from './registry-api';

// Issue 19, end to end: a scikit-learn random forest whose label output disagrees with its
// own probabilities, registered over REST as converters write it (plain, and ending in a
// ZipMap), with the decision rule chosen at registration; validation, shadow replay and
// fairness on the reference dataset all decide by the version's rule.

const artifactDir = mkdtempSync(path.join(os.tmpdir(), 'vigil-decisions-'));
process.env.VIGIL_ARTIFACT_DIR = artifactDir;
const database = await createDefaultTestDatabase();
const pool = new InferencePool({ threads: 1 });
afterAll(() => pool.close());

const { breastCancer: cancer } = sklearnExpected();
const MODEL = 'cancer-forest';
const CLASSES = cancer.classes; // ['malignant', 'benign']: benign is the positive class
const p1 = cancer.forest.probabilities.map((p) => Math.fround(p[1]!));
const truth = cancer.labels.map((k) => CLASSES[k]!);
const maintainer = actorOf(fakeUser(['maintainer'], '00000000-0000-4000-8000-0000000000c1'), { ip: '127.0.0.1', userAgent: 'vitest' });
let writer = '';
let producer = '';
const versionIds = new Map<number, string>();

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const accuracy = (decisions: string[]) => decisions.filter((d, i) => d === truth[i]).length / truth.length;
const decide = (rule: (p: number) => boolean) => p1.map((p) => (rule(p) ? 'benign' : 'malignant'));

async function uploadFixture(fixture: OnnxFixture): Promise<string> {
  const bytes = readFileSync(fixturePath(fixture));
  const digest = sha(bytes);
  const response = await callEndpoint(uploadArtifactEndpoint, { path: `/artifacts/sha256/${digest}`, params: { digest }, token: writer, body: bytes, headers: { 'content-type': 'application/octet-stream' } });
  expect(response.status).toBe(201);
  return digest;
}

const postVersion = (model: string, json: unknown) => callEndpoint(createVersionEndpoint, { path: `/models/${model}/versions`, params: { name: model }, token: writer, json });
const getVersion = (version: number) => callEndpoint(getVersionEndpoint, { path: `/models/${MODEL}/versions/${version}`, params: { name: MODEL, version: String(version) }, token: writer });

function storedFiles(): string[] {
  const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [e.name]));
  return walk(artifactDir);
}

beforeAll(async () => {
  writer = (await createToken(database, systemActor('test'), { name: 'ci', scopes: ['registry:write', 'registry:read'] })).secret;
  producer = (await createToken(database, systemActor('test'), { name: 'prod', scopes: ['events:write'] })).secret;
  const created = await callEndpoint(createModelEndpoint, {
    token: writer,
    json: { name: MODEL, taskType: 'binary_classification', features: cancer.features.map((name) => ({ name, type: 'numeric' })), label: { name: 'diagnosis', classes: CLASSES } },
  });
  expect(created.status).toBe(201);
  // The reference dataset: the rows scikit-learn answered on, with scikit-learn's column names.
  const csv = [[...cancer.features, 'diagnosis'].join(','), ...cancer.rows.map((row, i) => [...row.map(String), truth[i]].join(','))].join('\n');
  const reference = await callEndpoint(uploadReferenceEndpoint, { path: `/models/${MODEL}/reference`, params: { name: MODEL }, token: writer, body: csv, headers: { 'content-type': 'text/csv' } });
  expect(reference).toMatchObject({ status: 201, json: { rows: cancer.rows.length } });
});

describe('registering with a decision rule', () => {
  it('v1: a ZipMap forest with the default rule is validated by its probabilities, with both digests kept and a warning naming reference rows', async () => {
    const digest = await uploadFixture('forest-zipmap.onnx');
    const v1 = await postVersion(MODEL, { artifactSha256: digest });
    expect(v1).toMatchObject({ status: 201, json: { version: 1, decision: { rule: null, threshold: 0.5, stated: false }, scoreActivation: 'none', derivedArtifact: null } });
    versionIds.set(1, v1.json.id as string);
    await onnxValidationTask(database, { versionId: versionIds.get(1)! });

    const { json } = await getVersion(1);
    expect(json).toMatchObject({ status: 'validated', artifact: { sha256: digest }, decision: { rule: 'score', threshold: 0.5, stated: false, description: 'score ≥ 0.5' } });
    const derived = json.derivedArtifact as { sha256: string; size: number; replacedOutputs: unknown };
    expect(derived.replacedOutputs).toEqual([{ output: 'output_probability', tensor: 'probabilities', classes: ['0', '1'] }]);
    expect(derived.sha256).not.toBe(digest);
    // The derived model is in the store under its own digest, beside the upload.
    expect(await artifactStore().stat(derived.sha256)).toEqual({ size: derived.size });
    expect(await artifactStore().stat(digest)).not.toBeNull();
    expect((json.signature as { outputs: { name: string }[] }).outputs.map((o) => o.name)).toEqual(['output_label', 'probabilities']);
    const warnings = json.warnings as string[];
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^The label output disagrees with score ≥ 0\.5 on .* reference rows.*e\.g\. reference row \d+ \(label output benign, score ≥ 0\.5 gives malignant/);
  });

  it('v2: the label rule and v3: score ≥ 0.8, as stated at registration', async () => {
    const digest = await uploadFixture('forest.onnx');
    const v2 = await postVersion(MODEL, { artifactSha256: digest, decision: { rule: 'label' } });
    expect(v2.json).toMatchObject({ version: 2, decision: { rule: 'label', stated: true, description: 'label output' } });
    const v3 = await postVersion(MODEL, { artifactSha256: digest, decision: { rule: 'score', threshold: 0.8 } });
    expect(v3.json).toMatchObject({ version: 3, decision: { rule: 'score', threshold: 0.8, stated: true } });
    versionIds.set(2, v2.json.id as string).set(3, v3.json.id as string);
    for (const n of [2, 3]) await onnxValidationTask(database, { versionId: versionIds.get(n)! });

    const label = (await getVersion(2)).json;
    expect(label).toMatchObject({ status: 'validated', decision: { rule: 'label', stated: true }, derivedArtifact: null });
    expect((label.warnings as string[])[0]).toContain('Decisions follow the label output, as stated at registration');
    const strict = (await getVersion(3)).json;
    expect(strict).toMatchObject({ status: 'validated', decision: { rule: 'score', threshold: 0.8, description: 'score ≥ 0.8' } });
    expect((strict.warnings as string[])[0]).toMatch(/^The label output disagrees with score ≥ 0\.8/);
  });

  it('refuses a rule that does not fit the model or the request, storing nothing', async () => {
    const digest = sha(readFileSync(fixturePath('forest.onnx')));
    const before = await database.select({ id: modelVersions.id }).from(modelVersions);
    const thresholdWithLabel = await postVersion(MODEL, { artifactSha256: digest, decision: { rule: 'label', threshold: 0.3 } });
    expect(thresholdWithLabel.status).toBe(400);
    expect(JSON.stringify(thresholdWithLabel.json)).toContain('a threshold goes with the score rule, not the label output');
    expect((await postVersion(MODEL, { artifactSha256: digest, decision: { rule: 'score', threshold: 1.5 } })).status).toBe(400);
    expect((await postVersion(MODEL, { artifactSha256: digest, decision: { rule: 'argmax' } })).status).toBe(400);
    expect((await postVersion(MODEL, { artifactSha256: digest, scoreActivation: 'tanh' })).status).toBe(400);

    const regression = await callEndpoint(createModelEndpoint, { token: writer, json: { name: 'house-prices', taskType: 'regression', features: [{ name: 'surface m²', type: 'numeric' }], label: { name: 'price' } } });
    expect(regression.status).toBe(201);
    const decided = await postVersion('house-prices', { artifactSha256: digest, decision: { rule: 'score' } });
    expect(decided).toMatchObject({ status: 422, json: { message: 'A regression model makes no decisions: its prediction is its output value. Omit decision.' } });
    expect(await postVersion('house-prices', { artifactSha256: digest, scoreActivation: 'sigmoid' })).toMatchObject({ status: 422, json: { message: expect.stringContaining("scoreActivation must be 'none'") } });
    expect(await database.select({ id: modelVersions.id }).from(modelVersions)).toEqual(before);
  });

  it('refuses a 600 MB artifact before reading it, storing nothing', async () => {
    const before = storedFiles();
    const digest = 'f'.repeat(64);
    const refused = await callEndpoint(uploadArtifactEndpoint, {
      path: `/artifacts/sha256/${digest}`,
      params: { digest },
      token: writer,
      body: new Uint8Array(16),
      headers: { 'content-type': 'application/octet-stream', 'content-length': String(600 * 1024 * 1024) },
    });
    // The limit (512 MiB by default, VIGIL_MAX_ARTIFACT_BYTES) is checked on the declared length, before any byte is read.
    expect(refused).toMatchObject({ status: 413, json: { code: 'payload_too_large', message: `The artifact is ${600 * 1024 * 1024} bytes; the limit is ${512 * 1024 * 1024}.` } });
    expect(storedFiles()).toEqual(before);
  });
});

describe('decisions everywhere follow the version’s rule', () => {
  it('fairness on the reference dataset counts each version’s own decisions', async () => {
    const [model] = await database.select().from(registeredModels).where(eq(registeredModels.name, MODEL));
    const [reference] = await database.select().from(referenceDatasets).where(eq(referenceDatasets.modelId, model!.id));
    const favourable = async (n: number) => {
      const population = await readReferencePopulation(database, model!, versionIds.get(n)!, reference!.id, defaultFairnessSettings([]));
      return population.predicted.reduce((a, b) => a + b, 0);
    };
    const count = (decisions: string[]) => decisions.filter((d) => d === 'benign').length;
    expect(await favourable(1)).toBe(count(decide((p) => p >= 0.5)));
    expect(await favourable(2)).toBe(count(decide((p) => p > 0)));
    expect(await favourable(3)).toBe(count(decide((p) => p >= 0.8)));
  });

  it('shadow replay: the forest decided by its probabilities is not judged worse than it is', async () => {
    const base = Date.now() - 3_600_000;
    const events = cancer.rows.map((row, i) => ({
      requestId: `req-${i}`,
      time: new Date(base + i * 1000).toISOString(),
      version: 3,
      features: Object.fromEntries(cancer.features.map((name, j) => [name, row[j]])),
      // The serving system logged its score only: Vigil decides it by v3's threshold (0.8).
      prediction: { score: p1[i] },
    }));
    expect(await callEndpoint(ingestEventsEndpoint, { token: producer, json: { model: MODEL, events } })).toMatchObject({ status: 201, json: { inserted: events.length } });
    const labels = truth.map((label, i) => ({ requestId: `req-${i}`, label }));
    expect(await callEndpoint(recordLabelsEndpoint, { token: producer, json: { model: MODEL, labels } })).toMatchObject({ status: 200, json: { updated: events.length } });

    const window = { from: new Date(base - 1000), to: new Date(base + events.length * 1000 + 1000) };
    const replay = async (candidateVersion: number) => {
      const run = await startShadowRun(database, maintainer, { model: MODEL, candidateVersion, window });
      await shadowPlanTask(database, { runId: run.id }, { batchSize: 100 });
      const [planned] = await database.select().from(shadowRuns).where(eq(shadowRuns.id, run.id));
      for (let b = 0; b < planned!.batchCount!; b++) expect(await shadowBatchTask(database, { runId: run.id, batchNo: b }, { pool, chunkRows: 64 })).toBe('done');
      expect(await shadowFinalizeTask(database, { runId: run.id })).toBe(true);
      const [done] = await database.select().from(shadowRuns).where(eq(shadowRuns.id, run.id));
      return done!.summary!.labelled!;
    };

    // v1 runs its derived (ZipMap-free) model; its decisions are score ≥ 0.5, as scikit-learn's predict().
    const byScore = await replay(1);
    expect(byScore.rows).toBe(events.length);
    expect(byScore.candidate.accuracy).toBeCloseTo(accuracy(decide((p) => p >= 0.5)), 12);
    expect(byScore.candidate.accuracy).toBeCloseTo(accuracy(cancer.forest.predicted.map((k) => CLASSES[k]!)), 12);
    expect(byScore.serving.accuracy).toBeCloseTo(accuracy(decide((p) => p >= 0.8)), 12);

    // v2 states the label output: the same forest, judged by onnxruntime's label, scores far lower.
    const byLabel = await replay(2);
    expect(byLabel.candidate.accuracy).toBeCloseTo(accuracy(decide((p) => p > 0)), 12);
    expect(byLabel.candidate.accuracy).toBeLessThan(byScore.candidate.accuracy! - 0.1);
  });
});
