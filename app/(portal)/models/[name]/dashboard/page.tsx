import Link from 'next/link';
import { Badge } from '@/app/_components/badges';
import { DataTable } from '@/app/_components/data-table';
import { loadOrRefuse } from '@/app/_components/load-or-refuse';
import { Notice } from '@/app/_components/notice';
import { PageHeader } from '@/app/_components/page-header';
import { Section } from '@/app/_components/section';
import { modelPageMetadata } from '@/app/_components/page-title';
import { DAY_MS, rangeFromSearchParams } from '@/server/dashboard/dashboard-range';
import type { ModelDashboard, PeriodSummary } from '@/server/dashboard/model-dashboard';
import type { LabelTiming } from '@/server/monitoring/label-timing';
import { can } from '@/server/rbac/permissions';
import { noLabelsText } from '../monitoring/label-status';
import { DashboardCharts } from './dashboard-charts';
import { change, count, NONE, percent, quantileBounds, quantileText, utc } from './dashboard-format';
import { approvers, KIND_LABELS, markerLink } from './marker-text';
import { RangePicker } from './range-picker';

export const dynamic = 'force-dynamic';

export const generateMetadata = modelPageMetadata('Dashboard');

function Card({ label, value, hint, delta, tone }: { label: string; value: string; hint: string; delta?: string | null; tone?: 'bad' | 'good' }) {
  return (
    <div className="rounded-tremor-default border border-tremor-border bg-white p-4 shadow-tremor-card">
      <p className="text-tremor-label text-tremor-content">{label}</p>
      <p className={`mt-1 text-tremor-metric font-semibold ${tone === 'bad' ? 'text-red-700' : tone === 'good' ? 'text-emerald-700' : 'text-tremor-content-strong'}`}>{value}</p>
      <p className="text-tremor-label text-tremor-content">{hint}</p>
      {delta ? <p className="text-tremor-label text-tremor-content-emphasis">{delta} against the previous period</p> : null}
    </div>
  );
}

function SummaryCards({ view, labels }: { view: ModelDashboard; labels: LabelTiming }) {
  const now = view.current.summary;
  const before: PeriodSummary | null = view.previous?.summary ?? null;
  const target = view.target?.minimum ?? null;
  const judged = (value: number | null) => (value === null || target === null ? undefined : value < target ? 'bad' : 'good');
  const binary = view.model.positiveClass !== null;
  const estimated = now.latestReport?.estimatedAccuracy ?? null;
  return (
    <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-6">
      <Card label="Events" value={count(now.events)} hint={`${count(now.withoutPrediction)} without a prediction`} delta={before && change(now.events, before.events, 'relative')} />
      <Card label="Latency p95" value={quantileText(now.latency.p95)} hint={`p50 ${quantileText(now.latency.p50)}, p99 ${quantileText(now.latency.p99)}; p95 ${quantileBounds(now.latency.p95)}`} delta={before && change(now.latency.p95?.value ?? null, before.latency.p95?.value ?? null, 'relative')} />
      <Card
        label="Positive rate"
        value={binary ? percent(now.positiveRate) : NONE}
        hint={binary ? `predicted "${view.model.positiveClass}"` : 'binary classifiers only'}
        delta={before && change(now.positiveRate, before.positiveRate, 'points')}
      />
      <Card
        label="Accuracy, realized"
        value={percent(now.realized.accuracy)}
        hint={`${now.labeled > 0 ? `on ${count(now.labeled)} labelled events` : noLabelsText(labels, 'this range')}${target !== null ? `; target ${percent(target)}` : ''}`}
        delta={before && change(now.realized.accuracy, before.realized.accuracy, 'points')}
        tone={judged(now.realized.accuracy)}
      />
      <Card
        label="Accuracy, estimated (CBPE)"
        value={percent(estimated)}
        hint={now.latestReport ? `drift report ending ${utc(now.latestReport.windowTo)}` : 'no drift report in this range'}
        tone={judged(estimated)}
      />
      <Card
        label="Drifted features"
        value={now.latestReport ? percent(now.latestReport.driftShare, 0) : NONE}
        hint={now.latestReport ? (now.latestReport.datasetDrift ? 'dataset drift in the latest report' : 'no dataset drift in the latest report') : 'no drift report in this range'}
        tone={now.latestReport?.datasetDrift ? 'bad' : undefined}
      />
    </div>
  );
}

function EmptyRow({ columns, children }: { columns: number; children: string }) {
  return (
    <tr>
      <td colSpan={columns} className="text-tremor-content">{children}</td>
    </tr>
  );
}

function Overlays({ view }: { view: ModelDashboard }) {
  const { deployments, alerts } = view;
  return (
    <div className="grid gap-4">
      <DataTable label="Deployments and rollbacks" columns={['When (UTC)', 'Version', 'Environment', 'Who']}>
        {deployments.length === 0 ? <EmptyRow columns={4}>No deployment in this range.</EmptyRow> : null}
        {deployments.map((d) => (
          <tr key={d.id}>
            <td className="whitespace-nowrap">{utc(d.at)}</td>
            <td>
              <Link href={markerLink(d, view.model.name)} className="font-medium text-indigo-700 hover:underline">
                v{d.version}
              </Link>{' '}
              {d.kind === 'promotion' ? <Badge tone="brand">promotion</Badge> : <Badge tone="warn">{KIND_LABELS[d.kind]}</Badge>}
              {d.previousVersion !== null ? <span className="text-tremor-label text-tremor-content"> from v{d.previousVersion}</span> : null}
            </td>
            <td>{d.environment}</td>
            <td className="text-tremor-label">{approvers(d)}; deployed by {d.deployedBy}</td>
          </tr>
        ))}
      </DataTable>
      <DataTable label="Alert periods" columns={['Opened (UTC)', 'Resolved (UTC)', 'Alert']}>
        {alerts.length === 0 ? <EmptyRow columns={3}>No alert in this range.</EmptyRow> : null}
        {alerts.map((a) => (
          <tr key={a.id}>
            <td className="whitespace-nowrap">{utc(a.openedAt)}</td>
            <td className="whitespace-nowrap">{a.resolvedAt ? utc(a.resolvedAt) : <Badge tone="bad">open</Badge>}</td>
            <td>
              <Badge tone={a.severity === 'critical' ? 'bad' : 'warn'}>{a.severity}</Badge> {a.message}
            </td>
          </tr>
        ))}
      </DataTable>
    </div>
  );
}

function Versions({ view }: { view: ModelDashboard }) {
  const total = view.current.summary.events;
  return (
    <DataTable label="Versions in this range" columns={['Version', 'Events', 'Share', 'Positive rate', 'Labelled', 'Accuracy, realized']}>
      {view.current.versions.length === 0 ? <EmptyRow columns={6}>No traffic in this range.</EmptyRow> : null}
      {view.current.versions.map((v) => (
        <tr key={v.versionId}>
          <td>
            <Link href={`/models/${encodeURIComponent(view.model.name)}/versions/${v.version}`} className="font-medium text-indigo-700 hover:underline">v{v.version}</Link>
          </td>
          <td>{count(v.events)}</td>
          <td>{percent(total ? v.events / total : null)}</td>
          <td>{percent(v.positiveRate)}</td>
          <td>{count(v.labeled)}</td>
          <td>{percent(v.realized.accuracy)}</td>
        </tr>
      ))}
    </DataTable>
  );
}

export default async function DashboardPage({ params, searchParams }: { params: Promise<{ name: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { name } = await params;
  const { request, problem } = rangeFromSearchParams(await searchParams);
  const [view, me, labels] = await loadOrRefuse((caller) => Promise.all([caller.dashboard.model({ name, ...request }), caller.me(), caller.monitoring.labelTiming({ name })]));
  const lastDay = new Date(view.range.to.getTime() - DAY_MS).toISOString().slice(0, 10);
  return (
    <>
      <PageHeader
        title="Dashboard"
        description={
          <>
            Traffic, latency, predictions and performance of {view.model.name} over time, with its deployments and alerts. Read from hourly rollups; every time is UTC:{' '}
            {utc(view.range.from)} to {utc(view.range.to)}.
          </>
        }
      />
      <div className="space-y-6">
        {problem ? <Notice tone="warning" title="That range could not be read; showing the last 7 days.">{problem}</Notice> : null}
        <RangePicker request={request} from={view.range.from.toISOString().slice(0, 10)} to={lastDay} />
        <SummaryCards view={view} labels={labels} />
        {view.target === null && view.model.positiveClass !== null ? (
          <p className="text-tremor-label text-tremor-content">
            No performance target is set for this model.{' '}
            {can(me.roles, 'monitoring:write') ? (
              <Link href={`/models/${encodeURIComponent(name)}/monitoring#performance-target`} className="text-indigo-700 hover:underline">Set one in the monitoring settings.</Link>
            ) : (
              'A maintainer can set one in the monitoring settings.'
            )}
          </p>
        ) : null}
        <DashboardCharts view={view} />
        <Section title="Deployments and alerts">
          <Overlays view={view} />
        </Section>
        <Section title="Versions">
          <Versions view={view} />
        </Section>
      </div>
    </>
  );
}
