// Flattens the numeric leaves of a report fragment into a vector (for the bootstrap) with
// their JSON Pointers (to key the intervals). The same fragment shape gives the same leaves in
// the same order, which is what lets every replicate be lined up with the point estimate.

/** Keys that are fixed by the design, not estimates, or not numbers to resample. */
const NOT_RESAMPLED = new Set(['count', 'share', 'alpha', 'fourFifthsViolated', 'privilegedRates', 'unprivilegedRates', 'threshold']);

/** Pushes every number and null leaf (null as NaN); undefined values and strings are not leaves. */
export function collectLeaves(node: unknown, path: string, values: number[], paths: string[] | null): void {
  if (node === undefined || typeof node === 'string' || typeof node === 'boolean') return;
  if (node === null || typeof node === 'number') {
    values.push(node ?? Number.NaN);
    paths?.push(path);
    return;
  }
  if (Array.isArray(node)) {
    node.forEach((child, i) => collectLeaves(child, `${path}/${i}`, values, paths));
    return;
  }
  if (typeof node === 'object') {
    for (const [key, child] of Object.entries(node)) {
      if (!NOT_RESAMPLED.has(key)) collectLeaves(child, `${path}/${escapePointer(key)}`, values, paths);
    }
  }
}

/** RFC 6901 escaping of one reference token. */
function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The fair value of a statistic from its name: 0 for a difference, 1 for a ratio, NaN for none. */
export function fairValueOf(path: string): number {
  const key = path.slice(path.lastIndexOf('/') + 1);
  if (/difference/i.test(key)) return 0;
  if (/ratio/i.test(key) || key === 'disparateImpact') return 1;
  return Number.NaN;
}
