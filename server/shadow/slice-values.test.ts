import { describe, expect, it } from 'vitest';
import type { Feature } from '@/server/registry/feature-schema';
import { sliceKind, sliceValues } from './slice-values';

const features: Feature[] = [
  { name: 'age', type: 'numeric' },
  { name: 'income', type: 'numeric' },
  { name: 'purpose', type: 'categorical', categories: ['car', 'home'] },
];
// Two rows, row-major in schema order; the second has a missing income and an unseen category.
const rows = new Float32Array([30, 50, 1, 41, Number.NaN, -1]);

describe('slices', () => {
  const batch = { count: 2, width: 3, features: rows, attributes: [{ gender: 'female' }, null] } as never;
  it('names categories, keeps numeric values for quartiles, reads protected attributes, null when missing', () => {
    expect(sliceValues({ features }, 'purpose', batch)).toEqual({ kind: 'categorical', values: ['home', '(unseen)'] });
    expect(sliceValues({ features }, 'income', batch)).toEqual({ kind: 'numeric', values: new Float32Array([50, Number.NaN]) });
    expect(sliceValues({ features }, 'gender', batch)).toEqual({ kind: 'categorical', values: ['female', null] });
    expect([sliceKind({ features }, 'income'), sliceKind({ features }, 'purpose'), sliceKind({ features }, 'gender')]).toEqual(['numeric', 'categorical', 'categorical']);
  });
});
