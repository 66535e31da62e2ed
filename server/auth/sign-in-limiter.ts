import { and, count, desc, eq, gt } from 'drizzle-orm';
import type { Executor } from '@/db/client';
import { signInAttempts } from '@/db/schema';

export const LOCKOUT_POLICY = {
  windowMinutes: 15,
  maxFailuresPerAccount: 5,
  maxFailuresPerIp: 30,
} as const;

export interface LockoutState {
  locked: boolean;
  retryAfterMinutes: number;
}

/**
 * Counts recent failures for the account (since its last success) and for the IP. Kept in
 * the database so every web process shares one view.
 */
export async function lockoutState(executor: Executor, email: string, ip: string, now = new Date()): Promise<LockoutState> {
  const since = new Date(now.getTime() - LOCKOUT_POLICY.windowMinutes * 60_000);
  const recent = await executor
    .select({ succeeded: signInAttempts.succeeded, at: signInAttempts.at })
    .from(signInAttempts)
    .where(and(eq(signInAttempts.email, email), gt(signInAttempts.at, since)))
    .orderBy(desc(signInAttempts.at))
    .limit(LOCKOUT_POLICY.maxFailuresPerAccount + 1);
  const failures: Date[] = [];
  for (const attempt of recent) {
    if (attempt.succeeded) break;
    failures.push(attempt.at);
  }
  const [ipRow] = await executor
    .select({ n: count() })
    .from(signInAttempts)
    .where(and(eq(signInAttempts.ip, ip), eq(signInAttempts.succeeded, false), gt(signInAttempts.at, since)));
  const accountLocked = failures.length >= LOCKOUT_POLICY.maxFailuresPerAccount;
  const ipLocked = (ipRow?.n ?? 0) >= LOCKOUT_POLICY.maxFailuresPerIp;
  if (!accountLocked && !ipLocked) return { locked: false, retryAfterMinutes: 0 };
  // The lock lifts when the oldest counted failure leaves the window.
  const oldest = failures[failures.length - 1] ?? since;
  const liftsAt = oldest.getTime() + LOCKOUT_POLICY.windowMinutes * 60_000;
  return { locked: true, retryAfterMinutes: Math.max(1, Math.ceil((liftsAt - now.getTime()) / 60_000)) };
}

export async function recordAttempt(executor: Executor, email: string, ip: string, succeeded: boolean): Promise<void> {
  await executor.insert(signInAttempts).values({ email, ip, succeeded });
}
