import { Badge } from '@/app/_components/badges';
import { DataTable, EmptyState } from '@/app/_components/data-table';
import { LocalTime } from '@/app/_components/local-time';
import { loadOrRefuse } from '@/app/_components/load-or-refuse';
import { PageHeader } from '@/app/_components/page-header';
import { OffsetPager, offsetPage, pageRows } from '@/app/_components/pager';
import { Section } from '@/app/_components/section';
import { modelPageMetadata } from '@/app/_components/page-title';
import { ALERT_KIND_INFO, describeRule, formatShare } from '@/server/alerts/alert-kinds';
import type { AlertListItem } from '@/server/alerts/alert-queries';
import { can } from '@/server/rbac/permissions';
import { RulesPanel } from './rules-panel';

export const dynamic = 'force-dynamic';

export const generateMetadata = modelPageMetadata('Alerts');

function formatValue(alert: AlertListItem): string {
  if (alert.value === null) return '—';
  const unit = ALERT_KIND_INFO[alert.kind].unit;
  if (unit === 'share') return formatShare(Number(alert.value.toFixed(4)));
  if (unit === 'ms') return `${Number(alert.value.toFixed(1))} ms`;
  return String(Number(alert.value.toFixed(4)));
}

function SeverityBadge({ severity }: { severity: 'warning' | 'critical' }) {
  return <Badge tone={severity === 'critical' ? 'bad' : 'warn'}>{severity}</Badge>;
}

function RuleCell({ alert }: { alert: AlertListItem }) {
  return (
    <>
      <p className="font-medium text-tremor-content-strong">{ALERT_KIND_INFO[alert.kind].label}</p>
      <p className="text-tremor-label text-tremor-content">{describeRule(alert)}</p>
    </>
  );
}

/** One alert: open ones end with when they were last checked, past ones with when they resolved. */
function AlertRow({ alert, last }: { alert: AlertListItem; last: Date | null }) {
  return (
    <tr>
      <td><SeverityBadge severity={alert.severity} /></td>
      <td><RuleCell alert={alert} /></td>
      <td className="font-mono tabular-nums">{formatValue(alert)}</td>
      <td className="max-w-md text-tremor-label">{alert.message}</td>
      <td className="whitespace-nowrap"><LocalTime value={alert.openedAt} /></td>
      <td className="whitespace-nowrap"><LocalTime value={last} /></td>
    </tr>
  );
}

const PAST_PER_PAGE = 25;

export default async function ModelAlertsPage({ params, searchParams }: { params: Promise<{ name: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const { name } = await params;
  const search = await searchParams;
  const page = offsetPage(search.past, PAST_PER_PAGE);
  // Every open alert (few by nature), and one page of the resolved ones, which only accumulate.
  const [detail, rules, open, resolved, me, kpis] = await loadOrRefuse((caller) =>
    Promise.all([
      caller.models.get({ name }),
      caller.alerts.rules({ modelName: name }),
      caller.alerts.list({ modelName: name, status: 'open', limit: 500 }),
      caller.alerts.list({ modelName: name, status: 'resolved', limit: page.limit, offset: page.offset }),
      caller.me(),
      caller.kpis.list({ model: name }),
    ]),
  );
  const { model } = detail;
  const { rows: past, hasOlder } = pageRows(resolved, page);
  return (
    <>
      <PageHeader
        title="Alerts"
        description="Rules are checked after every monitoring window. An alert opens when a rule fires, stays open (with its latest value) while it keeps firing, and resolves when it stops; outbound webhooks hear both."
        actions={open.length > 0 ? <Badge tone="bad">{`${open.length} open`}</Badge> : <Badge tone="good">all clear</Badge>}
      />
      <div className="space-y-6">
        <Section title="Open alerts">
          {open.length === 0 ? (
            <EmptyState title="No open alerts">When a rule fires, its alert appears here until the condition clears.</EmptyState>
          ) : (
            <DataTable label="Open alerts" columns={['Severity', 'Rule', 'Value', 'Message', 'Opened', 'Last checked']}>
              {open.map((a) => <AlertRow key={a.id} alert={a} last={a.updatedAt} />)}
            </DataTable>
          )}
        </Section>
        <Section title="Rules">
          <RulesPanel
            modelName={model.name}
            initialRules={rules}
            features={model.features.map((f) => f.name)}
            kpis={kpis.map((k) => k.name)}
            kinds={Object.values(ALERT_KIND_INFO)}
            canWrite={can(me.roles, 'monitoring:write')}
          />
        </Section>
        <Section title="Recent alerts">
          <div id="recent-alerts" className="scroll-mt-4" />
          {past.length === 0 ? (
            <EmptyState title={page.page > 1 ? 'No resolved alerts this far back' : 'No resolved alerts yet'}>Alerts that opened and cleared are kept here with their last value.</EmptyState>
          ) : (
            <DataTable label="Recent alerts" columns={['Severity', 'Rule', 'Last value', 'Message', 'Opened', 'Resolved']}>
              {past.map((a) => <AlertRow key={a.id} alert={a} last={a.resolvedAt} />)}
            </DataTable>
          )}
          <OffsetPager label="Recent alerts" pathname={`/models/${encodeURIComponent(model.name)}/alerts`} search={search} param="past" page={page} hasOlder={hasOlder} hash="recent-alerts" />
        </Section>
      </div>
    </>
  );
}
