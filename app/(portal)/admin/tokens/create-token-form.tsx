'use client';

import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { FormCard, TextField } from '@/app/_components/form-card';
import { useTRPC } from '@/app/trpc-provider';
import { SCOPE_DESCRIPTIONS, TOKEN_SCOPES, type TokenScope } from '@/server/rbac/permissions';

const EXPIRY_CHOICES = [
  { label: '30 days', days: 30 },
  { label: '90 days', days: 90 },
  { label: '1 year', days: 365 },
  { label: 'Never', days: 0 },
];

export function CreateTokenForm({ onCreated, onCancel }: { onCreated: (name: string, secret: string) => void; onCancel: () => void }) {
  const trpc = useTRPC();
  const [scopes, setScopes] = useState<TokenScope[]>([]);
  const create = useMutation(trpc.apiTokens.create.mutationOptions());

  function onSubmit(form: FormData) {
    const days = Number(form.get('expiry'));
    create.mutate(
      { name: String(form.get('name') ?? ''), scopes, expiresInDays: days > 0 ? days : undefined },
      { onSuccess: (token) => onCreated(token.name, token.secret) },
    );
  }

  return (
    <FormCard title="New API token" error={create.error} pending={create.isPending} submitLabel="Create token" onSubmit={onSubmit} onCancel={onCancel}>
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField id="token-name" label="Name" name="name" required placeholder="github-actions-credit-risk" />
        <div className="space-y-1.5">
          <label htmlFor="token-expiry" className="label">Expires after</label>
          <select id="token-expiry" name="expiry" defaultValue="90" className="field-input">
            {EXPIRY_CHOICES.map((c) => <option key={c.days} value={c.days}>{c.label}</option>)}
          </select>
        </div>
      </div>
      <fieldset className="grid gap-2 sm:grid-cols-2">
        <legend className="label mb-1.5">Scopes</legend>
        {TOKEN_SCOPES.map((scope) => (
          <label key={scope} htmlFor={`scope-${scope}`} className="flex cursor-pointer items-start gap-2 rounded-tremor-small border border-tremor-border px-3 py-2 hover:bg-tremor-background-muted">
            <input
              id={`scope-${scope}`}
              type="checkbox"
              className="mt-0.5 accent-indigo-600"
              checked={scopes.includes(scope)}
              onChange={(e) => setScopes(e.target.checked ? [...scopes, scope] : scopes.filter((s) => s !== scope))}
            />
            <span>
              <span className="block font-mono text-tremor-default text-tremor-content-strong">{scope}</span>
              <span className="block text-tremor-label text-tremor-content">{SCOPE_DESCRIPTIONS[scope]}</span>
            </span>
          </label>
        ))}
      </fieldset>
    </FormCard>
  );
}
