// A shadow run's per-event results, column-oriented: what a batch stores (one row per batch,
// see shadow-results-store.ts) and what the finalize step aggregates. Labels and slice values
// travel as int32 codes into a dictionary, so a million events are a few typed arrays rather
// than a million objects. A regression run's scores are the two versions' predictions and its
// ground truth is a float64 column (numericLabels): the exact paired statistics the finalize
// step computes (Wilcoxon, the bootstrap of the error difference) need every row's three
// numbers, and 8 bytes per row is what the truth costs. Its `labels` then hold only labels that
// are not numbers (counted, never guessed). Pure.

/** One chunk of a batch as the candidate answered it, lined up with the serving side. */
export interface ShadowResultRows {
  count: number;
  requestIds: string[];
  /** Epoch milliseconds (occurred_at is stored to the millisecond). */
  occurredAt: Float64Array;
  /** NaN = no score. */
  candidateScores: Float32Array;
  candidateLabels: (string | null)[];
  servingScores: Float32Array;
  servingLabels: (string | null)[];
  labels: (string | null)[];
  /** Regression: ground truth as numbers (NaN = none or not a number); absent otherwise. */
  numericLabels?: Float64Array | null;
  /** The candidate's inference time per row for this chunk. */
  latencyMs: number;
  /** null when the run has no slice feature. */
  slices: SliceChunk | null;
}

/** A numeric feature's values (NaN = missing), or names (null = missing) for anything else. */
export type SliceChunk = { kind: 'numeric'; values: Float32Array } | { kind: 'categorical'; values: (string | null)[] };

export type SliceColumn = { kind: 'numeric'; values: Float32Array } | { kind: 'categorical'; dictionary: string[]; codes: Int32Array };

export interface ShadowResultColumns {
  count: number;
  /** What the label codes stand for. */
  labelValues: string[];
  candidateScores: Float32Array;
  servingScores: Float32Array;
  /** Codes into labelValues, −1 = none. */
  candidateLabels: Int32Array;
  servingLabels: Int32Array;
  labels: Int32Array;
  /** Regression runs: ground truth (NaN = none); null for classifiers. */
  numericLabels: Float64Array | null;
  latencyMs: Float32Array;
  slices: SliceColumn | null;
}

/** A row where the two versions differ, as the results page lists them. */
export interface ShadowDifference {
  requestId: string;
  occurredAt: string;
  candidateScore: number | null;
  servingScore: number | null;
  candidateLabel: string | null;
  servingLabel: string | null;
  label: string | null;
}

export const LARGEST_DIFFERENCES = 20;
export const NO_CODE = -1;

/** Strings to dense codes, in order of first appearance. */
export class Dictionary {
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();

  constructor(initial: readonly string[] = []) {
    for (const value of initial) this.code(value);
  }

  code(value: string | null): number {
    if (value === null) return NO_CODE;
    let code = this.index.get(value);
    if (code === undefined) {
      code = this.values.length;
      this.values.push(value);
      this.index.set(value, code);
    }
    return code;
  }
}

const orNull = (x: number): number | null => (Number.isNaN(x) ? null : x);

/** Label disagreement first, then the larger score gap, then request id: a total order, so per-batch lists merge exactly. */
export function compareDifferences(a: ShadowDifference, b: ShadowDifference): number {
  const labelsA = a.candidateLabel !== a.servingLabel ? 1 : 0;
  const labelsB = b.candidateLabel !== b.servingLabel ? 1 : 0;
  if (labelsA !== labelsB) return labelsB - labelsA;
  const gap = (d: ShadowDifference) => Math.abs((d.candidateScore ?? 0) - (d.servingScore ?? 0));
  const gapA = gap(a);
  const gapB = gap(b);
  if (gapA !== gapB) return gapB - gapA;
  if (a.requestId !== b.requestId) return a.requestId < b.requestId ? -1 : 1;
  return a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : 0;
}

/** Keeps the `limit` first differences under compareDifferences, whatever order they are offered in. */
export class LargestDifferences {
  readonly rows: ShadowDifference[] = [];

  constructor(private readonly limit = LARGEST_DIFFERENCES) {}

  /**
   * Whether a row with these keys could still enter the list (ignoring the request-id
   * tie-break), so callers build the row's object only then: nearly every row of a run
   * differs in score, few make the list.
   */
  mayAccept(labelsDiffer: boolean, gap: number): boolean {
    const last = this.rows[this.limit - 1];
    if (!last) return true;
    const lastDiffers = last.candidateLabel !== last.servingLabel;
    if (labelsDiffer !== lastDiffers) return labelsDiffer;
    return gap >= Math.abs((last.candidateScore ?? 0) - (last.servingScore ?? 0));
  }

  offer(row: ShadowDifference): void {
    const rows = this.rows;
    if (rows.length === this.limit && compareDifferences(row, rows[rows.length - 1]!) >= 0) return;
    let i = rows.length;
    while (i > 0 && compareDifferences(row, rows[i - 1]!) < 0) i--;
    rows.splice(i, 0, row);
    if (rows.length > this.limit) rows.pop();
  }
}

/** Null-safe score equality: two missing scores are equal. */
function sameScore(a: number, b: number): boolean {
  return Number.isNaN(a) ? Number.isNaN(b) : a === b;
}

/** Label codes of a chunk, written into `target` from `at`. */
function encode(dictionary: Dictionary, values: readonly (string | null)[], target: Int32Array, at: number, n: number): void {
  // Most chunks repeat two or three strings: remember the last one instead of hashing each.
  let last: string | null | undefined;
  let lastCode = NO_CODE;
  for (let i = 0; i < n; i++) {
    const value = values[i] ?? null;
    if (value !== last) {
      last = value;
      lastCode = dictionary.code(value);
    }
    target[at + i] = lastCode;
  }
}

/**
 * Columns for `count` rows, zero-filled; the dictionaries are shared, not copied, so codes
 * added to them later show in the columns' labelValues and slice dictionary.
 */
export function emptyColumns(count: number, labels: Dictionary, slice: SliceChunk['kind'] | null, slices: Dictionary, numericLabels = false): ShadowResultColumns {
  return {
    count,
    labelValues: labels.values,
    candidateScores: new Float32Array(count),
    servingScores: new Float32Array(count),
    candidateLabels: new Int32Array(count),
    servingLabels: new Int32Array(count),
    labels: new Int32Array(count),
    numericLabels: numericLabels ? new Float64Array(count) : null,
    latencyMs: new Float32Array(count),
    slices: slice === 'numeric' ? { kind: 'numeric', values: new Float32Array(count) } : slice === 'categorical' ? { kind: 'categorical', dictionary: slices.values, codes: new Int32Array(count) } : null,
  };
}

/** Collects a batch's chunks into columns, with the batch's largest differences. */
export class ShadowResultsBuilder {
  private readonly labelDictionary: Dictionary;
  private readonly sliceDictionary = new Dictionary();
  private readonly columns: ShadowResultColumns;
  private filled = 0;
  readonly differences = new LargestDifferences();

  /**
   * `classes` seed the label dictionary so the usual codes are the class indices;
   * `numericLabels` (regression) adds the float64 ground-truth column.
   */
  constructor(capacity: number, classes: readonly string[], slice: SliceChunk['kind'] | null, numericLabels = false) {
    this.labelDictionary = new Dictionary(classes);
    this.columns = emptyColumns(capacity, this.labelDictionary, slice, this.sliceDictionary, numericLabels);
  }

  append(rows: ShadowResultRows): void {
    const at = this.filled;
    const n = rows.count;
    const c = this.columns;
    if (at + n > c.count) throw new RangeError(`shadow results: ${at + n} rows exceed the batch's ${c.count}`);
    c.candidateScores.set(rows.candidateScores.subarray(0, n), at);
    c.servingScores.set(rows.servingScores.subarray(0, n), at);
    c.latencyMs.fill(rows.latencyMs, at, at + n);
    encode(this.labelDictionary, rows.candidateLabels, c.candidateLabels, at, n);
    encode(this.labelDictionary, rows.servingLabels, c.servingLabels, at, n);
    encode(this.labelDictionary, rows.labels, c.labels, at, n);
    if (c.numericLabels) {
      if (!rows.numericLabels) throw new TypeError('shadow results: expected numeric labels (a regression run)');
      c.numericLabels.set(rows.numericLabels.subarray(0, n), at);
    }
    if (c.slices?.kind === 'numeric') {
      if (rows.slices?.kind !== 'numeric') throw new TypeError('shadow results: expected numeric slice values');
      c.slices.values.set(rows.slices.values.subarray(0, n), at);
    }
    if (c.slices?.kind === 'categorical') {
      if (rows.slices?.kind !== 'categorical') throw new TypeError('shadow results: expected categorical slice values');
      encode(this.sliceDictionary, rows.slices.values, c.slices.codes, at, n);
    }
    for (let i = 0; i < n; i++) {
      const candidateLabel = rows.candidateLabels[i] ?? null;
      const servingLabel = rows.servingLabels[i] ?? null;
      const cs = rows.candidateScores[i]!;
      const ss = rows.servingScores[i]!;
      const labelsDiffer = candidateLabel !== servingLabel;
      if (!labelsDiffer && sameScore(cs, ss)) continue;
      if (!this.differences.mayAccept(labelsDiffer, Math.abs((orNull(cs) ?? 0) - (orNull(ss) ?? 0)))) continue;
      this.differences.offer({
        requestId: rows.requestIds[i]!,
        occurredAt: new Date(rows.occurredAt[i]!).toISOString(),
        candidateScore: orNull(cs),
        servingScore: orNull(ss),
        candidateLabel,
        servingLabel,
        label: rows.labels[i] ?? (rows.numericLabels && !Number.isNaN(rows.numericLabels[i]!) ? String(rows.numericLabels[i]) : null),
      });
    }
    this.filled += n;
  }

  /** The rows appended so far (views of the builder's arrays). */
  finish(): ShadowResultColumns {
    const n = this.filled;
    const c = this.columns;
    const slices: SliceColumn | null =
      c.slices?.kind === 'numeric' ? { kind: 'numeric', values: c.slices.values.subarray(0, n) } : c.slices?.kind === 'categorical' ? { ...c.slices, codes: c.slices.codes.subarray(0, n) } : null;
    return {
      count: n,
      labelValues: c.labelValues,
      candidateScores: c.candidateScores.subarray(0, n),
      servingScores: c.servingScores.subarray(0, n),
      candidateLabels: c.candidateLabels.subarray(0, n),
      servingLabels: c.servingLabels.subarray(0, n),
      labels: c.labels.subarray(0, n),
      numericLabels: c.numericLabels ? c.numericLabels.subarray(0, n) : null,
      latencyMs: c.latencyMs.subarray(0, n),
      slices,
    };
  }
}

/**
 * Recodes every label column in place through `normalize` (e.g. a class index "2" → its
 * class name), so rows that name the same class carry the same code. `normalize` must map each
 * value to itself or to a value already in the dictionary (the classes seed it).
 */
export function recodeLabels(c: ShadowResultColumns, normalize: (value: string) => string): void {
  const map = c.labelValues.map((value) => {
    const code = c.labelValues.indexOf(normalize(value));
    if (code === -1) throw new RangeError(`shadow results: '${value}' normalizes to a value outside the label dictionary`);
    return code;
  });
  if (map.every((code, i) => code === i)) return;
  for (const column of [c.candidateLabels, c.servingLabels, c.labels]) {
    for (let i = 0; i < column.length; i++) if (column[i] !== NO_CODE) column[i] = map[column[i]!]!;
  }
}
