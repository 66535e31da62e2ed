// Exact power-of-two scaling, for algorithms that carry a separate binary exponent to keep
// huge or tiny intermediate products representable (C's ldexp, which JavaScript lacks).

export const TWO_POW_128 = 2 ** 128;
export const TWO_POW_MINUS_128 = 2 ** -128;

/** x · 2^exponent without overflowing or underflowing the factor itself. */
export function ldexp(x: number, exponent: number): number {
  let e = exponent;
  let y = x;
  while (e > 1000) {
    y *= 2 ** 1000;
    e -= 1000;
  }
  while (e < -1000) {
    y *= 2 ** -1000;
    e += 1000;
  }
  return y * 2 ** e;
}

/** NumPy's np.round: round half to even. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  // Math.round rounds halves up; a half whose rounded-up result is odd belongs to the even below.
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Clips a probability to [0, 1] (np.clip(p, 0, 1); NaN stays NaN). */
export function clipProbability(p: number): number {
  return p < 0 ? 0 : p > 1 ? 1 : p;
}
