import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeModel, intAttribute, node, tensorValue } from '@/demo/samples/onnx-graph-builder';
import { passThroughModel } from '@/demo/test-onnx-models';
import type { Feature } from '@/server/registry/feature-schema';
import { breastCancerFeatures, fixturePath, irisFeatures, sklearnExpected } from './fixtures/onnx-fixtures';
import { readOnnxSignature } from './onnx-signature';
import { validateOnnxArtifact } from './validate-model';

// Validation of real scikit-learn models as converters lay them out: the decision rule is
// resolved against the outputs, the label output is compared with the score rule on the
// synthetic batch and the reference sample, ZipMap endings are rewritten, and bad models are
// refused with a reason a user can act on.

const { breastCancer: cancer, iris } = sklearnExpected();
const reference = { rowNumbers: cancer.rowNumbers, rows: cancer.rows };
let dir: string;
const file = async (name: string, bytes: Uint8Array) => {
  const target = path.join(dir, name);
  await writeFile(target, bytes);
  return target;
};
const numeric = (count: number): Feature[] => Array.from({ length: count }, (_, i) => ({ name: `f${i}`, type: 'numeric' }));

/** x [N, 1] → y = string(x): a model whose only output is strings. */
const stringOutputModel = () =>
  encodeModel({ graphName: 'strings', nodes: [node('Cast', ['x'], ['y'], [intAttribute('to', 8)])], initializers: [], inputs: [tensorValue('x', 'float', ['N', 1])], outputs: [tensorValue('y', 'string', ['N', 1])] });

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'vigil-decisions-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('the decision rule at validation', () => {
  it('a forest whose label output disagrees with its probabilities is validated with a warning naming reference rows', async () => {
    const result = await validateOnnxArtifact(fixturePath('forest.onnx'), breastCancerFeatures(), { classes: cancer.classes, reference });
    expect(result).toMatchObject({ status: 'validated', reason: null, decisionRule: 'score', derived: null });
    // onnxruntime's label: class 1 whenever it has any weight; the score rule: P(class 1) ≥ 0.5.
    const p1 = cancer.forest.probabilities.map((p) => Math.fround(p[1]!));
    const disagreeing = p1.map((p, i) => ((p > 0) !== (p >= 0.5) ? i : -1)).filter((i) => i >= 0);
    expect(disagreeing.length).toBeGreaterThan(10);
    const check = result.decisionCheck!;
    expect(check.reference).toEqual({ compared: cancer.rows.length, disagreements: disagreeing.length });
    expect(check.threshold).toBe(0.5);
    expect(check.examples[0]).toMatchObject({ source: 'reference', row: cancer.rowNumbers[disagreeing[0]!], labelOutput: 'benign', scoreDecision: 'malignant' });
    expect(result.warnings[0]).toMatch(/^The label output disagrees with score ≥ 0\.5 on \d+\.\d % of rows \(\d+ of 190 reference rows, \d+ of 16 synthetic rows\), e\.g\. reference row \d+/);
    expect(result.warnings[0]).toContain(`reference row ${cancer.rowNumbers[disagreeing[0]!]! + 1} (label output benign, score ≥ 0.5 gives malignant`);
    expect(result.warnings[0]).toContain('Decisions follow score ≥ 0.5');
  });

  it('the label rule, when stated, is kept, with the warning saying what it means', async () => {
    const result = await validateOnnxArtifact(fixturePath('forest.onnx'), breastCancerFeatures(), { classes: cancer.classes, reference, reading: { decision: 'label' } });
    expect(result).toMatchObject({ status: 'validated', decisionRule: 'label' });
    expect(result.warnings[0]).toContain('Decisions follow the label output, as stated at registration');
  });

  it('a label output that agrees with the probabilities gives no warning', async () => {
    const result = await validateOnnxArtifact(fixturePath('logreg-zipmap.onnx'), breastCancerFeatures(), { classes: cancer.classes, reference });
    expect(result).toMatchObject({ status: 'validated', decisionRule: 'score', warnings: [] });
    expect(result.decisionCheck).toMatchObject({ disagreements: 0, reference: { compared: 190, disagreements: 0 } });
  });

  it('without a reference dataset, the synthetic batch alone is compared', async () => {
    const result = await validateOnnxArtifact(fixturePath('forest.onnx'), breastCancerFeatures(), { classes: cancer.classes });
    expect(result.decisionCheck).toMatchObject({ reference: null, synthetic: { compared: 16 } });
  });
});

describe('models as converters emit them', () => {
  it('a ZipMap model is accepted: the derived model, its digest and its signature come back', async () => {
    const result = await validateOnnxArtifact(fixturePath('forest-zipmap.onnx'), breastCancerFeatures(), { classes: cancer.classes, reference });
    expect(result.status).toBe('validated');
    const derived = result.derived!;
    expect(derived.zipMaps).toEqual([{ output: 'output_probability', tensor: 'probabilities', classes: ['0', '1'] }]);
    expect(derived.sha256).toBe(createHash('sha256').update(derived.bytes).digest('hex'));
    expect(derived.size).toBe(derived.bytes.byteLength);
    expect(readOnnxSignature(derived.bytes)).toEqual(result.signature);
    expect(result.signature!.outputs.map((o) => `${o.name}:${o.elementType}`)).toEqual(['output_label:int64', 'probabilities:float']);
    // The forest's label output still disagrees with its probabilities after the rewrite.
    expect(result.decisionCheck!.disagreements).toBeGreaterThan(10);
  });

  it('a multiclass ZipMap model and multiclass logits with softmax', async () => {
    const zip = await validateOnnxArtifact(fixturePath('iris-zipmap.onnx'), irisFeatures(), { classes: iris.classes, reading: { taskType: 'multiclass_classification' }, reference: { rowNumbers: iris.rows.map((_, i) => i), rows: iris.rows } });
    expect(zip).toMatchObject({ status: 'validated', decisionRule: 'score', warnings: [], decisionCheck: { disagreements: 0, reference: { compared: 150 } } });
    const logits = await validateOnnxArtifact(fixturePath('iris-logits.onnx'), irisFeatures(), { classes: iris.classes, reading: { taskType: 'multiclass_classification', activation: 'softmax' } });
    expect(logits).toMatchObject({ status: 'validated', decisionRule: 'score', decisionCheck: null });
    // Without declared classes, the label output's class indices are the classes.
    const undeclared = await validateOnnxArtifact(fixturePath('iris-zipmap.onnx'), irisFeatures(), { reading: { taskType: 'multiclass_classification' } });
    expect(undeclared).toMatchObject({ status: 'validated', warnings: [], decisionCheck: { disagreements: 0 } });
  });

  it('a single logit needs its activation: without it the scores are not probabilities', async () => {
    const bare = await validateOnnxArtifact(fixturePath('logreg-logit.onnx'), breastCancerFeatures(), { classes: cancer.classes });
    expect(bare.status).toBe('invalid');
    expect(bare.reason).toMatch(/^the score output 'logit' gives -?\d.* on the synthetic batch, which is not a probability in \[0, 1\]: if it is a logit, register the version with scoreActivation 'sigmoid'/);
    const withSigmoid = await validateOnnxArtifact(fixturePath('logreg-logit.onnx'), breastCancerFeatures(), { classes: cancer.classes, reading: { activation: 'sigmoid' } });
    expect(withSigmoid).toMatchObject({ status: 'validated', decisionRule: 'score', decisionCheck: null, warnings: [] });
  });

  it('one input per feature, mapped by name', async () => {
    const result = await validateOnnxArtifact(fixturePath('logreg-per-feature.onnx'), breastCancerFeatures({ inputPerFeature: true }), { classes: cancer.classes, reference });
    expect(result).toMatchObject({ status: 'validated', decisionRule: 'score' });
    expect(result.signature!.inputs).toHaveLength(30);
  });
});

describe('bad models are refused with the reason', () => {
  it('wrong input rank', async () => {
    const result = await validateOnnxArtifact(await file('rank3.onnx', passThroughModel([{ name: 'x', type: 'float', shape: ['N', 3, 2] }])), numeric(3));
    expect(result).toMatchObject({ status: 'invalid', sampleOutput: null });
    expect(result.reason).toBe("the feature schema does not fit the model: input 'x' has shape float[N,3,2]; features can only feed inputs shaped [rows] or [rows, features]");
  });

  it('string outputs: nothing to read a prediction from, or labels that are not the classes', async () => {
    const bytes = stringOutputModel();
    const regression = await validateOnnxArtifact(await file('strings-regression.onnx', bytes), numeric(1), { reading: { taskType: 'regression' } });
    expect(regression).toMatchObject({ status: 'invalid' });
    expect(regression.reason).toBe("the model has no output to read a prediction from: it needs a numeric output shaped [N] or [N, 1] (outputs: 'y' string[N,1])");
    const classifier = await validateOnnxArtifact(await file('strings-binary.onnx', bytes), numeric(1), { classes: ['no', 'yes'] });
    expect(classifier.status).toBe('invalid');
    expect(classifier.reason).toMatch(/^the label output 'y' returned '[-\d.e]+', which is not one of the declared classes \(no, yes\)$/);
    const undeclared = await validateOnnxArtifact(await file('strings-undeclared.onnx', bytes), numeric(1));
    expect(undeclared.reason).toMatch(/which is neither 0 nor 1; declare the model's label classes in output order/);
  });

  it('a decision rule the outputs cannot follow', async () => {
    const result = await validateOnnxArtifact(fixturePath('logreg-logit.onnx'), breastCancerFeatures(), { classes: cancer.classes, reading: { decision: 'label', activation: 'sigmoid' } });
    expect(result).toMatchObject({ status: 'invalid', sampleOutput: null });
    expect(result.reason).toMatch(/^the decision rule stated at registration is the label output, but the model has no integer, string or bool output/);
  });
});
