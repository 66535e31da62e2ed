import Link from 'next/link';
import { Badge } from '@/app/_components/badges';
import { EmptyState } from '@/app/_components/data-table';
import { LocalTime } from '@/app/_components/local-time';
import { loadOrRefuse } from '@/app/_components/load-or-refuse';
import { PageHeader } from '@/app/_components/page-header';
import { OffsetPager, offsetPage } from '@/app/_components/pager';
import { Section } from '@/app/_components/section';
import { modelPageMetadata } from '@/app/_components/page-title';
import type { ReactNode } from 'react';
import type { DeploymentView } from '@/server/approvals/promotion-views';
import { can } from '@/server/rbac/permissions';
import { formatDuration } from '../../../promotions/evidence-format';
import { ApprovalMeter, gateNames, KindBadge } from '../../../promotions/promotion-badges';
import { AliasAtForm } from './alias-at-form';
import { ImpactPanel } from './impact-panel';
import { RollbackActions } from './rollback-actions';

export const dynamic = 'force-dynamic';

export const generateMetadata = modelPageMetadata('Deployments');

// White on the serving segment, dark on pale past ones: both read at 4.5:1 or more (fading with opacity did not).
const SEGMENT_TONES = { promotion: 'bg-indigo-600 text-white', rollback: 'bg-amber-700 text-white', emergency_rollback: 'bg-red-700 text-white' } as const;
const PAST_SEGMENT_TONES = { promotion: 'bg-indigo-100 text-indigo-900', rollback: 'bg-amber-100 text-amber-900', emergency_rollback: 'bg-red-100 text-red-900' } as const;
const KIND_NAMES = { promotion: 'promotion', rollback: 'rollback', emergency_rollback: 'emergency rollback' } as const;
const DOT_TONES = { promotion: 'bg-indigo-500 ring-indigo-100', rollback: 'bg-amber-500 ring-amber-100', emergency_rollback: 'bg-red-600 ring-red-100' } as const;

/** Which version served when, as one bar: each segment as wide as the time it served (with a floor). */
function ServedBar({ deployments, now }: { deployments: DeploymentView[]; now: Date }) {
  const ordered = [...deployments].reverse();
  const kinds = [...new Set(ordered.map((d) => d.kind))];
  return (
    <figure>
      <div className="flex h-9 w-full overflow-hidden rounded-tremor-small border border-tremor-border bg-tremor-background-subtle" role="img" aria-label={`Served: ${ordered.map((d) => `v${d.version}`).join(', then ')}`}>
        {ordered.map((d) => {
          const ms = (d.replacedAt ?? now).getTime() - d.createdAt.getTime();
          return (
            <div
              key={d.id}
              className={`flex min-w-[2.75rem] items-center justify-center border-r border-white/70 text-tremor-label font-semibold last:border-r-0 ${d.current ? SEGMENT_TONES[d.kind] : PAST_SEGMENT_TONES[d.kind]}`}
              style={{ flexGrow: Math.max(ms, 1), flexBasis: 0 }}
              title={`v${d.version}: ${d.createdAt.toISOString()} – ${d.replacedAt?.toISOString() ?? 'now'}`}
            >
              v{d.version}
            </div>
          );
        })}
      </div>
      <figcaption className="mt-1.5 flex flex-wrap items-center justify-between gap-2 text-tremor-label text-tremor-content">
        <span>
          since <LocalTime value={ordered[0]!.createdAt} />
        </span>
        <span className="flex gap-3">
          {kinds.map((k) => (
            <span key={k} className="inline-flex items-center gap-1.5">
              <span className={`h-2.5 w-2.5 rounded-sm ${SEGMENT_TONES[k]}`} aria-hidden="true" />
              {KIND_NAMES[k]}
            </span>
          ))}
          {ordered.some((d) => !d.current) && <span>pale: since replaced</span>}
        </span>
        <span>{ordered[ordered.length - 1]!.replacedAt ? <>until <LocalTime value={ordered[ordered.length - 1]!.replacedAt} /></> : 'now'}</span>
      </figcaption>
    </figure>
  );
}

function DeploymentItem({ d, model, now, last, actions }: { d: DeploymentView; model: string; now: Date; last: boolean; actions: ReactNode }) {
  return (
    <li className="relative pb-6 pl-8 last:pb-0" aria-label={`v${d.version} ${d.kind.replace('_', ' ')}${d.current ? ', serving now' : ''}`}>
      {!last && <span className="absolute left-[7px] top-5 h-full w-px bg-tremor-border" aria-hidden="true" />}
      <span className={`absolute left-0 top-1.5 h-4 w-4 rounded-full ring-4 ${DOT_TONES[d.kind]}`} aria-hidden="true" />
      <div className={`rounded-tremor-default border bg-white p-4 shadow-tremor-card ${d.kind === 'emergency_rollback' ? 'border-red-300' : 'border-tremor-border'}`}>
        <div className="flex flex-wrap items-center justify-between gap-2">
          <p className="flex flex-wrap items-center gap-2">
            <Link href={`/models/${encodeURIComponent(model)}/versions/${d.version}`} className="font-mono text-tremor-title font-semibold text-indigo-700 hover:underline">v{d.version}</Link>
            <KindBadge kind={d.kind} />
            {d.current && <Badge tone="good">serving now</Badge>}
            {d.previousVersion !== null && <span className="text-tremor-label text-tremor-content">replaced v{d.previousVersion}</span>}
          </p>
          <p className="text-tremor-label text-tremor-content">
            <LocalTime value={d.createdAt} /> → {d.replacedAt ? <LocalTime value={d.replacedAt} /> : 'now'} · {formatDuration(d.createdAt, d.replacedAt ?? now)}
            {d.replacedByVersion !== null && <> · replaced by <span className="font-mono">v{d.replacedByVersion}</span></>}
          </p>
        </div>
        {d.kind === 'emergency_rollback' && (
          <p className="mt-2 rounded-tremor-small bg-red-50 px-3 py-2 text-tremor-default text-red-800">
            <span className="font-semibold">Emergency rollback without approval by {d.deployedBy}:</span> {d.reason}
          </p>
        )}
        <dl className="mt-2 grid gap-x-6 gap-y-1 text-tremor-label sm:grid-cols-3">
          <div><dt className="inline text-tremor-content">Requested by </dt><dd className="inline text-tremor-content-strong">{d.requestedBy ?? '—'}</dd></div>
          <div><dt className="inline text-tremor-content">Approved by </dt><dd className="inline text-tremor-content-strong">{d.approvedBy.length ? d.approvedBy.join(', ') : '—'}</dd></div>
          <div><dt className="inline text-tremor-content">Deployed by </dt><dd className="inline text-tremor-content-strong">{d.deployedBy}</dd></div>
        </dl>
        <p className="mt-1 flex flex-wrap gap-x-4 text-tremor-label text-tremor-content">
          <span className="font-mono">sha256 {d.artifactSha256.slice(0, 16)}…</span>
          {d.requestId && <Link href={`/promotions/${d.requestId}`} className="font-medium text-indigo-700 hover:underline">Request and decisions →</Link>}
        </p>
        <div className="mt-3 border-t border-tremor-border pt-3">
          <ImpactPanel target={{ deploymentId: d.id }} title="Impact: business KPIs and metrics before vs after" />
        </div>
        {actions}
      </div>
    </li>
  );
}

const DEPLOYMENTS_PER_PAGE = 10;

export default async function DeploymentsPage({ params, searchParams }: { params: Promise<{ name: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const { name } = await params;
  const search = await searchParams;
  const [timeline, me] = await loadOrRefuse((caller) => Promise.all([caller.promotions.timeline({ model: name }), caller.me()]));
  // Each environment pages on its own, its page in the query parameter named after it (?production=2).
  const pages = timeline.environments.map((env) => offsetPage(search[env.environment], DEPLOYMENTS_PER_PAGE));
  const lists = await loadOrRefuse((caller) =>
    Promise.all(timeline.environments.map((env, i) => caller.promotions.deployments({ model: name, environment: env.environment, limit: pages[i]!.size, offset: pages[i]!.offset }))),
  );
  const now = new Date();
  const model = timeline.model;
  const canRequest = can(me.roles, 'promotions:request');
  const isAdmin = can(me.roles, 'promotions:override');
  return (
    <>
      <PageHeader
        title={`${model} · deployments`}
        description="Which version served each environment, from when to when, who requested it and who approved it. Rollbacks are flagged; emergency rollbacks carry their reason."
        actions={<Link href="/promotions" className="btn-secondary">Promotions</Link>}
      />
      <div className="space-y-8">
        <AliasAtForm model={model} environments={timeline.environments.map((e) => e.environment)} />
        {timeline.environments.map((env, envIndex) => {
          const deployments = lists[envIndex]!.deployments;
          const page = pages[envIndex]!;
          // Versions this environment may go back to: served before, not serving now; the newest deployment of each carries the actions.
          const offered = new Set<number>();
          return (
            <Section
              key={env.environment}
              id={`deployments-${env.environment}`}
              title={env.environment}
              actions={
                env.current ? (
                  <span className="text-tremor-default text-tremor-content">
                    Serves <span className="font-mono font-semibold text-tremor-content-strong">v{env.current.version}</span> since <LocalTime value={env.current.deployedAt} />
                  </span>
                ) : (
                  <span className="text-tremor-default text-tremor-content">Nothing deployed</span>
                )
              }
            >
              <div className="space-y-4">
                {env.pending && (
                  <Link href={env.pending.url} className="flex flex-wrap items-center justify-between gap-3 rounded-tremor-default border border-amber-200 bg-amber-50 px-4 py-3 text-tremor-default hover:border-amber-300">
                    <span className="text-amber-900">
                      <span className="font-semibold">Pending {env.pending.kind}:</span> v{env.pending.version} requested by {env.pending.requestedBy.name ?? env.pending.requestedBy.label}
                      {env.pending.blockingGates.length > 0 ? ` · blocking: ${gateNames(env.pending.blockingGates)}` : ''}
                    </span>
                    <ApprovalMeter approvals={env.pending.tally.approvals} required={env.pending.tally.required} />
                  </Link>
                )}
                {env.deploymentCount === 0 ? (
                  <EmptyState title={`Never deployed to ${env.environment}`}>Request a promotion from a validated version&apos;s page; once reviewers approve it, the alias moves and the deployment appears here.</EmptyState>
                ) : (
                  <>
                    {deployments.length > 0 && <ServedBar deployments={deployments} now={now} />}
                    <ol className="pt-2" aria-label={`Deployments to ${env.environment}`}>
                      {deployments.map((d, i) => {
                        const offer = !d.current && d.version !== env.current?.version && !offered.has(d.version);
                        if (offer) offered.add(d.version);
                        return (
                          <DeploymentItem
                            key={d.id}
                            d={d}
                            last={i === deployments.length - 1}
                            model={model}
                            now={now}
                            actions={
                              offer ? (
                                <RollbackActions
                                  model={model}
                                  environment={env.environment}
                                  version={d.version}
                                  serving={env.current?.version ?? null}
                                  canRequest={canRequest}
                                  isAdmin={isAdmin}
                                  pendingVersion={env.pending?.version ?? null}
                                />
                              ) : null
                            }
                          />
                        );
                      })}
                    </ol>
                    <OffsetPager
                      label={`Deployments to ${env.environment}`}
                      pathname={`/models/${encodeURIComponent(model)}/deployments`}
                      search={search}
                      param={env.environment}
                      page={page}
                      total={lists[envIndex]!.total}
                      hash={`deployments-${env.environment}`}
                    />
                  </>
                )}
              </div>
            </Section>
          );
        })}
      </div>
    </>
  );
}
