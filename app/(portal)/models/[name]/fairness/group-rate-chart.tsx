'use client';

import type { CustomTooltipProps } from '@tremor/react';
import { useState } from 'react';
import { BarChart } from '@/app/_components/charts';
import { axisPercent, intervalText, percent, percentBound } from './fairness-format';
import { ratePointer, type GroupingReport, type GroupReport } from './fairness-types';

const METRICS = [
  { key: 'selectionRate', label: 'Selection rate' },
  { key: 'truePositiveRate', label: 'True positive rate' },
  { key: 'falsePositiveRate', label: 'False positive rate' },
] as const;
type Metric = (typeof METRICS)[number]['key'];

const JUDGED = 'Judged group';
const SMALL = 'Too small to judge';

interface Bar {
  group: string;
  [JUDGED]: number | null;
  [SMALL]: number | null;
  value: number | null;
  ci: string | null;
  rows: number;
}

function barsOf(grouping: GroupingReport, metric: Metric): Bar[] {
  return grouping.groups.map((g: GroupReport, i) => {
    const value = g.rates[metric];
    return {
      group: g.label,
      [JUDGED]: g.tooSmall ? null : value,
      [SMALL]: g.tooSmall ? value : null,
      value,
      ci: value === null ? null : intervalText(grouping.intervals?.[ratePointer(i, metric)], percentBound),
      rows: g.rates.count,
    };
  });
}

function Tooltip({ active, payload }: CustomTooltipProps) {
  const bar = payload?.[0]?.payload as Bar | undefined;
  if (!active || !bar) return null;
  return (
    <div className="rounded-tremor-default border border-tremor-border bg-white px-3 py-2 text-tremor-default shadow-tremor-dropdown">
      <p className="font-medium text-tremor-content-strong">{bar.group}</p>
      <p className="tabular-nums text-tremor-content-emphasis">{percent(bar.value)}</p>
      {bar.ci ? <p className="text-tremor-label text-tremor-content">{bar.ci}</p> : null}
      <p className="text-tremor-label text-tremor-content">{bar.rows.toLocaleString('en-US')} rows{bar[SMALL] !== null ? ', too small to judge' : ''}</p>
    </div>
  );
}

/** One rate per group as bars (too-small groups in amber), with the overall value stated. */
export function GroupRateChart({ grouping, overall }: { grouping: GroupingReport; overall: Record<Metric, number | null> }) {
  const [metric, setMetric] = useState<Metric>('selectionRate');
  const label = METRICS.find((m) => m.key === metric)!.label;
  const bars = barsOf(grouping, metric);
  const undefinedGroups = bars.filter((b) => b.value === null).map((b) => b.group);
  const hasSmall = grouping.groups.some((g) => g.tooSmall);
  return (
    <div className="rounded-tremor-default border border-tremor-border bg-white p-4 shadow-tremor-card">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-tremor-default text-tremor-content-emphasis">
          <span className="font-medium text-tremor-content-strong">{label}</span> per group; over all rows it is{' '}
          <span className="font-semibold tabular-nums text-tremor-content-strong">{percent(overall[metric])}</span>.
        </p>
        <div role="group" aria-label="Rate shown" className="inline-flex overflow-hidden rounded-tremor-default border border-tremor-border">
          {METRICS.map((m) => (
            <button
              key={m.key}
              type="button"
              aria-pressed={metric === m.key}
              onClick={() => setMetric(m.key)}
              className="px-3 py-1.5 text-tremor-label font-medium text-tremor-content-emphasis hover:bg-tremor-background-subtle aria-pressed:bg-indigo-600 aria-pressed:text-white"
            >
              {m.key === 'selectionRate' ? 'Selection rate' : m.key === 'truePositiveRate' ? 'TPR' : 'FPR'}
            </button>
          ))}
        </div>
      </div>
      <BarChart
        className="mt-3 h-64"
        data={bars}
        index="group"
        categories={hasSmall ? [JUDGED, SMALL] : [JUDGED]}
        colors={hasSmall ? ['indigo', 'amber'] : ['indigo']}
        stack
        valueFormatter={axisPercent}
        customTooltip={Tooltip}
        showLegend={hasSmall}
        yAxisWidth={56}
        minValue={0}
      />
      <p className="mt-2 text-tremor-label text-tremor-content">
        Hover a bar for its 95 % interval (also in the table above).
        {undefinedGroups.length ? ` Undefined (no bar): ${undefinedGroups.join(', ')}.` : ''}
      </p>
    </div>
  );
}
