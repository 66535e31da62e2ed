'use client';

import { useState } from 'react';
import { Notice } from '@/app/_components/notice';
import { Section } from '@/app/_components/section';
import { DisparityTables } from './disparity-tables';
import { count } from './fairness-format';
import type { FairnessReport, ReportDetail } from './fairness-types';
import { GroupRateChart } from './group-rate-chart';
import { GroupTable } from './group-table';
import { ReportExport } from './report-export';
import { ThresholdSweepChart } from './threshold-sweep-chart';

/** A completed report: one grouping at a time, judged groups or all of them. */
export function ReportBody({ detail, report }: { detail: ReportDetail; report: FairnessReport }) {
  const [groupingKey, setGroupingKey] = useState(report.groupings[0]?.key ?? '');
  const [includeSmall, setIncludeSmall] = useState(false);
  const grouping = report.groupings.find((g) => g.key === groupingKey) ?? report.groupings[0];
  if (!grouping) return <Notice tone="warning">The report has no groupings: the settings named no attribute to group by.</Notice>;
  const scope = includeSmall || !grouping.judged ? grouping.all : grouping.judged;
  const scopeName = scope.scope === 'judged' ? 'judged groups' : 'all groups, too-small ones included';
  const { settings } = report;
  const privileged = Object.entries(settings.privileged);
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4 rounded-tremor-default border border-tremor-border bg-white p-4 shadow-tremor-card">
        <div className="flex flex-wrap items-end gap-6">
          <div className="space-y-1.5">
            <label htmlFor="fairness-grouping" className="label">Grouping</label>
            <select id="fairness-grouping" className="field-input min-w-[14rem]" value={grouping.key} onChange={(e) => setGroupingKey(e.target.value)}>
              {report.groupings.map((g) => (
                <option key={g.key} value={g.key}>{g.key} ({g.groups.length} groups)</option>
              ))}
            </select>
          </div>
          <label className="flex items-center gap-2 pb-2 text-tremor-default text-tremor-content-emphasis">
            <input type="checkbox" checked={includeSmall || !grouping.judged} disabled={!grouping.judged} onChange={(e) => setIncludeSmall(e.target.checked)} />
            Include groups too small to judge in the disparities
          </label>
        </div>
        <ReportExport detail={detail} report={report} grouping={grouping} />
      </div>
      <p className="text-tremor-default text-tremor-content">
        {count(report.rows)} labelled rows. Positive means the favourable outcome, <span className="font-medium">{detail.settings.favourableClass ?? 'the positive class'}</span>: selection
        rate is the share given it. Groups need at least {count(settings.minGroupSize)} rows to be judged.{' '}
        {settings.bootstrap ? `Intervals: ${count(settings.bootstrap.replicates)} bootstrap replicates, ${Math.round(settings.bootstrap.level * 100)} % level.` : 'No bootstrap intervals were computed.'}{' '}
        {privileged.length ? `Privileged values: ${privileged.map(([a, v]) => `${a} = ${v}`).join(', ')}.` : 'No privileged value is set, so there is no AIF360 comparison.'}
        {grouping.emptyCells > 0 ? ` ${grouping.emptyCells} of ${grouping.possibleCells} combinations have no rows and are not listed.` : ''}
      </p>
      {!grouping.judged ? <Notice tone="warning">No group of {grouping.key} reaches the minimum size: the disparities below are over all groups and are not judged.</Notice> : null}
      <Section title={`Groups by ${grouping.key}`}>
        <GroupTable grouping={grouping} overall={report.overall} />
      </Section>
      <Section title="Rates per group">
        <GroupRateChart grouping={grouping} overall={report.overall.rates} />
      </Section>
      <Section title={`Disparities over ${scopeName}`}>
        <DisparityTables scope={scope} intervals={grouping.intervals} />
      </Section>
      {scope.thresholdSweep ? (
        <Section title="If the decision threshold moved">
          <ThresholdSweepChart points={scope.thresholdSweep} />
        </Section>
      ) : null}
    </div>
  );
}
