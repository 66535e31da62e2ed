import { and, desc, eq, gt } from 'drizzle-orm';
import type { Executor } from '@/db/client';
import { signInAttempts } from '@/db/schema';

export const LOCKOUT_POLICY = {
  windowMinutes: 15,
  maxFailuresPerAccount: 5,
  maxFailuresPerIp: 30,
} as const;

/** Recorded for attempts whose client address is unknown (see originFromHeaders). */
export const UNKNOWN_IP = 'unknown';

export interface LockoutState {
  locked: boolean;
  /** When the lock lifts (null when not locked). */
  liftsAt: Date | null;
}

/**
 * Counts recent failures for the account (since its last success) and for the IP. Kept in
 * the database so every web process shares one view. Attempts refused while locked are not
 * recorded, so a lock lifts when enough counted failures have left the window: for the
 * account, when its Nth most recent failure does; for the IP, likewise with the IP's limit.
 * An unknown address is not limited per IP: it would lump every such client together.
 */
export async function lockoutState(executor: Executor, email: string, ip: string | null, now = new Date()): Promise<LockoutState> {
  const windowMs = LOCKOUT_POLICY.windowMinutes * 60_000;
  const since = new Date(now.getTime() - windowMs);
  const recent = await executor
    .select({ succeeded: signInAttempts.succeeded, at: signInAttempts.at })
    .from(signInAttempts)
    .where(and(eq(signInAttempts.email, email), gt(signInAttempts.at, since)))
    .orderBy(desc(signInAttempts.at))
    .limit(LOCKOUT_POLICY.maxFailuresPerAccount);
  const firstSuccess = recent.findIndex((attempt) => attempt.succeeded);
  const failures = firstSuccess < 0 ? recent : recent.slice(0, firstSuccess);
  const lifts: number[] = [];
  if (failures.length >= LOCKOUT_POLICY.maxFailuresPerAccount) lifts.push(failures[LOCKOUT_POLICY.maxFailuresPerAccount - 1]!.at.getTime() + windowMs);
  if (ip && ip !== UNKNOWN_IP) {
    // The IP's Nth most recent failure in the window, if there are N.
    const [nth] = await executor
      .select({ at: signInAttempts.at })
      .from(signInAttempts)
      .where(and(eq(signInAttempts.ip, ip), eq(signInAttempts.succeeded, false), gt(signInAttempts.at, since)))
      .orderBy(desc(signInAttempts.at))
      .offset(LOCKOUT_POLICY.maxFailuresPerIp - 1)
      .limit(1);
    if (nth) lifts.push(nth.at.getTime() + windowMs);
  }
  return lifts.length === 0 ? { locked: false, liftsAt: null } : { locked: true, liftsAt: new Date(Math.max(...lifts)) };
}

/** "Try again in 7 minutes." — rounded up, so the stated time is never too short. */
export function lockoutMessage(liftsAt: Date, now = new Date()): string {
  const minutes = Math.max(1, Math.ceil((liftsAt.getTime() - now.getTime()) / 60_000));
  return `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`;
}

export async function recordAttempt(executor: Executor, email: string, ip: string | null, succeeded: boolean): Promise<void> {
  await executor.insert(signInAttempts).values({ email, ip: ip ?? UNKNOWN_IP, succeeded });
}
