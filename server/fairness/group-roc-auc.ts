import { mannWhitneyFromSorted, rocAucFromCounts } from '@/server/statistics/classification-metrics';
import { sortFloat64InPlace } from '@/server/statistics/radix-sort';
import { FN, FP, TN, TP } from './group-counts';

// ROC AUC per group, as sklearn's roc_auc_score on the group's rows (null with a single
// class). Grouping a million continuous scores by distinct value in a Map (rocAucFromGroups)
// does not keep up, so each group's positive and negative scores are scattered into one
// buffer in a single pass, radix-sorted per segment, and merged once for the Mann–Whitney
// counts (mannWhitneyFromSorted + rocAucFromCounts, the same statistic).

export interface GroupScoreSegments {
  /** Per group: its positives' scores sorted, then its negatives' scores sorted. */
  values: Float64Array;
  /** Start of group g's segment. */
  start: Float64Array;
  positives: Float64Array;
  negatives: Float64Array;
}

/** Scatters and sorts the scores of each group's positives and negatives. */
export function sortScoresByGroup(scores: Float64Array, actual: Uint8Array, group: Uint32Array, cells: Float64Array): GroupScoreSegments {
  const groupCount = cells.length / 4;
  const start = new Float64Array(groupCount);
  const positives = new Float64Array(groupCount);
  const negatives = new Float64Array(groupCount);
  let offset = 0;
  let largest = 0;
  for (let g = 0; g < groupCount; g++) {
    start[g] = offset;
    positives[g] = cells[4 * g + TP]! + cells[4 * g + FN]!;
    negatives[g] = cells[4 * g + TN]! + cells[4 * g + FP]!;
    offset += positives[g]! + negatives[g]!;
    largest = Math.max(largest, positives[g]!, negatives[g]!);
  }
  if (offset !== scores.length) throw new RangeError('sortScoresByGroup: the counts do not match the rows');
  // Write cursors: cursor[2g] for positives, cursor[2g + 1] for negatives.
  const cursor = new Float64Array(2 * groupCount);
  for (let g = 0; g < groupCount; g++) {
    cursor[2 * g] = start[g]!;
    cursor[2 * g + 1] = start[g]! + positives[g]!;
  }
  const values = new Float64Array(scores.length);
  for (let i = 0; i < scores.length; i++) {
    const slot = 2 * group[i]! + 1 - actual[i]!;
    values[cursor[slot]!++] = scores[i]!;
  }
  const scratch = new Float64Array(largest);
  for (let g = 0; g < groupCount; g++) {
    const s = start[g]!;
    const p = positives[g]!;
    sortFloat64InPlace(values.subarray(s, s + p), scratch);
    sortFloat64InPlace(values.subarray(s + p, s + p + negatives[g]!), scratch);
  }
  return { values, start, positives, negatives };
}

/** ROC AUC of group g; null when it has only one class. */
export function groupRocAuc(segments: GroupScoreSegments, g: number): number | null {
  const s = segments.start[g]!;
  const p = segments.positives[g]!;
  const pos = segments.values.subarray(s, s + p);
  const neg = segments.values.subarray(s + p, s + p + segments.negatives[g]!);
  return rocAucFromCounts(mannWhitneyFromSorted(pos, neg));
}

/** ROC AUC of the rows of several groups together (one sort of their concatenated scores). */
export function pooledRocAuc(segments: GroupScoreSegments, groups: readonly number[]): number | null {
  const total = (counts: Float64Array) => groups.reduce((sum, g) => sum + counts[g]!, 0);
  const pos = new Float64Array(total(segments.positives));
  const neg = new Float64Array(total(segments.negatives));
  let pi = 0;
  let ni = 0;
  for (const g of groups) {
    const s = segments.start[g]!;
    const p = segments.positives[g]!;
    pos.set(segments.values.subarray(s, s + p), pi);
    pi += p;
    neg.set(segments.values.subarray(s + p, s + p + segments.negatives[g]!), ni);
    ni += segments.negatives[g]!;
  }
  const scratch = new Float64Array(Math.max(pos.length, neg.length));
  return rocAucFromCounts(mannWhitneyFromSorted(sortFloat64InPlace(pos, scratch), sortFloat64InPlace(neg, scratch)));
}
