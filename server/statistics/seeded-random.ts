// Seeded randomness for synthetic data: the same seed must give the same numbers on every
// machine, so sample models, validation batches and tests are reproducible byte for byte.

export interface SeededRandom {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [min, max). */
  uniform(min: number, max: number): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /**
   * Fills `out` with uniform integers in [0, n): the values int(n) would return one call at a
   * time (same stream), in one tight loop — what a bootstrap's 10⁷–10⁸ draws need.
   */
  fillInts(out: Uint32Array, n: number): void;
  /** Standard normal (Box–Muller). */
  normal(): number;
}

/**
 * mulberry32: a 32-bit generator with good statistical quality for its size. Math.random
 * cannot be seeded, and a cryptographic generator would be slow and pointless here.
 */
export function seededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  let spareNormal: number | null = null;

  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  const normal = (): number => {
    if (spareNormal !== null) {
      const value = spareNormal;
      spareNormal = null;
      return value;
    }
    // 1 - next() lies in (0, 1], so the logarithm is finite.
    const radius = Math.sqrt(-2 * Math.log(1 - next()));
    const angle = 2 * Math.PI * next();
    spareNormal = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  };

  // next() written out: a call per draw costs more than the draw.
  const fillInts = (out: Uint32Array, n: number): void => {
    let s = state;
    for (let k = 0; k < out.length; k++) {
      s = (s + 0x6d2b79f5) >>> 0;
      let t = s;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      out[k] = Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
    }
    state = s;
  };

  return {
    next,
    normal,
    uniform: (min, max) => min + (max - min) * next(),
    int: (n) => Math.floor(next() * n),
    fillInts,
  };
}
