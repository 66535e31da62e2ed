import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { parentPort, threadId, workerData } from 'node:worker_threads';
import * as ort from 'onnxruntime-node';
import { compareDecisions, decisionCheck, decisionWarning, type DecisionComparison } from './decision-check';
import { checkFeatureMapping } from './feature-mapping';
import type { PlainTensor as PoolTensor } from './inference-pool';
import { CandidateModelError, labelOutputValues, planCandidateIO, readScores, scoreDecisions, type CandidateIO } from './model-io';
import { onnx, type ModelProtoData } from './onnx-proto';
import { decodeOnnxModel, OnnxFormatError, signatureOfModel, type OnnxSignature } from './onnx-signature';
import { syntheticRows, toInputTensors, type FeatureRow, type PlainTensor } from './synthetic-batch';
import type { DecisionCheck, DerivedModel, OutputSample, ThreadReport, ValidationRequest, ValidationResult } from './validation-result';
import { withoutZipMaps } from './zipmap-rewrite';

// Body of the validation worker thread (entered through validation-thread-bootstrap.mjs).
// onnxruntime-node runs inference synchronously on the calling thread, so everything that
// touches the model happens here, never on the event loop of the process that asked.

type Verdict = Omit<ValidationResult, 'durationMs'>;

const PREVIEW_VALUES = 8;

export async function validateInThisThread(request: ValidationRequest): Promise<ThreadReport> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(request.filePath);
  } catch (error) {
    const { message, code } = error as NodeJS.ErrnoException;
    return { kind: 'io-error', message, code: code ?? null };
  }
  return { kind: 'result', result: await judge(bytes, request), threadId };
}

async function judge(uploaded: Uint8Array, request: ValidationRequest): Promise<Verdict> {
  let model: ModelProtoData;
  let signature: OnnxSignature;
  try {
    model = decodeOnnxModel(uploaded);
    signature = signatureOfModel(model);
  } catch (error) {
    if (error instanceof OnnxFormatError) return invalid(error.message, null);
    throw error;
  }

  // A ZipMap output cannot leave onnxruntime-node: run (and later serve) the model without it.
  let bytes = uploaded;
  let derived: DerivedModel | null = null;
  const rewritten = withoutZipMaps(model);
  if (rewritten) {
    // A copy that owns its buffer: protobufjs may write small models into Node's shared Buffer pool.
    bytes = new Uint8Array(onnx.ModelProto.encode(rewritten.model).finish());
    signature = signatureOfModel(rewritten.model);
    derived = { bytes, sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.byteLength, zipMaps: rewritten.replaced };
  }

  const mapping = checkFeatureMapping(request.features, signature.inputs);
  if (!mapping.ok) return invalid(`the feature schema does not fit the model: ${mapping.problems.join('; ')}`, signature);

  const fetches = signature.outputs.filter((o) => o.kind === 'tensor').map((o) => o.name);
  if (fetches.length === 0) return invalid('the model has no tensor outputs to check (only sequences or maps)', signature);

  let io: CandidateIO;
  try {
    io = planCandidateIO(request.features, signature, request.classes ?? undefined, request.reading);
  } catch (error) {
    if (error instanceof CandidateModelError) return invalid(error.message, signature);
    throw error;
  }

  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(bytes, {
      // One thread each: validation shares the machine with the web server and other jobs.
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      logSeverityLevel: 3,
    });
  } catch (error) {
    return invalid(`onnxruntime could not load the model: ${messageOf(error)}`, signature);
  }

  try {
    const batch = fixedBatch(signature);
    const rows = batch ?? request.rows;
    const synthetic = syntheticRows(request.features, rows, request.seed);
    let results: ort.InferenceSession.OnnxValueMapType;
    try {
      results = await run(session, request, signature, synthetic, fetches);
    } catch (error) {
      return invalid(`the model failed on a synthetic batch of ${rows} rows: ${messageOf(error)}`, signature);
    }
    const outputs = fetches.map((name) => summarize(name, results[name] as ort.Tensor));
    const sampleOutput = { rows, outputs };
    const broken = outputs.filter((o) => !o.finite).map((o) => `'${o.name}'`);
    if (broken.length > 0) {
      return { ...invalid(`output ${broken.join(', ')} contains NaN or infinite values on a synthetic batch`, signature), sampleOutput };
    }

    const warnings: string[] = [];
    const read = readRows(io, results, rows);
    if (read.problem) return { ...invalid(read.problem, signature), sampleOutput };
    const range = scoreRangeProblem(io, read.scores, read.probabilities);
    if (range && io.decision === 'score') return { ...invalid(range, signature), sampleOutput };
    if (range) warnings.push(range);
    const labelProblem = labelValueProblem(io, read.byLabel, request.classes);
    if (labelProblem && io.decision === 'label') return { ...invalid(labelProblem, signature), sampleOutput };
    if (labelProblem) warnings.push(`${labelProblem}; it was not compared with the score.`);

    let check: DecisionCheck | null = null;
    if (io.decision !== null && io.scoreOutput && read.byLabel && !labelProblem) {
      const syntheticComparison = compare('synthetic', synthetic.map((_, i) => i), read);
      let referenceComparison: DecisionComparison | null = null;
      if (request.reference && request.reference.rows.length > 0) {
        try {
          referenceComparison = await compareOnReference(session, request, signature, io, fetches, batch);
        } catch (error) {
          warnings.push(`The model could not be run on the reference dataset sample (${messageOf(error)}); only the synthetic batch was compared.`);
        }
      }
      check = decisionCheck(io.threshold, syntheticComparison, referenceComparison);
      const warning = decisionWarning(check, io.decision, io.taskType);
      if (warning) warnings.unshift(warning);
    }
    return { status: 'validated', reason: null, signature, sampleOutput, decisionRule: io.decision, decisionCheck: check, warnings, derived };
  } finally {
    await session.release();
  }
}

async function run(session: ort.InferenceSession, request: ValidationRequest, signature: OnnxSignature, rows: readonly FeatureRow[], fetches: string[]) {
  const inputs = toInputTensors(request.features, signature, rows);
  const feeds = Object.fromEntries(Object.entries(inputs).map(([name, tensor]) => [name, toOrtTensor(tensor)]));
  return session.run(feeds, fetches);
}

interface ReadRows {
  scores: Float32Array;
  probabilities: Float32Array | null;
  byLabel: (string | null)[] | null;
  byScore: (string | null)[] | null;
  problem: string | null;
}

function readRows(io: CandidateIO, results: ort.InferenceSession.OnnxValueMapType, rows: number): ReadRows {
  const outputs: Record<string, PoolTensor> = {};
  for (const [name, value] of Object.entries(results)) {
    const tensor = value as ort.Tensor;
    outputs[name] = { type: tensor.type, data: tensor.data, dims: [...tensor.dims] } as PoolTensor;
  }
  try {
    const { scores, probabilities } = readScores(io, outputs, rows);
    const byLabel = labelOutputValues(io, outputs, rows);
    const byScore = io.scoreOutput && io.decision !== null ? scoreDecisions(io, scores, probabilities, rows) : null;
    return { scores, probabilities, byLabel, byScore, problem: null };
  } catch (error) {
    if (error instanceof CandidateModelError) return { scores: new Float32Array(0), probabilities: null, byLabel: null, byScore: null, problem: error.message };
    throw error;
  }
}

function compare(source: 'synthetic' | 'reference', rowNumbers: readonly number[], read: ReadRows): DecisionComparison {
  return compareDecisions(source, rowNumbers, read.byLabel ?? [], read.byScore ?? [], read.scores, read.probabilities);
}

/** The reference sample through the model, in chunks of its fixed batch size when it has one (the last one padded). */
async function compareOnReference(session: ort.InferenceSession, request: ValidationRequest, signature: OnnxSignature, io: CandidateIO, fetches: string[], batch: number | null): Promise<DecisionComparison> {
  const { rows, rowNumbers } = request.reference!;
  const size = batch ?? rows.length;
  const total: DecisionComparison = { compared: 0, disagreements: 0, examples: [] };
  for (let start = 0; start < rows.length; start += size) {
    const chunk = rows.slice(start, start + size);
    const real = chunk.length;
    while (chunk.length < size) chunk.push(chunk[chunk.length - 1]!);
    const read = readRows(io, await run(session, request, signature, chunk, fetches), size);
    if (read.problem) throw new Error(read.problem);
    const part = compare('reference', rowNumbers.slice(start, start + real), read);
    total.compared += part.compared;
    total.disagreements += part.disagreements;
    total.examples.push(...part.examples);
  }
  return total;
}

/** Scores a decision is taken on must be probabilities; logits without the stated activation are not. */
function scoreRangeProblem(io: CandidateIO, scores: Float32Array, probabilities: Float32Array | null): string | null {
  if (io.taskType === 'regression' || !io.scoreOutput) return null;
  const values = probabilities ?? scores;
  const outside = values.find((v) => v < 0 || v > 1);
  if (outside === undefined) return null;
  const fix = io.activation === 'none' ? ": if it is a logit, register the version with scoreActivation 'sigmoid' (one column) or 'softmax' (one column per class)" : '';
  return `the score output '${io.scoreOutput}' gives ${Number(outside.toPrecision(4))} on the synthetic batch, which is not a probability in [0, 1]${fix}`;
}

/** A label output must name the model's classes, or Vigil cannot tell a positive from a negative. */
function labelValueProblem(io: CandidateIO, labels: (string | null)[] | null, declared: string[] | null): string | null {
  if (!labels || io.taskType === 'regression') return null;
  const known = new Set(io.classes);
  // Without declared classes a multiclass model's labels are class indices.
  const strange = labels.find((l) => l !== null && !known.has(l) && !(io.classes.length === 0 && /^\d+$/.test(l)));
  if (strange === undefined) return null;
  if (!declared) {
    if (io.taskType === 'binary_classification') return `the label output '${io.labelOutput}' returned '${strange}', which is neither 0 nor 1; declare the model's label classes in output order so Vigil knows which is positive`;
    return `the label output '${io.labelOutput}' returned '${strange}', but the model declares no classes; declare them in output order`;
  }
  return `the label output '${io.labelOutput}' returned '${strange}', which is not one of the declared classes (${declared.join(', ')})`;
}

/** The batch size a model fixes on its first input, if it fixes one. */
function fixedBatch(signature: OnnxSignature): number | null {
  return signature.inputs.map((i) => i.shape?.[0]).find((d): d is number => typeof d === 'number' && d > 0) ?? null;
}

function toOrtTensor(tensor: PlainTensor): ort.Tensor {
  return tensor.type === 'string' ? new ort.Tensor('string', tensor.data, tensor.dims) : new ort.Tensor(tensor.type, tensor.data, tensor.dims);
}

function summarize(name: string, tensor: ort.Tensor): OutputSample {
  const dims = [...tensor.dims];
  const data = tensor.data;
  if (Array.isArray(data)) return { name, dims, finite: true, preview: [] };
  // int64 outputs arrive as BigInt64Array; Number() is exact for any realistic label or count.
  const values = Array.from(data as ArrayLike<number | bigint>, (v) => Number(v));
  return { name, dims, finite: values.every(Number.isFinite), preview: values.slice(0, PREVIEW_VALUES) };
}

function invalid(reason: string, signature: OnnxSignature | null): Verdict {
  return { status: 'invalid', reason, signature, sampleOutput: null, decisionRule: null, decisionCheck: null, warnings: [], derived: null };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isValidationRequest(value: unknown): value is { request: ValidationRequest } {
  return typeof value === 'object' && value !== null && 'request' in value;
}

if (parentPort && isValidationRequest(workerData)) {
  const port = parentPort;
  // A rejection here is a bug in this code, not a verdict on the model: left unhandled, it
  // surfaces as the Worker's 'error' event and validateOnnxArtifact rejects.
  void validateInThisThread(workerData.request).then((report) => {
    const derived = report.kind === 'result' ? report.result.derived : null;
    port.postMessage(report, derived ? [derived.bytes.buffer as ArrayBuffer] : []);
  });
}
