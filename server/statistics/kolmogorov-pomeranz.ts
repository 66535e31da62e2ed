import { ldexp, TWO_POW_128, TWO_POW_MINUS_128 } from './float-scaling';

// P(D_n ≤ x) for the one-sample two-sided Kolmogorov–Smirnov statistic by Pomeranz's
// recursion: 2n + 1 rows, each the convolution of the previous row with (almost) Poisson
// weights, of which only a short band is non-zero; rows are rescaled by 2¹²⁸ against
// underflow. SciPy uses it for n ≤ 140 and 0.754693 < n·x² ≤ 4. Port of SciPy's
// scipy.stats._ksstats._kolmogn_Pomeranz.
//
// Pomeranz J (1974) "Exact cumulative distribution of the Kolmogorov–Smirnov statistic for
//   small samples (Algorithm 487)", Communications of the ACM 17(12), 703–704.

function bandOfRow(i: number, n: number, ll: number, ceilf: number, roundf: number): [number, number] {
  let j1: number;
  let j2: number;
  if (i === 0) {
    j1 = -ll - ceilf - 1;
    j2 = ll + ceilf - 1;
  } else {
    const half = Math.floor((i + 1) / 2);
    if ((i + 1) % 2 === 0) {
      if (half === n + 1) {
        j1 = n - ll - ceilf - 1;
        j2 = n + ll + ceilf - 1;
      } else {
        j1 = half - 1 - ll - roundf - 1;
        j2 = half + ll - 1 + ceilf - 1;
      }
    } else {
      j1 = half - 1 - ll - 1;
      j2 = half + ll + roundf - 1;
    }
  }
  return [Math.max(j1 + 2, 0), Math.min(j2, n)];
}

/** CDF P(D_n ≤ x), clipped to [0, 1]. */
export function pomeranzCdf(n: number, x: number): number {
  const t = n * x;
  const ll = Math.floor(t);
  const f = t - ll;
  const g = Math.min(f, 1 - f);
  const ceilf = f > 0 ? 1 : 0;
  const roundf = f > 0.5 ? 1 : 0;
  const npwrs = 2 * (ll + 1);
  // (g/n)^m/m!, (2g/n)^m/m!, ((1−2g)/n)^m/m!: Poisson probabilities short of their factor.
  const gpower = new Float64Array(npwrs);
  const twogpower = new Float64Array(npwrs);
  const onem2gpower = new Float64Array(npwrs);
  gpower[0] = 1;
  twogpower[0] = 1;
  onem2gpower[0] = 1;
  const gOverN = g / n;
  const twoGOverN = (2 * g) / n;
  const oneMinusTwoGOverN = (1 - 2 * g) / n;
  for (let m = 1; m < npwrs; m++) {
    gpower[m] = (gpower[m - 1]! * gOverN) / m;
    twogpower[m] = (twogpower[m - 1]! * twoGOverN) / m;
    onem2gpower[m] = (onem2gpower[m - 1]! * oneMinusTwoGOverN) / m;
  }

  let V0 = new Float64Array(npwrs);
  let V1 = new Float64Array(npwrs);
  V1[0] = 1;
  let V0s = 0;
  let V1s = 0;
  let exponent = 0;
  let [j1, j2] = bandOfRow(0, n, ll, ceilf, roundf);
  for (let i = 1; i < 2 * n + 2; i++) {
    const k1 = j1;
    [V0, V1] = [V1, V0];
    [V0s, V1s] = [V1s, V0s];
    V1.fill(0);
    [j1, j2] = bandOfRow(i, n, ll, ceilf, roundf);
    const pwrs = i === 1 || i === 2 * n + 1 ? gpower : i % 2 ? twogpower : onem2gpower;
    const ln2 = j2 - k1 + 1;
    if (ln2 > 0) {
      // conv = np.convolve(V0[k1 − V0s : k1 − V0s + ln2], pwrs[:ln2]), full mode, of which
      // entries [j1 − k1, j2 − k1] become the new row.
      const aStart = k1 - V0s;
      const aLength = Math.max(0, Math.min(aStart + ln2, npwrs) - aStart);
      const bLength = Math.min(ln2, npwrs);
      const convStart = j1 - k1;
      const convLength = j2 - j1 + 1;
      let rowMax = 0;
      for (let c = 0; c < convLength; c++) {
        const index = convStart + c;
        let s = 0;
        const from = Math.max(0, index - bLength + 1);
        const to = Math.min(index, aLength - 1);
        for (let q = from; q <= to; q++) s += V0[aStart + q]! * pwrs[index - q]!;
        V1[c] = s;
        if (s > rowMax) rowMax = s;
      }
      if (rowMax > 0 && rowMax < TWO_POW_MINUS_128) {
        for (let c = 0; c < npwrs; c++) V1[c]! *= TWO_POW_128;
        exponent -= 128;
      }
      V1s = V0s + j1 - k1;
    }
  }

  let answer = V1[n - V1s]!;
  for (let m = 1; m <= n; m++) {
    if (Math.abs(answer) > TWO_POW_128) {
      answer *= TWO_POW_MINUS_128;
      exponent += 128;
    }
    answer *= m;
  }
  if (exponent !== 0) answer = ldexp(answer, exponent);
  return answer < 0 ? 0 : answer > 1 ? 1 : answer;
}
