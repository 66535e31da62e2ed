import Link from 'next/link';
import type { GovernanceSummary } from '@/server/governance/governance-summary';
import { count, counted, duration } from './overview-format';

function Figure({ label, value, hint }: { label: string; value: string; hint: string }) {
  return (
    <div className="min-w-0">
      <dt className="text-tremor-label text-tremor-content">{label}</dt>
      <dd className="mt-0.5 font-semibold tabular-nums text-tremor-content-strong">{value}</dd>
      <dd className="text-tremor-label text-tremor-content-subtle">{hint}</dd>
    </div>
  );
}

/** Governance KPIs in one line, linking to the governance page. */
export function GovernanceStrip({ summary }: { summary: GovernanceSummary }) {
  const t = summary.total;
  const period = `last ${summary.months} months (UTC)`;
  return (
    <section aria-label="Governance" className="rounded-tremor-default border border-tremor-border bg-white p-4 shadow-tremor-card">
      <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="font-semibold text-tremor-content-strong">Governance, {period}</h2>
        <Link href="/governance" className="text-tremor-default font-medium text-indigo-700 hover:underline">Governance dashboard →</Link>
      </div>
      <dl className="grid gap-4 sm:grid-cols-3 lg:grid-cols-5">
        <Figure label={`Lead time to ${summary.production}`} value={`${duration(t.leadTime.medianMs)} median`} hint={`p90 ${duration(t.leadTime.p90Ms)} · ${counted(t.leadTime.count, 'release')}`} />
        <Figure label="Approval turnaround" value={`${duration(t.approvalTurnaround.medianMs)} median`} hint={`p90 ${duration(t.approvalTurnaround.p90Ms)} · ${count(t.approvalTurnaround.count)} decided`} />
        <Figure label="Deployments" value={count(t.deployments)} hint={`${counted(t.rollbacks + t.emergencyRollbacks, 'rollback')} (${count(t.emergencyRollbacks)} emergency)`} />
        <Figure label="Gate overrides" value={count(t.overrides)} hint="admins let failing gates pass" />
        <Figure label="Alert time to resolve" value={`${duration(t.alertTimeToResolve.medianMs)} median`} hint={`${count(t.openNow)} open now · no acknowledge state`} />
      </dl>
    </section>
  );
}
