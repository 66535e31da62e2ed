import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { db } from '@/db/client';
import { recordAudit } from '@/server/audit/record-audit';
import { toPublicError } from '@/server/errors/public-error';
import { endSession, SESSION_MAX_AGE_SECONDS, startSession } from '@/server/users/user-sessions';
import { textProblem } from '@/server/validation/text-checks';
import { authenticateWithPassword, SIGN_IN_MESSAGES, SignInError } from './authenticate';
import { oidcConfigFromEnv, syncOidcUser } from './oidc';
import { originFromHeaders } from './request-origin';

const oidc = oidcConfigFromEnv();

export const authOptions: NextAuthOptions = {
  // Credentials sign-in requires JWT sessions; the `sid` claim names a server-side session
  // (server/users/user-sessions.ts) that sign-out ends, and roles are read from the database per request.
  session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: '/sign-in', error: '/sign-in' },
  providers: [
    CredentialsProvider({
      id: 'credentials',
      name: 'Email and password',
      credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
      async authorize(credentials, req) {
        const email = credentials?.email ?? '';
        const password = credentials?.password ?? '';
        if (!email || !password) throw new Error('Enter your email and password.');
        // Text the database cannot hold (NUL, lone surrogates) matches no account.
        if (textProblem(email) || textProblem(password)) throw new SignInError('invalid_credentials', SIGN_IN_MESSAGES.invalid_credentials);
        const origin = originFromHeaders(new Headers((req.headers ?? {}) as Record<string, string>));
        // A thrown message reaches the sign-in form as the error to show: a SignInError's, never a database error's.
        const user = await authenticateWithPassword(db(), { email, password }, origin).catch((error: unknown) => {
          throw error instanceof SignInError ? error : new Error(toPublicError(error, 'sign-in').message);
        });
        return { id: user.id, email: user.email, name: user.name };
      },
    }),
    ...(oidc
      ? [
          {
            id: 'oidc',
            name: oidc.name,
            type: 'oauth' as const,
            wellKnown: `${oidc.issuer}/.well-known/openid-configuration`,
            clientId: oidc.clientId,
            clientSecret: oidc.clientSecret,
            authorization: { params: { scope: 'openid email profile' } },
            idToken: true,
            checks: ['pkce' as const, 'state' as const],
            profile(profile: Record<string, unknown>) {
              return { id: String(profile.sub), email: profile.email as string, name: (profile.name as string) ?? null };
            },
          },
        ]
      : []),
  ],
  callbacks: {
    async jwt({ token, user, account, profile }) {
      // Only at sign-in is there a user; later requests carry the token as it was issued.
      if (!user) return token;
      let userId = user.id;
      if (account?.provider === 'oidc' && oidc) {
        const groups = (profile as Record<string, unknown> | undefined)?.[oidc.groupsClaim];
        const id = await syncOidcUser(db(), oidc, { email: token.email, name: token.name, groups });
        if (!id) throw new Error('This account is deactivated.');
        userId = id;
      }
      token.sub = userId;
      token.sid = await startSession(db(), userId);
      return token;
    },
    async session({ session, token }) {
      return { ...session, userId: token.sub, sessionId: token.sid };
    },
  },
  events: {
    // The cookie is cleared by next-auth; ending the session here makes a copy of it useless too.
    async signOut({ token }) {
      const sessionId = typeof token?.sid === 'string' ? token.sid : null;
      if (!sessionId || !token.sub) return;
      const userId = token.sub;
      await db().transaction(async (tx) => {
        if (!(await endSession(tx, sessionId, userId))) return;
        const label = token.email ?? userId;
        await recordAudit(tx, { type: 'user', id: userId, label, roles: [], origin: { ip: null, userAgent: null } }, {
          action: 'auth.signed_out',
          target: { type: 'user', id: userId, label },
        });
      });
    },
  },
};

export const oidcEnabled = Boolean(oidc);
export const oidcName = oidc?.name ?? null;
