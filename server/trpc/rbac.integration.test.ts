import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { PASSWORD_CHANGE_REQUIRED_MESSAGE, PasswordChangeRequired } from '@/server/auth/password-change-required';
import { createTestDatabase } from '@/server/testing/test-database';
import { can, isPermission, ROLES, type Permission } from '@/server/rbac/permissions';
import { appRouter, createCaller } from '@/server/app-router';
import { contextFor, fakeUser } from './test-context';

const database = await createTestDatabase();

interface ProcedureDef {
  type: 'query' | 'mutation' | 'subscription';
  meta?: { permission?: string };
}

// Every procedure the app exposes, by dotted path.
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: ProcedureDef }>).map(([path, p]) => ({
  path,
  type: p._def.type,
  permission: p._def.meta?.permission,
}));

type AnyCaller = Record<string, unknown>;

async function callAs(caller: AnyCaller, path: string): Promise<TRPCError | null> {
  const fn = path.split('.').reduce<unknown>((node, key) => (node as AnyCaller)[key], caller) as (input: unknown) => Promise<unknown>;
  try {
    await fn(undefined);
    return null;
  } catch (error) {
    if (error instanceof TRPCError) return error;
    throw error;
  }
}

describe('RBAC: every procedure against every role', () => {
  it('finds the procedures', () => {
    expect(procedures.length).toBeGreaterThan(5);
  });

  it.each(procedures)('$path declares a permission from the table', ({ permission }) => {
    expect(permission, 'declare .meta({ permission }) via authorized()').toBeDefined();
    expect(isPermission(permission!)).toBe(true);
  });

  const cases = procedures.flatMap((p) => ROLES.map((role) => ({ ...p, role })));
  it.each(cases)('$path as $role: allowed only if the table says so', async ({ path, permission, role }) => {
    const caller = createCaller(contextFor(database, fakeUser([role]))) as unknown as AnyCaller;
    const error = await callAs(caller, path);
    const allowed = can([role], permission as Permission);
    if (allowed) expect(error?.code).not.toBe('FORBIDDEN');
    else expect(error?.code).toBe('FORBIDDEN');
  });

  it.each(procedures)('$path refuses anonymous callers with UNAUTHORIZED', async ({ path }) => {
    const error = await callAs(createCaller(contextFor(database, null)) as unknown as AnyCaller, path);
    expect(error?.code).toBe('UNAUTHORIZED');
  });

  const mutations = procedures.filter((p) => p.type === 'mutation');
  it.each(mutations)('$path refuses a cross-origin mutation even from an admin', async ({ path }) => {
    const foreign = createCaller(contextFor(database, fakeUser(['admin']), { origin: 'https://evil.example' })) as unknown as AnyCaller;
    const error = await callAs(foreign, path);
    expect(error?.code).toBe('FORBIDDEN');
    expect(error?.message).toMatch(/Cross-origin/);
    const noOrigin = createCaller(contextFor(database, fakeUser(['admin']), { origin: '' })) as unknown as AnyCaller;
    expect((await callAs(noOrigin, path))?.code).toBe('FORBIDDEN');
  });

  // A one-time password from an admin must be replaced before anything else: only the change itself is open.
  const OPEN_BEFORE_PASSWORD_CHANGE = ['users.changeOwnPassword'];
  it.each(procedures)('$path refuses a user who must still replace a one-time password, unless it is the change', async ({ path }) => {
    const pending = { ...fakeUser(['admin']), mustChangePassword: true };
    const error = await callAs(createCaller(contextFor(database, pending)) as unknown as AnyCaller, path);
    if (OPEN_BEFORE_PASSWORD_CHANGE.includes(path)) {
      expect(error?.code).toBe('BAD_REQUEST');
    } else {
      expect(error?.code).toBe('FORBIDDEN');
      expect(error?.cause).toBeInstanceOf(PasswordChangeRequired);
      expect(error?.message).toBe(PASSWORD_CHANGE_REQUIRED_MESSAGE);
    }
  });
});
