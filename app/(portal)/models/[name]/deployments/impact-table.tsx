import { Badge } from '@/app/_components/badges';
import { TableFrame } from '@/app/_components/data-table';
import { LocalTime } from '@/app/_components/local-time';
import type { DeploymentImpact } from '@/server/impact/deployment-impact';
import type { ImpactRow } from '@/server/impact/impact-row';
import { impactDifference, impactInterval, impactValue, VERDICT_TONES } from './impact-format';

function Rows({ rows }: { rows: ImpactRow[] }) {
  return rows.map((row) => (
    <tr key={row.key}>
      <td>
        <p className="font-medium text-tremor-content-strong">{row.label}</p>
        <p className="text-tremor-label text-tremor-content" title={row.methodDescription}>{row.scope}</p>
      </td>
      <td className="whitespace-nowrap tabular-nums">{impactValue(row, row.before)}</td>
      <td className="whitespace-nowrap tabular-nums">{impactValue(row, row.after)}</td>
      <td className="whitespace-nowrap tabular-nums">
        <p>{impactDifference(row, row.difference)}</p>
        <p className="text-tremor-label text-tremor-content">{impactInterval(row)}</p>
      </td>
      <td>
        <Badge tone={VERDICT_TONES[row.verdict]}>{row.verdict}</Badge>
        {row.reason && <p className="mt-0.5 max-w-[12rem] text-tremor-label text-tremor-content">{row.reason}</p>}
      </td>
    </tr>
  ));
}

function Windows({ impact }: { impact: DeploymentImpact }) {
  const { windows, deployment: d } = impact;
  const what = d.previousVersion === null ? `v${d.version}, the first deployment to ${d.environment}` : `v${d.previousVersion} → v${d.version} in ${d.environment}`;
  if (windows.days === 0) {
    return (
      <p className="text-tremor-default text-tremor-content">
        {what}, <LocalTime value={d.createdAt} />: not one full day has passed since{windows.completeAt ? <>; the {windows.requestedDays}-day comparison is complete on <LocalTime value={windows.completeAt} /></> : ''}.
      </p>
    );
  }
  return (
    <p className="text-tremor-default text-tremor-content">
      {what}, <LocalTime value={d.createdAt} />: {windows.days} day{windows.days === 1 ? '' : 's'} before (<LocalTime value={windows.before.from} /> – <LocalTime value={windows.before.to} />) against {windows.days} after (
      <LocalTime value={windows.after.from} /> – <LocalTime value={windows.after.to} />).
      {windows.shortenedBecause && ` Shorter than the ${windows.requestedDays} days asked: ${windows.shortenedBecause}.`}
      {windows.completeAt && (
        <>
          {' '}Complete on <LocalTime value={windows.completeAt} />.
        </>
      )}
      {d.previousVersion === d.version && ' The same version was deployed again: a difference here is not the model’s doing.'}
    </p>
  );
}

/** Before vs after a deployment for every KPI and metric, with the windows and methods stated. */
export function ImpactTable({ impact }: { impact: DeploymentImpact }) {
  const { deployment: d } = impact;
  const all = [...impact.kpis, ...impact.metrics];
  const rows = all.filter((r) => r.before !== null || r.after !== null);
  const missing = all.filter((r) => r.before === null && r.after === null);
  const methods = [...new Set(rows.map((r) => r.methodDescription))];
  return (
    <div className="space-y-2">
      <Windows impact={impact} />
      {impact.windows.days > 0 && rows.length > 0 && (
        <TableFrame label={`Impact of v${d.version} on ${d.environment}`} flat>
          <table className="data-table" aria-label={`Impact of v${d.version} on ${d.environment}`}>
            <thead>
              <tr>
                <th>KPI or metric</th>
                <th>Before</th>
                <th>After</th>
                <th>Difference, {Math.round(impact.level * 100)} % interval</th>
                <th>Verdict</th>
              </tr>
            </thead>
            <tbody>
              <Rows rows={rows} />
            </tbody>
          </table>
        </TableFrame>
      )}
      {impact.windows.days > 0 && missing.length > 0 && (
        <p className="text-tremor-label text-tremor-content">
          Nothing to compare for {missing.map((r) => `${r.label} (${r.reason ?? 'no data'})`).join('; ')}.
        </p>
      )}
      {all.length === 0 && <p className="text-tremor-default text-tremor-content">No business KPI is defined for this model, and it logs no traffic to compare.</p>}
      {rows.length > 0 && (
        <ul className="list-inside list-disc text-tremor-label text-tremor-content">
          {methods.map((m) => (
            <li key={m}>{m}.</li>
          ))}
          <li>Significant only when the interval excludes zero; the hour of the deployment belongs to neither window; times in UTC hours.</li>
        </ul>
      )}
    </div>
  );
}
