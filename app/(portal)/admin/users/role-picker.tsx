'use client';

import { ROLE_LABELS, ROLES, type Role } from '@/server/rbac/permissions';

const ROLE_HINTS: Record<Role, string> = {
  admin: 'users, tokens, policies',
  maintainer: 'registers models, requests promotions',
  reviewer: 'approves or rejects promotions',
  auditor: 'reads and exports the audit log',
  viewer: 'reads dashboards',
};

export function RolePicker({ value, onChange, idPrefix }: { value: Role[]; onChange: (roles: Role[]) => void; idPrefix: string }) {
  return (
    <fieldset className="grid gap-2 sm:grid-cols-2">
      <legend className="label mb-1.5">Roles</legend>
      {ROLES.map((role) => (
        <label key={role} htmlFor={`${idPrefix}-${role}`} className="flex cursor-pointer items-start gap-2 rounded-tremor-small border border-tremor-border px-3 py-2 hover:bg-tremor-background-muted">
          <input
            id={`${idPrefix}-${role}`}
            type="checkbox"
            className="mt-0.5 accent-indigo-600"
            checked={value.includes(role)}
            onChange={(e) => onChange(e.target.checked ? [...value, role] : value.filter((r) => r !== role))}
          />
          <span>
            <span className="block text-tremor-default font-medium text-tremor-content-strong">{ROLE_LABELS[role]}</span>
            <span className="block text-tremor-label text-tremor-content">{ROLE_HINTS[role]}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}
