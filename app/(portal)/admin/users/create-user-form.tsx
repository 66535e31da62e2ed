'use client';

import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { FormCard, TextField } from '@/app/_components/form-card';
import { useTRPC } from '@/app/trpc-provider';
import type { Role } from '@/server/rbac/permissions';
import { RolePicker } from './role-picker';

export function CreateUserForm({ onCreated, onCancel }: { onCreated: (email: string, oneTimePassword: string | null) => void; onCancel: () => void }) {
  const trpc = useTRPC();
  const [roles, setRoles] = useState<Role[]>(['viewer']);
  const create = useMutation(trpc.users.create.mutationOptions());

  function onSubmit(form: FormData) {
    const password = String(form.get('password') ?? '');
    create.mutate(
      { email: String(form.get('email') ?? ''), name: String(form.get('name') ?? ''), roles, password: password || undefined },
      { onSuccess: (result) => onCreated(result.user.email, result.oneTimePassword) },
    );
  }

  return (
    <FormCard title="New user" error={create.error} pending={create.isPending} submitLabel="Create user" onSubmit={onSubmit} onCancel={onCancel}>
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField id="new-user-name" label="Name" name="name" required placeholder="Grace Hopper" />
        <TextField id="new-user-email" label="Email" name="email" type="email" required placeholder="grace@company.com" />
      </div>
      <RolePicker value={roles} onChange={setRoles} idPrefix="new-user-role" />
      <div className="space-y-1.5">
        <label htmlFor="new-user-password" className="label">Initial password (optional)</label>
        <input id="new-user-password" name="password" type="password" autoComplete="new-password" className="field-input sm:max-w-sm" />
        <p className="text-tremor-label text-tremor-content">Leave empty to generate a one-time password that is shown once; they choose their own at first sign-in.</p>
      </div>
    </FormCard>
  );
}
