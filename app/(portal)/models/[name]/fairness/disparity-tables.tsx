'use client';

import { Badge } from '@/app/_components/badges';
import { TableFrame } from '@/app/_components/data-table';
import type { ExtendedNumber } from '@/server/fairness/fairness-numbers';
import { decimal, intervalText, signedDecimal } from './fairness-format';
import type { ConfidenceInterval, ScopeReport } from './fairness-types';

/** A row header in the body: not the uppercase label style of the column headers. */
const ROW_HEADER = 'px-4 py-3 text-left align-top text-tremor-default font-medium normal-case tracking-normal text-tremor-content-emphasis';

type Intervals = Record<string, ConfidenceInterval | null> | null;

function Value({ value, interval, format, flag }: { value: ExtendedNumber; interval: ConfidenceInterval | null | undefined; format: (v: ExtendedNumber) => string; flag?: string | null }) {
  const ci = value === null ? null : intervalText(interval, format);
  return (
    <td className="whitespace-nowrap tabular-nums">
      <span className={value === null ? 'italic text-tremor-content' : 'font-medium text-tremor-content-strong'}>{format(value)}</span>
      {ci ? <span className="block text-tremor-label text-tremor-content">{ci}</span> : null}
      {interval?.significant === false ? <span className="mt-1 block"><Badge tone="off">not significant</Badge></span> : null}
      {flag ? <span className="mt-1 block"><Badge tone="bad">{flag}</Badge></span> : null}
    </td>
  );
}

const FAIRLEARN_ROWS = [
  { label: 'Demographic parity (selection rate)', path: 'demographicParity' },
  { label: 'Equalized odds (TPR and FPR)', path: 'equalizedOdds' },
  { label: 'True positive rate', path: 'metrics/truePositiveRate' },
  { label: 'False positive rate', path: 'metrics/falsePositiveRate' },
  { label: 'False negative rate', path: 'metrics/falseNegativeRate' },
  { label: 'Precision', path: 'metrics/precision' },
  { label: 'Accuracy', path: 'metrics/accuracy' },
] as const;

function fairlearnDisparity(scope: ScopeReport, path: string) {
  const f = scope.fairlearn;
  if (path === 'demographicParity') return f.demographicParity;
  if (path === 'equalizedOdds') return f.equalizedOdds;
  return f.metrics[path.slice('metrics/'.length) as keyof typeof f.metrics] ?? null;
}

function FairlearnTable({ scope, intervals }: { scope: ScopeReport; intervals: Intervals }) {
  const at = (path: string) => intervals?.[`/${scope.scope}/fairlearn/${path}`];
  return (
    <TableFrame label="Fairlearn disparities">
      <table className="data-table" aria-label="Fairlearn disparities">
        <caption className="px-4 pt-3 text-left font-medium text-tremor-content-strong">Fairlearn: spread between groups</caption>
        <thead>
          <tr><th scope="col">Metric</th><th scope="col">Difference (max − min)</th><th scope="col">Ratio (min / max)</th></tr>
        </thead>
        <tbody>
          {FAIRLEARN_ROWS.map((row) => {
            const d = fairlearnDisparity(scope, row.path);
            if (!d) return null;
            return (
              <tr key={row.path}>
                <th scope="row" className={ROW_HEADER}>{row.label}</th>
                <Value value={d.differenceBetweenGroups} interval={at(`${row.path}/differenceBetweenGroups`)} format={decimal} />
                <Value value={d.ratioBetweenGroups} interval={at(`${row.path}/ratioBetweenGroups`)} format={decimal} />
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableFrame>
  );
}

const AIF360_ROWS = [
  { key: 'disparateImpact', label: 'Disparate impact (ratio)' },
  { key: 'statisticalParityDifference', label: 'Statistical parity difference' },
  { key: 'equalOpportunityDifference', label: 'Equal opportunity difference (TPR)' },
  { key: 'averageOddsDifference', label: 'Average odds difference' },
  { key: 'averageAbsOddsDifference', label: 'Average absolute odds difference' },
  { key: 'falsePositiveRateDifference', label: 'False positive rate difference' },
  { key: 'falseNegativeRateDifference', label: 'False negative rate difference' },
  { key: 'errorRateDifference', label: 'Error rate difference' },
] as const;

function Aif360Table({ scope, intervals }: { scope: ScopeReport; intervals: Intervals }) {
  const aif = scope.aif360;
  if (!aif) {
    return (
      <div className="rounded-tremor-default border border-tremor-border bg-white p-4 shadow-tremor-card">
        <p className="font-medium text-tremor-content-strong">AIF360: unprivileged against privileged</p>
        <p className="mt-1 text-tremor-default text-tremor-content-emphasis">Not available: {scope.aif360Unavailable ?? 'no reason given'}.</p>
      </div>
    );
  }
  const sides = [
    { label: `Pooled: ${aif.pooled.unprivileged.join(', ')}`, disparities: aif.pooled.disparities, prefix: `/${scope.scope}/aif360/pooled/disparities` },
    ...aif.perGroup.map((g, i) => ({ label: g.group, disparities: g.disparities, prefix: `/${scope.scope}/aif360/perGroup/${i}/disparities` })),
  ];
  return (
    <TableFrame label="AIF360 disparities">
      <table className="data-table" aria-label="AIF360 disparities">
        <caption className="px-4 pt-3 text-left font-medium text-tremor-content-strong">
          AIF360: unprivileged against the privileged group <span className="font-mono">{aif.privileged}</span>
        </caption>
        <thead>
          <tr>
            <th scope="col">Metric</th>
            {sides.map((s, i) => (
              <th key={s.prefix} scope="col" className={i === 0 ? 'min-w-[9rem]' : undefined}>{s.label}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {AIF360_ROWS.map((row) => (
            <tr key={row.key}>
              <th scope="row" className={ROW_HEADER}>{row.label}</th>
              {sides.map((s) => (
                <Value
                  key={s.prefix}
                  value={s.disparities[row.key]}
                  interval={intervals?.[`${s.prefix}/${row.key}`]}
                  format={row.key === 'disparateImpact' ? decimal : signedDecimal}
                  flag={row.key === 'disparateImpact' && s.disparities.fourFifthsViolated ? 'outside four-fifths (0.8–1.25)' : null}
                />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </TableFrame>
  );
}

const inScope = (groups: string[]) => (groups.length > 6 ? `${groups.slice(0, 6).join(', ')} and ${groups.length - 6} more` : groups.join(', '));

/** Both conventions side by side over one scope of groups. */
export function DisparityTables({ scope, intervals }: { scope: ScopeReport; intervals: Intervals }) {
  return (
    <div className="space-y-3">
      <p className="max-w-4xl text-tremor-default text-tremor-content-emphasis">
        Fairlearn compares every group in scope with every other: a difference is the largest group value minus the smallest (never negative, 0 is parity)
        and a ratio the smallest over the largest (1 is parity). AIF360 compares the unprivileged side with the privileged group: a difference is signed,
        unprivileged − privileged (negative means the unprivileged side gets less of it), and disparate impact is the unprivileged selection rate over the
        privileged one; the four-fifths rule flags it below 0.8 or above 1.25. &ldquo;not significant&rdquo;: the 95 % interval includes parity. Groups in
        scope: {inScope(scope.groups)} ({scope.rows.toLocaleString('en-US')} rows).
      </p>
      <div className="grid gap-4 xl:grid-cols-[minmax(0,5fr)_minmax(0,7fr)]">
        <FairlearnTable scope={scope} intervals={intervals} />
        <Aif360Table scope={scope} intervals={intervals} />
      </div>
      <p className="text-tremor-label text-tremor-content">
        Inequality of benefits over the rows in scope: Theil index {decimal(scope.inequality.theilIndex)}, generalized entropy index (α = {scope.inequality.alpha}){' '}
        {decimal(scope.inequality.generalizedEntropyIndex)}.
      </p>
    </div>
  );
}
