import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { db } from '@/db/client';
import { authenticateWithPassword } from './authenticate';
import { oidcConfigFromEnv, syncOidcUser } from './oidc';
import { originFromHeaders } from './request-origin';

const oidc = oidcConfigFromEnv();

export const authOptions: NextAuthOptions = {
  // Credentials sign-in requires JWT sessions; roles are still read from the database per request.
  session: { strategy: 'jwt', maxAge: 8 * 60 * 60 },
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
        const origin = originFromHeaders(new Headers((req.headers ?? {}) as Record<string, string>));
        // A thrown message reaches the sign-in form as the error to show.
        const user = await authenticateWithPassword(db(), { email, password }, origin);
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
      if (account?.provider === 'oidc' && oidc) {
        const groups = (profile as Record<string, unknown> | undefined)?.[oidc.groupsClaim];
        const id = await syncOidcUser(db(), oidc, { email: token.email, name: token.name, groups });
        if (!id) throw new Error('This account is deactivated.');
        token.sub = id;
      } else if (user) {
        token.sub = user.id;
      }
      return token;
    },
    async session({ session, token }) {
      return { ...session, userId: token.sub };
    },
  },
};

export const oidcEnabled = Boolean(oidc);
export const oidcName = oidc?.name ?? null;
