// Scores binned per group and actual label in one pass, so that calibration (per decile) and
// the threshold sweep (per threshold) are cumulative sums over a few bins instead of a sort
// or a pass over the rows per threshold.
//
// The bin edges are the sorted union of the thresholds and the decile edges k/10. A score s
// falls in bin b = (number of edges ≤ s): bin 0 holds s < edges[0], bin j holds
// edges[j−1] ≤ s < edges[j]. "Predicted positive at threshold edges[j]" (s ≥ edges[j]) is then
// exactly the bins above j, with the same comparison the rows would have used.

export interface ScoreBins {
  groupCount: number;
  /** Sorted, distinct bin edges. */
  edges: Float64Array;
  /** Rows per (group, bin, actual) at ((g · bins) + b) · 2 + actual; bins = edges.length + 1. */
  counts: Float64Array;
  /** Sum of scores per (group, bin) at g · bins + b. */
  scoreSums: Float64Array;
  /** Scores outside [0, 1] (calibration puts them in the first or last decile). */
  outsideUnitInterval: number;
}

/** The decile edges 0.1 … 0.9 as k/10: the doubles nearest to the decimals, as in NumPy. */
export const DECILE_EDGES: readonly number[] = Array.from({ length: 9 }, (_, k) => (k + 1) / 10);

export function binEdges(thresholds: readonly number[]): Float64Array {
  const all = [...new Set([...thresholds, ...DECILE_EDGES])].sort((x, y) => x - y);
  return Float64Array.from(all);
}

/** Index of the bin holding s: the number of edges ≤ s. */
export function binOf(edges: Float64Array, s: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (edges[mid]! <= s) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** One pass: every row's score into its group's bin, split by actual label. */
export function binScores(scores: Float64Array, actual: Uint8Array, group: Uint32Array, groupCount: number, edges: Float64Array): ScoreBins {
  const n = scores.length;
  if (actual.length !== n || group.length !== n) throw new RangeError('binScores: scores, labels and groups differ in length');
  const bins = edges.length + 1;
  const counts = new Float64Array(groupCount * bins * 2);
  const scoreSums = new Float64Array(groupCount * bins);
  // A table over [0, 1) in steps of 1/1024 answers most rows without the binary search:
  // a cell that holds no edge maps to one bin (−1 marks cells an edge cuts).
  const CELLS = 1024;
  const table = new Int32Array(CELLS);
  for (let c = 0, below = 0; c < CELLS; c++) {
    // Uniform when no edge lies strictly inside (c/CELLS, (c+1)/CELLS); both ends are exact.
    const bin = binOf(edges, c / CELLS);
    while (below < edges.length && edges[below]! < (c + 1) / CELLS) below++;
    table[c] = bin === below ? bin : -1;
  }
  let outside = 0;
  for (let i = 0; i < n; i++) {
    const s = scores[i]!;
    let b: number;
    if (s >= 0 && s < 1) {
      b = table[Math.floor(s * CELLS)]!;
      if (b < 0) b = binOf(edges, s);
    } else {
      b = binOf(edges, s);
      if (s < 0 || s > 1) outside++;
    }
    const at = group[i]! * bins + b;
    counts[2 * at + actual[i]!]!++;
    scoreSums[at]! += s;
  }
  return { groupCount, edges, counts, scoreSums, outsideUnitInterval: outside };
}
