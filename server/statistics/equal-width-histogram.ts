// Equal-width histogram as NumPy's np.histogram(values, bins=k) computes it, bit for bit:
// edges from np.linspace(min, max, k + 1) (edge i = min + i·step, the last edge = max exactly),
// every bin half-open [edge_i, edge_{i+1}) except the last, which also holds max. All values
// equal: the range is widened to [v − 0.5, v + 0.5], as NumPy does. Pure.

export interface Histogram {
  /** k + 1 ascending edges. */
  edges: number[];
  /** k counts. */
  counts: number[];
}

/** np.histogram(values, bins) for finite values (NaN and ±Infinity refused, as NumPy refuses them in the range). */
export function equalWidthHistogram(values: ArrayLike<number>, bins: number): Histogram {
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`histogram: bins must be a positive integer, got ${bins}`);
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) throw new RangeError(`histogram: value ${v} is not a finite number`);
    if (v < min) min = v;
    if (v > max) max = v;
  }
  // NumPy's range for an empty array is [0, 1].
  let first = values.length === 0 ? 0 : min;
  let last = values.length === 0 ? 1 : max;
  if (first === last) {
    first -= 0.5;
    last += 0.5;
  }
  const step = (last - first) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => i * step + first);
  edges[bins] = last;
  const counts = new Array<number>(bins).fill(0);
  const norm = bins / (last - first);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    let index = Math.trunc((v - first) * norm);
    if (index === bins) index -= 1;
    // The scaled index can be off by one within an ulp of an edge; the edges decide.
    if (v < edges[index]!) index -= 1;
    else if (index !== bins - 1 && v >= edges[index + 1]!) index += 1;
    counts[index]!++;
  }
  return { edges, counts };
}
