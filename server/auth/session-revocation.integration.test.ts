import { and, eq, sql } from 'drizzle-orm';
import NextAuth, { getServerSession } from 'next-auth';
import { beforeAll, describe, expect, it } from 'vitest';
import { userSessions } from '@/db/schema';
import { createDefaultTestDatabase, uniqueEmail } from '@/server/testing/test-database';
import { systemActor } from '@/server/auth/actor';
import { liveSession, type SessionClaims } from '@/server/users/user-sessions';
import { createUser, setUserActive } from '@/server/users/users-service';
import { authOptions } from './next-auth-options';
import { changeOwnPassword, resetUserPassword } from './password-change';

// Drives next-auth's real handler (the one /api/auth/* serves) and the session check pages
// and procedures use (getSession = getServerSession + liveSession), with captured cookies.

process.env.NEXTAUTH_SECRET = 'session-revocation-test-secret-0123456789';
process.env.NEXTAUTH_URL = 'http://localhost:3000';
const database = await createDefaultTestDatabase();
const options = { ...authOptions, secret: process.env.NEXTAUTH_SECRET };
const seed = systemActor('test');
const PASSWORD = 'the right password';
const SESSION_COOKIE = 'next-auth.session-token';

type Jar = Record<string, string>;

/** One request to next-auth's handler (its API-route form: the same core as /api/auth/*). */
async function auth(action: string, method: 'GET' | 'POST', cookies: Jar, body: Record<string, string> = {}, providerId?: string) {
  const headers = new Map<string, string | string[]>();
  const res = {
    body: undefined as unknown,
    status() { return res; },
    setHeader(name: string, value: string | string[]) { headers.set(name.toLowerCase(), value); return res; },
    getHeader(name: string) { return headers.get(name.toLowerCase()); },
    end() {},
    json(value: unknown) { res.body = value; },
    send(value: unknown) { res.body = value; },
  };
  const req = { query: { nextauth: providerId ? [action, providerId] : [action] }, method, cookies, headers: {}, body: { ...body, json: 'true' } };
  await (NextAuth as unknown as (req: unknown, res: unknown, options: unknown) => Promise<void>)(req, res, options);
  const set = [headers.get('set-cookie') ?? []].flat();
  const jar = Object.fromEntries(set.map((cookie) => cookie.split(';')[0]!.split('=')).map(([name, ...value]) => [name!, decodeURIComponent(value.join('='))]));
  return { body: res.body as Record<string, string> | undefined, jar: jar as Jar };
}

async function csrf(): Promise<{ token: string; jar: Jar }> {
  const answer = await auth('csrf', 'GET', {});
  return { token: answer.body!.csrfToken!, jar: answer.jar };
}

/** Signs in through the credentials callback; returns the browser's cookies. */
async function signIn(email: string, password = PASSWORD): Promise<Jar> {
  const { token, jar } = await csrf();
  const answer = await auth('callback', 'POST', jar, { email, password, csrfToken: token }, 'credentials');
  const session = answer.jar[SESSION_COOKIE];
  if (!session) throw new Error(`sign-in failed: ${JSON.stringify(answer.body)}`);
  return { ...jar, [SESSION_COOKIE]: session };
}

async function signOut(jar: Jar): Promise<void> {
  const { token, jar: csrfJar } = await csrf();
  const answer = await auth('signout', 'POST', { ...jar, ...csrfJar }, { csrfToken: token });
  expect(answer.jar[SESSION_COOKIE]).toBe('');
}

const noResponse = { getHeader() {}, setCookie() {}, setHeader() {} };

/** What the cookie says (its JWT alone) and whether the server still honours it. */
async function check(jar: Jar) {
  const claims = (await getServerSession({ headers: {}, cookies: jar } as never, noResponse as never, options)) as SessionClaims | null;
  return { cookieValid: claims !== null, session: await liveSession(database, claims) };
}

let email = '';
let userId = '';
beforeAll(async () => {
  email = uniqueEmail('browser');
  userId = (await createUser(database, seed, { email, name: 'Bea Browser', roles: ['viewer'], password: PASSWORD })).user.id;
});

describe('sessions end on the server', () => {
  it('a cookie captured before sign-out is refused afterwards, though its JWT is still valid', async () => {
    const jar = await signIn(email);
    const before = await check(jar);
    expect(before.session?.user.email).toBe(email);

    await signOut(jar);
    const after = await check(jar);
    expect(after.cookieValid).toBe(true);
    expect(after.session).toBeNull();
    const audited = await database.execute(sql`select 1 from audit_events where action = 'auth.signed_out' and target_id = ${userId}`);
    expect(audited.length).toBeGreaterThanOrEqual(1);
  });

  it("signing out one browser leaves the user's other browsers signed in", async () => {
    const laptop = await signIn(email);
    const phone = await signIn(email);
    await signOut(laptop);
    expect((await check(laptop)).session).toBeNull();
    expect((await check(phone)).session?.user.id).toBe(userId);
  });

  it('refuses a cookie whose session row has expired, and one issued without a session id', async () => {
    const jar = await signIn(email);
    const { session } = await check(jar);
    await database.update(userSessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(userSessions.id, session!.id));
    expect((await check(jar)).session).toBeNull();
    expect(await liveSession(database, { userId })).toBeNull();
    expect(await liveSession(database, { userId, sessionId: 'not-a-uuid' })).toBeNull();
  });

  it('a password change ends the other sessions and keeps the one it came from', async () => {
    const userEmail = uniqueEmail('changer');
    const { user } = await createUser(database, seed, { email: userEmail, name: 'C', roles: ['viewer'], password: PASSWORD });
    const here = await signIn(userEmail);
    const elsewhere = await signIn(userEmail);
    const hereId = (await check(here)).session!.id;
    const actor = { type: 'user' as const, id: user.id, label: userEmail, roles: user.roles, origin: { ip: '192.0.2.5', userAgent: null } };
    await changeOwnPassword(database, actor, { currentPassword: PASSWORD, newPassword: 'a brand new password' }, hereId);
    expect((await check(here)).session?.id).toBe(hereId);
    expect((await check(elsewhere)).session).toBeNull();
  });

  it('an admin reset and a deactivation end every session, and reactivation revives none', async () => {
    const userEmail = uniqueEmail('reset');
    const { user } = await createUser(database, seed, { email: userEmail, name: 'R', roles: ['viewer'], password: PASSWORD });
    const first = await signIn(userEmail);
    const { oneTimePassword } = await resetUserPassword(database, seed, { userId: user.id });
    expect((await check(first)).session).toBeNull();

    const second = await signIn(userEmail, oneTimePassword);
    expect((await check(second)).session?.user.mustChangePassword).toBe(true);
    await setUserActive(database, seed, { userId: user.id, active: false });
    await setUserActive(database, seed, { userId: user.id, active: true });
    expect((await check(second)).session).toBeNull();
    const live = await database.select().from(userSessions).where(and(eq(userSessions.userId, user.id), sql`revoked_at is null`));
    expect(live).toHaveLength(0);
  });
});
