import Link from 'next/link';
import type { PortfolioOverview } from '@/server/portfolio/portfolio-overview';
import { count } from './overview-format';

function Card({ label, value, hint, href, tone }: { label: string; value: string; hint: string; href: string; tone?: 'bad' | 'warn' }) {
  const color = tone === 'bad' ? 'text-red-700' : tone === 'warn' ? 'text-amber-700' : 'text-tremor-content-strong';
  return (
    <Link href={href} className="block rounded-tremor-default border border-tremor-border bg-white p-4 shadow-tremor-card transition hover:border-indigo-300">
      <p className="text-tremor-label text-tremor-content">{label}</p>
      <p className={`mt-1 text-tremor-metric font-semibold tabular-nums ${color}`}>{value}</p>
      <p className="text-tremor-label text-tremor-content">{hint}</p>
    </Link>
  );
}

/** The four numbers a stakeholder looks at first. */
export function CountCards({ counts, production }: { counts: PortfolioOverview['counts']; production: string }) {
  return (
    <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4" aria-label="Portfolio counts">
      <Card label={`Models in ${production}`} value={count(counts.inProduction)} hint={`of ${count(counts.models)} registered`} href="/models" />
      <Card
        label="Open alerts"
        value={count(counts.openAlerts)}
        hint={counts.criticalAlerts ? `${count(counts.criticalAlerts)} critical` : 'none critical'}
        href="#portfolio"
        tone={counts.criticalAlerts ? 'bad' : counts.openAlerts ? 'warn' : undefined}
      />
      <Card label="Pending approvals" value={count(counts.pendingApprovals)} hint="promotion requests awaiting reviewers" href="/promotions" tone={counts.pendingApprovals ? 'warn' : undefined} />
      <Card
        label="Deployments this month"
        value={count(counts.deploymentsThisMonth)}
        hint={counts.rollbacksThisMonth ? `${count(counts.rollbacksThisMonth)} of them rollbacks (UTC month)` : 'no rollbacks (UTC month)'}
        href="/governance"
      />
    </div>
  );
}
