import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { Badge } from '@/app/_components/badges';
import { DataTable, EmptyState } from '@/app/_components/data-table';
import { LocalTime } from '@/app/_components/local-time';
import { loadOrRefuse } from '@/app/_components/load-or-refuse';
import { PageHeader } from '@/app/_components/page-header';
import { OffsetPager, offsetPage, pageRows } from '@/app/_components/pager';
import { Section } from '@/app/_components/section';
import { SecretsPanel } from './secrets-panel';

export const metadata: Metadata = { title: 'Webhooks' };
export const dynamic = 'force-dynamic';

const OUTCOME_TONES = { accepted: 'good', acknowledged: 'brand', ignored: 'off', duplicate: 'warn', rejected: 'bad' } as const;

const DELIVERIES_PER_PAGE = 25;

export default async function WebhooksPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const search = await searchParams;
  const page = offsetPage(search.deliveries, DELIVERIES_PER_PAGE);
  const [secrets, fetched, refusals] = await loadOrRefuse((caller) =>
    Promise.all([caller.webhooks.secrets(), caller.webhooks.deliveries({ limit: page.limit, offset: page.offset }), caller.webhooks.refusals()]),
  );
  const { rows: deliveries, hasOlder } = pageRows(fetched, page);
  const requestHeaders = await headers();
  const base = process.env.NEXTAUTH_URL ?? `http://${requestHeaders.get('host') ?? 'localhost:3000'}`;
  return (
    <>
      <PageHeader title="Webhooks" description="CI pipelines report releases here. Every delivery is verified against a secret; verified ones are logged whatever happens to them, the rest are counted." />
      <div className="space-y-6">
        <div className="grid gap-4 lg:grid-cols-2">
          <div className="rounded-tremor-default border border-tremor-border bg-white p-5 text-tremor-default shadow-tremor-card">
            <h2 className="font-semibold text-tremor-content-strong">GitHub</h2>
            <p className="mt-1 text-tremor-content">Repository → Settings → Webhooks → Add webhook. Content type <code>application/json</code>, the secret below, events <em>Releases</em> and <em>Workflow runs</em>.</p>
            <p className="mt-2 break-all font-mono text-tremor-label text-indigo-700">{base}/api/v1/webhooks/github</p>
          </div>
          <div className="rounded-tremor-default border border-tremor-border bg-white p-5 text-tremor-default shadow-tremor-card">
            <h2 className="font-semibold text-tremor-content-strong">Any other CI</h2>
            <p className="mt-1 text-tremor-content">POST a JSON release report signed per Standard Webhooks (<code>webhook-id</code>, <code>webhook-timestamp</code>, <code>webhook-signature</code>) with a <code>whsec_</code> secret. See the README for a GitLab example.</p>
            <p className="mt-2 break-all font-mono text-tremor-label text-indigo-700">{base}/api/v1/webhooks/ci</p>
          </div>
        </div>
        <Section title="Secrets">
          <SecretsPanel initialSecrets={secrets} />
        </Section>
        <Section title="Refused before verification (last 24 hours)">
          {refusals.length === 0 ? (
            <EmptyState title="No refused requests">Requests without a valid signature are not logged one by one; they are counted here by reason.</EmptyState>
          ) : (
            <DataTable label="Refused requests" columns={['Source', 'Reason', 'Requests', 'Latest hour']}>
              {refusals.map((r) => (
                <tr key={`${r.source}-${r.reason}`}>
                  <td>{r.source}</td>
                  <td>{r.description} <span className="font-mono text-tremor-label text-tremor-content">{r.reason}</span></td>
                  <td className="tabular-nums">{r.count}</td>
                  <td className="whitespace-nowrap"><LocalTime value={r.lastHour} /></td>
                </tr>
              ))}
            </DataTable>
          )}
        </Section>
        <Section title="Recent deliveries">
          <div id="deliveries" className="scroll-mt-4" />
          {deliveries.length === 0 ? (
            <EmptyState title={page.page > 1 ? 'No deliveries this far back' : 'No deliveries yet'}>Once GitHub or your CI sends a webhook, each delivery appears here with its outcome.</EmptyState>
          ) : (
            <DataTable label="Deliveries" columns={['Received', 'Source', 'Event', 'Delivery', 'Signature', 'Outcome', 'Detail']} widths={['11.5rem', '5rem', '7rem', '8rem', '7rem', '9.5rem', undefined]} minWidth="64rem">
              {deliveries.map((d) => (
                <tr key={d.id}>
                  <td className="whitespace-nowrap"><LocalTime value={d.receivedAt} /></td>
                  <td>{d.source}</td>
                  <td className="break-id font-mono text-tremor-label">{d.event ?? '—'}</td>
                  <td className="truncate font-mono text-tremor-label" title={d.deliveryId ?? ''}>{d.deliveryId ?? '—'}</td>
                  <td>{d.verified ? <Badge tone="good">verified</Badge> : <Badge tone="bad">not verified</Badge>}</td>
                  <td className="whitespace-nowrap"><Badge tone={OUTCOME_TONES[d.outcome as keyof typeof OUTCOME_TONES] ?? 'off'}>{`${d.outcome} · ${d.httpStatus}`}</Badge></td>
                  {/* Two lines at most, so the log stays scannable; the whole reason is in the title. */}
                  <td className="break-id text-tremor-label"><p className="line-clamp-2" title={d.detail ?? undefined}>{d.detail ?? ''}</p></td>
                </tr>
              ))}
            </DataTable>
          )}
          <OffsetPager label="Deliveries" pathname="/admin/webhooks" search={search} param="deliveries" page={page} hasOlder={hasOlder} hash="deliveries" />
        </Section>
      </div>
    </>
  );
}
