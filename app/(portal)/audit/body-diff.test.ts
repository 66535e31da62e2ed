import { describe, expect, it } from 'vitest';
import { diffFields } from './body-diff';

describe('audit before/after diff', () => {
  it('lists changed, added and removed fields by path and counts the unchanged ones', () => {
    const { changes, unchanged } = diffFields(
      { email: 'a@x', roles: ['viewer', 'auditor'], active: true, limits: { daily: 5 } },
      { email: 'a@x', roles: ['viewer', 'admin'], limits: { daily: 10, weekly: 50 } },
    );
    expect(changes).toEqual([
      { path: 'roles[1]', before: 'auditor', after: 'admin', kind: 'changed' },
      { path: 'active', before: 'true', kind: 'removed' },
      { path: 'limits.daily', before: '5', after: '10', kind: 'changed' },
      { path: 'limits.weekly', after: '50', kind: 'added' },
    ]);
    expect(unchanged).toBe(2);
  });

  it('shows a creation as all added and a deletion as all removed', () => {
    expect(diffFields(undefined, { name: 'm' }).changes).toEqual([{ path: 'name', after: 'm', kind: 'added' }]);
    expect(diffFields({ name: 'm' }, undefined).changes).toEqual([{ path: 'name', before: 'm', kind: 'removed' }]);
    expect(diffFields({ n: '5' }, { n: 5 }).changes).toEqual([{ path: 'n', before: '5', after: '5', kind: 'changed' }]);
    expect(diffFields('draft', 'approved').changes).toEqual([{ path: '(value)', before: 'draft', after: 'approved', kind: 'changed' }]);
  });
});
