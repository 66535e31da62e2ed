import { ROLE_LABELS, type Role } from '@/server/rbac/permissions';

const TONES = {
  brand: 'bg-indigo-50 text-indigo-700',
  good: 'bg-emerald-50 text-emerald-700',
  warn: 'bg-amber-50 text-amber-700',
  off: 'bg-gray-100 text-gray-600',
  bad: 'bg-red-50 text-red-700',
} as const;

export function Badge({ tone, children }: { tone: keyof typeof TONES; children: string }) {
  return <span className={`rounded-tremor-full px-2 py-0.5 text-tremor-label font-medium ${TONES[tone]}`}>{children}</span>;
}

export function RoleBadges({ roles }: { roles: readonly Role[] }) {
  return (
    <span className="flex flex-wrap gap-1.5">
      {roles.map((role) => (
        <Badge key={role} tone="brand">{ROLE_LABELS[role]}</Badge>
      ))}
    </span>
  );
}

const STATUS_TONES: Record<string, keyof typeof TONES> = {
  registered: 'off',
  validated: 'good',
  invalid: 'bad',
  in_review: 'warn',
  approved: 'good',
  deployed: 'brand',
  rejected: 'bad',
  archived: 'off',
};

/** A model version's lifecycle status. */
export function StatusBadge({ status }: { status: string }) {
  return <Badge tone={STATUS_TONES[status] ?? 'off'}>{status.replace('_', ' ')}</Badge>;
}
