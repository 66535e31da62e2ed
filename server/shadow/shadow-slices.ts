import { percentiles } from '@/server/statistics/percentiles';
import { NO_CODE, type ShadowResultColumns, type SliceColumn } from './shadow-result-columns';
import type { ShadowSummary, SliceRow } from './shadow-summary';

// Per-slice breakdown of a run's results: a categorical feature or protected attribute by
// value (the 50 largest; ties by name), a numeric feature by the quartiles of the run's own
// values (NumPy's linear percentiles, as PostgreSQL's percentile_cont), missing values as
// their own slice, listed last. A regression run's slices compare MAE instead of accuracy, on
// the rows with a numeric label and both predictions. Pure.

export const MISSING_SLICE = '(missing)';
const MAX_SLICES = 50;

interface Tally {
  rows: number;
  compared: number;
  agreed: number;
  scored: number;
  deltaSum: number;
  labelled: number;
  candidateRight: number;
  servingRight: number;
  /** Regression: sums of absolute errors over the labelled rows. */
  candidateAbsError: number;
  servingAbsError: number;
}

const emptyTally = (): Tally => ({ rows: 0, compared: 0, agreed: 0, scored: 0, deltaSum: 0, labelled: 0, candidateRight: 0, servingRight: 0, candidateAbsError: 0, servingAbsError: 0 });

/** Tallies every row into the group `groupOf(i)` returns (0 … groups − 1). */
function tally(c: ShadowResultColumns, groups: number, groupOf: (i: number) => number): Tally[] {
  const out = Array.from({ length: groups }, emptyTally);
  for (let i = 0; i < c.count; i++) {
    const t = out[groupOf(i)]!;
    const cl = c.candidateLabels[i]!;
    const sl = c.servingLabels[i]!;
    const truth = c.labels[i]!;
    t.rows++;
    if (cl !== NO_CODE && sl !== NO_CODE) {
      t.compared++;
      if (cl === sl) t.agreed++;
      if (truth !== NO_CODE) {
        t.labelled++;
        if (cl === truth) t.candidateRight++;
        if (sl === truth) t.servingRight++;
      }
    }
    const d = c.candidateScores[i]! - c.servingScores[i]!;
    if (!Number.isNaN(d)) {
      t.scored++;
      t.deltaSum += d;
      const y = c.numericLabels?.[i] ?? Number.NaN;
      if (!Number.isNaN(y)) {
        t.labelled++;
        t.candidateAbsError += Math.abs(y - c.candidateScores[i]!);
        t.servingAbsError += Math.abs(y - c.servingScores[i]!);
      }
    }
  }
  return out;
}

function toRow(slice: string, t: Tally, regression: boolean): SliceRow {
  if (regression) {
    const mae = (sum: number) => (t.labelled === 0 ? null : sum / t.labelled);
    return { slice, rows: t.rows, agreement: null, meanScoreDelta: t.scored === 0 ? null : t.deltaSum / t.scored, labelled: t.labelled, candidateAccuracy: null, servingAccuracy: null, candidateMae: mae(t.candidateAbsError), servingMae: mae(t.servingAbsError) };
  }
  return {
    slice,
    rows: t.rows,
    agreement: t.compared === 0 ? null : t.agreed / t.compared,
    meanScoreDelta: t.scored === 0 ? null : t.deltaSum / t.scored,
    labelled: t.labelled,
    candidateAccuracy: t.labelled === 0 ? null : t.candidateRight / t.labelled,
    servingAccuracy: t.labelled === 0 ? null : t.servingRight / t.labelled,
  };
}

function formatEdge(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(4).replace(/\.?0+$/, '');
}

function categoricalSlices(c: ShadowResultColumns, slices: Extract<SliceColumn, { kind: 'categorical' }>): SliceRow[] {
  const missing = slices.dictionary.length;
  const tallies = tally(c, missing + 1, (i) => (slices.codes[i] === NO_CODE ? missing : slices.codes[i]!));
  const name = (group: number) => (group === missing ? null : slices.dictionary[group]!);
  return tallies
    .map((t, group) => ({ t, name: name(group) }))
    .filter(({ t }) => t.rows > 0)
    .sort((a, b) => b.t.rows - a.t.rows || (a.name === null ? 1 : b.name === null ? -1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .slice(0, MAX_SLICES)
    .map(({ t, name: slice }) => toRow(slice ?? MISSING_SLICE, t, c.numericLabels !== null));
}

function numericSlices(c: ShadowResultColumns, values: Float32Array): { quartiles: number[] | null; rows: SliceRow[] } {
  const [q1, q2, q3] = percentiles(values, [25, 50, 75]) as [number, number, number];
  if (Number.isNaN(q1)) {
    const [all] = tally(c, 1, () => 0);
    return { quartiles: null, rows: all!.rows > 0 ? [toRow(MISSING_SLICE, all!, c.numericLabels !== null)] : [] };
  }
  const MISSING = 4;
  const bucketOf = (i: number) => {
    const v = values[i]!;
    return Number.isNaN(v) ? MISSING : v <= q1 ? 0 : v <= q2 ? 1 : v <= q3 ? 2 : 3;
  };
  const labels = [`≤ ${formatEdge(q1)}`, `${formatEdge(q1)} – ${formatEdge(q2)}`, `${formatEdge(q2)} – ${formatEdge(q3)}`, `> ${formatEdge(q3)}`, MISSING_SLICE];
  const rows = tally(c, 5, bucketOf)
    .map((t, bucket) => ({ t, bucket }))
    .filter(({ t }) => t.rows > 0)
    .map(({ t, bucket }) => toRow(labels[bucket]!, t, c.numericLabels !== null));
  return { quartiles: [q1, q2, q3], rows };
}

export function sliceBreakdown(c: ShadowResultColumns, feature: string): NonNullable<ShadowSummary['slices']> {
  const slices = c.slices;
  if (!slices) throw new Error(`shadow results carry no slice column for '${feature}'`);
  if (slices.kind === 'categorical') return { feature, kind: 'categorical', quartiles: null, rows: categoricalSlices(c, slices) };
  return { feature, kind: 'numeric', ...numericSlices(c, slices.values) };
}
