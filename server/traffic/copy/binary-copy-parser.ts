import type { EventBatch } from '../event-batch';

// Decodes the binary COPY stream of the event reader's query straight into EventBatch
// columns. Pure (no I/O): fed Buffers in whatever pieces the socket delivers.
//
// Binary COPY: an 11-byte signature, int32 flags, int32 extension length (+ extension),
// then per tuple an int16 field count (−1 ends the data) and per field an int32 length
// (−1 = NULL) and the value in its binary send format. The reader selects, in order:
// request_id text, occurred_at timestamptz, version_id uuid, features real[], score real,
// predicted_label text, label text, latency_ms real, attributes jsonb, probabilities real[].

export const EVENT_COPY_COLUMNS = 10;
const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
/** 2000-01-01T00:00:00Z, PostgreSQL's timestamp epoch, in Unix milliseconds. */
const PG_EPOCH_MS = 946_684_800_000;
const TWO_32 = 4_294_967_296;
const EMPTY = Buffer.alloc(0);

type Attributes = EventBatch['attributes'][number];

export class EventCopyParser {
  count = 0;
  readonly requestIds: string[] = [];
  readonly versionIds: string[] = [];
  readonly predictedLabels: (string | null)[] = [];
  readonly labels: (string | null)[] = [];
  readonly attributes: Attributes[] = [];
  readonly probabilities: (Float32Array | null)[] = [];
  occurredAt: Float64Array;
  features: Float32Array;
  scores: Float32Array;
  latencyMs: Float32Array;

  private pending: Buffer = EMPTY;
  private headerRead = false;
  private finished = false;
  // Versions, labels and attribute objects repeat (a few versions, classes and
  // protected-attribute combinations): each distinct value is decoded once.
  private versions = new ValueInterner((b, s) => uuidText(b, s));
  private predicted = new ValueInterner((b, s, e) => b.toString('utf8', s, e));
  private truths = new ValueInterner((b, s, e) => b.toString('utf8', s, e));
  // jsonb's binary form is a version byte (1) followed by the JSON text; shared objects are frozen.
  private attributeValues = new ValueInterner((b, s, e) => Object.freeze(JSON.parse(b.toString('utf8', s + 1, e)) as Attributes));

  constructor(
    readonly width: number,
    private capacity = 1024,
  ) {
    this.occurredAt = new Float64Array(capacity);
    this.features = new Float32Array(capacity * width);
    this.scores = new Float32Array(capacity);
    this.latencyMs = new Float32Array(capacity);
  }

  /**
   * Consumes a piece of the stream (PostgreSQL sends one CopyData message per row, so this
   * is usually exactly one tuple); keeps an incomplete tail for the next piece.
   */
  push(chunk: Buffer): void {
    const buffer = this.pending === EMPTY ? chunk : Buffer.concat([this.pending, chunk]);
    let position = this.headerRead ? 0 : this.readHeader(buffer);
    if (position < 0) {
      this.pending = Buffer.from(buffer);
      return;
    }
    while (!this.finished && position < buffer.length) {
      const end = this.tupleEnd(buffer, position);
      if (end < 0) break;
      if (buffer.readInt16BE(position) === -1) this.finished = true;
      else this.decodeTuple(buffer, position + 2);
      position = end;
    }
    this.pending = position < buffer.length ? Buffer.from(buffer.subarray(position)) : EMPTY;
  }

  /** Position after the header, or −1 when it is not complete yet. */
  private readHeader(buffer: Buffer): number {
    if (buffer.length < 19) return -1;
    if (!buffer.subarray(0, 11).equals(SIGNATURE)) throw new Error('Not a binary COPY stream');
    const end = 19 + int32(buffer, 15);
    if (buffer.length < end) return -1;
    this.headerRead = true;
    return end;
  }

  /** Position after the tuple starting at `start`, or −1 when it is not complete yet. */
  private tupleEnd(buffer: Buffer, start: number): number {
    if (start + 2 > buffer.length) return -1;
    const fields = buffer.readInt16BE(start);
    if (fields === -1) return start + 2;
    if (fields !== EVENT_COPY_COLUMNS) throw new Error(`Unexpected COPY tuple of ${fields} fields`);
    let position = start + 2;
    for (let f = 0; f < fields; f++) {
      if (position + 4 > buffer.length) return -1;
      const length = int32(buffer, position);
      position += 4 + (length > 0 ? length : 0);
    }
    return position <= buffer.length ? position : -1;
  }

  private ensureCapacity(): void {
    if (this.count < this.capacity) return;
    const capacity = this.capacity * 2;
    const grow = <T extends Float32Array | Float64Array>(from: T, to: T): T => {
      to.set(from);
      return to;
    };
    this.occurredAt = grow(this.occurredAt, new Float64Array(capacity));
    this.features = grow(this.features, new Float32Array(capacity * this.width));
    this.scores = grow(this.scores, new Float32Array(capacity));
    this.latencyMs = grow(this.latencyMs, new Float32Array(capacity));
    this.capacity = capacity;
  }

  private decodeTuple(b: Buffer, start: number): void {
    this.ensureCapacity();
    const row = this.count;
    let p = start;
    let n: number;

    n = int32(b, p);
    p += 4;
    this.requestIds.push(b.toString('utf8', p, p + n));
    p += n;

    n = int32(b, p);
    p += 4;
    const micros = int32(b, p) * TWO_32 + (int32(b, p + 4) >>> 0);
    this.occurredAt[row] = PG_EPOCH_MS + micros / 1000;
    p += n;

    n = int32(b, p);
    p += 4;
    this.versionIds.push(this.versions.get(b, p, p + n));
    p += n;

    n = int32(b, p);
    p += 4;
    p = this.decodeFeatures(b, p, row * this.width);

    n = int32(b, p);
    p += 4;
    this.scores[row] = n < 0 ? Number.NaN : float32(b, p);
    if (n > 0) p += n;

    n = int32(b, p);
    p += 4;
    this.predictedLabels.push(n < 0 ? null : this.predicted.get(b, p, p + n));
    if (n > 0) p += n;

    n = int32(b, p);
    p += 4;
    this.labels.push(n < 0 ? null : this.truths.get(b, p, p + n));
    if (n > 0) p += n;

    n = int32(b, p);
    p += 4;
    this.latencyMs[row] = n < 0 ? Number.NaN : float32(b, p);
    if (n > 0) p += n;

    n = int32(b, p);
    p += 4;
    this.attributes.push(n < 0 ? null : this.attributeValues.get(b, p, p + n));
    if (n > 0) p += n;

    n = int32(b, p);
    p += 4;
    this.probabilities.push(n < 0 ? null : realArray(b, p));

    this.count = row + 1;
  }

  /** real[] in binary: ndim, has-null, element oid, (size, lower bound) per dim, then (length, float4) per element. */
  private decodeFeatures(b: Buffer, p: number, offset: number): number {
    const width = this.width;
    const out = this.features;
    const ndim = int32(b, p);
    if (ndim === 0) {
      out.fill(Number.NaN, offset, offset + width);
      return p + 12;
    }
    const length = int32(b, p + 12);
    p += 12 + 8 * ndim;
    for (let i = 0; i < length; i++) {
      const size = int32(b, p);
      p += 4;
      if (i < width) out[offset + i] = size < 0 ? Number.NaN : float32(b, p);
      if (size > 0) p += size;
    }
    if (length < width) out.fill(Number.NaN, offset + length, offset + width);
    return p;
  }

  /** The decoded rows as an EventBatch; throws if the stream ended early. */
  batch(): EventBatch {
    if (!this.finished) throw new Error('The COPY stream ended before its trailer');
    const count = this.count;
    return {
      count,
      width: this.width,
      requestIds: this.requestIds,
      occurredAt: this.occurredAt.slice(0, count),
      versionIds: this.versionIds,
      features: this.features.slice(0, count * this.width),
      scores: this.scores.slice(0, count),
      predictedLabels: this.predictedLabels,
      labels: this.labels,
      latencyMs: this.latencyMs.slice(0, count),
      attributes: this.attributes,
      probabilities: this.probabilities,
    };
  }
}

const scratch = new Uint8Array(4);
const scratchFloat = new Float32Array(scratch.buffer);
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Big-endian int32 without Buffer's bounds-checked call (the tuple length was checked). */
function int32(b: Buffer, p: number): number {
  return (b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!;
}

function float32(b: Buffer, p: number): number {
  if (littleEndian) {
    scratch[0] = b[p + 3]!;
    scratch[1] = b[p + 2]!;
    scratch[2] = b[p + 1]!;
    scratch[3] = b[p]!;
  } else {
    scratch[0] = b[p]!;
    scratch[1] = b[p + 1]!;
    scratch[2] = b[p + 2]!;
    scratch[3] = b[p + 3]!;
  }
  return scratchFloat[0]!;
}

/** A one-dimensional real[] in binary (see decodeFeatures); a NULL element reads as NaN. */
function realArray(b: Buffer, p: number): Float32Array {
  const ndim = int32(b, p);
  if (ndim === 0) return new Float32Array(0);
  const length = int32(b, p + 12);
  p += 12 + 8 * ndim;
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    const size = int32(b, p);
    p += 4;
    out[i] = size < 0 ? Number.NaN : float32(b, p);
    if (size > 0) p += size;
  }
  return out;
}

function sameBytes(a: Buffer, b: Buffer, start: number, end: number): boolean {
  if (a.length !== end - start) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[start + i]) return false;
  return true;
}

function uuidText(b: Buffer, start: number): string {
  const hex = b.toString('hex', start, start + 16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Decodes each distinct short byte value once: a hash of the bytes finds earlier decodings,
 * confirmed by comparing the bytes. Long or too many distinct values are decoded every time.
 */
class ValueInterner<T> {
  private readonly entries = new Map<number, { bytes: Buffer; value: T }[]>();
  private size = 0;
  private last: { bytes: Buffer; value: T } | null = null;

  constructor(private readonly decode: (b: Buffer, start: number, end: number) => T) {}

  get(b: Buffer, start: number, end: number): T {
    if (end - start > 256) return this.decode(b, start, end);
    // Consecutive rows often share the value (same version, same class).
    if (this.last && sameBytes(this.last.bytes, b, start, end)) return this.last.value;
    let hash = 0x811c9dc5;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ b[i]!, 0x01000193);
    const bucket = this.entries.get(hash);
    if (bucket) {
      for (const entry of bucket) {
        if (sameBytes(entry.bytes, b, start, end)) {
          this.last = entry;
          return entry.value;
        }
      }
    }
    const value = this.decode(b, start, end);
    if (this.size < 4096) {
      const entry = { bytes: Buffer.from(b.subarray(start, end)), value };
      if (bucket) bucket.push(entry);
      else this.entries.set(hash, [entry]);
      this.size += 1;
      this.last = entry;
    }
    return value;
  }
}
