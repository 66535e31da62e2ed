import type { Metadata } from 'next';
import Link from 'next/link';
import { Badge } from '@/app/_components/badges';
import { DataTable, EmptyState } from '@/app/_components/data-table';
import { LocalTime } from '@/app/_components/local-time';
import { loadOrRefuse } from '@/app/_components/load-or-refuse';
import { PageHeader } from '@/app/_components/page-header';
import { OffsetPager, offsetPage } from '@/app/_components/pager';
import { Section } from '@/app/_components/section';
import type { PromotionSummary } from '@/server/approvals/promotion-views';
import { can } from '@/server/rbac/permissions';
import { InboxPanel } from './inbox-panel';
import { ApprovalMeter, GateSummary, KindBadge, PromotionStatusBadge } from './promotion-badges';

export const metadata: Metadata = { title: 'Promotions' };
export const dynamic = 'force-dynamic';

const CLOSED = ['approved', 'rejected', 'cancelled', 'expired', 'superseded'] as const;
type Closed = (typeof CLOSED)[number];

function RequestCell({ p }: { p: PromotionSummary }) {
  return (
    <>
      <span className="flex flex-wrap items-center gap-1.5">
        <Link href={p.url} className="font-medium text-indigo-700 hover:underline">
          {p.model} v{p.version} → {p.environment}
        </Link>
        {p.kind === 'rollback' && <KindBadge kind={p.kind} />}
      </span>
      <p className="mt-0.5 text-tremor-label text-tremor-content">
        {p.requestedBy.name ?? p.requestedBy.label} · <LocalTime value={p.createdAt} />
      </p>
      <p className="mt-0.5 line-clamp-1 max-w-[22rem] text-tremor-label text-tremor-content-subtle" title={p.justification}>{p.justification}</p>
    </>
  );
}

const PENDING_PER_PAGE = 20;
const DECIDED_PER_PAGE = 20;
const INBOX_PER_PAGE = 10;

export default async function PromotionsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const search = await searchParams;
  const status: Closed | 'closed' = (CLOSED as readonly string[]).includes(search.status ?? '') ? (search.status as Closed) : 'closed';
  // Three lists, each paging on its own query parameter; the filters of the decided list reset only its page.
  const pages = { pending: offsetPage(search.pending, PENDING_PER_PAGE), decided: offsetPage(search.page, DECIDED_PER_PAGE), inbox: offsetPage(search.inbox, INBOX_PER_PAGE) };
  const [me, environments] = await loadOrRefuse((caller) => Promise.all([caller.me(), caller.promotions.environments()]));
  const environment = environments.environments.includes(search.environment ?? '') ? search.environment : undefined;
  const reviewer = can(me.roles, 'promotions:decide');
  const [pending, awaiting, closed, inbox] = await loadOrRefuse((caller) =>
    Promise.all([
      caller.promotions.list({ status: 'pending', awaitingMeFirst: reviewer, limit: pages.pending.size, offset: pages.pending.offset }),
      // Every request awaiting the viewer (pending ones are few: a new request supersedes the last), to mark them on any page.
      reviewer ? caller.promotions.list({ awaitingMe: true, limit: 500 }) : Promise.resolve({ items: [] as PromotionSummary[], total: 0 }),
      caller.promotions.list({ status, environment, limit: pages.decided.size, offset: pages.decided.offset }),
      caller.inbox.list({ limit: pages.inbox.size, offset: pages.inbox.offset }),
    ]),
  );
  const mine = new Set(awaiting.items.map((p) => p.id));
  // Requests awaiting the viewer come first across pages (the server orders them), then the rest by age.
  const queue = pending.items;

  return (
    <>
      <PageHeader
        title="Promotions"
        description="Requests to move a model version into an environment. Each needs the approvals its policy sets, from reviewers who neither requested it nor built the version, and passing gates."
        actions={can(me.roles, 'policies:manage') ? <Link href="/admin/policies" className="btn-secondary">Policies</Link> : undefined}
      />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_18rem]">
        <div className="min-w-0 space-y-8">
          <Section title={`Pending (${pending.total})`} id="pending">
            {reviewer && (
              <p className="mb-3 text-tremor-default text-tremor-content">
                {awaiting.total > 0 ? `${awaiting.total} request${awaiting.total === 1 ? '' : 's'} await${awaiting.total === 1 ? 's' : ''} your decision.` : 'Nothing awaits your decision.'}
              </p>
            )}
            {queue.length === 0 ? (
              <EmptyState title="No pending requests">A maintainer requests a promotion from a validated version&apos;s page, or a CD pipeline through the REST API.</EmptyState>
            ) : (
              <DataTable label="Pending promotions" columns={['Request', 'Approvals', 'Gates', '']} alignLastRight>
                {queue.map((p) => (
                  <tr key={p.id}>
                    <td><RequestCell p={p} /></td>
                    <td>
                      <ApprovalMeter approvals={p.tally.approvals} required={p.tally.required} />
                      <p className="mt-1 whitespace-nowrap text-tremor-label text-tremor-content-subtle">expires <LocalTime value={p.expiresAt} /></p>
                    </td>
                    <td><GateSummary blocking={p.blockingGates} overridden={p.overridden} /></td>
                    <td className="text-right">
                      <span className="inline-flex flex-col items-end gap-1.5">
                        {mine.has(p.id) && <span className="whitespace-nowrap"><Badge tone="brand">awaiting you</Badge></span>}
                        <Link href={p.url} className="btn-secondary whitespace-nowrap" aria-label={`Review ${p.model} v${p.version} → ${p.environment}`}>Review</Link>
                      </span>
                    </td>
                  </tr>
                ))}
              </DataTable>
            )}
            <OffsetPager label="Pending promotions" pathname="/promotions" search={search} param="pending" page={pages.pending} total={pending.total} hash="pending" />
          </Section>
          <Section
            title="Recent decisions"
            id="decided"
            actions={
              <form method="get" className="flex flex-wrap items-center gap-2 text-tremor-default" aria-label="Filter recent requests">
                <label htmlFor="filter-status" className="sr-only">Status</label>
                {/* The other lists keep their page; this one starts again at its first. */}
                {search.pending && <input type="hidden" name="pending" value={search.pending} />}
                {search.inbox && <input type="hidden" name="inbox" value={search.inbox} />}
                <select id="filter-status" name="status" defaultValue={status === 'closed' ? 'all' : status} className="field-input w-auto py-1.5">
                  <option value="all">Any status</option>
                  {CLOSED.map((s) => <option key={s} value={s}>{s}</option>)}
                </select>
                <label htmlFor="filter-environment" className="sr-only">Environment</label>
                <select id="filter-environment" name="environment" defaultValue={environment ?? ''} className="field-input w-auto py-1.5">
                  <option value="">Any environment</option>
                  {environments.environments.map((e) => <option key={e} value={e}>{e}</option>)}
                </select>
                <button type="submit" className="btn-secondary py-1.5">Filter</button>
              </form>
            }
          >
            {closed.items.length === 0 ? (
              <EmptyState title="Nothing decided yet">Approved, rejected, cancelled, expired and superseded requests appear here.</EmptyState>
            ) : (
              <DataTable label="Recent promotions" columns={['Request', 'Status', 'Approvals', 'Closed']}>
                {closed.items.map((p) => (
                  <tr key={p.id}>
                    <td><RequestCell p={p} /></td>
                    <td>
                      <span className="flex flex-col items-start gap-1 whitespace-nowrap">
                        <PromotionStatusBadge status={p.status} />
                        {p.overridden && <Badge tone="warn">gates overridden</Badge>}
                      </span>
                    </td>
                    <td className="whitespace-nowrap text-tremor-label">{p.tally.approvals} of {p.tally.required}{p.tally.rejections ? ` · ${p.tally.rejections} rejected` : ''}</td>
                    <td>
                      <p className="whitespace-nowrap text-tremor-label"><LocalTime value={p.closedAt} /></p>
                      {p.closedReason && <p className="mt-0.5 line-clamp-2 max-w-[16rem] text-tremor-label text-tremor-content" title={p.closedReason}>{p.closedReason}</p>}
                    </td>
                  </tr>
                ))}
              </DataTable>
            )}
            <OffsetPager label="Recent decisions" pathname="/promotions" search={search} page={pages.decided} total={closed.total} hash="decided" />
          </Section>
        </div>
        <div>
          <InboxPanel initial={inbox} page={pages.inbox} search={search} />
        </div>
      </div>
    </>
  );
}
