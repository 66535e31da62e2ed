import type { Metadata } from 'next';
import Link from 'next/link';
import { DataTable, EmptyState } from '@/app/_components/data-table';
import { LocalTime } from '@/app/_components/local-time';
import { PageHeader } from '@/app/_components/page-header';
import { hrefWith, Pager } from '@/app/_components/pager';
import { loadOrRefuse } from '@/app/_components/load-or-refuse';
import { auditFilterSchema, type AuditSearch } from '@/server/audit/audit-schemas';
import { can } from '@/server/rbac/permissions';
import { AuditFilters } from './audit-filters';
import { EventDetail } from './event-detail';
import { VerifyOffline } from './verify-offline';
import { VerifyPanel } from './verify-panel';

export const metadata: Metadata = { title: 'Audit log' };
export const dynamic = 'force-dynamic';

type Search = Record<string, string | undefined>;

function toFilter(search: Search) {
  const parsed = auditFilterSchema.safeParse({
    from: search.from || undefined,
    to: search.to || undefined,
    actor: search.actor || undefined,
    action: search.action || undefined,
    targetType: search.targetType || undefined,
    targetId: search.targetId || undefined,
    before: search.before ? Number(search.before) : undefined,
    after: search.after && !search.before ? Number(search.after) : undefined,
  });
  return parsed.success ? { filter: parsed.data, invalid: false } : { filter: auditFilterSchema.parse({}), invalid: true };
}

// The export carries the filters on screen, never the page cursor.
function exportHref(format: 'jsonl' | 'csv', filter: AuditSearch): string {
  const params = new URLSearchParams();
  for (const key of ['from', 'to', 'actor', 'action', 'targetType', 'targetId'] as const) if (filter[key]) params.set(key, filter[key]);
  const query = params.toString();
  return `/audit/export/${format}${query ? `?${query}` : ''}`;
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<Search> }) {
  const search = await searchParams;
  const { filter, invalid } = toFilter(search);
  const [{ events, nextBefore, nextAfter }, checkpoints, signingKey, me] = await loadOrRefuse((caller) =>
    Promise.all([caller.audit.list(filter), caller.audit.checkpoints(), caller.audit.signingKey().catch(() => null), caller.me()]),
  );
  const filtered = Boolean(filter.from || filter.to || filter.actor || filter.action || filter.targetType || filter.targetId);

  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every change in Vigil, append-only and hash-chained: each event's hash covers the previous one, and workers sign the head periodically."
      />
      <div className="grid gap-6 lg:grid-cols-[1fr_20rem]">
        <div className="min-w-0 space-y-4">
          <AuditFilters initial={{ from: filter.from, to: filter.to, actor: filter.actor, action: filter.action, targetType: filter.targetType, targetId: filter.targetId }} />
          {invalid && <p role="alert" className="text-tremor-default text-red-700">Some filters were not understood and were ignored.</p>}
          <section aria-label="Export" className="flex flex-wrap items-center justify-between gap-3 rounded-tremor-default border border-tremor-border bg-white px-4 py-3 shadow-tremor-card">
            <p className="text-tremor-default text-tremor-content">
              {filtered ? 'Export the events matching these filters.' : 'Export the whole audit log.'} Every export is itself recorded here.
            </p>
            <div className="flex gap-2">
              <a className="btn-primary" href={exportHref('jsonl', filter)} download>Export JSON Lines</a>
              <a className="btn-secondary" href={exportHref('csv', filter)} download>Export CSV</a>
            </div>
          </section>
          {events.length === 0 ? (
            <EmptyState title={filtered ? 'No events match these filters' : 'No events yet'}>
              {filtered ? 'Widen the time range or clear a filter.' : 'Events appear here as soon as anyone signs in or changes something.'}
            </EmptyState>
          ) : (
            <DataTable label="Audit events" columns={['#', 'Time', 'Actor', 'Action', 'Target']} widths={['4rem', '11.5rem', '18%', undefined, '20%']} minWidth="46rem">
                  {events.map((event) => {
                    const target = event.body.target as { label?: string } | undefined;
                    const link = event.link && can(me.roles, event.link.permission) ? event.link : null;
                    return (
                      <tr key={event.seq}>
                        <td className="font-mono text-tremor-label text-tremor-content">{event.seq}</td>
                        <td className="whitespace-nowrap"><LocalTime value={event.occurredAt} /></td>
                        <td className="break-id">
                          <p className="font-medium text-tremor-content-strong">{event.actorLabel}</p>
                          <p className="text-tremor-label text-tremor-content">{event.actorType}</p>
                        </td>
                        <td className="break-id">
                          <span className="font-mono text-tremor-default text-indigo-700">{event.action}</span>
                          <details className="mt-1">
                            <summary className="cursor-pointer text-tremor-label text-tremor-content hover:text-tremor-content-emphasis">Details</summary>
                            <EventDetail seq={event.seq} body={event.body} hash={event.hash} link={link} />
                          </details>
                        </td>
                        <td className="break-id">
                          {event.targetType ? (
                            <>
                              <p className="text-tremor-content-strong">
                                {link ? <Link className="hover:underline" href={link.href}>{target?.label ?? event.targetId}</Link> : (target?.label ?? event.targetId)}
                              </p>
                              <p className="text-tremor-label text-tremor-content">{event.targetType}</p>
                            </>
                          ) : (
                            <span className="text-tremor-content-subtle">—</span>
                          )}
                        </td>
                      </tr>
                    );
                  })}
            </DataTable>
          )}
          <Pager
            label="Audit events"
            newer={nextAfter ? hrefWith('/audit', search, { before: undefined, after: String(nextAfter) }) : null}
            older={nextBefore ? hrefWith('/audit', search, { after: undefined, before: String(nextBefore) }) : null}
            position={nextAfter ? `#${events[0]?.seq ?? ''} to #${events[events.length - 1]?.seq ?? ''} · newest first` : 'Newest events first'}
          />
          {nextAfter && <p className="text-right"><Link className="text-tremor-label text-indigo-700 underline" href={hrefWith('/audit', search, { before: undefined, after: undefined })}>Back to the newest events</Link></p>}
        </div>
        <aside className="space-y-4">
          <VerifyPanel />
          <VerifyOffline fingerprint={signingKey?.fingerprint ?? null} />
          <section className="rounded-tremor-default border border-tremor-border bg-white p-5 shadow-tremor-card">
            <h2 className="font-semibold text-tremor-content-strong">Signed checkpoints</h2>
            {checkpoints.length === 0 ? (
              <p className="mt-2 text-tremor-default text-tremor-content">None yet. The worker signs the head of the chain every few minutes.</p>
            ) : (
              <ul className="mt-3 space-y-2.5">
                {checkpoints.slice(0, 6).map((cp) => (
                  <li key={cp.seq} className="text-tremor-default">
                    <p className="font-medium text-tremor-content-strong">Up to #{cp.seq}</p>
                    <p className="text-tremor-label text-tremor-content"><LocalTime value={cp.signedAt} /> · key {cp.keyId}</p>
                    <p className="truncate font-mono text-[11px] text-tremor-content-subtle" title={cp.headHash}>{cp.headHash}</p>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </aside>
      </div>
    </>
  );
}
