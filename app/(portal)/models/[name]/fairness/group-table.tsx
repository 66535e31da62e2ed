'use client';

import { Badge } from '@/app/_components/badges';
import { TableFrame } from '@/app/_components/data-table';
import { count, decimal, intervalText, percent, percentBound } from './fairness-format';
import { RATE_COLUMNS, ratePointer, type ConfidenceInterval, type FairnessReport, type GroupingReport } from './fairness-types';

const COLUMNS = ['Group', 'Count', 'Share', ...RATE_COLUMNS.map((c) => c.short), 'ROC AUC', 'Mean score'];

function RateCell({ value, interval }: { value: number | null; interval: ConfidenceInterval | null | undefined }) {
  const ci = value === null ? null : intervalText(interval, percentBound);
  return (
    <td className="whitespace-nowrap tabular-nums">
      <span className={value === null ? 'italic text-tremor-content' : undefined}>{percent(value)}</span>
      {ci ? <span className="block text-tremor-label text-tremor-content">{ci.replace('95 % CI ', '')}</span> : null}
    </td>
  );
}

/** Every group of one grouping, too-small ones included and marked; the overall row last. */
export function GroupTable({ grouping, overall }: { grouping: GroupingReport; overall: FairnessReport['overall'] }) {
  const intervals = grouping.intervals ?? {};
  return (
    <div className="space-y-2">
      <TableFrame label={`Groups by ${grouping.key}`}>
        <table className="data-table" aria-label={`Groups by ${grouping.key}`}>
          <thead>
            <tr>
              {COLUMNS.map((c) => (
                <th key={c} scope="col" className="whitespace-nowrap">{c}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {grouping.groups.map((group, i) => (
              <tr key={group.label}>
                <th scope="row" className="whitespace-nowrap px-4 py-3 text-left align-top text-tremor-default font-medium normal-case tracking-normal text-tremor-content-strong">
                  {group.label}
                  {group.tooSmall ? (
                    <span className="mt-1 block">
                      <Badge tone="warn">too small to judge</Badge>
                    </span>
                  ) : null}
                </th>
                <td className="tabular-nums">{count(group.rates.count)}</td>
                <td className="whitespace-nowrap tabular-nums">{percent(group.rates.share)}</td>
                {RATE_COLUMNS.map((c) => (
                  <RateCell key={c.key} value={group.rates[c.key]} interval={intervals[ratePointer(i, c.key)]} />
                ))}
                <td className="tabular-nums">{decimal(group.rocAuc)}</td>
                <td className="tabular-nums">{decimal(group.meanScore)}</td>
              </tr>
            ))}
            <tr className="bg-tremor-background-muted">
              <th scope="row" className="px-4 py-3 text-left align-top text-tremor-default font-semibold normal-case tracking-normal text-tremor-content-strong">All rows</th>
              <td className="tabular-nums">{count(overall.rates.count)}</td>
              <td className="whitespace-nowrap tabular-nums">{percent(overall.rates.share)}</td>
              {RATE_COLUMNS.map((c) => (
                <RateCell key={c.key} value={overall.rates[c.key]} interval={undefined} />
              ))}
              <td className="tabular-nums">{decimal(overall.rocAuc)}</td>
              <td className="tabular-nums">{decimal(overall.meanScore)}</td>
            </tr>
          </tbody>
        </table>
      </TableFrame>
      <p className="text-tremor-label text-tremor-content">
        Rates with their 95 % bootstrap interval below. &ldquo;undefined&rdquo;: the rate&apos;s denominator is empty in that group (e.g. a TPR where no row is
        actually positive), which is not the same as 0. ROC AUC is undefined for a group with a single class or without scores.
      </p>
    </div>
  );
}
