import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { breastCancerFeatures, featureMatrix, fixturePath, irisFeatures, sklearnExpected, type OnnxFixture } from './fixtures/onnx-fixtures';
import { InferencePool } from './inference-pool';
import { candidateInputs, CandidateModelError, planCandidateIO, readCandidateOutputs, type CandidateIO } from './model-io';
import { onnx } from './onnx-proto';
import { decodeOnnxModel, readOnnxSignature, signatureOfModel } from './onnx-signature';
import { withoutZipMaps } from './zipmap-rewrite';
import type { OutputReading } from './decision-rule';
import type { Feature } from '@/server/registry/feature-schema';

// Real scikit-learn models, laid out as converters write them, run by onnxruntime-node
// through Vigil's inference pool: the probabilities Vigil reads equal scikit-learn's own.

const expected = sklearnExpected();
const cancer = expected.breastCancer;
const CANCER_CLASSES = cancer.classes;
let pool: InferencePool;
let dir: string;

beforeAll(async () => {
  pool = new InferencePool({ threads: 1 });
  dir = await mkdtemp(path.join(os.tmpdir(), 'vigil-layouts-'));
});
afterAll(async () => {
  await pool.close();
  await rm(dir, { recursive: true, force: true });
});

/** Runs a model file on rows through the pool, as shadow replay does, and reads it by `reading`. */
async function predict(file: string, features: Feature[], classes: string[], rows: number[][], reading: Partial<OutputReading>) {
  const bytes = await readFile(file);
  const io = planCandidateIO(features, readOnnxSignature(bytes), classes, reading);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const result = await pool.run({ sha256, filePath: file, inputs: candidateInputs(io, featureMatrix(rows), features.length, 0, rows.length), outputs: io.fetches });
  return { io, ...readCandidateOutputs(io, result.outputs, rows.length) };
}

/** The ZipMap-free model written to a file, as validation stores it. */
async function derived(fixture: OnnxFixture) {
  const rewritten = withoutZipMaps(decodeOnnxModel(await readFile(fixturePath(fixture))))!;
  const target = path.join(dir, `derived-${fixture}`);
  await writeFile(target, onnx.ModelProto.encode(rewritten.model).finish());
  return { file: target, replaced: rewritten.replaced, signature: signatureOfModel(rewritten.model) };
}

const column = (rows: number[][], k: number) => rows.map((r) => r[k]!);

describe('models as scikit-learn converters lay them out', () => {
  it('a random forest (TreeEnsembleClassifier): probabilities equal predict_proba, while its label output says 1 whenever class 1 has any weight', async () => {
    const byScore = await predict(fixturePath('forest.onnx'), breastCancerFeatures(), CANCER_CLASSES, cancer.rows, {});
    expect(byScore.io).toMatchObject({ scoreOutput: 'probabilities', labelOutput: 'label', decision: 'score', fetches: ['probabilities'] });
    Array.from(byScore.scores).forEach((s, i) => expect(s).toBeCloseTo(cancer.forest.probabilities[i]![1]!, 6));
    // The score rule gives scikit-learn's predict() (argmax of the probabilities) on every row…
    expect(byScore.labels).toEqual(cancer.forest.predicted.map((k) => CANCER_CLASSES[k]));

    // …the label output, as onnxruntime computes it, does not.
    const byLabel = await predict(fixturePath('forest.onnx'), breastCancerFeatures(), CANCER_CLASSES, cancer.rows, { decision: 'label' });
    expect(byLabel.io.fetches).toEqual(['probabilities', 'label']);
    const disagree = byLabel.labels.filter((l, i) => l !== byScore.labels[i]).length;
    expect(disagree).toBeGreaterThan(cancer.rows.length * 0.1);
    byLabel.labels.forEach((l, i) => expect(l).toBe(byScore.scores[i]! > 0 ? 'benign' : 'malignant'));
  });

  it('a ZipMap ending is replaced by the probability tensor feeding it; the derived model gives predict_proba', async () => {
    for (const fixture of ['forest-zipmap.onnx', 'logreg-zipmap.onnx'] as const) {
      const original = readOnnxSignature(await readFile(fixturePath(fixture)));
      expect(original.outputs).toEqual([
        { name: 'output_label', kind: 'tensor', elementType: 'int64', shape: [null] },
        { name: 'output_probability', kind: 'sequence', elementType: 'undefined', shape: null },
      ]);
      const model = await derived(fixture);
      expect(model.replaced).toEqual([{ output: 'output_probability', tensor: 'probabilities', classes: ['0', '1'] }]);
      expect(model.signature.outputs).toEqual([original.outputs[0], { name: 'probabilities', kind: 'tensor', elementType: 'float', shape: [null, 2] }]);
      expect(model.signature.inputs).toEqual(original.inputs);
      const out = await predict(model.file, breastCancerFeatures(), CANCER_CLASSES, cancer.rows, {});
      const reference = fixture === 'forest-zipmap.onnx' ? cancer.forest : cancer.logreg;
      Array.from(out.scores).forEach((s, i) => expect(s).toBeCloseTo(reference.probabilities[i]![1]!, 5));
      expect(out.labels).toEqual(reference.predicted.map((k) => CANCER_CLASSES[k]));
    }
    // A model without ZipMap is left alone.
    expect(withoutZipMaps(decodeOnnxModel(await readFile(fixturePath('forest.onnx'))))).toBeNull();
  });

  it('a ZipMap with string class labels gives them as the column names', async () => {
    const encoder = new TextEncoder();
    const model = onnx.ModelProto.create({
      irVersion: 8,
      opsetImport: [{ domain: '', version: 15 }, { domain: 'ai.onnx.ml', version: 3 }],
      graph: {
        name: 'string_zipmap',
        node: [
          { opType: 'Identity', input: ['x'], output: ['probabilities'], name: 'identity' },
          { opType: 'ZipMap', domain: 'ai.onnx.ml', input: ['probabilities'], output: ['output_probability'], name: 'zipmap', attribute: [{ name: 'classlabels_strings', type: onnx.AttributeProto.AttributeType.STRINGS, strings: ['no', 'yes'].map((c) => encoder.encode(c)) }] },
        ],
        input: [{ name: 'x', type: { tensorType: { elemType: 1, shape: { dim: [{ dimParam: 'N' }, { dimValue: 2 }] } } } }],
        output: [{ name: 'output_probability', type: { sequenceType: { elemType: { mapType: { keyType: 8, valueType: { tensorType: { elemType: 1 } } } } } } }],
      },
    });
    const rewritten = withoutZipMaps(decodeOnnxModel(onnx.ModelProto.encode(model).finish()))!;
    expect(rewritten.replaced).toEqual([{ output: 'output_probability', tensor: 'probabilities', classes: ['no', 'yes'] }]);
    expect(signatureOfModel(rewritten.model).outputs).toEqual([{ name: 'probabilities', kind: 'tensor', elementType: 'float', shape: ['N', 2] }]);
    const target = path.join(dir, 'string-zipmap.onnx');
    await writeFile(target, onnx.ModelProto.encode(rewritten.model).finish());
    const out = await predict(target, [{ name: 'p0', type: 'numeric' }, { name: 'p1', type: 'numeric' }], ['no', 'yes'], [[0.3, 0.7], [0.9, 0.1]], {});
    expect(out.labels).toEqual(['yes', 'no']);
  });

  it('a multiclass ZipMap model (iris) keeps its three columns in class order', async () => {
    const model = await derived('iris-zipmap.onnx');
    expect(model.replaced).toEqual([{ output: 'output_probability', tensor: 'probabilities', classes: ['0', '1', '2'] }]);
    const out = await predict(model.file, irisFeatures(), expected.iris.classes, expected.iris.rows, { taskType: 'multiclass_classification' });
    expect(out.io.decision).toBe('score');
    for (let k = 0; k < 3; k++) column(expected.iris.probabilities, k).forEach((p, i) => expect(out.probabilities![i * 3 + k]).toBeCloseTo(p, 5));
    expect(out.labels).toEqual(expected.iris.predicted.map((k) => expected.iris.classes[k]));
    expect(Array.from(out.scores).every(Number.isNaN)).toBe(true);
  });

  it('a single logit [N, 1] with the sigmoid stated, and logits [N, 3] with the softmax stated, give predict_proba', async () => {
    const binary = await predict(fixturePath('logreg-logit.onnx'), breastCancerFeatures(), CANCER_CLASSES, cancer.rows, { activation: 'sigmoid' });
    expect(binary.io).toMatchObject({ scoreOutput: 'logit', labelOutput: null, decision: 'score' });
    Array.from(binary.scores).forEach((s, i) => expect(s).toBeCloseTo(cancer.logreg.probabilities[i]![1]!, 5));
    expect(binary.labels).toEqual(cancer.logreg.predicted.map((k) => CANCER_CLASSES[k]));

    const multi = await predict(fixturePath('iris-logits.onnx'), irisFeatures(), expected.iris.classes, expected.iris.rows, { taskType: 'multiclass_classification', activation: 'softmax' });
    for (let k = 0; k < 3; k++) column(expected.iris.probabilities, k).forEach((p, i) => expect(multi.probabilities![i * 3 + k]).toBeCloseTo(p, 5));
    expect(multi.labels).toEqual(expected.iris.predicted.map((k) => expected.iris.classes[k]));
  });

  it('a threshold moves decisions: score ≥ 0.9 calls fewer rows benign than ≥ 0.5', async () => {
    const strict = await predict(fixturePath('logreg-logit.onnx'), breastCancerFeatures(), CANCER_CLASSES, cancer.rows, { activation: 'sigmoid', decision: 'score', threshold: 0.9 });
    const benign = (labels: (string | null)[]) => labels.filter((l) => l === 'benign').length;
    expect(benign(strict.labels)).toBe(cancer.logreg.probabilities.filter((p) => Math.fround(p[1]!) >= 0.9).length);
    expect(benign(strict.labels)).toBeLessThan(cancer.logreg.predicted.filter((k) => k === 1).length);
  });

  it('one [N, 1] input per feature, mapped by name (names with spaces), gives the same probabilities', async () => {
    const features = breastCancerFeatures({ inputPerFeature: true });
    const bytes = await readFile(fixturePath('logreg-per-feature.onnx'));
    const signature = readOnnxSignature(bytes);
    expect(signature.inputs.map((i) => i.name)).toEqual(cancer.features);
    expect(signature.inputs[0]).toEqual({ name: 'mean radius', kind: 'tensor', elementType: 'float', shape: ['N', 1] });
    const out = await predict(fixturePath('logreg-per-feature.onnx'), features, CANCER_CLASSES, cancer.rows, {});
    expect(out.io.direct).toBe(false);
    Array.from(out.scores).forEach((s, i) => expect(s).toBeCloseTo(cancer.logreg.probabilities[i]![1]!, 5));
  });

  it('refuses a reading the outputs cannot carry, saying why', () => {
    const plan = (file: OnnxFixture, reading: Partial<OutputReading>, features = breastCancerFeatures(), classes = CANCER_CLASSES): CandidateIO => planCandidateIO(features, readOnnxSignature(readFileSync(fixturePath(file))), classes, reading);
    expect(() => plan('logreg-logit.onnx', { decision: 'label' })).toThrow(/decision rule stated at registration is the label output, but the model has no integer, string or bool output/);
    expect(() => plan('forest.onnx', { activation: 'sigmoid' })).toThrow(/sigmoid turns one logit per row into a probability; for one logit per class, state 'softmax'/);
    expect(() => plan('logreg-logit.onnx', { activation: 'softmax' })).toThrow(/softmax needs one logit per class/);
    expect(() => plan('iris-logits.onnx', { taskType: 'multiclass_classification' }, irisFeatures(), ['a', 'b'])).toThrow(/3 columns, but the model declares 2 classes/);
    expect(() => plan('iris-logits.onnx', { taskType: 'regression' }, irisFeatures(), [])).toThrow(CandidateModelError);
  });
});
