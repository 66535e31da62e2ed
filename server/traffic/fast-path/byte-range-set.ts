// The distinct byte strings of one buffer, kept as offsets into it: the ingestion scanner
// checks a batch's request ids for duplicates with it instead of a Set of strings, which
// cost a string, its hash and a hash-table entry per event. Open addressing, FNV-1a.

const EMPTY = 0;

export class ByteRangeSet {
  /** start + 1 of each entry's bytes (EMPTY = free slot), and its end. */
  private starts: Int32Array;
  private ends: Int32Array;
  private hashes: Int32Array;
  private size = 0;

  constructor(
    private readonly source: Uint8Array,
    expected = 512,
  ) {
    let capacity = 1024;
    while (capacity < expected * 2) capacity *= 2;
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
    this.hashes = new Int32Array(capacity);
  }

  /** Adds the bytes `start`…`end` of the source; false when equal bytes were added before. */
  add(start: number, end: number): boolean {
    const b = this.source;
    let hash = 0x811c9dc5 | 0;
    for (let k = start; k < end; k++) hash = Math.imul(hash ^ b[k]!, 0x01000193);
    const mask = this.starts.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const at = this.starts[slot]!;
      if (at === EMPTY) break;
      if (this.hashes[slot] === hash && this.equal(at - 1, this.ends[slot]!, start, end)) return false;
    }
    this.insert(hash, start, end);
    if (++this.size * 2 > this.starts.length) this.grow();
    return true;
  }

  private equal(a: number, aEnd: number, start: number, end: number): boolean {
    if (aEnd - a !== end - start) return false;
    const b = this.source;
    for (let k = 0; a + k < aEnd; k++) if (b[a + k] !== b[start + k]) return false;
    return true;
  }

  private insert(hash: number, start: number, end: number): void {
    const mask = this.starts.length - 1;
    let slot = hash & mask;
    while (this.starts[slot] !== EMPTY) slot = (slot + 1) & mask;
    this.starts[slot] = start + 1;
    this.ends[slot] = end;
    this.hashes[slot] = hash;
  }

  private grow(): void {
    const { starts, ends, hashes } = this;
    this.starts = new Int32Array(starts.length * 2);
    this.ends = new Int32Array(starts.length * 2);
    this.hashes = new Int32Array(starts.length * 2);
    for (let slot = 0; slot < starts.length; slot++) if (starts[slot] !== EMPTY) this.insert(hashes[slot]!, starts[slot]! - 1, ends[slot]!);
  }
}
