'use client';

import { downloadFile as download } from '@/app/_components/download-file';
import { utcDay } from './fairness-format';
import type { FairnessReport, GroupingReport, ReportDetail } from './fairness-types';
import { groupingCsv, slug } from './report-csv';

/** Downloads of the chosen report: the whole report as JSON, the chosen grouping's table as CSV. */
export function ReportExport({ detail, report, grouping }: { detail: ReportDetail; report: FairnessReport; grouping: GroupingReport }) {
  const base = `fairness-v${detail.version}-${detail.population}-${utcDay(detail.createdAt)}`;
  function json() {
    const body = {
      id: detail.id,
      version: detail.version,
      population: detail.population,
      windowFrom: detail.windowFrom,
      windowTo: detail.windowTo,
      shadowRunId: detail.shadowRunId,
      createdAt: detail.createdAt,
      finishedAt: detail.finishedAt,
      report,
    };
    download(`${base}.json`, 'application/json', JSON.stringify(body, null, 2));
  }
  return (
    <div className="flex flex-wrap gap-2">
      <button type="button" className="btn-secondary" onClick={json}>Download report (JSON)</button>
      <button type="button" className="btn-secondary" onClick={() => download(`${base}-${slug(grouping.key)}.csv`, 'text/csv', groupingCsv(grouping))}>
        Download {grouping.key} table (CSV)
      </button>
    </div>
  );
}
