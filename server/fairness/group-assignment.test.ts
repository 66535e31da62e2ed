import { describe, expect, it } from 'vitest';
import { AppError } from '@/server/errors/app-error';
import { bucketLabels, codeAttribute, groupByAttributes, MISSING_LABEL, TooManyGroupValuesError, type AttributeColumn } from './group-assignment';

function group(columns: AttributeColumn[], max?: number) {
  return groupByAttributes(columns.map((c) => codeAttribute(c, max)));
}

const labelsOf = (g: ReturnType<typeof group>) => Array.from(g.group, (i) => g.groups[i]!.label);

describe('group assignment', () => {
  it('treats null, undefined and the empty string as one "(missing)" group, listed last', () => {
    const g = group([{ name: 'gender', kind: 'categorical', values: ['M', null, 'F', '', undefined, 'F'] }]);
    expect(g.groups.map((x) => x.label)).toEqual(['F', 'M', MISSING_LABEL]);
    expect(labelsOf(g)).toEqual(['M', MISSING_LABEL, 'F', MISSING_LABEL, MISSING_LABEL, 'F']);
    expect(Array.from(g.group)).toEqual([1, 2, 0, 2, 2, 0]);
    expect(g.groups[2]!.values).toEqual({ gender: MISSING_LABEL });
    expect(g.possibleCells).toBe(3);
    expect(g.emptyCells).toBe(0);
  });

  it('buckets numbers left-closed, right-open, with missing and infinite values', () => {
    expect(bucketLabels([25, 40, 60])).toEqual(['<25', '25–40', '40–60', '≥60']);
    const values = [24.999, 25, 39.5, 40, 59.99, 60, 99, null, Number.NaN, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY];
    const g = group([{ name: 'age', kind: 'numeric', values, edges: [25, 40, 60] }]);
    expect(labelsOf(g)).toEqual(['<25', '25–40', '25–40', '40–60', '40–60', '≥60', '≥60', MISSING_LABEL, MISSING_LABEL, '<25', '≥60']);
    // Only the buckets that occur are groups, in value order.
    const sparse = group([{ name: 'age', kind: 'numeric', values: [70, 10, 70], edges: [25, 40, 60] }]);
    expect(sparse.groups.map((x) => x.label)).toEqual(['<25', '≥60']);
    expect(group([{ name: 'x', kind: 'numeric', values: [0.5, 1.5], edges: [0.75] }]).groups.map((x) => x.label)).toEqual(['<0.75', '≥0.75']);
  });

  it('rejects edges that do not increase', () => {
    expect(() => codeAttribute({ name: 'age', kind: 'numeric', values: [1], edges: [40, 25] })).toThrow(/increase/);
    expect(() => codeAttribute({ name: 'age', kind: 'numeric', values: [1], edges: [] })).toThrow(/at least one edge/);
    expect(() => codeAttribute({ name: 'age', kind: 'numeric', values: [1], edges: [Number.NaN] })).toThrow(/finite/);
  });

  it('intersects attributes, lists only occurring cells and counts the empty ones', () => {
    const g = group([
      { name: 'gender', kind: 'categorical', values: ['F', 'M', 'F', null, 'M', 'F'] },
      { name: 'age', kind: 'numeric', values: [30, 30, 70, 30, null, 30], edges: [25, 40, 60] },
    ]);
    expect(g.key).toBe('gender × age');
    expect(g.attributeValues).toEqual({ gender: ['F', 'M', MISSING_LABEL], age: ['25–40', '≥60', MISSING_LABEL] });
    expect(g.groups.map((x) => x.label)).toEqual([
      'gender=F × age=25–40',
      'gender=F × age=≥60',
      'gender=M × age=25–40',
      'gender=M × age=(missing)',
      'gender=(missing) × age=25–40',
    ]);
    expect(g.groups[3]!.values).toEqual({ gender: 'M', age: MISSING_LABEL });
    expect(labelsOf(g)[5]).toBe('gender=F × age=25–40');
    expect(g.possibleCells).toBe(9);
    expect(g.emptyCells).toBe(4);
  });

  it('intersects three attributes the same way with a sparse cell index', () => {
    const n = 5000;
    const a = Array.from({ length: n }, (_, i) => `a${i % 90}`);
    const b = Array.from({ length: n }, (_, i) => `b${(i * 7) % 90}`);
    const c = Array.from({ length: n }, (_, i) => `c${(i * 13) % 90}`);
    const g = group([
      { name: 'a', kind: 'categorical', values: a },
      { name: 'b', kind: 'categorical', values: b },
      { name: 'c', kind: 'categorical', values: c },
    ]);
    // 90^3 possible cells exceed the dense table; every row still maps to its own cell label.
    expect(g.possibleCells).toBe(729_000);
    expect(g.emptyCells).toBe(729_000 - g.groups.length);
    labelsOf(g).forEach((label, i) => expect(label).toBe(`a=${a[i]} × b=${b[i]} × c=${c[i]}`));
    const sorted = [...g.groups.map((x) => x.label)].sort();
    expect(g.groups.map((x) => x.label)).toEqual(sorted);
  });

  it('refuses an attribute with too many distinct values with a typed 422 error', () => {
    const values = Array.from({ length: 10_000 }, (_, i) => `customer-${i}`);
    let error: unknown;
    try {
      codeAttribute({ name: 'customer_id', kind: 'categorical', values });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TooManyGroupValuesError);
    expect(error).toBeInstanceOf(AppError);
    const typed = error as TooManyGroupValuesError;
    expect(typed.attribute).toBe('customer_id');
    expect(typed.maxDistinctValues).toBe(100);
    expect(typed.status).toBe(422);
    expect(typed.message).toMatch(/"customer_id" has more than 100 distinct values/);
    // The limit is configurable, and exactly the limit is allowed.
    expect(codeAttribute({ name: 'x', kind: 'categorical', values: values.slice(0, 100) }).labels).toHaveLength(100);
    expect(() => codeAttribute({ name: 'x', kind: 'categorical', values: values.slice(0, 101) })).toThrow(TooManyGroupValuesError);
    expect(codeAttribute({ name: 'x', kind: 'categorical', values }, 10_000).labels).toHaveLength(10_000);
    expect(() => codeAttribute({ name: 'age', kind: 'numeric', values: [1, 30, 50, 70], edges: [25, 40, 60] }, 3)).toThrow(TooManyGroupValuesError);
  });
});
