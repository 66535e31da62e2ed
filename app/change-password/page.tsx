import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { Logo } from '@/app/_components/logo';
import { TrpcProvider } from '@/app/trpc-provider';
import { getSessionUser } from '@/server/auth/session-user';
import { MIN_PASSWORD_LENGTH } from '@/server/users/password';
import { ChangePasswordForm } from './change-password-form';

export const metadata: Metadata = { title: 'Change password' };
export const dynamic = 'force-dynamic';

// Outside the portal layout on purpose: for a user who still holds an admin's one-time
// password this is the only page there is (the portal layout redirects here).
export default async function ChangePasswordPage() {
  const user = await getSessionUser();
  if (!user) redirect('/sign-in?callbackUrl=/change-password');
  const forced = user.mustChangePassword;
  return (
    <main className="flex min-h-screen items-center justify-center bg-gradient-to-b from-indigo-50 to-tremor-background-muted px-4">
      <div className="w-full max-w-sm">
        <div className="mb-8 flex flex-col items-center text-center">
          <Logo className="text-xl" />
          <p className="mt-3 text-tremor-default text-tremor-content">Model governance and monitoring</p>
        </div>
        <div className="rounded-tremor-default border border-tremor-border bg-white p-6 shadow-tremor-card">
          <h1 className="text-tremor-title font-semibold text-tremor-content-strong">{forced ? 'Choose your password' : 'Change password'}</h1>
          <p className="mt-2 text-tremor-default text-tremor-content">
            {forced
              ? `Welcome, ${user.name}. You signed in with a one-time password from an administrator: choose your own to continue.`
              : 'Your other browsers are signed out when you change it; this one stays signed in.'}
          </p>
          <TrpcProvider>
            <ChangePasswordForm forced={forced} minLength={MIN_PASSWORD_LENGTH} />
          </TrpcProvider>
        </div>
        <p className="mt-6 text-center text-tremor-label text-tremor-content">Signed in as {user.email}</p>
      </div>
    </main>
  );
}
