'use client';

import { signIn } from 'next-auth/react';
import { useState, type FormEvent } from 'react';

export function SignInForm({ callbackUrl, oidcName, initialError }: { callbackUrl: string; oidcName: string | null; initialError: string | null }) {
  const [error, setError] = useState<string | null>(initialError);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const result = await signIn('credentials', {
      email: String(form.get('email') ?? ''),
      password: String(form.get('password') ?? ''),
      redirect: false,
    });
    if (!result || result.error) {
      setPending(false);
      setError(result?.error && result.error !== 'CredentialsSignin' ? result.error : 'Wrong email or password.');
      return;
    }
    window.location.assign(callbackUrl);
  }

  return (
    <div className="mt-5 space-y-5">
      {error && (
        <div role="alert" className="rounded-tremor-default border border-red-200 bg-red-50 px-3 py-2.5 text-tremor-default text-red-800">
          {error}
        </div>
      )}
      <form onSubmit={onSubmit} className="space-y-4" noValidate>
        <div className="space-y-1.5">
          <label htmlFor="email" className="label">Email</label>
          <input id="email" name="email" type="email" autoComplete="username" required className="field-input" placeholder="you@company.com" />
        </div>
        <div className="space-y-1.5">
          <label htmlFor="password" className="label">Password</label>
          <input id="password" name="password" type="password" autoComplete="current-password" required className="field-input" />
        </div>
        <button type="submit" className="btn-primary w-full" disabled={pending}>
          {pending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      {oidcName && (
        <>
          <div className="flex items-center gap-3 text-tremor-label text-tremor-content-subtle">
            <span className="h-px flex-1 bg-tremor-border" /> or <span className="h-px flex-1 bg-tremor-border" />
          </div>
          <button type="button" className="btn-secondary w-full" onClick={() => void signIn('oidc', { callbackUrl })}>
            Continue with {oidcName}
          </button>
        </>
      )}
    </div>
  );
}
