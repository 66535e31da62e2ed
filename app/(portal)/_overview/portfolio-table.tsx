'use client';

import { SparkAreaChart } from '@tremor/react';
import Link from 'next/link';
import { useMemo, useState } from 'react';
import { EmptyState, TableFrame } from '@/app/_components/data-table';
import { LocalTime } from '@/app/_components/local-time';
import type { HealthReason, HealthStatus } from '@/server/portfolio/model-health';
import type { PortfolioRow } from '@/server/portfolio/portfolio-overview';
import { HealthBadge } from './health-badge';
import { count, latency, modelPath, percent } from './overview-format';

type SortKey = 'name' | 'status' | 'traffic' | 'alerts' | 'deployed';
const RANK: Record<HealthStatus, number> = { critical: 2, warning: 1, healthy: 0 };
const AREA_TABS: Record<HealthReason['area'], string> = { alerts: '/alerts', monitoring: '/monitoring', fairness: '/fairness', deployments: '/deployments' };
const NO_OWNER = '(no owner)';

const SORTS: Record<SortKey, (a: PortfolioRow, b: PortfolioRow) => number> = {
  name: (a, b) => a.name.localeCompare(b.name),
  status: (a, b) => RANK[b.status] - RANK[a.status] || b.openAlerts.length - a.openAlerts.length,
  traffic: (a, b) => b.traffic.last24h - a.traffic.last24h,
  alerts: (a, b) => b.openAlerts.length - a.openAlerts.length,
  deployed: (a, b) => (b.lastDeployment?.createdAt.getTime() ?? 0) - (a.lastDeployment?.createdAt.getTime() ?? 0),
};

const ownerOf = (row: PortfolioRow) => row.owner?.name ?? NO_OWNER;

function SortHeader({ label, value, sort, onSort }: { label: string; value: SortKey; sort: SortKey; onSort: (k: SortKey) => void }) {
  return (
    <th aria-sort={sort === value ? (value === 'name' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" onClick={() => onSort(value)} className="inline-flex items-center gap-1 hover:text-indigo-700" style={{ font: 'inherit', textTransform: 'inherit', letterSpacing: 'inherit' }}>
        {label}
        <span aria-hidden="true" className={sort === value ? 'text-indigo-600' : 'text-tremor-content-subtle'}>{sort === value ? '▼' : '↕'}</span>
      </button>
    </th>
  );
}

function Performance({ row }: { row: PortfolioRow }) {
  const { estimatedAccuracy, realizedAccuracy, realizedLabeled, realizedDays, target } = row.performance;
  const below = (v: number | null) => target !== null && v !== null && v < target.value;
  if (estimatedAccuracy === null && realizedAccuracy === null) return <span className="text-tremor-content-subtle">no estimate yet</span>;
  return (
    <Link href={modelPath(row.name, '/dashboard')} className="block hover:underline">
      <span className={`block tabular-nums ${below(estimatedAccuracy) ? 'text-amber-700' : ''}`}>est. {percent(estimatedAccuracy)}</span>
      <span className={`block tabular-nums ${below(realizedAccuracy) ? 'text-amber-700' : ''}`} title={realizedAccuracy === null ? `No labelled event in the last ${realizedDays} days` : `${count(realizedLabeled)} labelled events in the last ${realizedDays} days`}>
        real. {percent(realizedAccuracy)}
      </span>
      <span className="block text-tremor-label text-tremor-content" title={target ? `From ${target.source}` : 'Set an accuracy alert rule to give the model a target'}>
        target {target ? percent(target.value) : '—'}
      </span>
    </Link>
  );
}

function Row({ row }: { row: PortfolioRow }) {
  const last = row.lastDeployment;
  return (
    <tr>
      <td>
        <Link href={modelPath(row.name)} className="whitespace-nowrap font-medium text-indigo-700 hover:underline">{row.name}</Link>
        <p className="text-tremor-label text-tremor-content">{row.owner ? row.owner.name : 'no owner'}</p>
      </td>
      <td className="whitespace-nowrap">
        {row.serving.map((s) => (
          <p key={s.environment} className="text-tremor-label">
            <span className="text-tremor-content">{s.environment} </span>
            {s.version === null ? <span className="text-tremor-content-subtle">—</span> : <Link href={modelPath(row.name, `/versions/${s.version}`)} className="font-mono font-semibold text-indigo-700 hover:underline">v{s.version}</Link>}
          </p>
        ))}
      </td>
      <td className="min-w-[12rem] max-w-[18rem]">
        <HealthBadge status={row.status} />
        <ul className="mt-1 space-y-0.5 text-tremor-label">
          {row.reasons.slice(0, 3).map((r) => (
            <li key={r.text} className="line-clamp-2" title={r.text}>
              <Link href={modelPath(row.name, AREA_TABS[r.area])} className="text-tremor-content-emphasis hover:underline">{r.text}</Link>
            </li>
          ))}
          {row.reasons.length > 3 && <li className="text-tremor-content">and {row.reasons.length - 3} more</li>}
        </ul>
      </td>
      <td>
        <Link href={modelPath(row.name, '/dashboard')} className="block hover:underline" aria-label={`${row.name}: ${count(row.traffic.last24h)} events in the last 24 hours`}>
          <span className="tabular-nums">{count(row.traffic.last24h)}</span>
          {row.traffic.latencyP95Ms !== null && <span className="block text-tremor-label text-tremor-content">p95 latency {latency(row.traffic.latencyP95Ms)}</span>}
          {/* Full hours only: the current hour, still filling, would look like a drop. */}
          <SparkAreaChart data={row.traffic.hourly.slice(0, -1).map((h) => ({ hour: h.hour.toISOString(), events: h.events }))} index="hour" categories={['events']} colors={['indigo']} className="mt-1 h-8 w-28" />
        </Link>
      </td>
      <td className="whitespace-nowrap"><Performance row={row} /></td>
      <td className="tabular-nums">
        <Link href={modelPath(row.name, '/alerts')} className={`hover:underline ${row.openAlerts.length ? 'font-semibold text-red-700' : 'text-tremor-content'}`}>
          {row.openAlerts.length ? `${count(row.openAlerts.length)} open` : 'none'}
        </Link>
      </td>
      <td className="whitespace-nowrap text-tremor-label">
        {row.pendingPromotions.length === 0 ? (
          <span className="text-tremor-content-subtle">none</span>
        ) : (
          row.pendingPromotions.map((p) => (
            <Link key={p.id} href={`/promotions/${p.id}`} className="block font-medium text-indigo-700 hover:underline">v{p.version} → {p.environment}</Link>
          ))
        )}
      </td>
      <td className="whitespace-nowrap text-tremor-label">
        {last ? (
          <Link href={modelPath(row.name, '/deployments')} className="hover:underline">
            <span className="block font-medium text-tremor-content-strong">v{last.version} → {last.environment}{last.kind === 'promotion' ? '' : ` (${last.kind.replace('_', ' ')})`}</span>
            <LocalTime value={last.createdAt} />
          </Link>
        ) : (
          <span className="text-tremor-content-subtle">never</span>
        )}
      </td>
    </tr>
  );
}

/** Every model in one table: filter by status and owner, sort by any column's figure. */
export function PortfolioTable({ rows }: { rows: PortfolioRow[] }) {
  const [status, setStatus] = useState<HealthStatus | 'all'>('all');
  const [owner, setOwner] = useState('all');
  const [sort, setSort] = useState<SortKey>('status');
  const owners = useMemo(() => [...new Set(rows.map(ownerOf))].sort(), [rows]);
  const shown = rows.filter((r) => (status === 'all' || r.status === status) && (owner === 'all' || ownerOf(r) === owner)).sort((a, b) => SORTS[sort](a, b) || a.name.localeCompare(b.name));
  const tally = (s: HealthStatus) => rows.filter((r) => r.status === s).length;
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-end gap-4 text-tremor-default">
        <label className="flex flex-col gap-1">
          <span className="text-tremor-label text-tremor-content">Status</span>
          <select value={status} onChange={(e) => setStatus(e.target.value as HealthStatus | 'all')} className="rounded-tremor-default border border-tremor-border bg-white px-2 py-1.5">
            <option value="all">All ({rows.length})</option>
            {(['critical', 'warning', 'healthy'] as const).map((s) => (
              <option key={s} value={s}>{s} ({tally(s)})</option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-tremor-label text-tremor-content">Owner</span>
          <select value={owner} onChange={(e) => setOwner(e.target.value)} className="rounded-tremor-default border border-tremor-border bg-white px-2 py-1.5">
            <option value="all">Everyone</option>
            {owners.map((o) => (
              <option key={o} value={o}>{o}</option>
            ))}
          </select>
        </label>
        <p className="ml-auto text-tremor-label text-tremor-content">{shown.length} of {rows.length} models · traffic in UTC hours</p>
      </div>
      {shown.length === 0 ? (
        <EmptyState title={rows.length === 0 ? 'No models yet' : 'No model matches'}>
          {rows.length === 0 ? 'Models appear here once CI registers their first version.' : 'Change the status or owner filter to see more.'}
        </EmptyState>
      ) : (
        <TableFrame label="Models">
          <table className="data-table" aria-label="Models">
            <thead>
              <tr>
                <SortHeader label="Model" value="name" sort={sort} onSort={setSort} />
                <th>Serving</th>
                <SortHeader label="Health" value="status" sort={sort} onSort={setSort} />
                <SortHeader label="Traffic 24 h" value="traffic" sort={sort} onSort={setSort} />
                <th>Accuracy</th>
                <SortHeader label="Alerts" value="alerts" sort={sort} onSort={setSort} />
                <th>Pending</th>
                <SortHeader label="Deployed" value="deployed" sort={sort} onSort={setSort} />
              </tr>
            </thead>
            <tbody>
              {shown.map((row) => (
                <Row key={row.name} row={row} />
              ))}
            </tbody>
          </table>
        </TableFrame>
      )}
    </div>
  );
}
