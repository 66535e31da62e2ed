// PostgreSQL's COPY BINARY format, written straight into one growing buffer: the cheapest
// input PostgreSQL parses (no float or timestamp text to convert, real[] without array_in),
// and no intermediate strings on the Node side. Layout: a 19-byte header, per tuple an
// int16 field count then per field an int32 byte length (−1 = NULL) and the value in the
// type's send/recv representation, and an int16 −1 trailer.

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const HEADER_BYTES = 19;
const TRAILER_BYTES = 2;
const PG_EPOCH_MS = Date.UTC(2000, 0, 1);
const TWO_32 = 2 ** 32;
const FLOAT4_OID = 700;

/** The 16 bytes of a UUID in its canonical text form (8-4-4-4-12 hex digits). */
export function uuidBytes(text: string): Buffer {
  const hex = text.replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/i.test(hex)) throw new Error(`not a UUID: ${text}`);
  return Buffer.from(hex, 'hex');
}

/** Whole COPY BINARY streams (from finish()) joined into one stream of all their tuples, in order. */
export function joinCopyStreams(streams: readonly Buffer[]): Buffer {
  if (streams.length === 1) return streams[0]!;
  let bytes = HEADER_BYTES + TRAILER_BYTES;
  for (const s of streams) bytes += s.length - HEADER_BYTES - TRAILER_BYTES;
  const joined = Buffer.allocUnsafe(bytes);
  streams[0]!.copy(joined, 0, 0, HEADER_BYTES);
  let at = HEADER_BYTES;
  for (const s of streams) at += s.copy(joined, at, HEADER_BYTES, s.length - TRAILER_BYTES);
  joined.writeInt16BE(-1, at);
  return joined;
}

export class CopyBinaryWriter {
  private buffer: Buffer;
  // Big-endian integers and floats through a DataView: inlined by V8, unlike Buffer#write*.
  private view: DataView;
  private at = 0;

  constructor(expectedBytes = 64 * 1024) {
    this.buffer = Buffer.allocUnsafe(Math.max(expectedBytes, 1024));
    this.view = new DataView(this.buffer.buffer, this.buffer.byteOffset, this.buffer.byteLength);
    SIGNATURE.copy(this.buffer, 0);
    this.view.setInt32(11, 0); // flags: no OIDs
    this.view.setInt32(15, 0); // no header extension
    this.at = HEADER_BYTES;
  }

  /** Room for `bytes` more (doubling, so a batch costs a handful of copies at most). */
  private room(bytes: number): void {
    if (this.at + bytes <= this.buffer.length) return;
    const larger = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.at + bytes));
    this.buffer.copy(larger, 0, 0, this.at);
    this.buffer = larger;
    this.view = new DataView(larger.buffer, larger.byteOffset, larger.byteLength);
  }

  beginTuple(fields: number): void {
    this.room(2);
    this.view.setInt16(this.at, fields);
    this.at += 2;
  }

  null(): void {
    this.room(4);
    this.view.setInt32(this.at, -1);
    this.at += 4;
  }

  /** A value already in its binary form (e.g. a UUID's 16 bytes). */
  bytes(value: Buffer): void {
    this.room(4 + value.length);
    this.view.setInt32(this.at, value.length);
    this.copyBytes(value, 0, value.length, this.at + 4);
    this.at += 4 + value.length;
  }

  /** text from a string already encoded as UTF-8 (bytes `start`…`end` of `source`). */
  textBytes(source: Uint8Array, start: number, end: number): void {
    const length = end - start;
    this.room(4 + length);
    this.view.setInt32(this.at, length);
    this.copyBytes(source, start, end, this.at + 4);
    this.at += 4 + length;
  }

  /** text / varchar: UTF-8 bytes. */
  text(value: string): void {
    this.room(4 + 3 * value.length);
    const length = this.utf8(value, this.at + 4);
    this.view.setInt32(this.at, length);
    this.at += 4 + length;
  }

  /** jsonb: version byte 1, then the JSON text. */
  jsonb(json: string): void {
    this.room(5 + 3 * json.length);
    this.buffer[this.at + 4] = 1;
    const length = this.utf8(json, this.at + 5);
    this.view.setInt32(this.at, length + 1);
    this.at += 5 + length;
  }

  /** jsonb from JSON text already encoded as UTF-8 (bytes `start`…`end` of `source`). */
  jsonbBytes(source: Uint8Array, start: number, end: number): void {
    const length = end - start;
    this.room(5 + length);
    this.view.setInt32(this.at, length + 1);
    this.buffer[this.at + 4] = 1;
    this.copyBytes(source, start, end, this.at + 5);
    this.at += 5 + length;
  }

  /** Copies `source[start…end)` to `offset` (room already made). */
  private copyBytes(source: Uint8Array, start: number, end: number, offset: number): void {
    const buffer = this.buffer;
    // A byte loop for the short values rows are made of: Buffer#copy is a native call with
    // argument checks, and subarray() would build a Buffer each time.
    if (end - start <= 64) for (let k = start; k < end; k++) buffer[offset++] = source[k]!;
    else buffer.set(source.subarray(start, end), offset);
  }

  /** timestamptz: int64 microseconds since 2000-01-01 UTC (exact: every millisecond instant fits 2^53). */
  timestamp(epochMs: number): void {
    this.room(12);
    const micros = (epochMs - PG_EPOCH_MS) * 1000;
    const high = Math.floor(micros / TWO_32);
    this.view.setInt32(this.at, 8);
    this.view.setInt32(this.at + 4, high);
    this.view.setUint32(this.at + 8, micros - high * TWO_32);
    this.at += 12;
  }

  /** real: IEEE-754 single precision (the caller checked the value fits). */
  float4(value: number): void {
    this.room(8);
    this.view.setInt32(this.at, 4);
    this.view.setFloat32(this.at + 4, value);
    this.at += 8;
  }

  /**
   * Starts a one-dimensional real[] of `length` elements; follow with exactly `length`
   * calls of float4 or null, then endFloat4Array with the returned position.
   */
  beginFloat4Array(length: number): number {
    this.room(24);
    const start = this.at;
    this.view.setInt32(start + 4, 1); // dimensions
    this.view.setInt32(start + 8, 0); // has-nulls flag: PostgreSQL finds NULLs by their −1 length
    this.view.setInt32(start + 12, FLOAT4_OID);
    this.view.setInt32(start + 16, length);
    this.view.setInt32(start + 20, 1); // lower bound
    this.at += 24;
    return start;
  }

  endFloat4Array(start: number): void {
    this.view.setInt32(start, this.at - start - 4);
  }

  /** The whole COPY stream (with its trailer); the writer must not be used afterwards. */
  finish(): Buffer {
    this.room(2);
    this.view.setInt16(this.at, -1);
    this.at += 2;
    return this.buffer.subarray(0, this.at);
  }

  /** Writes `value` as UTF-8 at `offset` (room already made); short ASCII without a native call. */
  private utf8(value: string, offset: number): number {
    const n = value.length;
    if (n <= 64) {
      const buffer = this.buffer;
      let i = 0;
      for (; i < n; i++) {
        const c = value.charCodeAt(i);
        if (c >= 0x80) break;
        buffer[offset + i] = c;
      }
      if (i === n) return n;
    }
    return this.buffer.write(value, offset, 'utf8');
  }
}
