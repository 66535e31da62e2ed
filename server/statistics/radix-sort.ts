// Ascending LSD radix sorts of float columns, in place. A drift run sorts every numeric column
// of a million-row window once and reuses it for KS, Wasserstein, bins and unique counts, and
// the sort is most of its time: these are 2–4× faster than TypedArray.prototype.sort on a
// million values, with the same order (IEEE total order on non-NaN values; −0 before +0,
// which the statistics treat as equal anyway). NaN must be removed first.
//
// Method: map each float's bit pattern to an unsigned key that sorts like the float (flip all
// bits of negatives, set the sign bit of positives), count every digit in one pass, skip the
// passes in which all keys share a digit (floats widened from Float32 have 29 zero low bits),
// scatter, then map the keys back.

/** Below these sizes the digit histograms cost more than a comparison sort. */
const RADIX_MIN_FLOAT32 = 1024;
const RADIX_MIN_FLOAT64 = 32_768;

const F32_DIGIT_BITS = 11;
const F32_BUCKETS = 1 << F32_DIGIT_BITS;
const F32_MASK = F32_BUCKETS - 1;

/** Sorts finite-or-infinite (no NaN) float32 values ascending, in place. */
export function sortFloat32InPlace(values: Float32Array, scratch?: Float32Array): Float32Array {
  const n = values.length;
  if (n < RADIX_MIN_FLOAT32) return values.sort();
  const keys = new Uint32Array(values.buffer, values.byteOffset, n);
  const spare = scratch && scratch.length >= n ? scratch : new Float32Array(n);
  const other = new Uint32Array(spare.buffer, spare.byteOffset, n);
  const counts = new Uint32Array(F32_BUCKETS * 3);
  for (let i = 0; i < n; i++) {
    const bits = keys[i]!;
    const key = bits & 0x80000000 ? ~bits >>> 0 : (bits | 0x80000000) >>> 0;
    keys[i] = key;
    counts[key & F32_MASK]!++;
    counts[F32_BUCKETS + ((key >>> F32_DIGIT_BITS) & F32_MASK)]!++;
    counts[2 * F32_BUCKETS + (key >>> (2 * F32_DIGIT_BITS))]!++;
  }
  let src = keys;
  let dst = other;
  for (let pass = 0; pass < 3; pass++) {
    const base = pass * F32_BUCKETS;
    const shift = pass * F32_DIGIT_BITS;
    if (counts[base + ((src[0]! >>> shift) & F32_MASK)] === n) continue;
    let offset = 0;
    for (let d = 0; d < F32_BUCKETS; d++) {
      const c = counts[base + d]!;
      counts[base + d] = offset;
      offset += c;
    }
    for (let i = 0; i < n; i++) {
      const key = src[i]!;
      dst[counts[base + ((key >>> shift) & F32_MASK)]!++] = key;
    }
    const t = src;
    src = dst;
    dst = t;
  }
  for (let i = 0; i < n; i++) {
    const key = src[i]!;
    keys[i] = key & 0x80000000 ? (key & 0x7fffffff) >>> 0 : ~key >>> 0;
  }
  return values;
}

const F64_BUCKETS = 1 << 16;

/** Sorts float64 values (no NaN) ascending, in place: four 16-bit digit passes at most. */
export function sortFloat64InPlace(values: Float64Array, scratch?: Float64Array): Float64Array {
  const n = values.length;
  if (n < RADIX_MIN_FLOAT64) return values.sort();
  // Little-endian halves: words[2i] holds the low 32 bits, words[2i + 1] the sign and exponent.
  const words = new Uint32Array(values.buffer, values.byteOffset, 2 * n);
  const spare = scratch && scratch.length >= n ? scratch : new Float64Array(n);
  const other = new Uint32Array(spare.buffer, spare.byteOffset, 2 * n);
  const counts = new Uint32Array(F64_BUCKETS * 4);
  for (let i = 0; i < n; i++) {
    let lo = words[2 * i]!;
    let hi = words[2 * i + 1]!;
    if (hi & 0x80000000) {
      lo = ~lo >>> 0;
      hi = ~hi >>> 0;
    } else {
      hi = (hi | 0x80000000) >>> 0;
    }
    words[2 * i] = lo;
    words[2 * i + 1] = hi;
    counts[lo & 0xffff]!++;
    counts[F64_BUCKETS + (lo >>> 16)]!++;
    counts[2 * F64_BUCKETS + (hi & 0xffff)]!++;
    counts[3 * F64_BUCKETS + (hi >>> 16)]!++;
  }
  let src = words;
  let dst = other;
  for (let pass = 0; pass < 4; pass++) {
    const base = pass * F64_BUCKETS;
    const word = pass >> 1;
    const shift = (pass & 1) * 16;
    if (counts[base + ((src[word]! >>> shift) & 0xffff)] === n) continue;
    let offset = 0;
    for (let d = 0; d < F64_BUCKETS; d++) {
      const c = counts[base + d]!;
      counts[base + d] = offset;
      offset += c;
    }
    for (let i = 0; i < n; i++) {
      const lo = src[2 * i]!;
      const hi = src[2 * i + 1]!;
      const p = counts[base + (((word === 0 ? lo : hi) >>> shift) & 0xffff)]!++;
      dst[2 * p] = lo;
      dst[2 * p + 1] = hi;
    }
    const t = src;
    src = dst;
    dst = t;
  }
  for (let i = 0; i < n; i++) {
    const lo = src[2 * i]!;
    const hi = src[2 * i + 1]!;
    if (hi & 0x80000000) {
      words[2 * i] = lo;
      words[2 * i + 1] = (hi & 0x7fffffff) >>> 0;
    } else {
      words[2 * i] = ~lo >>> 0;
      words[2 * i + 1] = ~hi >>> 0;
    }
  }
  return values;
}
