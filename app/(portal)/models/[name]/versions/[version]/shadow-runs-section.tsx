import Link from 'next/link';
import type { inferRouterOutputs } from '@trpc/server';
import { Badge } from '@/app/_components/badges';
import { DataTable, EmptyState } from '@/app/_components/data-table';
import { LocalTime } from '@/app/_components/local-time';
import { Section } from '@/app/_components/section';
import type { AppRouter } from '@/server/app-router';
import { count, pct, pp, RUN_STATUS_TONES, signed, type RunStatus } from '../../shadow/shadow-format';

type Runs = inferRouterOutputs<AppRouter>['shadow']['ofVersion'];
type Run = Runs['asCandidate'][number];

/** The versions a run compared against, with their share of the replayed events. */
function servingText(run: Run): string {
  if (!run.servingVersions) return run.status === 'completed' ? '—' : 'the serving version (known when done)';
  const total = run.servingVersions.reduce((sum, s) => sum + s.events, 0);
  if (run.servingVersions.length === 0) return 'no served events';
  return run.servingVersions.map((s) => `${s.version === null ? 'unknown version' : `v${s.version}`}${run.servingVersions!.length > 1 ? ` (${pct(total ? s.events / total : null, 0)})` : ''}`).join(', ');
}

/** The run's result in one line, as the shadow list states it. */
function headline(run: Run, regression: boolean): string {
  if (run.status === 'failed') return run.error ? `failed: ${run.error}` : 'failed';
  if (!run.headline) return run.status === 'running' || run.status === 'pending' ? `${count(run.progress.processed)} of ${count(run.progress.total)} events so far` : '—';
  const rows = `${count(run.headline.rows)} rows`;
  if (regression) return `MAE Δ ${signed(run.headline.maeDifference, 3)} (candidate − serving), ${rows}`;
  const accuracy = run.headline.accuracyDifference === null ? 'no labels' : `accuracy Δ ${pp(run.headline.accuracyDifference)}`;
  return `agreement ${pct(run.headline.agreement)}, ${accuracy}, ${rows}`;
}

function RunTable({ label, runs, model, regression, other }: { label: string; runs: Run[]; model: string; regression: boolean; other: 'serving' | 'candidate' }) {
  return (
    <DataTable label={label} columns={['Started', 'Status', other === 'serving' ? 'Against' : 'Candidate', 'Result']}>
      {runs.map((run) => (
        <tr key={run.id}>
          <td className="whitespace-nowrap"><Link href={`/models/${model}/shadow/${run.id}`} className="font-medium text-indigo-700 underline"><LocalTime value={run.createdAt} /></Link></td>
          <td><Badge tone={RUN_STATUS_TONES[run.status as RunStatus] ?? 'off'}>{run.status}</Badge></td>
          <td className="font-mono">{other === 'serving' ? servingText(run) : `v${run.candidateVersion}`}</td>
          <td className="text-tremor-default">{headline(run, regression)}</td>
        </tr>
      ))}
    </DataTable>
  );
}

/** The shadow runs a version took part in: replayed as the candidate, and as the serving side of later versions' runs. */
export function ShadowRunsSection({ model, version, regression, runs }: { model: string; version: number; regression: boolean; runs: Runs }) {
  return (
    <Section title="Shadow runs" actions={<Link href={`/models/${model}/shadow`} className="btn-secondary">All shadow runs</Link>}>
      {runs.asCandidate.length === 0 && runs.asBaseline.length === 0 ? (
        <EmptyState title="No shadow run with this version">Replay logged traffic through v{version} on the Shadow tab to compare it with the serving version before promoting it.</EmptyState>
      ) : (
        <div className="space-y-4">
          <div>
            <h3 className="mb-2 font-medium text-tremor-content-strong">As the candidate ({runs.asCandidate.length})</h3>
            {runs.asCandidate.length ? <RunTable label={`Shadow runs of v${version}`} runs={runs.asCandidate} model={model} regression={regression} other="serving" /> : <p className="text-tremor-default text-tremor-content">v{version} has not been replayed as a candidate.</p>}
          </div>
          {runs.asBaseline.length > 0 && (
            <div>
              <h3 className="mb-2 font-medium text-tremor-content-strong">As the serving version other candidates were compared with ({runs.asBaseline.length})</h3>
              <RunTable label={`Shadow runs against v${version}`} runs={runs.asBaseline} model={model} regression={regression} other="candidate" />
            </div>
          )}
        </div>
      )}
    </Section>
  );
}
