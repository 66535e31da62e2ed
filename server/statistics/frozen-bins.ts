import { distinctCountSorted, lowerBound, type SortedSample } from './sorted-sample';

// Bins frozen from the reference when it is registered, so every later window is binned the
// same way and PSI / Jensen–Shannon values of different windows compare.
//
// Edges e_0 ≤ e_1 ≤ … ≤ e_m describe m bins; bin j holds e_j ≤ x < e_{j+1}, except that the
// first bin is open below and the last open above, so current values outside the reference
// range land in the outer bins. Only the interior edges e_1 … e_{m−1} classify a value (its bin
// is the number of interior edges ≤ x, numpy's searchsorted(side='right')); e_0 and e_m are
// the reference min and max, kept for labels. Made from the sorted, NaN-free reference with
// `binCount` k (default 10):
//   - more than k distinct values: interior edges are the reference values at sorted index
//     ⌊j(n − 1)/k⌋ for j = 1 … k−1 (numpy's 'lower' quantiles at j/k), made unique by
//     dropping repeats and any edge equal to the minimum. Each bin then holds at least one
//     reference value (its lower edge), and heavy ties merge bins: at most k bins, each
//     holding about 1/k of the reference;
//   - 2 … k distinct values: one bin per distinct value (interior edges = the values but
//     the smallest), so low-cardinality features keep every level apart;
//   - a single value c: three bins, below c / exactly c / above c (interior edges c and the
//     next float above c), so a constant reference still shows a shift either way.
// An empty reference has no bins.

export const DEFAULT_BIN_COUNT = 10;

const scratch = new Float64Array(1);
const scratchBits = new BigUint64Array(scratch.buffer);

/** The smallest float64 greater than x (x finite). */
export function nextFloatUp(x: number): number {
  if (x === 0) return Number.MIN_VALUE;
  scratch[0] = x;
  scratchBits[0] = x > 0 ? scratchBits[0]! + 1n : scratchBits[0]! - 1n;
  return scratch[0]!;
}

export function frozenBinEdges(sortedReference: SortedSample, binCount = DEFAULT_BIN_COUNT): number[] {
  if (!(binCount >= 1) || !Number.isInteger(binCount)) throw new RangeError(`binCount must be a positive integer, got ${binCount}`);
  const n = sortedReference.length;
  if (n === 0) return [];
  const min = sortedReference[0]!;
  const max = sortedReference[n - 1]!;
  const distinct = distinctCountSorted(sortedReference);
  if (distinct === 1) {
    const above = nextFloatUp(min);
    return Number.isFinite(above) ? [min, min, above, above] : [min, max];
  }
  const interior: number[] = [];
  if (distinct <= binCount) {
    for (let i = 1; i < n; i++) {
      const v = sortedReference[i]!;
      if (v !== sortedReference[i - 1]) interior.push(v);
    }
  } else {
    for (let j = 1; j < binCount; j++) {
      const v = sortedReference[Math.floor((j * (n - 1)) / binCount)]!;
      if (v > min && v !== interior[interior.length - 1]) interior.push(v);
    }
  }
  return [min, ...interior, max];
}

/** Values per bin of a sorted, NaN-free sample (binary searches only: O(m log n)). */
export function countInBins(sorted: SortedSample, edges: readonly number[]): number[] {
  const bins = edges.length - 1;
  if (bins < 1) return [];
  const counts = new Array<number>(bins);
  let previous = 0;
  for (let j = 1; j < bins; j++) {
    const below = lowerBound(sorted, edges[j]!, previous);
    counts[j - 1] = below - previous;
    previous = below;
  }
  counts[bins - 1] = sorted.length - previous;
  return counts;
}

/** Bin of one value (for unsorted data); −1 for NaN. */
export function binIndexOf(x: number, edges: readonly number[]): number {
  if (x !== x) return -1;
  let lo = 1;
  let hi = edges.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (edges[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

function formatEdge(x: number): string {
  return String(Number(x.toPrecision(6)));
}

/** Plot labels: "< a", "a – b" (meaning [a, b)), "≥ b"; "= c" / "> c" around a single value. */
export function binLabels(edges: readonly number[]): string[] {
  const bins = edges.length - 1;
  if (bins < 1) return [];
  if (bins === 1) return [`${formatEdge(edges[0]!)} – ${formatEdge(edges[1]!)}`];
  const labels: string[] = [];
  for (let j = 0; j < bins; j++) {
    const lower = edges[j]!;
    const upper = edges[j + 1]!;
    if (j === 0) labels.push(`< ${formatEdge(upper)}`);
    else if (j === bins - 1) labels.push(lower === nextFloatUp(edges[j - 1]!) ? `> ${formatEdge(edges[j - 1]!)}` : `≥ ${formatEdge(lower)}`);
    else if (upper === nextFloatUp(lower)) labels.push(`= ${formatEdge(lower)}`);
    else labels.push(`${formatEdge(lower)} – ${formatEdge(upper)}`);
  }
  return labels;
}
