'use client';

import { useMutation } from '@tanstack/react-query';
import { signOut } from 'next-auth/react';
import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { errorText } from '@/app/_components/error-text';
import { useTRPC } from '@/app/trpc-provider';

export function ChangePasswordForm({ forced, minLength }: { forced: boolean; minLength: number }) {
  const trpc = useTRPC();
  const change = useMutation(trpc.users.changeOwnPassword.mutationOptions({ onSuccess: () => window.location.assign('/') }));
  const [mismatch, setMismatch] = useState<string | null>(null);
  const error = mismatch ?? (change.error ? errorText(change.error) : null);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const newPassword = String(form.get('newPassword') ?? '');
    // Checked here only: the server needs the new password once, and this catches a typo before it is set.
    if (newPassword !== String(form.get('confirmPassword') ?? '')) {
      setMismatch('The two new passwords do not match.');
      return;
    }
    setMismatch(null);
    change.mutate({ currentPassword: String(form.get('currentPassword') ?? ''), newPassword });
  }

  return (
    <div className="mt-5 space-y-5">
      {error && (
        <div role="alert" className="rounded-tremor-default border border-red-200 bg-red-50 px-3 py-2.5 text-tremor-default text-red-800">
          {error}
        </div>
      )}
      <form onSubmit={onSubmit} className="space-y-4" aria-label="Change password" noValidate>
        <div className="space-y-1.5">
          <label htmlFor="current-password" className="label">{forced ? 'One-time password' : 'Current password'}</label>
          <input id="current-password" name="currentPassword" type="password" autoComplete="current-password" required className="field-input" />
        </div>
        <div className="space-y-1.5">
          <label htmlFor="new-password" className="label">New password</label>
          <input id="new-password" name="newPassword" type="password" autoComplete="new-password" required minLength={minLength} className="field-input" aria-describedby="new-password-hint" />
          <p id="new-password-hint" className="text-tremor-label text-tremor-content">At least {minLength} characters.</p>
        </div>
        <div className="space-y-1.5">
          <label htmlFor="confirm-password" className="label">Repeat the new password</label>
          <input id="confirm-password" name="confirmPassword" type="password" autoComplete="new-password" required className="field-input" />
        </div>
        <button type="submit" className="btn-primary w-full" disabled={change.isPending}>
          {change.isPending ? 'Saving…' : forced ? 'Set password and continue' : 'Change password'}
        </button>
      </form>
      {forced ? (
        <button type="button" className="btn-secondary w-full" onClick={() => void signOut({ callbackUrl: '/sign-in' })}>
          Sign out
        </button>
      ) : (
        <Link href="/" className="btn-secondary w-full">Back to Vigil</Link>
      )}
    </div>
  );
}
