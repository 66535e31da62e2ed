import type { Metadata } from 'next';
import Link from 'next/link';
import { forbidden } from 'next/navigation';
import { loadOrRefuse } from '@/app/_components/load-or-refuse';
import { Notice } from '@/app/_components/notice';
import { PageHeader } from '@/app/_components/page-header';
import { ALERT_KIND_INFO } from '@/server/alerts/alert-kinds';
import { can } from '@/server/rbac/permissions';
import { PoliciesPanel } from './policies-panel';

export const metadata: Metadata = { title: 'Policies' };
export const dynamic = 'force-dynamic';

export default async function PoliciesPage() {
  const me = await loadOrRefuse((caller) => caller.me());
  // Editing is what this page is for: without policies:manage it is a 403 (the server refuses saves regardless).
  if (!can(me.roles, 'policies:manage')) forbidden();
  const [policies, models] = await loadOrRefuse((caller) => Promise.all([caller.policies.list(), caller.models.list({})]));
  return (
    <>
      <PageHeader
        title="Promotion policies"
        description="What a promotion needs in each environment, optionally overridden per model. Requests snapshot the policy in force when they are made; every edit is audited with before and after."
        actions={<Link href="/audit?action=policy.changed" className="btn-secondary">Policy changes in the audit log</Link>}
      />
      <div className="space-y-6">
        <Notice tone="info" title="Rules no policy can change">
          <ul className="list-disc space-y-0.5 pl-5">
            {policies.fixedRules.map((r) => <li key={r}>{r}</li>)}
          </ul>
        </Notice>
        <PoliciesPanel
          initial={policies}
          models={models.map((m) => m.model.name)}
          alertKinds={Object.values(ALERT_KIND_INFO).map((k) => ({ kind: k.kind, label: k.label }))}
        />
      </div>
    </>
  );
}
