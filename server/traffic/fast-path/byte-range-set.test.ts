import { describe, expect, it } from 'vitest';
import { ByteRangeSet } from './byte-range-set';

/** The strings joined into one buffer, with each one's byte range. */
function packed(strings: string[]): { source: Buffer; ranges: [number, number][] } {
  const ranges: [number, number][] = [];
  let at = 0;
  for (const s of strings) {
    const n = Buffer.byteLength(s);
    ranges.push([at, at + n]);
    at += n;
  }
  return { source: Buffer.from(strings.join('')), ranges };
}

describe('ByteRangeSet', () => {
  it('tells a repeated byte string from a new one, as a Set of the strings does, through growth', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    // 20,000 ids from a pool of 12,000: many repeats, prefixes of each other, empty and non-ASCII ones.
    const pool = Array.from({ length: 12_000 }, (_, k) => (k % 97 === 0 ? '' : `${k % 5 === 0 ? 'ü' : 'req-'}${Math.floor(k / 3)}${'x'.repeat(k % 3)}`));
    const strings = Array.from({ length: 20_000 }, () => pool[Math.floor(random() * pool.length)]!);
    const { source, ranges } = packed(strings);
    const set = new ByteRangeSet(source, 10);
    const reference = new Set<string>();
    const added = ranges.map(([start, end]) => set.add(start, end));
    const expected = strings.map((s) => (reference.has(s) ? false : (reference.add(s), true)));
    expect(added).toEqual(expected);
    expect(added.filter(Boolean).length).toBe(reference.size);
  });

  it('compares bytes, not just hashes or lengths', () => {
    const { source, ranges } = packed(['ab', 'ba', 'abc', 'ab', 'a', 'b']);
    const set = new ByteRangeSet(source);
    expect(ranges.map(([s, e]) => set.add(s, e))).toEqual([true, true, true, false, true, true]);
  });
});
