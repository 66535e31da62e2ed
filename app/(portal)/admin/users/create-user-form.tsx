'use client';

import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { errorText } from '@/app/_components/error-text';
import { Notice } from '@/app/_components/notice';
import { useTRPC } from '@/app/trpc-provider';
import type { Role } from '@/server/rbac/permissions';
import { RolePicker } from './role-picker';

export function CreateUserForm({ onCreated, onCancel }: { onCreated: (email: string, oneTimePassword: string | null) => void; onCancel: () => void }) {
  const trpc = useTRPC();
  const [roles, setRoles] = useState<Role[]>(['viewer']);
  const create = useMutation(trpc.users.create.mutationOptions());

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = String(form.get('password') ?? '');
    create.mutate(
      { email: String(form.get('email') ?? ''), name: String(form.get('name') ?? ''), roles, password: password || undefined },
      { onSuccess: (result) => onCreated(result.user.email, result.oneTimePassword) },
    );
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4 rounded-tremor-default border border-tremor-border bg-white p-5 shadow-tremor-card" aria-label="New user">
      <h2 className="text-tremor-title font-semibold text-tremor-content-strong">New user</h2>
      {create.error && <Notice tone="error">{errorText(create.error)}</Notice>}
      <div className="grid gap-4 sm:grid-cols-2">
        <div className="space-y-1.5">
          <label htmlFor="new-user-name" className="label">Name</label>
          <input id="new-user-name" name="name" required className="field-input" placeholder="Grace Hopper" />
        </div>
        <div className="space-y-1.5">
          <label htmlFor="new-user-email" className="label">Email</label>
          <input id="new-user-email" name="email" type="email" required className="field-input" placeholder="grace@company.com" />
        </div>
      </div>
      <RolePicker value={roles} onChange={setRoles} idPrefix="new-user-role" />
      <div className="space-y-1.5">
        <label htmlFor="new-user-password" className="label">Initial password (optional)</label>
        <input id="new-user-password" name="password" type="password" autoComplete="new-password" className="field-input sm:max-w-sm" />
        <p className="text-tremor-label text-tremor-content">Leave empty to generate a one-time password that is shown once.</p>
      </div>
      <div className="flex gap-2">
        <button type="submit" className="btn-primary" disabled={create.isPending}>{create.isPending ? 'Creating…' : 'Create user'}</button>
        <button type="button" className="btn-secondary" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  );
}
