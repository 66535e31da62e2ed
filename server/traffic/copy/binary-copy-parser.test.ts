import { describe, expect, it } from 'vitest';
import { EventCopyParser } from './binary-copy-parser';
import { copyText } from './copy-connection';
import { parseEventTime } from '../event-time';
import { validateEvents } from '../event-validation';
import { textArrayLiteral } from '../pg-array-literal';

// A binary COPY stream of the reader's ten columns, written by hand (PostgreSQL's send formats).
function field(bytes: Buffer | null): Buffer {
  if (bytes === null) return Buffer.from([0xff, 0xff, 0xff, 0xff]);
  const length = Buffer.alloc(4);
  length.writeInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}
const text = (s: string) => Buffer.from(s, 'utf8');
const float4 = (x: number) => {
  const b = Buffer.alloc(4);
  b.writeFloatBE(x);
  return b;
};
function realArray(values: (number | null)[]): Buffer {
  const head = Buffer.alloc(20);
  head.writeInt32BE(1, 0);
  head.writeInt32BE(values.includes(null) ? 1 : 0, 4);
  head.writeInt32BE(700, 8);
  head.writeInt32BE(values.length, 12);
  head.writeInt32BE(1, 16);
  return Buffer.concat([head, ...values.map((v) => field(v === null ? null : float4(v)))]);
}
function timestamp(ms: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigInt64BE(BigInt(ms - 946_684_800_000) * 1000n);
  return b;
}
const UUID = '0f8e2c1a-9b7d-4e3f-8a6b-5c4d3e2f1a0b';
function tuple(id: string, ms: number, features: (number | null)[], label: string | null, attributes: object | null, probabilities: number[] | null = null): Buffer {
  const count = Buffer.alloc(2);
  count.writeInt16BE(10);
  return Buffer.concat([
    count,
    field(text(id)),
    field(timestamp(ms)),
    field(Buffer.from(UUID.replace(/-/g, ''), 'hex')),
    field(realArray(features)),
    field(float4(0.25)),
    field(text('repaid')),
    field(label === null ? null : text(label)),
    field(null),
    field(attributes === null ? null : Buffer.concat([Buffer.from([1]), text(JSON.stringify(attributes))])),
    field(probabilities === null ? null : realArray(probabilities)),
  ]);
}
const stream = Buffer.concat([
  Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'),
  Buffer.alloc(8),
  tuple('é-1', Date.UTC(2025, 0, 2, 3, 4, 5, 678), [1.5, null, 3], 'defaulted', { gender: 'female' }),
  tuple('r-2', Date.UTC(2025, 0, 2, 3, 4, 6), [4, 5], null, null),
  tuple('r-3', Date.UTC(2025, 0, 2, 3, 4, 7), [], 'repaid', { gender: 'female' }, [0.125, 0.375, 0.5]),
  Buffer.from([0xff, 0xff]),
]);

describe('EventCopyParser', () => {
  const expectRows = (parser: EventCopyParser) => {
    const batch = parser.batch();
    expect(batch.count).toBe(3);
    expect(batch.requestIds).toEqual(['é-1', 'r-2', 'r-3']);
    expect([...batch.occurredAt]).toEqual([Date.UTC(2025, 0, 2, 3, 4, 5, 678), Date.UTC(2025, 0, 2, 3, 4, 6), Date.UTC(2025, 0, 2, 3, 4, 7)]);
    expect(batch.versionIds).toEqual([UUID, UUID, UUID]);
    // Width 3: a short row and an empty array are padded with NaN (missing).
    expect([...batch.features]).toEqual([1.5, Number.NaN, 3, 4, 5, Number.NaN, Number.NaN, Number.NaN, Number.NaN]);
    expect([...batch.scores]).toEqual([0.25, 0.25, 0.25]);
    expect(batch.predictedLabels).toEqual(['repaid', 'repaid', 'repaid']);
    expect(batch.labels).toEqual(['defaulted', null, 'repaid']);
    expect([...batch.latencyMs]).toEqual([Number.NaN, Number.NaN, Number.NaN]);
    expect(batch.attributes).toEqual([{ gender: 'female' }, null, { gender: 'female' }]);
    expect(batch.probabilities.map((p) => p && [...p])).toEqual([null, null, [0.125, 0.375, 0.5]]);
  };

  it('decodes the stream in one piece', () => {
    const parser = new EventCopyParser(3, 1);
    parser.push(stream);
    expectRows(parser);
  });

  it('decodes the same stream cut at every byte', () => {
    const parser = new EventCopyParser(3, 1);
    for (let i = 0; i < stream.length; i++) parser.push(stream.subarray(i, i + 1));
    expectRows(parser);
  });

  it('refuses a truncated stream', () => {
    const parser = new EventCopyParser(3);
    parser.push(stream.subarray(0, stream.length - 5));
    expect(() => parser.batch()).toThrow(/ended before/);
  });
});

describe('parseEventTime', () => {
  it('reads ISO-8601 with an offset, to the millisecond', () => {
    expect(parseEventTime('2025-01-31T12:00:00.123Z')).toBe(Date.UTC(2025, 0, 31, 12, 0, 0, 123));
    expect(parseEventTime('2025-01-31T14:00:00.1239+02:00')).toBe(Date.UTC(2025, 0, 31, 12, 0, 0, 123));
    expect(parseEventTime('2025-01-31T07:30:00-04:30')).toBe(Date.UTC(2025, 0, 31, 12, 0, 0));
    expect(parseEventTime('2024-02-29T00:00:00Z')).toBe(Date.UTC(2024, 1, 29));
    // 24 characters ending in Z but not the canonical form: read by the general form.
    expect(parseEventTime('2025-01-31 12:00:00.123Z')).toBe(Date.UTC(2025, 0, 31, 12, 0, 0, 123));
    expect(parseEventTime('2025-01-31T12:00:00.12Z')).toBe(Date.UTC(2025, 0, 31, 12, 0, 0, 120));
  });

  it('refuses dates without offset, impossible dates and other shapes', () => {
    for (const bad of ['2025-01-31T12:00:00', '2025-02-29T00:00:00Z', '2025-02-30T00:00:00.000Z', '2025-13-01T00:00:00Z', '2025-01-01T24:00:00Z', '2025-01-01', '1735689600000', 'NaN', '2025-01-01T10:00Z'])
      expect(parseEventTime(bad), bad).toBeNaN();
  });
});

describe('escaping for PostgreSQL', () => {
  it('keeps quotes, backslashes, NULL-looking text and control characters as data', () => {
    expect(textArrayLiteral(['a"b', 'c\\d', 'NULL', null, 'x,y'])).toBe('{"a\\"b","c\\\\d","NULL",NULL,"x,y"}');
    expect(copyText('tab\there\nnew\\line\r')).toBe('tab\\there\\nnew\\\\line\\r');
    expect(copyText('plain')).toBe('plain');
  });

  it('serializes attributes as the JSON the client sent', () => {
    const attributes = { gender: 'fe"male', age: 41, vip: true, region: null, note: 'line\nbreak', emoji: '😀' };
    const result = validateEvents(
      [{ requestId: 'r', time: '2025-01-01T00:00:00.000Z', version: 1, features: { x: 1 }, prediction: { score: 0.5 }, attributes }],
      { features: [{ name: 'x', type: 'numeric' }], taskType: 'binary_classification', versions: new Map([[1, 'v']]), earliest: 0, latest: Number.POSITIVE_INFINITY },
    );
    expect(result.ok && JSON.parse(result.events.attributes[0]!)).toEqual(attributes);
  });
});
