import type { Metadata } from 'next';
import Link from 'next/link';
import { DataTable } from '@/app/_components/data-table';
import { LocalTime } from '@/app/_components/local-time';
import { loadOrRefuse } from '@/app/_components/load-or-refuse';
import { PageHeader } from '@/app/_components/page-header';
import { Section } from '@/app/_components/section';
import { MAX_GOVERNANCE_MONTHS } from '@/server/governance/governance-schemas';
import type { DurationStats } from '@/server/governance/duration-stats';
import { count, counted, duration, modelPath } from '../_overview/overview-format';
import { MonthlyChart } from './monthly-chart';

export const metadata: Metadata = { title: 'Governance' };
export const dynamic = 'force-dynamic';

const PERIODS = [1, 3, 6, 12, MAX_GOVERNANCE_MONTHS];

function Figure({ label, stats, unit }: { label: string; stats: DurationStats; unit: [string, string] }) {
  return (
    <div className="rounded-tremor-default border border-tremor-border bg-white p-4 shadow-tremor-card">
      <p className="text-tremor-label text-tremor-content">{label}</p>
      <p className="mt-1 text-tremor-metric font-semibold tabular-nums text-tremor-content-strong">{duration(stats.medianMs)}</p>
      <p className="text-tremor-label text-tremor-content">median · p90 {duration(stats.p90Ms)} · {counted(stats.count, ...unit)}</p>
    </div>
  );
}

export default async function GovernancePage({ searchParams }: { searchParams: Promise<{ months?: string; model?: string }> }) {
  const search = await searchParams;
  const months = PERIODS.includes(Number(search.months)) ? Number(search.months) : 6;
  const [models, summary] = await loadOrRefuse((caller) => Promise.all([caller.models.list({}), caller.governance.summary({ months, model: search.model || undefined })]));
  const t = summary.total;
  const scope = summary.model ? summary.model : 'all models';
  return (
    <>
      <PageHeader
        title="Governance"
        description={
          <>
            How models move from CI release to {summary.production} and how the team responds, for {scope}, over the last {months} month{months === 1 ? '' : 's'} (UTC calendar months, the current one included).
          </>
        }
      />
      <form className="mb-6 flex flex-wrap items-end gap-4 text-tremor-default" aria-label="Period and model">
        <label className="flex flex-col gap-1">
          <span className="text-tremor-label text-tremor-content">Period</span>
          <select name="months" defaultValue={String(months)} className="rounded-tremor-default border border-tremor-border bg-white px-2 py-1.5">
            {PERIODS.map((p) => (
              <option key={p} value={p}>last {p} month{p === 1 ? '' : 's'}</option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-tremor-label text-tremor-content">Model</span>
          <select name="model" defaultValue={summary.model ?? ''} className="rounded-tremor-default border border-tremor-border bg-white px-2 py-1.5">
            <option value="">All models</option>
            {models.map((m) => (
              <option key={m.model.name} value={m.model.name}>{m.model.name}</option>
            ))}
          </select>
        </label>
        <button type="submit" className="btn-secondary">Show</button>
      </form>
      <div className="space-y-8">
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          <Figure label={`Lead time, CI release → ${summary.production}`} stats={t.leadTime} unit={['release', 'releases']} />
          <Figure label="Approval turnaround, request → decision" stats={t.approvalTurnaround} unit={['decision', 'decisions']} />
          <Figure label="Alert time to resolve" stats={t.alertTimeToResolve} unit={['alert resolved', 'alerts resolved']} />
          <div className="rounded-tremor-default border border-tremor-border bg-white p-4 shadow-tremor-card">
            <p className="text-tremor-label text-tremor-content">Waiting now</p>
            <p className="mt-1 text-tremor-metric font-semibold tabular-nums text-tremor-content-strong">{count(t.pending)} <span className="text-tremor-default font-normal">{t.pending === 1 ? 'request' : 'requests'}</span></p>
            <p className="text-tremor-label text-tremor-content">
              {counted(t.openNow, 'open alert')}{t.oldestOpenSince ? <>, oldest since <LocalTime value={t.oldestOpenSince} /></> : ''}
            </p>
          </div>
        </div>
        <p className="text-tremor-label text-tremor-content">
          Lead time counts each version&apos;s first deployment to {summary.production} through an approved request, from when CI registered it. {summary.alertAcknowledgeNote}
        </p>
        <Section title="Deployments, rollbacks and gate overrides per month">
          <div className="rounded-tremor-default border border-tremor-border bg-white p-4 shadow-tremor-card">
            <p className="mb-2 text-tremor-default text-tremor-content">
              {count(t.deployments)} deployments, {count(t.rollbacks)} rollbacks, {count(t.emergencyRollbacks)} emergency rollbacks and {count(t.overrides)} gate overrides in the period, in every environment.
            </p>
            <MonthlyChart months={summary.monthly} />
          </div>
        </Section>
        <Section title="Per model">
          <DataTable label="Governance per model" columns={['Model', 'Lead time (median · p90)', 'Approval turnaround (median)', 'Deployments', 'Rollbacks', 'Overrides', 'Alert time to resolve (median)']}>
            {summary.models.map((m) => (
              <tr key={m.model}>
                <td><Link href={`/governance?months=${months}&model=${encodeURIComponent(m.model)}`} className="font-medium text-indigo-700 hover:underline">{m.model}</Link></td>
                <td className="tabular-nums">{duration(m.leadTime.medianMs)} · {duration(m.leadTime.p90Ms)}</td>
                <td className="tabular-nums">{duration(m.approvalTurnaround.medianMs)}</td>
                <td className="tabular-nums"><Link href={modelPath(m.model, '/deployments')} className="hover:underline">{count(m.deployments)}</Link></td>
                <td className="tabular-nums">{count(m.rollbacks + m.emergencyRollbacks)}</td>
                <td className="tabular-nums">{count(m.overrides)}</td>
                <td className="tabular-nums"><Link href={modelPath(m.model, '/alerts')} className="hover:underline">{duration(m.alertTimeToResolve.medianMs)}</Link></td>
              </tr>
            ))}
          </DataTable>
        </Section>
        <Section title="Latest gate overrides">
          {summary.recentOverrides.length === 0 ? (
            <p className="text-tremor-default text-tremor-content">No admin overrode a failing gate in the period.</p>
          ) : (
            <ul className="space-y-2">
              {summary.recentOverrides.map((o) => (
                <li key={o.requestId} className="rounded-tremor-default border border-amber-200 bg-amber-50 px-4 py-3 text-tremor-default text-amber-900">
                  <Link href={`/promotions/${o.requestId}`} className="font-semibold hover:underline">{o.model} v{o.version} → {o.environment}</Link> · {o.by} · <LocalTime value={o.at} />
                  <p className="mt-1 whitespace-pre-wrap">{o.reason}</p>
                </li>
              ))}
            </ul>
          )}
        </Section>
      </div>
    </>
  );
}
