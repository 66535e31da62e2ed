import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';

// A cheap structural check of an upload: walks the top-level protobuf fields of an ONNX
// ModelProto as the bytes go by, skipping field bodies (the graph may be gigabytes) instead
// of buffering them. It catches wrong files (zip, pickle, text, truncated uploads) before
// anything parses or runs them; it does not prove the graph inside is valid.

export type SniffResult = { ok: true } | { ok: false; reason: string };

const VARINT = 0;
const FIXED64 = 1;
const LENGTH_DELIMITED = 2;
const FIXED32 = 5;

/** ModelProto fields (onnx.proto, IR 11) and the wire type each must use. */
const MODEL_FIELDS = new Map<number, { name: string; wireType: number }>([
  [1, { name: 'ir_version', wireType: VARINT }],
  [2, { name: 'producer_name', wireType: LENGTH_DELIMITED }],
  [3, { name: 'producer_version', wireType: LENGTH_DELIMITED }],
  [4, { name: 'domain', wireType: LENGTH_DELIMITED }],
  [5, { name: 'model_version', wireType: VARINT }],
  [6, { name: 'doc_string', wireType: LENGTH_DELIMITED }],
  [7, { name: 'graph', wireType: LENGTH_DELIMITED }],
  [8, { name: 'opset_import', wireType: LENGTH_DELIMITED }],
  [14, { name: 'metadata_props', wireType: LENGTH_DELIMITED }],
  [20, { name: 'training_info', wireType: LENGTH_DELIMITED }],
  [25, { name: 'functions', wireType: LENGTH_DELIMITED }],
  [26, { name: 'configuration', wireType: LENGTH_DELIMITED }],
]);

const WIRE_TYPE_NAMES = ['varint', 'fixed64', 'length-delimited', 'group start', 'group end', 'fixed32'];

/** Formats people upload by mistake, named so the reason says what the file probably is. */
const KNOWN_PREFIXES: { bytes: number[]; what: string }[] = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a ZIP archive (e.g. a PyTorch .pt, a Keras .keras or a .zip file)' },
  { bytes: [0x1f, 0x8b], what: 'a gzip file' },
  { bytes: [0x89, 0x48, 0x44, 0x46], what: 'an HDF5 file (e.g. a Keras .h5 model)' },
  { bytes: [0x80], what: 'a Python pickle (e.g. a scikit-learn .pkl or joblib file)' },
  { bytes: [0x7b], what: 'a JSON document' },
];

// Far above any real ONNX IR version (11 in 2025) but low enough to reject noise.
const MAX_PLAUSIBLE_IR_VERSION = 1000;

type Phase =
  | { kind: 'tag' }
  | { kind: 'varint-value'; field: number }
  | { kind: 'length'; field: number }
  | { kind: 'skip'; field: number; remaining: number };

/**
 * Incremental sniffer: push() chunks as they arrive (e.g. while an upload is hashed), then
 * finish(). push() returns a failure as soon as one is certain, so the caller can stop reading.
 */
export class OnnxSniffer {
  private phase: Phase = { kind: 'tag' };
  private offset = 0;
  private fieldStart = 0;
  private varint = 0;
  private varintShift = 0;
  private varintBytes = 0;
  private firstBytes: number[] = [];
  private failure: string | null = null;
  private irVersion: number | null = null;
  private graphBytes: number | null = null;
  private opsetImports = 0;

  /** totalBytes, when known, lets a length that runs past the end fail without reading on. */
  constructor(private readonly totalBytes?: number) {}

  push(chunk: Uint8Array): SniffResult {
    for (let j = 0; this.firstBytes.length < 4 && j < chunk.length; j++) this.firstBytes.push(chunk[j]!);
    for (let i = 0; i < chunk.length && this.failure === null; ) {
      if (this.phase.kind === 'skip') {
        const take = Math.min(this.phase.remaining, chunk.length - i);
        this.phase.remaining -= take;
        this.offset += take;
        i += take;
        if (this.phase.remaining === 0) this.phase = { kind: 'tag' };
        continue;
      }
      this.readVarintByte(chunk[i]!);
      this.offset += 1;
      i += 1;
    }
    return this.failure === null ? { ok: true } : { ok: false, reason: this.failure };
  }

  finish(): SniffResult {
    if (this.failure !== null) return { ok: false, reason: this.failure };
    if (this.offset === 0) return { ok: false, reason: 'not an ONNX model: the file is empty' };
    if (this.phase.kind !== 'tag' || this.varintBytes > 0) {
      const field = this.phase.kind === 'tag' ? 'a field tag' : `field ${this.fieldName(this.phase.field)}`;
      return { ok: false, reason: `not a complete ONNX model: the file ends inside ${field} after ${this.offset} bytes (truncated upload?)` };
    }
    if (this.irVersion === null) return { ok: false, reason: 'not an ONNX model: ir_version is missing' };
    if (this.graphBytes === null) return { ok: false, reason: 'not an ONNX model: the model has no graph' };
    if (this.graphBytes === 0) return { ok: false, reason: 'not a usable ONNX model: the graph is empty' };
    if (this.opsetImports === 0) return { ok: false, reason: 'not an ONNX model: the model imports no operator set (opset_import)' };
    return { ok: true };
  }

  private readVarintByte(byte: number): void {
    if (this.varintBytes === 0) this.fieldStart = this.offset;
    // Multiplication instead of << keeps values above 2^31 exact up to 2^53.
    this.varint += (byte & 0x7f) * 2 ** this.varintShift;
    this.varintShift += 7;
    this.varintBytes += 1;
    if (byte & 0x80) {
      if (this.varintBytes >= 10) this.fail(`a varint at byte ${this.fieldStart} is longer than 10 bytes`);
      return;
    }
    const value = this.varint;
    this.varint = 0;
    this.varintShift = 0;
    this.varintBytes = 0;
    this.onVarint(value);
  }

  private onVarint(value: number): void {
    const phase = this.phase;
    if (phase.kind === 'tag') return this.onTag(value);
    if (phase.kind === 'varint-value') {
      if (phase.field === 1) {
        if (value < 1 || value > MAX_PLAUSIBLE_IR_VERSION) return this.fail(`ir_version ${value} is not a plausible ONNX IR version`);
        this.irVersion = value;
      }
      this.phase = { kind: 'tag' };
      return;
    }
    if (phase.kind === 'length') {
      const left = this.totalBytes === undefined ? Infinity : this.totalBytes - (this.offset + 1);
      if (value > left) {
        return this.fail(`field ${this.fieldName(phase.field)} claims ${value} bytes but only ${left} remain (truncated or not ONNX)`, true);
      }
      if (phase.field === 7) this.graphBytes = (this.graphBytes ?? 0) + value;
      if (phase.field === 8) this.opsetImports += 1;
      this.phase = value === 0 ? { kind: 'tag' } : { kind: 'skip', field: phase.field, remaining: value };
    }
  }

  private onTag(tag: number): void {
    const field = Math.floor(tag / 8);
    const wireType = tag % 8;
    const at = `byte ${this.fieldStart}`;
    if (wireType > 5 || wireType === 3 || wireType === 4) {
      return this.fail(`${at} has an invalid protobuf wire type ${wireType}`, true);
    }
    const known = MODEL_FIELDS.get(field);
    if (!known) return this.fail(`${at} starts field ${field} (${WIRE_TYPE_NAMES[wireType]}), which an ONNX ModelProto does not have`, true);
    if (known.wireType !== wireType) {
      return this.fail(`${at}: field ${known.name} is encoded as ${WIRE_TYPE_NAMES[wireType]} instead of ${WIRE_TYPE_NAMES[known.wireType]}`, true);
    }
    if (wireType === VARINT) this.phase = { kind: 'varint-value', field };
    else if (wireType === LENGTH_DELIMITED) this.phase = { kind: 'length', field };
    else this.phase = { kind: 'skip', field, remaining: wireType === FIXED64 ? 8 : wireType === FIXED32 ? 4 : 0 };
  }

  private fieldName(field: number): string {
    return MODEL_FIELDS.get(field)?.name ?? String(field);
  }

  private fail(detail: string, suggestFormat = false): void {
    const guess = suggestFormat ? this.guessFormat() : null;
    this.failure = `not an ONNX model: ${detail}${guess ? `; the file looks like ${guess}` : ''}`;
  }

  private guessFormat(): string | null {
    const head = this.firstBytes;
    const match = KNOWN_PREFIXES.find((p) => p.bytes.every((b, i) => head[i] === b));
    if (match) return match.what;
    const printable = head.length > 0 && head.every((b) => b === 0x09 || b === 0x0a || b === 0x0d || (b >= 0x20 && b < 0x7f));
    return printable ? 'text' : null;
  }
}

/** Streams the file through an OnnxSniffer, stopping at the first certain failure. */
export async function sniffOnnxFile(path: string): Promise<SniffResult> {
  // stat() first: a missing or unreadable file is an I/O error for the caller, not a verdict.
  const { size } = await stat(path);
  const sniffer = new OnnxSniffer(size);
  const stream = createReadStream(path, { highWaterMark: 64 * 1024 });
  try {
    for await (const chunk of stream) {
      const result = sniffer.push(chunk as Buffer);
      if (!result.ok) return result;
    }
  } finally {
    stream.destroy();
  }
  return sniffer.finish();
}
