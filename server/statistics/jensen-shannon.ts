// Jensen–Shannon distance between two discrete distributions, as
// scipy.spatial.distance.jensenshannon(p, q) computes it (natural log, base e):
//   p and q are first divided by their sums (counts are fine), m = (p + q)/2, and
//   JS = sqrt((KL(p‖m) + KL(q‖m)) / 2), with 0·log(0/x) = 0.
// The distance lies in [0, √ln 2 ≈ 0.833]. A rounding-level negative sum (identical inputs)
// is clamped to 0 where SciPy would return NaN. Either total being 0 gives NaN.

function relativeEntropyTerm(x: number, y: number): number {
  if (x > 0 && y > 0) return x * Math.log(x / y);
  if (x === 0 && y >= 0) return 0;
  return Number.POSITIVE_INFINITY;
}

export function jensenShannonDistance(p: ArrayLike<number>, q: ArrayLike<number>): number {
  if (p.length !== q.length) throw new RangeError(`jensenShannonDistance: lengths differ (${p.length} vs ${q.length})`);
  let pSum = 0;
  let qSum = 0;
  for (let i = 0; i < p.length; i++) {
    pSum += p[i]!;
    qSum += q[i]!;
  }
  if (!(pSum > 0) || !(qSum > 0)) return Number.NaN;
  let left = 0;
  let right = 0;
  for (let i = 0; i < p.length; i++) {
    const pi = p[i]! / pSum;
    const qi = q[i]! / qSum;
    const m = (pi + qi) / 2;
    left += relativeEntropyTerm(pi, m);
    right += relativeEntropyTerm(qi, m);
  }
  const js = left + right;
  return Math.sqrt(Math.max(js / 2, 0));
}
