import gammainc from '@stdlib/math-base-special-gammainc';

// McNemar's test for paired binary outcomes (e.g. two models judged right/wrong on the same
// rows), computed as statsmodels' statsmodels.stats.contingency_tables.mcnemar does. Pure.
//
// Only the discordant counts matter: b = rows only the first model gets right, c = rows only
// the second gets right. Under H0 (equal accuracy) b ~ Binomial(b + c, 1/2).
//
//   exact:       statistic = min(b, c), p = min(1, 2 · BinomCDF(min(b, c); b + c, 1/2))
//                (statsmodels `mcnemar(table, exact=True)`)
//   chi-square:  statistic = (|b − c| − 1)² / (b + c), p = P(χ²₁ ≥ statistic)
//                (statsmodels `mcnemar(table, exact=False, correction=True)`)
//
// By default the exact test is used while b + c < 25 (the usual rule of thumb, where the
// chi-square approximation is poor) and the continuity-corrected chi-square test otherwise.
// With no discordant pair at all both forms give p = 1 (statsmodels' chi-square would give
// NaN for 0/0): nothing suggests a difference.

export type McNemarMethod = 'exact' | 'chi-square';

export interface McNemarResult {
  method: McNemarMethod;
  statistic: number;
  pValue: number;
  /** Rows only the first model gets right. */
  b: number;
  /** Rows only the second model gets right. */
  c: number;
}

/** Discordant pairs below this use the exact binomial test by default. */
export const MCNEMAR_EXACT_BELOW = 25;
/** The exact test sums big-integer binomial coefficients; beyond this the cost is not worth it. */
export const MCNEMAR_EXACT_MAX = 20_000;

export function mcnemar(b: number, c: number, options: { method?: McNemarMethod } = {}): McNemarResult {
  for (const [name, value] of [['b', b], ['c', c]] as const) {
    if (!Number.isInteger(value) || value < 0) throw new RangeError(`mcnemar: ${name} must be a non-negative integer, got ${value}`);
  }
  const n = b + c;
  const method = options.method ?? (n < MCNEMAR_EXACT_BELOW ? 'exact' : 'chi-square');
  if (method === 'exact') {
    const statistic = Math.min(b, c);
    return { method, statistic, pValue: Math.min(1, 2 * binomialHalfCdf(statistic, n)), b, c };
  }
  if (n === 0) return { method, statistic: 0, pValue: 1, b, c };
  const statistic = (Math.abs(b - c) - 1) ** 2 / n;
  return { method, statistic, pValue: chiSquare1Sf(statistic), b, c };
}

/**
 * P(X ≤ k) for X ~ Binomial(n, 1/2): Σ C(n, i) / 2ⁿ summed exactly in integers; the one
 * rounding is the final conversion to a double.
 */
export function binomialHalfCdf(k: number, n: number): number {
  if (n > MCNEMAR_EXACT_MAX) throw new RangeError(`exact binomial test limited to n ≤ ${MCNEMAR_EXACT_MAX}; use the chi-square form`);
  if (k < 0) return 0;
  if (k >= n) return 1;
  if (n <= 50) {
    // C(50, 25) < 2^53: plain doubles are exact, and dividing by 2^n is exact too.
    let term = 1;
    let sum = 1;
    for (let i = 0; i < k; i++) {
      term = (term * (n - i)) / (i + 1);
      sum += term;
    }
    return sum / 2 ** n;
  }
  let term = 1n;
  let sum = 1n;
  const big = BigInt(n);
  for (let i = 0n; i < BigInt(k); i++) {
    term = (term * (big - i)) / (i + 1n);
    sum += term;
  }
  // sum / 2^n, keeping 64 significant bits before the conversion rounds.
  const shift = Math.max(0, sum.toString(2).length - 64);
  return Number(sum >> BigInt(shift)) * 2 ** (shift - n);
}

/** Survival function of the chi-square distribution with one degree of freedom: Q(1/2, x/2). */
export function chiSquare1Sf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x <= 0) return 1;
  // The regularized upper incomplete gamma function (stdlib's port of Boost's gamma_q).
  return gammainc(x / 2, 0.5, true, true);
}
