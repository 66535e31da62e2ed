import type { Metadata } from 'next';
import { loadOrRefuse } from '@/app/_components/load-or-refuse';
import { PageHeader } from '@/app/_components/page-header';
import { OffsetPager, offsetPage, pageRows } from '@/app/_components/pager';
import { Section } from '@/app/_components/section';
import { formatDelay, MAX_DELIVERY_ATTEMPTS, RETRY_DELAYS_SECONDS } from '@/server/outbound-webhooks/delivery-policy';
import { OUTBOUND_EVENT_TYPES } from '@/server/outbound-webhooks/outbound-webhook-schemas';
import { can } from '@/server/rbac/permissions';
import { DeliveriesTable } from './deliveries-table';
import { OutboundWebhooksPanel } from './outbound-webhooks-panel';

export const metadata: Metadata = { title: 'Outbound webhooks' };
export const dynamic = 'force-dynamic';

const DELIVERIES_PER_PAGE = 25;

export default async function OutboundWebhooksPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const search = await searchParams;
  const page = offsetPage(search.deliveries, DELIVERIES_PER_PAGE);
  const [webhooks, deliveries, me] = await loadOrRefuse((caller) =>
    Promise.all([caller.outboundWebhooks.list(), caller.outboundWebhooks.deliveries({ limit: page.limit, offset: page.offset }), caller.me()]),
  );
  const schedule = RETRY_DELAYS_SECONDS.map(formatDelay).join(', ');
  return (
    <>
      <PageHeader
        title="Outbound webhooks"
        description="Vigil tells other systems when an alert opens or resolves. Slack, Mattermost and Teams show the message's text; programs read its type and data and verify its signature."
      />
      <div className="space-y-6">
        <div className="grid gap-4 lg:grid-cols-2">
          <div className="rounded-tremor-default border border-tremor-border bg-white p-5 text-tremor-default shadow-tremor-card">
            <h2 className="font-semibold text-tremor-content-strong">What is sent</h2>
            <p className="mt-1 text-tremor-content">
              A JSON <code>POST</code> with <code>type</code>, <code>timestamp</code>, <code>data</code> and a Slack-compatible <code>text</code>, signed per Standard Webhooks
              (<code>webhook-id</code>, <code>webhook-timestamp</code>, <code>webhook-signature</code>) with the webhook&apos;s <code>whsec_</code> secret. The <code>webhook-id</code> stays the same on retries, so receivers can drop duplicates.
            </p>
          </div>
          <div className="rounded-tremor-default border border-tremor-border bg-white p-5 text-tremor-default shadow-tremor-card">
            <h2 className="font-semibold text-tremor-content-strong">Retries</h2>
            <p className="mt-1 text-tremor-content">
              Only a 2xx answer within 10 s counts as delivered; redirects are not followed. Otherwise Vigil tries again after {schedule}: {MAX_DELIVERY_ATTEMPTS} attempts in all, then the delivery is marked failed.
            </p>
          </div>
        </div>
        <Section title="Webhooks">
          <OutboundWebhooksPanel initialWebhooks={webhooks} eventTypes={[...OUTBOUND_EVENT_TYPES]} canManage={can(me.roles, 'webhooks:manage')} />
        </Section>
        <Section title="Recent deliveries">
          <div id="deliveries" className="scroll-mt-4" />
          <DeliveriesTable initialDeliveries={deliveries} page={page} />
          <OffsetPager label="Outbound deliveries" pathname="/admin/outbound-webhooks" search={search} param="deliveries" page={page} hasOlder={pageRows(deliveries, page).hasOlder} hash="deliveries" />
        </Section>
      </div>
    </>
  );
}
