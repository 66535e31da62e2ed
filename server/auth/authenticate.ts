import { eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { users } from '@/db/schema';
import { recordAudit } from '@/server/audit/record-audit';
import { findCredentials, normalizeEmail } from '@/server/users/user-queries';
import type { RequestOrigin } from './actor';
import { verifyPassword } from '@/server/users/password';
import { lockoutMessage, lockoutState, recordAttempt, LOCKOUT_POLICY } from './sign-in-limiter';

export class SignInError extends Error {
  constructor(
    readonly reason: 'invalid_credentials' | 'locked_out' | 'deactivated',
    message: string,
  ) {
    super(message);
  }
}

export const SIGN_IN_MESSAGES = {
  invalid_credentials: 'Wrong email or password.',
  deactivated: 'This account is deactivated. Ask an administrator to reactivate it.',
} as const;

/** Checks a password sign-in, counting it against the per-account and per-IP limits. */
export async function authenticateWithPassword(
  database: Database,
  input: { email: string; password: string },
  origin: RequestOrigin,
): Promise<{ id: string; email: string; name: string }> {
  const email = normalizeEmail(input.email);
  const ip = origin.ip;
  const lock = await lockoutState(database, email, ip);
  if (lock.liftsAt) throw new SignInError('locked_out', lockoutMessage(lock.liftsAt));
  const user = await findCredentials(database, email);
  const passwordOk = await verifyPassword(user?.passwordHash ?? null, input.password);
  if (!user || !passwordOk) {
    await database.transaction(async (tx) => {
      await recordAttempt(tx, email, ip, false);
      const after = await lockoutState(tx, email, ip);
      if (after.locked) {
        await recordAudit(tx, { type: 'system', id: null, label: 'sign-in limiter', origin }, {
          action: 'auth.locked_out',
          target: { type: 'account', id: email },
          details: { windowMinutes: LOCKOUT_POLICY.windowMinutes, ip },
        });
      }
    });
    throw new SignInError('invalid_credentials', SIGN_IN_MESSAGES.invalid_credentials);
  }
  if (!user.active) {
    await recordAttempt(database, email, ip, false);
    throw new SignInError('deactivated', SIGN_IN_MESSAGES.deactivated);
  }
  await database.transaction(async (tx) => {
    await recordAttempt(tx, email, ip, true);
    await tx.update(users).set({ lastSignInAt: new Date() }).where(eq(users.id, user.id));
    await recordAudit(tx, { type: 'user', id: user.id, label: user.email, roles: [], origin }, {
      action: 'auth.signed_in',
      target: { type: 'user', id: user.id, label: user.email },
      details: { method: 'password' },
    });
  });
  return { id: user.id, email: user.email, name: user.name };
}
