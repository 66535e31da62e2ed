import { AppError } from '@/server/errors/app-error';

// Turns sensitive-attribute columns into a group index per row, for one attribute or for the
// intersection of several. Pure: no I/O.
//
// - A categorical value is its own group; null, undefined and '' are the group "(missing)"
//   (a real category spelled "(missing)" would merge with it).
// - A numeric value falls in a bucket of the edges stored with the model, left-closed and
//   right-open: edges [25, 40, 60] give "<25", "25–40", "40–60", "≥60", so 25 is in "25–40"
//   and 60 in "≥60"; null, undefined and NaN are "(missing)".
// - An intersection has one group per cell that occurs ("gender=F × age=25–40"); empty cells
//   simply do not appear, and possibleCells/emptyCells say how many could have.
// Groups are ordered: categories by string order, buckets by value, "(missing)" last, cells
// lexicographically in the order the attributes are given.

export const MISSING_LABEL = '(missing)';
export const DEFAULT_MAX_DISTINCT_VALUES = 100;

export type AttributeColumn =
  | { name: string; kind: 'categorical'; values: ArrayLike<string | null | undefined> }
  | { name: string; kind: 'numeric'; values: ArrayLike<number | null | undefined>; edges: readonly number[] };

/** One attribute coded: a value index per row and the value labels, in group order. */
export interface CodedAttribute {
  name: string;
  codes: Uint32Array;
  labels: string[];
}

export interface GroupDescriptor {
  /** "F" for a single attribute, "gender=F × age=25–40" for a cell of an intersection. */
  label: string;
  /** Attribute name → value label. */
  values: Record<string, string>;
}

export interface Grouping {
  /** The attribute names joined by " × ". */
  key: string;
  attributes: string[];
  /** Group index per row. */
  group: Uint32Array;
  groups: GroupDescriptor[];
  /** Each attribute's observed value labels, in group order. */
  attributeValues: Record<string, string[]>;
  /** Product of the attributes' observed value counts (1 attribute: its value count). */
  possibleCells: number;
  /** Possible cells with no row. */
  emptyCells: number;
}

/**
 * An attribute with more distinct values than allowed: a sensitive attribute must be a
 * category with few values (or a numeric one bucketed by edges). Unprocessable input (422).
 */
export class TooManyGroupValuesError extends AppError {
  constructor(
    readonly attribute: string,
    readonly maxDistinctValues: number,
  ) {
    super(
      'unprocessable',
      `Attribute "${attribute}" has more than ${maxDistinctValues} distinct values; group by an attribute with fewer values, or bucket a numeric attribute with edges`,
      { attribute, maxDistinctValues },
    );
    this.name = 'TooManyGroupValuesError';
  }
}

/** JavaScript's own number formatting ("25", "25.5"): the fixtures' Python mirrors it. */
export function bucketLabels(edges: readonly number[]): string[] {
  const labels = [`<${edges[0]}`];
  for (let i = 1; i < edges.length; i++) labels.push(`${edges[i - 1]}–${edges[i]}`);
  labels.push(`≥${edges[edges.length - 1]}`);
  return labels;
}

function checkEdges(name: string, edges: readonly number[]): void {
  if (edges.length === 0) throw new RangeError(`attribute "${name}": numeric buckets need at least one edge`);
  for (let i = 0; i < edges.length; i++) {
    if (!Number.isFinite(edges[i]!)) throw new RangeError(`attribute "${name}": edge ${edges[i]} is not finite`);
    if (i > 0 && !(edges[i]! > edges[i - 1]!)) throw new RangeError(`attribute "${name}": edges must increase strictly`);
  }
}

/** Orders raw codes by their labels' group order and renumbers the rows. */
function reorder(name: string, raw: Uint32Array, rawLabels: string[], order: number[]): CodedAttribute {
  const remap = new Uint32Array(rawLabels.length);
  order.forEach((rawCode, position) => (remap[rawCode] = position));
  for (let i = 0; i < raw.length; i++) raw[i] = remap[raw[i]!]!;
  return { name, codes: raw, labels: order.map((c) => rawLabels[c]!) };
}

function codeCategorical(name: string, values: ArrayLike<string | null | undefined>, max: number): CodedAttribute {
  const codes = new Uint32Array(values.length);
  const index = new Map<string, number>();
  const labels: string[] = [];
  let last: string | null | undefined = undefined;
  let lastCode = -1;
  for (let i = 0; i < values.length; i++) {
    const raw = values[i];
    // Consecutive equal values are common (rows read in key order): skip the Map then.
    if (raw !== last || lastCode < 0) {
      const label = raw === null || raw === undefined || raw === '' ? MISSING_LABEL : raw;
      let code = index.get(label);
      if (code === undefined) {
        if (labels.length >= max) throw new TooManyGroupValuesError(name, max);
        code = labels.length;
        index.set(label, code);
        labels.push(label);
      }
      last = raw;
      lastCode = code;
    }
    codes[i] = lastCode;
  }
  const order = labels.map((_, c) => c).sort((x, y) => compareLabels(labels[x]!, labels[y]!));
  return reorder(name, codes, labels, order);
}

function compareLabels(x: string, y: string): number {
  if (x === y) return 0;
  if (x === MISSING_LABEL) return 1;
  if (y === MISSING_LABEL) return -1;
  return x < y ? -1 : 1;
}

function codeNumeric(name: string, values: ArrayLike<number | null | undefined>, edges: readonly number[], max: number): CodedAttribute {
  checkEdges(name, edges);
  const k = edges.length;
  // Buckets 0..k by value; k + 1 is "(missing)".
  const raw = new Uint32Array(values.length);
  const seen = new Uint8Array(k + 2);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    let b: number;
    if (v === null || v === undefined || Number.isNaN(v)) b = k + 1;
    else {
      // Number of edges ≤ v: left-closed, right-open buckets.
      let lo = 0;
      let hi = k;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (edges[mid]! <= v) lo = mid + 1;
        else hi = mid;
      }
      b = lo;
    }
    raw[i] = b;
    seen[b] = 1;
  }
  const rawLabels = [...bucketLabels(edges), MISSING_LABEL];
  const order = rawLabels.map((_, b) => b).filter((b) => seen[b] === 1);
  if (order.length > max) throw new TooManyGroupValuesError(name, max);
  return reorder(name, raw, rawLabels, order);
}

/** Codes one attribute column; refuses more than maxDistinctValues groups ("(missing)" counts as one). */
export function codeAttribute(column: AttributeColumn, maxDistinctValues = DEFAULT_MAX_DISTINCT_VALUES): CodedAttribute {
  if (!(Number.isInteger(maxDistinctValues) && maxDistinctValues >= 1)) throw new RangeError('maxDistinctValues must be a positive integer');
  return column.kind === 'categorical'
    ? codeCategorical(column.name, column.values, maxDistinctValues)
    : codeNumeric(column.name, column.values, column.edges, maxDistinctValues);
}

/** Up to this many possible cells, cells are numbered through a typed table instead of a Map. */
const DENSE_CELL_LIMIT = 1 << 22;

function numberCellsDense(cell: Float64Array, possibleCells: number): { group: Uint32Array; cells: number[] } {
  const index = new Int32Array(possibleCells).fill(-1);
  for (let i = 0; i < cell.length; i++) index[cell[i]!] = 0;
  const cells: number[] = [];
  for (let c = 0; c < possibleCells; c++) if (index[c] === 0) index[c] = cells.push(c) - 1;
  const group = new Uint32Array(cell.length);
  for (let i = 0; i < cell.length; i++) group[i] = index[cell[i]!]!;
  return { group, cells };
}

function numberCellsSparse(cell: Float64Array): { group: Uint32Array; cells: number[] } {
  const index = new Map<number, number>();
  for (let i = 0; i < cell.length; i++) index.set(cell[i]!, 0);
  const cells = [...index.keys()].sort((x, y) => x - y);
  cells.forEach((c, g) => index.set(c, g));
  const group = new Uint32Array(cell.length);
  for (let i = 0; i < cell.length; i++) group[i] = index.get(cell[i]!)!;
  return { group, cells };
}

/** Groups rows by one coded attribute, or by the cells of several (an intersection). */
export function groupByAttributes(coded: readonly CodedAttribute[]): Grouping {
  if (coded.length === 0) throw new RangeError('a grouping needs at least one attribute');
  const rows = coded[0]!.codes.length;
  if (coded.some((c) => c.codes.length !== rows)) throw new RangeError('attribute columns differ in length');
  const attributes = coded.map((c) => c.name);
  if (new Set(attributes).size !== attributes.length) throw new RangeError(`attribute listed twice in grouping ${attributes.join(' × ')}`);
  const attributeValues = Object.fromEntries(coded.map((c) => [c.name, c.labels]));
  const possibleCells = coded.reduce((p, c) => p * c.labels.length, 1);
  const key = attributes.join(' × ');
  if (coded.length === 1) {
    const only = coded[0]!;
    const groups = only.labels.map((label) => ({ label, values: { [only.name]: label } }));
    return { key, attributes, group: only.codes, groups, attributeValues, possibleCells, emptyCells: 0 };
  }
  // Mixed-radix cell number, first attribute most significant: numeric order = lexicographic.
  const cell = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let c = 0;
    for (const a of coded) c = c * a.labels.length + a.codes[i]!;
    cell[i] = c;
  }
  const { group, cells } = possibleCells <= DENSE_CELL_LIMIT ? numberCellsDense(cell, possibleCells) : numberCellsSparse(cell);
  const groups = cells.map((c): GroupDescriptor => {
    const values: Record<string, string> = {};
    const parts: string[] = [];
    let rest = c;
    const digits: number[] = [];
    for (let a = coded.length - 1; a >= 0; a--) {
      const radix = coded[a]!.labels.length;
      digits[a] = rest % radix;
      rest = Math.floor(rest / radix);
    }
    coded.forEach((a, k) => {
      const label = a.labels[digits[k]!]!;
      values[a.name] = label;
      parts.push(`${a.name}=${label}`);
    });
    return { label: parts.join(' × '), values };
  });
  return { key, attributes, group, groups, attributeValues, possibleCells, emptyCells: possibleCells - cells.length };
}
