import type { ConfusionMatrix } from '@/server/statistics/classification-metrics';

// One pass over the labelled rows: the four confusion cells per group (and the score sum per
// group). Everything else in a fairness report except ROC AUC and the score bins is computed
// from these counts, which is what lets the bootstrap resample counts instead of rows.
//
// Layout: group g's cells sit at 4·g + 2·actual + predicted, i.e. TN, FP, FN, TP, so the hot
// loop indexes without a branch. Float64Array: exact for counts below 2^53, and the bootstrap
// and the rates read them as doubles anyway.

export const TN = 0;
export const FP = 1;
export const FN = 2;
export const TP = 3;

export interface LabelledRows {
  /** Actual label per row, 0 or 1 (1 = the favourable / positive class). */
  actual: Uint8Array;
  /** Predicted label per row, 0 or 1. */
  predicted: Uint8Array;
  /** Model score per row (finite), when the model has one. */
  scores?: Float64Array | null;
}

export interface GroupCounts {
  groupCount: number;
  /** 4 cells per group: TN, FP, FN, TP at 4·g + 0…3. */
  cells: Float64Array;
  /** Sum of scores per group; null without scores. */
  scoreSums: Float64Array | null;
}

/** Counts confusion cells (and score sums) per group in one pass. */
export function countByGroup(rows: LabelledRows, group: Uint32Array, groupCount: number): GroupCounts {
  const { actual, predicted } = rows;
  const scores = rows.scores ?? null;
  const n = actual.length;
  if (predicted.length !== n || group.length !== n || (scores && scores.length !== n)) {
    throw new RangeError(`countByGroup: ${n} actual labels, ${predicted.length} predictions, ${group.length} group indices${scores ? `, ${scores.length} scores` : ''}`);
  }
  const cells = new Float64Array(4 * groupCount);
  let labels = 0;
  let maxGroup = 0;
  let scoreSums: Float64Array | null = null;
  if (scores) {
    scoreSums = new Float64Array(groupCount);
    let finite = 0;
    for (let i = 0; i < n; i++) {
      const a = actual[i]!;
      const p = predicted[i]!;
      const g = group[i]!;
      const s = scores[i]!;
      labels |= a | p;
      if (g > maxGroup) maxGroup = g;
      cells[4 * g + 2 * a + p]!++;
      scoreSums[g]! += s;
      // s − s is 0 for a finite score and NaN for NaN or ±Infinity.
      finite += s - s;
    }
    if (Number.isNaN(finite)) throw new RangeError('countByGroup: every score must be a finite number');
  } else {
    for (let i = 0; i < n; i++) {
      const a = actual[i]!;
      const p = predicted[i]!;
      const g = group[i]!;
      labels |= a | p;
      if (g > maxGroup) maxGroup = g;
      cells[4 * g + 2 * a + p]!++;
    }
  }
  // Checked after the loop: out-of-range writes to a typed array are ignored, not harmful.
  if (labels > 1) throw new RangeError('countByGroup: actual and predicted labels must be 0 or 1');
  if (n > 0 && maxGroup >= groupCount) throw new RangeError(`countByGroup: group index ${maxGroup} but only ${groupCount} groups`);
  return { groupCount, cells, scoreSums };
}

/** Group g's cells as a named confusion matrix. */
export function confusionOf(cells: Float64Array, g: number): ConfusionMatrix {
  const at = 4 * g;
  return { tn: cells[at + TN]!, fp: cells[at + FP]!, fn: cells[at + FN]!, tp: cells[at + TP]! };
}

/** The cells of several groups added up (all groups when `groups` is omitted). */
export function pooledConfusion(cells: Float64Array, groups?: Iterable<number>): ConfusionMatrix {
  const total: ConfusionMatrix = { tp: 0, fp: 0, tn: 0, fn: 0 };
  const list = groups ?? Array.from({ length: cells.length / 4 }, (_, g) => g);
  for (const g of list) {
    const at = 4 * g;
    total.tn += cells[at + TN]!;
    total.fp += cells[at + FP]!;
    total.fn += cells[at + FN]!;
    total.tp += cells[at + TP]!;
  }
  return total;
}
