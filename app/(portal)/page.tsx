import Link from 'next/link';
import { RoleBadges } from '@/app/_components/badges';
import { LocalTime } from '@/app/_components/local-time';
import { PageHeader } from '@/app/_components/page-header';
import { loadOrRefuse } from '@/app/_components/load-or-refuse';
import { can, PERMISSIONS, ROLE_LABELS, type Permission } from '@/server/rbac/permissions';
import { navigationFor } from './navigation';

export const dynamic = 'force-dynamic';

const SECTION_BLURBS: Record<string, string> = {
  '/models': 'Registered models, their versions, ONNX signatures, lineage and CI releases.',
  '/admin/webhooks': 'Secrets for CI webhooks (GitHub and generic) and the log of every delivery.',
  '/promotions': 'Promotion requests with their evidence; reviewers approve or reject, everyone follows them.',
  '/admin/policies': 'Approvals and evidence gates each environment requires, per model where needed.',
  '/admin/outbound-webhooks': 'Where Vigil sends alerts, promotion and deployment events (Slack-compatible, signed).',
  '/audit': 'Search the tamper-evident audit log and verify that no event was altered or removed.',
  '/admin/users': 'Create accounts, grant roles and deactivate people who left.',
  '/admin/tokens': 'Issue scoped API tokens for CI pipelines and production services.',
};

function StatusDot({ ok }: { ok: boolean }) {
  return <span className={`inline-block h-2.5 w-2.5 rounded-full ${ok ? 'bg-emerald-500' : 'bg-amber-500'}`} aria-hidden="true" />;
}

export default async function OverviewPage() {
  const me = await loadOrRefuse((caller) => caller.me());
  const health = can(me.roles, 'system:read') ? await loadOrRefuse((caller) => caller.system.report()) : null;
  const sections = navigationFor(me.roles).filter((item) => item.href !== '/');
  const granted = (Object.keys(PERMISSIONS) as Permission[]).filter((p) => can(me.roles, p));

  return (
    <>
      <PageHeader
        title={`Welcome, ${me.name.split(' ')[0]}`}
        description="Vigil takes models from CI release to production and keeps watching them. Here is what your roles let you do."
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <section className="rounded-tremor-default border border-tremor-border bg-white p-5 shadow-tremor-card lg:col-span-2">
          <h2 className="text-tremor-title font-semibold text-tremor-content-strong">Your sections</h2>
          {sections.length === 0 ? (
            <div className="mt-4 rounded-tremor-default border border-dashed border-tremor-border bg-tremor-background-muted p-6 text-center">
              <p className="font-medium text-tremor-content-strong">Nothing else to open yet</p>
              <p className="mt-1 text-tremor-default text-tremor-content">
                Your roles ({me.roles.map((r) => ROLE_LABELS[r]).join(', ')}) give you this overview. The model registry, monitoring and
                approval pages appear here as they are switched on; ask an administrator for more roles if you need them sooner.
              </p>
            </div>
          ) : (
            <ul className="mt-4 grid gap-3 sm:grid-cols-2">
              {sections.map((item) => (
                <li key={item.href}>
                  <Link href={item.href} className="block h-full rounded-tremor-default border border-tremor-border p-4 transition hover:border-indigo-300 hover:bg-indigo-50/40">
                    <p className="font-medium text-tremor-content-strong">{item.label} →</p>
                    <p className="mt-1 text-tremor-default text-tremor-content">{SECTION_BLURBS[item.href]}</p>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="rounded-tremor-default border border-tremor-border bg-white p-5 shadow-tremor-card">
          <h2 className="text-tremor-title font-semibold text-tremor-content-strong">Your account</h2>
          <dl className="mt-4 space-y-3 text-tremor-default">
            <div>
              <dt className="text-tremor-label text-tremor-content">Signed in as</dt>
              <dd className="font-medium text-tremor-content-strong">{me.email}</dd>
            </div>
            <div>
              <dt className="text-tremor-label text-tremor-content">Roles</dt>
              <dd className="mt-1">
                <RoleBadges roles={me.roles} />
              </dd>
            </div>
            <div>
              <dt className="text-tremor-label text-tremor-content">Permissions</dt>
              <dd className="mt-1 font-mono text-tremor-label text-tremor-content-emphasis">{granted.join(' · ')}</dd>
            </div>
          </dl>
        </section>
        {health && (
          <section className="rounded-tremor-default border border-tremor-border bg-white p-5 shadow-tremor-card lg:col-span-3">
            <div className="flex items-center justify-between">
              <h2 className="text-tremor-title font-semibold text-tremor-content-strong">System status</h2>
              <a href="/api/health" className="text-tremor-default text-indigo-600 hover:underline">/api/health</a>
            </div>
            <div className="mt-4 grid gap-4 sm:grid-cols-3">
              <div className="rounded-tremor-default bg-tremor-background-muted p-4">
                <p className="flex items-center gap-2 text-tremor-label text-tremor-content"><StatusDot ok={health.database.reachable} /> Database</p>
                <p className="mt-1 text-tremor-title font-semibold text-tremor-content-strong">{health.database.reachable ? 'Reachable' : 'Down'}</p>
                <p className="text-tremor-label text-tremor-content">{health.database.latencyMs ?? '—'} ms round trip</p>
              </div>
              <div className="rounded-tremor-default bg-tremor-background-muted p-4">
                <p className="flex items-center gap-2 text-tremor-label text-tremor-content"><StatusDot ok={health.migrations?.pending === 0} /> Schema</p>
                <p className="mt-1 truncate text-tremor-title font-semibold text-tremor-content-strong">{health.migrations?.applied ?? 'not migrated'}</p>
                <p className="text-tremor-label text-tremor-content">{health.migrations?.pending ?? '?'} pending migrations</p>
              </div>
              <div className="rounded-tremor-default bg-tremor-background-muted p-4">
                <p className="flex items-center gap-2 text-tremor-label text-tremor-content"><StatusDot ok={Boolean(health.worker?.alive)} /> Workers</p>
                <p className="mt-1 text-tremor-title font-semibold text-tremor-content-strong">{health.worker?.alive ? 'Alive' : 'No heartbeat'}</p>
                <p className="text-tremor-label text-tremor-content">
                  Last heartbeat <LocalTime value={health.worker?.lastHeartbeatAt ?? null} fallback="never" />
                </p>
              </div>
            </div>
          </section>
        )}
      </div>
    </>
  );
}
