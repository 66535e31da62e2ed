import { describe, expect, it } from 'vitest';
import { systemActor } from '@/server/auth/actor';
import { buildAuditBody } from './audit-body';
import { activeFilters, bodyMatcher } from './audit-search';

const at = new Date('2026-03-01T12:00:00.000Z');
const body = buildAuditBody(systemActor('Zoë "Q" O\'Brien\\ops'), { action: 'user.roles_changed', target: { type: 'user', id: 'u-1' }, details: { action: 'decoy.other' } }, at);

describe('the audit search on hashed bodies', () => {
  it('matches like the page: actor by part in any case, action exact or by prefix, target exactly, time inclusive', () => {
    const matches = (filters: Parameters<typeof bodyMatcher>[0]) => bodyMatcher(filters)!(body);
    expect(matches({ actor: 'zoË "q"' })).toBe(true);
    expect(matches({ actor: "o'brien\\OPS" })).toBe(true);
    expect(matches({ actor: 'ops2' })).toBe(false);
    expect(matches({ action: 'user.roles_changed' })).toBe(true);
    expect(matches({ action: 'user.' })).toBe(true);
    expect(matches({ action: 'user.roles' })).toBe(false);
    expect(matches({ action: 'decoy.other' })).toBe(false);
    expect(matches({ targetType: 'user', targetId: 'u-1' })).toBe(true);
    expect(matches({ targetId: 'u-2' })).toBe(false);
    expect(matches({ from: at.toISOString(), to: at.toISOString() })).toBe(true);
    expect(matches({ from: '2026-03-01T12:00:00.001Z' })).toBe(false);
    expect(matches({ to: '2026-03-01T13:00:00+01:00' })).toBe(true);
  });

  it('needs no parsing when nothing is filtered, and records only the filters that are set', () => {
    expect(bodyMatcher({ actor: '', action: undefined })).toBeNull();
    expect(activeFilters({ to: 'b', actor: '', from: 'a' })).toEqual({ from: 'a', to: 'b' });
  });
});
