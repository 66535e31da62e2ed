import Link from 'next/link';
import type { ReactNode } from 'react';
import { Badge, StatusBadge } from '@/app/_components/badges';
import { DataTable, TableFrame } from '@/app/_components/data-table';
import { formatBytes } from '@/app/_components/format';
import { LocalTime } from '@/app/_components/local-time';
import type { EvaluatedGate } from '@/server/approvals/gates/gate-types';
import { DIRECTION_TEXT } from '@/server/statistics/metric-directions';
import type { DriftStatus, MetricDiffRow, PromotionReview, VersionView } from '@/server/approvals/promotion-views';
import { formatDelta, formatMetric, humanize, pct } from '../evidence-format';
import { displayedGate, GATE_STATUS_WORDS, gateNumberChips } from '../gate-numbers';
import { GateStatusBadge } from '../promotion-badges';

// The evidence half of the review page: gates, lineage, metrics, drift and the model card.

const GATE_BORDERS = { pass: 'border-l-emerald-500', fail: 'border-l-red-500', missing: 'border-l-amber-400', not_applicable: 'border-l-gray-300 border-dashed' } as const;

/** One card per gate: verdict, whether it is required, the sentence, the numbers and a link to the evidence. */
export function GateList({ gates, evaluatedAt, live, overridden }: { gates: EvaluatedGate[]; evaluatedAt: Date; live: boolean; overridden: boolean }) {
  return (
    <div className="space-y-3">
      <p className="text-tremor-label text-tremor-content">
        {live ? 'Evaluated live on the current evidence' : 'As evaluated'} at <LocalTime value={evaluatedAt} />. Required gates that do not pass block approval; the others are shown for information.
      </p>
      <ul className="space-y-3" aria-label="Gate results">
        {gates.map((stored) => {
          const g = displayedGate(stored);
          const chips = gateNumberChips(g.gate, g.numbers);
          return (
            <li key={g.gate} className={`rounded-tremor-default border border-l-4 border-tremor-border p-4 shadow-tremor-card ${g.status === 'not_applicable' ? 'bg-tremor-background-subtle' : 'bg-white'} ${GATE_BORDERS[g.status] ?? ''}`} aria-label={`Gate ${g.label}: ${GATE_STATUS_WORDS[g.status] ?? g.status}`}>
              <div className="flex flex-wrap items-center justify-between gap-2">
                <p className="flex items-center gap-2 font-medium text-tremor-content-strong">
                  {g.label} <GateStatusBadge status={g.status} />
                  {g.required ? <Badge tone={g.blocking ? (overridden ? 'warn' : 'bad') : 'brand'}>{g.blocking ? (overridden ? 'required · overridden' : 'required · blocking') : 'required'}</Badge> : <Badge tone="off">informational</Badge>}
                </p>
                {g.link && (
                  <Link href={g.link} className="text-tremor-label font-medium text-indigo-700 hover:underline">
                    Evidence →
                  </Link>
                )}
              </div>
              <p className="mt-1.5 text-tremor-default text-tremor-content-emphasis">{g.summary}</p>
              {chips.length > 0 && (
                <dl className="mt-3 flex flex-wrap gap-1.5">
                  {chips.map((chip) => (
                    <div key={chip.key} className={`flex gap-1 rounded-tremor-small px-2 py-0.5 text-tremor-label ${g.status === 'not_applicable' ? 'bg-white' : 'bg-tremor-background-subtle'}`}>
                      <dt className="text-tremor-content">{chip.label}{chip.operator === '=' ? ' =' : ':'}</dt>
                      <dd className="font-mono font-medium text-tremor-content-strong">{chip.instant ? <LocalTime value={chip.text} /> : chip.text}</dd>
                    </div>
                  ))}
                </dl>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <tr>
      <th scope="row" className="w-36 whitespace-nowrap border-b border-tremor-border px-4 py-2.5 text-left align-top text-tremor-label font-medium text-tremor-content">{label}</th>
      {children}
    </tr>
  );
}

function Cell({ children, changed = false }: { children: ReactNode; changed?: boolean }) {
  return <td className={`break-all border-b border-tremor-border px-4 py-2.5 align-top text-tremor-default ${changed ? 'bg-amber-50/60' : ''}`}>{children}</td>;
}

function ExternalLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <a href={href} target="_blank" rel="noreferrer" className="text-indigo-700 hover:underline">
      {children}
    </a>
  );
}

function commitLink(v: VersionView) {
  if (!v.gitSha) return <span className="text-tremor-content-subtle">—</span>;
  const sha = <span className="font-mono">{v.gitSha.slice(0, 12)}</span>;
  return v.repository ? <ExternalLink href={`https://github.com/${v.repository}/commit/${v.gitSha}`}>{sha}</ExternalLink> : sha;
}

/** Candidate and serving version side by side; differing values are tinted. */
export function LineageCompare({ candidate, serving, environment }: { candidate: VersionView; serving: PromotionReview['serving']; environment: string }) {
  const versions: VersionView[] = serving ? [serving, candidate] : [candidate];
  const differs = (pick: (v: VersionView) => unknown) => serving !== null && pick(serving) !== pick(candidate);
  return (
    <TableFrame label="Lineage">
      <table className="w-full text-left" aria-label="Lineage">
        <thead>
          <tr>
            <th className="border-b border-tremor-border px-4 py-2.5" />
            {serving && (
              <th className="border-b border-tremor-border px-4 py-2.5 text-tremor-label font-semibold uppercase tracking-wide text-tremor-content">
                Serving {environment} · <Link className="text-indigo-700 hover:underline" href={serving.url}>v{serving.version}</Link>
              </th>
            )}
            <th className="border-b border-tremor-border px-4 py-2.5 text-tremor-label font-semibold uppercase tracking-wide text-tremor-content">
              Candidate · <Link className="text-indigo-700 hover:underline" href={candidate.url}>v{candidate.version}</Link>
            </th>
          </tr>
        </thead>
        <tbody>
          <Row label="Status">{versions.map((v) => <Cell key={v.id}><StatusBadge status={v.status} /></Cell>)}</Row>
          <Row label="Git commit">{versions.map((v) => <Cell key={v.id} changed={differs((x) => x.gitSha)}>{commitLink(v)}</Cell>)}</Row>
          <Row label="CI run">{versions.map((v) => <Cell key={v.id} changed={differs((x) => x.ciRunUrl)}>{v.ciRunUrl ? <ExternalLink href={v.ciRunUrl}>{v.ciRunUrl.replace(/^https?:\/\//, '')}</ExternalLink> : '—'}</Cell>)}</Row>
          <Row label="Release tag">{versions.map((v) => <Cell key={v.id} changed={differs((x) => x.releaseTag)}><span className="font-mono">{v.releaseTag ?? '—'}</span></Cell>)}</Row>
          <Row label="Dataset">{versions.map((v) => <Cell key={v.id} changed={differs((x) => x.datasetName)}>{v.datasetName ?? '—'}</Cell>)}</Row>
          <Row label="Dataset hash">{versions.map((v) => <Cell key={v.id} changed={differs((x) => x.datasetHash)}><span className="font-mono text-tremor-label" title={v.datasetHash ?? ''}>{v.datasetHash ? `${v.datasetHash.slice(0, 16)}…` : '—'}</span></Cell>)}</Row>
          <Row label="Artifact">{versions.map((v) => <Cell key={v.id} changed={differs((x) => x.artifactSha256)}><span className="font-mono text-tremor-label" title={v.artifactSha256}>sha256 {v.artifactSha256.slice(0, 12)}…</span> <span className="text-tremor-label text-tremor-content">{formatBytes(v.artifactSize)}</span></Cell>)}</Row>
          <Row label="Registered">{versions.map((v) => <Cell key={v.id}><LocalTime value={v.createdAt} /><span className="block text-tremor-label text-tremor-content">by {v.createdBy.name ?? v.createdBy.label}</span></Cell>)}</Row>
          {serving && (
            <Row label="Serving since">
              <Cell><LocalTime value={serving.deployedAt} /></Cell>
              <Cell><span className="text-tremor-content">—</span></Cell>
            </Row>
          )}
        </tbody>
      </table>
    </TableFrame>
  );
}

function Better({ row }: { row: MetricDiffRow }) {
  if (row.delta === null) return <span className="text-tremor-content-subtle">—</span>;
  if (row.delta === 0) return <span className="text-tremor-content">same</span>;
  if (row.better === null) return <span className="text-tremor-content">changed</span>;
  return row.better === 'candidate' ? <Badge tone="good">candidate better</Badge> : <Badge tone="bad">candidate worse</Badge>;
}

/** Training metrics of the candidate against the serving version. */
export function MetricDiffTable({ rows, candidate, serving }: { rows: MetricDiffRow[]; candidate: number; serving: number | null }) {
  if (serving === null) {
    return (
      <DataTable label="Metric differences" columns={['Metric', `Candidate v${candidate}`, 'Direction']}>
        {rows.map((r) => (
          <tr key={r.name}>
            <td className="font-mono">{r.name}</td>
            <td className="font-mono">{formatMetric(r.candidate)}</td>
            <td className="text-tremor-label text-tremor-content">{DIRECTION_TEXT[r.direction]}</td>
          </tr>
        ))}
      </DataTable>
    );
  }
  return (
    <DataTable label="Metric differences" columns={['Metric', `Serving v${serving}`, `Candidate v${candidate}`, 'Change', '']}>
      {rows.map((r) => (
        <tr key={r.name}>
          <td>
            <span className="font-mono">{r.name}</span>
            <span className="block text-tremor-label text-tremor-content-subtle">{DIRECTION_TEXT[r.direction]}</span>
          </td>
          <td className="font-mono">{formatMetric(r.serving)}</td>
          <td className="font-mono font-medium text-tremor-content-strong">{formatMetric(r.candidate)}</td>
          <td className={`font-mono ${r.better === 'candidate' ? 'text-emerald-700' : r.better === 'serving' ? 'text-red-700' : ''}`}>{formatDelta(r.delta)}</td>
          <td><Better row={r} /></td>
        </tr>
      ))}
    </DataTable>
  );
}

/** The latest drift report and the model's open alerts. */
export function DriftPanel({ drift }: { drift: DriftStatus }) {
  const { latest, openAlerts } = drift;
  return (
    <div className="space-y-3 rounded-tremor-default border border-tremor-border bg-white p-5 shadow-tremor-card">
      <div className="flex flex-wrap items-start justify-between gap-3">
        {latest ? (
          <div>
            <p className="flex items-center gap-2 font-medium text-tremor-content-strong">
              Latest report {latest.datasetDrift ? <Badge tone="bad">dataset drift</Badge> : <Badge tone="good">no dataset drift</Badge>}
            </p>
            <p className="mt-1 text-tremor-default text-tremor-content">
              {pct(latest.driftShare)} of features drifted over {latest.currentRows.toLocaleString('en-US')} events, <LocalTime value={latest.windowFrom} /> – <LocalTime value={latest.windowTo} />.
            </p>
          </div>
        ) : (
          <p className="text-tremor-default text-tremor-content">No drift report yet for this model.</p>
        )}
        <Link href={drift.link} className="text-tremor-label font-medium text-indigo-700 hover:underline">Monitoring →</Link>
      </div>
      {openAlerts.length === 0 ? (
        <p className="text-tremor-default text-emerald-700">No open alerts.</p>
      ) : (
        <ul className="divide-y divide-tremor-border rounded-tremor-small border border-tremor-border" aria-label="Open alerts">
          {openAlerts.map((a) => (
            <li key={a.id} className="flex flex-wrap items-start gap-2 px-3 py-2 text-tremor-default">
              <Badge tone={a.severity === 'critical' ? 'bad' : 'warn'}>{a.severity}</Badge>
              <span className="min-w-0 flex-1">
                <span className="text-tremor-content-strong">{a.message}</span>
                <span className="block text-tremor-label text-tremor-content">{humanize(a.kind)} · open since <LocalTime value={a.openedAt} /></span>
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

const CARD_SECTIONS: [string, string][] = [
  ['intendedUse', 'Intended use'],
  ['limitations', 'Limitations'],
  ['trainingData', 'Training data'],
  ['ethicalConsiderations', 'Ethical considerations'],
  ['decisions', 'Decisions taken'],
];

export function ModelCardPanel({ card, modelUrl }: { card: PromotionReview['card']; modelUrl: string }) {
  const filled = card ? CARD_SECTIONS.filter(([key]) => card.content[key]) : [];
  return (
    <div className="rounded-tremor-default border border-tremor-border bg-white p-5 shadow-tremor-card">
      {filled.length === 0 ? (
        <p className="text-tremor-default text-tremor-content">The model card is empty. A reviewer may reasonably ask for one before approving.</p>
      ) : (
        <dl className="grid gap-4 sm:grid-cols-2">
          {filled.map(([key, label]) => (
            <div key={key}>
              <dt className="text-tremor-label font-semibold uppercase tracking-wide text-tremor-content">{label}</dt>
              <dd className="mt-1 whitespace-pre-wrap text-tremor-default text-tremor-content-emphasis">{card!.content[key]}</dd>
            </div>
          ))}
        </dl>
      )}
      <p className="mt-4 border-t border-tremor-border pt-3 text-tremor-label text-tremor-content">
        {card ? <>Revision {card.revision} by {card.editedBy}, <LocalTime value={card.editedAt} />. </> : null}
        <Link href={modelUrl} className="text-indigo-700 hover:underline">Model page →</Link>
      </p>
    </div>
  );
}
