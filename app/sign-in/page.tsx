import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { Logo } from '@/app/_components/logo';
import { getSessionUser } from '@/server/auth/session-user';
import { oidcEnabled, oidcName } from '@/server/auth/next-auth-options';
import { SignInForm } from './sign-in-form';

export const metadata: Metadata = { title: 'Sign in' };
export const dynamic = 'force-dynamic';

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string }> }) {
  const params = await searchParams;
  if (await getSessionUser()) redirect('/');
  // Only same-site paths: an absolute callback URL would make this an open redirect.
  const callbackUrl = params.callbackUrl?.startsWith('/') && !params.callbackUrl.startsWith('//') ? params.callbackUrl : '/';
  return (
    <main className="flex min-h-screen items-center justify-center bg-gradient-to-b from-indigo-50 to-tremor-background-muted px-4">
      <div className="w-full max-w-sm">
        <div className="mb-8 flex flex-col items-center text-center">
          <Logo className="text-xl" />
          <p className="mt-3 text-tremor-default text-tremor-content">Model governance and monitoring</p>
        </div>
        <div className="rounded-tremor-default border border-tremor-border bg-white p-6 shadow-tremor-card">
          <h1 className="text-tremor-title font-semibold text-tremor-content-strong">Sign in</h1>
          <SignInForm callbackUrl={callbackUrl} oidcName={oidcEnabled ? oidcName : null} initialError={params.error ? 'Sign-in failed. Try again.' : null} />
        </div>
        <p className="mt-6 text-center text-tremor-label text-tremor-content">Accounts are created by your Vigil administrator.</p>
      </div>
    </main>
  );
}
