import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createTestDatabase, uniqueEmail } from '@/server/testing/test-database';
import { systemActor } from '@/server/auth/actor';
import { createUser, setUserActive } from '@/server/users/users-service';
import { authenticateWithPassword, SignInError } from './authenticate';
import { signInAttempts } from '@/db/schema';
import { LOCKOUT_POLICY, lockoutState } from './sign-in-limiter';

const database = await createTestDatabase();
const actor = systemActor('test');
const PASSWORD = 'a long enough password';

async function newUser() {
  const email = uniqueEmail('signin');
  const { user } = await createUser(database, actor, { email, name: 'S', roles: ['viewer'], password: PASSWORD });
  return user;
}

async function reason(email: string, password: string, ip: string | null = '192.0.2.10') {
  try {
    await authenticateWithPassword(database, { email, password }, { ip, userAgent: 'vitest' });
    return 'ok';
  } catch (error) {
    if (error instanceof SignInError) return `${error.reason}: ${error.message}`;
    throw error;
  }
}

describe('password sign-in', () => {
  it('signs in with the right password, case-insensitively by email, and audits it', async () => {
    const user = await newUser();
    expect(await reason(user.email.toUpperCase(), PASSWORD)).toBe('ok');
    const rows = await database.execute(sql`select 1 from audit_events where action = 'auth.signed_in' and target_id = ${user.id}`);
    expect(rows).toHaveLength(1);
  });

  it('gives the same message for a wrong password and an unknown user', async () => {
    const user = await newUser();
    expect(await reason(user.email, 'wrong password!')).toBe('invalid_credentials: Wrong email or password.');
    expect(await reason(uniqueEmail('nobody'), PASSWORD)).toBe('invalid_credentials: Wrong email or password.');
  });

  it('tells a deactivated user so, but only when the password is right', async () => {
    const user = await newUser();
    await setUserActive(database, actor, { userId: user.id, active: false });
    expect(await reason(user.email, PASSWORD)).toMatch(/^deactivated: This account is deactivated/);
    expect(await reason(user.email, 'wrong password!')).toMatch(/^invalid_credentials/);
  });

  it(`locks an account after ${LOCKOUT_POLICY.maxFailuresPerAccount} failures, even against the right password`, async () => {
    const user = await newUser();
    for (let i = 0; i < LOCKOUT_POLICY.maxFailuresPerAccount; i++) {
      expect(await reason(user.email, `wrong ${i}`, `198.51.100.${i}`)).toMatch(/^invalid_credentials/);
    }
    expect(await reason(user.email, PASSWORD, '198.51.100.99')).toMatch(/^locked_out: Too many failed sign-in attempts\. Try again in 1[45] minutes\.$/);
    const audits = await database.execute(sql`select 1 from audit_events where action = 'auth.locked_out' and target_id = ${user.email}`);
    expect(audits).toHaveLength(1);
  });

  it('a success clears the failure count for the account', async () => {
    const user = await newUser();
    for (let i = 0; i < LOCKOUT_POLICY.maxFailuresPerAccount - 1; i++) await reason(user.email, 'nope nope', '203.0.113.5');
    expect(await reason(user.email, PASSWORD, '203.0.113.5')).toBe('ok');
    expect(await reason(user.email, 'nope nope', '203.0.113.5')).toMatch(/^invalid_credentials/);
    expect(await reason(user.email, PASSWORD, '203.0.113.5')).toBe('ok');
  });

  it('locks an IP that guesses across many accounts', async () => {
    const ip = '203.0.113.77';
    for (let i = 0; i < LOCKOUT_POLICY.maxFailuresPerIp; i++) await reason(uniqueEmail('spray'), 'guess guess', ip);
    const user = await newUser();
    expect(await reason(user.email, PASSWORD, ip)).toMatch(/^locked_out/);
    expect(await reason(user.email, PASSWORD, '203.0.113.78')).toBe('ok');
  });

  it('states the real remaining time of an account lock: when its 5th most recent failure leaves the window', async () => {
    const user = await newUser();
    const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);
    // Six failures: the lock lifts when the 5th newest (10 minutes old) leaves the window,
    // in 5 minutes; the oldest (14 minutes) would say 1.
    await database.insert(signInAttempts).values([14, 10, 9, 8, 7, 6].map((m) => ({ email: user.email, ip: '192.0.2.40', succeeded: false, at: minutesAgo(m) })));
    expect(await reason(user.email, PASSWORD, '192.0.2.41')).toBe('locked_out: Too many failed sign-in attempts. Try again in 5 minutes.');
  });

  it('states the real remaining time of an IP lock, not a token minute', async () => {
    const ip = '203.0.113.90';
    const at = new Date(Date.now() - 3 * 60_000);
    await database.insert(signInAttempts).values(Array.from({ length: LOCKOUT_POLICY.maxFailuresPerIp }, (_, i) => ({ email: uniqueEmail(`spray${i}`), ip, succeeded: false, at })));
    const user = await newUser();
    expect(await reason(user.email, PASSWORD, ip)).toBe('locked_out: Too many failed sign-in attempts. Try again in 12 minutes.');
    const state = await lockoutState(database, user.email, ip);
    expect(state.liftsAt!.getTime()).toBe(at.getTime() + LOCKOUT_POLICY.windowMinutes * 60_000);
  });

  it('does not lump clients of unknown address together under one IP limit', async () => {
    for (let i = 0; i < LOCKOUT_POLICY.maxFailuresPerIp; i++) await reason(uniqueEmail('unknown'), 'guess guess', null);
    const user = await newUser();
    expect(await reason(user.email, PASSWORD, null)).toBe('ok');
    // The per-account limit still holds for them.
    for (let i = 0; i < LOCKOUT_POLICY.maxFailuresPerAccount; i++) await reason(user.email, 'wrong wrong', null);
    expect(await reason(user.email, PASSWORD, null)).toMatch(/^locked_out/);
  });
});
