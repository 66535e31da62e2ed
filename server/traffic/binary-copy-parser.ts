import type { EventBatch } from './event-batch';

// Decodes the binary COPY stream of the event reader's query straight into EventBatch
// columns. Pure (no I/O): fed Buffers in whatever pieces the socket delivers.
//
// Binary COPY: an 11-byte signature, int32 flags, int32 extension length (+ extension),
// then per tuple an int16 field count (−1 ends the data) and per field an int32 length
// (−1 = NULL) and the value in its binary send format. The reader selects, in order:
// request_id text, occurred_at timestamptz, version_id uuid, features real[], score real,
// predicted_label text, label text, latency_ms real, attributes jsonb.

export const EVENT_COPY_COLUMNS = 9;
const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
/** 2000-01-01T00:00:00Z, PostgreSQL's timestamp epoch, in Unix milliseconds. */
const PG_EPOCH_MS = 946_684_800_000;
const TWO_32 = 4_294_967_296;

type Attributes = EventBatch['attributes'][number];

export class EventCopyParser {
  count = 0;
  readonly requestIds: string[] = [];
  readonly versionIds: string[] = [];
  readonly predictedLabels: (string | null)[] = [];
  readonly labels: (string | null)[] = [];
  readonly attributes: Attributes[] = [];
  occurredAt: Float64Array;
  features: Float32Array;
  scores: Float32Array;
  latencyMs: Float32Array;

  private pending: Buffer = Buffer.alloc(0);
  private headerRead = false;
  private finished = false;
  private lastVersionBytes = Buffer.alloc(16);
  private lastVersion = '';
  // Attribute objects repeat (a few protected-attribute combinations): parse each text once.
  private attributeCache = new Map<string, Attributes>();

  constructor(
    readonly width: number,
    private capacity = 1024,
  ) {
    this.occurredAt = new Float64Array(capacity);
    this.features = new Float32Array(capacity * width);
    this.scores = new Float32Array(capacity);
    this.latencyMs = new Float32Array(capacity);
  }

  /** Consumes a piece of the stream; keeps an incomplete trailing tuple for the next piece. */
  push(chunk: Buffer): void {
    const buffer = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    let position = 0;
    if (!this.headerRead) {
      if (buffer.length < 19) {
        this.pending = buffer;
        return;
      }
      if (!buffer.subarray(0, 11).equals(SIGNATURE)) throw new Error('Not a binary COPY stream');
      const extension = buffer.readInt32BE(15);
      if (buffer.length < 19 + extension) {
        this.pending = buffer;
        return;
      }
      position = 19 + extension;
      this.headerRead = true;
    }
    while (!this.finished) {
      const end = this.tupleEnd(buffer, position);
      if (end < 0) break;
      if (buffer.readInt16BE(position) === -1) {
        this.finished = true;
        position = end;
        break;
      }
      this.decodeTuple(buffer, position + 2);
      position = end;
    }
    this.pending = position < buffer.length ? Buffer.from(buffer.subarray(position)) : Buffer.alloc(0);
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
      const length = buffer.readInt32BE(position);
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

    n = b.readInt32BE(p);
    p += 4;
    this.requestIds.push(b.toString('utf8', p, p + n));
    p += n;

    n = b.readInt32BE(p);
    p += 4;
    const micros = b.readInt32BE(p) * TWO_32 + b.readUInt32BE(p + 4);
    this.occurredAt[row] = PG_EPOCH_MS + micros / 1000;
    p += n;

    n = b.readInt32BE(p);
    p += 4;
    if (b.compare(this.lastVersionBytes, 0, 16, p, p + 16) !== 0) {
      b.copy(this.lastVersionBytes, 0, p, p + 16);
      const hex = b.toString('hex', p, p + 16);
      this.lastVersion = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    }
    this.versionIds.push(this.lastVersion);
    p += n;

    n = b.readInt32BE(p);
    p += 4;
    p = this.decodeFeatures(b, p, row * this.width);

    n = b.readInt32BE(p);
    p += 4;
    this.scores[row] = n < 0 ? Number.NaN : b.readFloatBE(p);
    if (n > 0) p += n;

    n = b.readInt32BE(p);
    p += 4;
    this.predictedLabels.push(n < 0 ? null : b.toString('utf8', p, p + n));
    if (n > 0) p += n;

    n = b.readInt32BE(p);
    p += 4;
    this.labels.push(n < 0 ? null : b.toString('utf8', p, p + n));
    if (n > 0) p += n;

    n = b.readInt32BE(p);
    p += 4;
    this.latencyMs[row] = n < 0 ? Number.NaN : b.readFloatBE(p);
    if (n > 0) p += n;

    n = b.readInt32BE(p);
    p += 4;
    // jsonb's binary form is a version byte (1) followed by the JSON text.
    this.attributes.push(n < 0 ? null : this.parseAttributes(b.toString('utf8', p + 1, p + n)));

    this.count = row + 1;
  }

  /** real[] in binary: ndim, has-null, element oid, (size, lower bound) per dim, then (length, float4) per element. */
  private decodeFeatures(b: Buffer, p: number, offset: number): number {
    const width = this.width;
    const out = this.features;
    const ndim = b.readInt32BE(p);
    if (ndim === 0) {
      out.fill(Number.NaN, offset, offset + width);
      return p + 12;
    }
    const length = b.readInt32BE(p + 12);
    p += 12 + 8 * ndim;
    for (let i = 0; i < length; i++) {
      const size = b.readInt32BE(p);
      p += 4;
      if (i < width) out[offset + i] = size < 0 ? Number.NaN : b.readFloatBE(p);
      if (size > 0) p += size;
    }
    if (length < width) out.fill(Number.NaN, offset + length, offset + width);
    return p;
  }

  private parseAttributes(text: string): Attributes {
    let value = this.attributeCache.get(text);
    if (value === undefined) {
      value = JSON.parse(text) as Attributes;
      if (this.attributeCache.size < 10_000) this.attributeCache.set(text, value);
      return value;
    }
    // A copy per row: callers may mutate what they get.
    return value === null ? null : { ...value };
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
    };
  }
}
