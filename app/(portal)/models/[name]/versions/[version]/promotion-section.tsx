import Link from 'next/link';
import { Badge } from '@/app/_components/badges';
import { LocalTime } from '@/app/_components/local-time';
import { loadOrRefuse } from '@/app/_components/load-or-refuse';
import { Section } from '@/app/_components/section';
import { can } from '@/server/rbac/permissions';
import { RequestPromotionForm } from './request-promotion-form';

/**
 * Where this version stands in each environment, its pending requests, and (for maintainers)
 * the form to request a promotion. A server component: it loads through the tRPC caller.
 */
export async function PromotionSection({ model, version }: { model: string; version: number }) {
  const [me, { environments }, { aliases }, pending] = await loadOrRefuse((caller) =>
    Promise.all([caller.me(), caller.promotions.environments(), caller.promotions.aliases({ model }), caller.promotions.list({ model, status: 'pending', limit: 20 })]),
  );
  const servesHere = new Set(aliases.filter((a) => a.version === version).map((a) => a.environment));
  const defaultEnvironment = environments.find((e) => !servesHere.has(e)) ?? environments[0]!;
  return (
    <Section title="Promotion" actions={<Link href={`/models/${encodeURIComponent(model)}/deployments`} className="text-tremor-default font-medium text-indigo-700 hover:underline">Deployment timeline →</Link>}>
      <div className="space-y-4 rounded-tremor-default border border-tremor-border bg-white p-5 shadow-tremor-card">
        <ul className="grid gap-3 sm:grid-cols-2" aria-label="Environments">
          {environments.map((env) => {
            const alias = aliases.find((a) => a.environment === env);
            const request = pending.items.find((p) => p.environment === env);
            return (
              <li key={env} className="rounded-tremor-small border border-tremor-border p-3">
                <p className="flex items-center justify-between gap-2 text-tremor-label font-semibold uppercase tracking-wide text-tremor-content">
                  {env} {alias?.version === version && <Badge tone="brand">this version</Badge>}
                </p>
                <p className="mt-1 text-tremor-default text-tremor-content-strong">
                  {alias ? <>Serves v{alias.version} since <LocalTime value={alias.deployedAt} /></> : 'Nothing deployed'}
                </p>
                {request && (
                  <Link href={request.url} className="mt-1 block text-tremor-label font-medium text-indigo-700 hover:underline">
                    Pending: v{request.version}, {request.tally.approvals} of {request.tally.required} approvals →
                  </Link>
                )}
              </li>
            );
          })}
        </ul>
        {can(me.roles, 'promotions:request') ? (
          <RequestPromotionForm model={model} version={version} environments={environments} defaultEnvironment={defaultEnvironment} />
        ) : (
          <p className="text-tremor-label text-tremor-content">Maintainers request promotions; reviewers approve them on the request&apos;s page.</p>
        )}
      </div>
    </Section>
  );
}
