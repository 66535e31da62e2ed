import type { Metadata } from 'next';
import Link from 'next/link';
import { Badge, StatusBadge } from '@/app/_components/badges';
import { DataTable, EmptyState } from '@/app/_components/data-table';
import { formatNumber } from '@/app/_components/format';
import { loadOrRefuse } from '@/app/_components/load-or-refuse';
import { Notice } from '@/app/_components/notice';
import { PageHeader } from '@/app/_components/page-header';
import { Section } from '@/app/_components/section';
import { pageTitle } from '@/app/_components/page-title';
import { LocalTime } from '@/app/_components/local-time';
import type { Change, MetricDiff, TensorDiff } from '@/server/registry/version-comparison';
import { DIRECTION_TEXT } from '@/server/statistics/metric-directions';
import { describeTensor } from '@/server/onnx/onnx-signature';
import { activationText, decisionText, disagreementText, sameDecision } from '../versions/[version]/decision-rule';
import { count, pct, pp, RUN_STATUS_TONES, signed, type RunStatus } from '../shadow/shadow-format';

export const dynamic = 'force-dynamic';
// From the address alone: a title must not cost a second comparison.
export async function generateMetadata({ params, searchParams }: { params: Promise<{ name: string }>; searchParams: Promise<{ a?: string; b?: string }> }): Promise<Metadata> {
  const [{ name }, { a, b }] = await Promise.all([params, searchParams]);
  const versions = positiveInt(a) && positiveInt(b) ? ` v${positiveInt(a)} → v${positiveInt(b)}` : '';
  return { title: pageTitle(`${name}${versions}`, 'Compare') };
}

const CHANGE_TONES: Record<Change, 'off' | 'warn' | 'good' | 'bad'> = { same: 'off', changed: 'warn', added: 'good', removed: 'bad' };

function positiveInt(value: string | undefined): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : 0;
}

/** Green when the change is good for the metric, red when bad, plain when neither way is better. */
const QUALITY_CLASSES = { better: 'text-emerald-700', worse: 'text-red-700' } as const;

function QualityWord({ m, later }: { m: MetricDiff; later: number }) {
  if (m.delta === null) return <span className="text-tremor-content-subtle">—</span>;
  if (m.delta === 0) return <span className="text-tremor-content">same</span>;
  if (m.quality === null) return <span className="text-tremor-content">changed</span>;
  return <Badge tone={m.quality === 'better' ? 'good' : 'bad'}>{`v${later} ${m.quality}`}</Badge>;
}

function TensorRows({ direction, diffs }: { direction: string; diffs: TensorDiff[] }) {
  return diffs.map((d) => (
    <tr key={`${direction}-${d.name}`}>
      <td>{direction}</td>
      <td className="font-mono">{d.name}</td>
      <td className="font-mono">{d.a ? describeTensor(d.a) : '—'}</td>
      <td className="font-mono">{d.b ? describeTensor(d.b) : '—'}</td>
      <td><Badge tone={CHANGE_TONES[d.change]}>{d.change}</Badge></td>
    </tr>
  ));
}

export default async function ComparePage({ params, searchParams }: { params: Promise<{ name: string }>; searchParams: Promise<{ a?: string; b?: string }> }) {
  const { name } = await params;
  const search = await searchParams;
  const result = await loadOrRefuse((caller) => caller.models.compare({ name, a: positiveInt(search.a), b: positiveInt(search.b) }));
  const { model, a, b, metrics, hyperparameters, signature, shadowRuns } = result;
  const changedHyperparameters = hyperparameters.filter((h) => h.change !== 'same').length;
  const decisionChange: Change = sameDecision(a, b) ? 'same' : 'changed';
  return (
    <>
      <PageHeader title={`v${a.version} → v${b.version}`} description={`What changed in ${model.name} between the two versions.`} />
      <div className="space-y-6">
        <div className="grid gap-4 sm:grid-cols-2">
          {[a, b].map((v) => (
            <Link key={v.id} href={`/models/${model.name}/versions/${v.version}`} className="rounded-tremor-default border border-tremor-border bg-white p-4 shadow-tremor-card hover:border-indigo-300">
              <p className="flex items-center gap-2 font-semibold text-tremor-content-strong">v{v.version} <StatusBadge status={v.status} /></p>
              <p className="mt-1 font-mono text-tremor-label text-tremor-content">{v.gitSha?.slice(0, 12) ?? 'no commit'} · {v.datasetName ?? 'no dataset'} · {v.artifactSha256.slice(0, 12)}</p>
              <p className="mt-1 text-tremor-label text-tremor-content">Decides by {decisionText(model.taskType, v)}</p>
              {(v.validation?.warnings?.length ?? 0) > 0 && <p className="mt-1 text-tremor-label font-medium text-amber-800">⚠ validated with {v.validation!.warnings!.length === 1 ? 'a warning' : `${v.validation!.warnings!.length} warnings`}{v.validation?.decisionCheck ? `: label output and score disagree on ${disagreementText(v.validation.decisionCheck)}` : ''}</p>}
            </Link>
          ))}
        </div>
        <Section title="Metrics">
          {decisionChange === 'changed' && (
            <div className="mb-3">
              <Notice tone="warning">The versions decide by different rules (v{a.version}: {decisionText(model.taskType, a)}; v{b.version}: {decisionText(model.taskType, b)}): metrics that count decisions are not measured the same way.</Notice>
            </div>
          )}
          <DataTable label="Metric differences" columns={['Metric', `v${a.version}`, `v${b.version}`, 'Change', '']}>
            {metrics.map((m) => (
              <tr key={m.name}>
                <td>
                  <span className="font-mono">{m.name}</span>
                  <span className="block text-tremor-label text-tremor-content">{DIRECTION_TEXT[m.direction]}</span>
                </td>
                <td className="font-mono">{formatNumber(m.a)}</td>
                <td className="font-mono">{formatNumber(m.b)}</td>
                <td className={`font-mono ${m.quality ? QUALITY_CLASSES[m.quality] : ''}`}>
                  {m.delta === null ? '—' : `${m.delta > 0 ? '+' : ''}${formatNumber(m.delta)}`}
                  {m.relative !== null && <span className="ml-2">({m.relative > 0 ? '+' : ''}{(m.relative * 100).toFixed(1)} %)</span>}
                </td>
                <td><QualityWord m={m} later={b.version} /></td>
              </tr>
            ))}
          </DataTable>
        </Section>
        <Section title="Hyperparameters" actions={hyperparameters.length > 0 && <span className="text-tremor-label text-tremor-content">{changedHyperparameters === 0 ? 'The same training parameters' : `${changedHyperparameters} of ${hyperparameters.length} differ`}</span>}>
          {hyperparameters.length === 0 ? (
            <p className="text-tremor-default text-tremor-content">Neither version reported hyperparameters with its release.</p>
          ) : (
            <DataTable label="Hyperparameter differences" columns={['Parameter', `v${a.version}`, `v${b.version}`, 'Change']}>
              {hyperparameters.map((h) => (
                <tr key={h.key}>
                  <td className="font-mono">{h.key}</td>
                  <td className="break-all font-mono">{h.a ?? '—'}</td>
                  <td className="break-all font-mono">{h.b ?? '—'}</td>
                  <td><Badge tone={CHANGE_TONES[h.change]}>{h.change}</Badge></td>
                </tr>
              ))}
            </DataTable>
          )}
        </Section>
        <Section title="Shadow runs">
          <p className="mb-3 text-tremor-label text-tremor-content">Runs of v{a.version} or v{b.version} over logged traffic; <q>between</q> marks a run of one over traffic the other served.</p>
          {shadowRuns.length === 0 ? (
            <EmptyState title="No shadow runs of these versions">Start one on the <Link href={`/models/${model.name}/shadow`} className="text-indigo-700 underline">Shadow tab</Link>.</EmptyState>
          ) : (
            <DataTable label="Shadow runs of these versions" columns={['Started', 'Candidate', 'Traffic served by', 'Status', 'Events', model.taskType === 'regression' ? 'MAE Δ' : 'Agreement', ...(model.taskType === 'regression' ? [] : ['Accuracy Δ'])]}>
              {shadowRuns.map((run) => (
                <tr key={run.id}>
                  <td className="whitespace-nowrap">
                    <Link href={`/models/${model.name}/shadow/${run.id}`} className="font-medium text-indigo-700 underline"><LocalTime value={run.createdAt} /></Link>
                  </td>
                  <td className="font-mono">v{run.candidateVersion}</td>
                  <td>
                    <span className="font-mono">{run.servedBy.length ? run.servedBy.map((v) => `v${v}`).join(', ') : '—'}</span>
                    {run.between && <span className="ml-2"><Badge tone="brand">between</Badge></span>}
                  </td>
                  <td><Badge tone={RUN_STATUS_TONES[run.status as RunStatus] ?? 'off'}>{run.status}</Badge></td>
                  <td className="tabular-nums">{count(run.progress.processed)}</td>
                  {model.taskType === 'regression' ? (
                    <td className="tabular-nums">{signed(run.headline?.maeDifference, 3)}</td>
                  ) : (
                    <>
                      <td className="tabular-nums">{pct(run.headline?.agreement)}</td>
                      <td className="tabular-nums">{pp(run.headline?.accuracyDifference)}</td>
                    </>
                  )}
                </tr>
              ))}
            </DataTable>
          )}
        </Section>
        <Section title="Signature">
          {signature ? (
            <>
              <div className="mb-3">
                {signature.compatible ? (
                  <Notice tone="success">Same inputs and outputs: a serving system can swap these versions without changes.</Notice>
                ) : (
                  <Notice tone="warning">Inputs or outputs differ: callers must change before serving v{b.version}.</Notice>
                )}
              </div>
              <DataTable label="Signature differences" columns={['Direction', 'Name', `v${a.version}`, `v${b.version}`, 'Change']}>
                <TensorRows direction="input" diffs={signature.inputs} />
                <TensorRows direction="output" diffs={signature.outputs} />
                <tr>
                  <td>opset</td><td>—</td><td className="font-mono">{signature.opset.a}</td><td className="font-mono">{signature.opset.b}</td>
                  <td><Badge tone={CHANGE_TONES[signature.opset.change]}>{signature.opset.change}</Badge></td>
                </tr>
                <tr>
                  <td>decision</td><td>—</td><td>{decisionText(model.taskType, a)}, {activationText(a)}</td><td>{decisionText(model.taskType, b)}, {activationText(b)}</td>
                  <td><Badge tone={CHANGE_TONES[decisionChange]}>{decisionChange}</Badge></td>
                </tr>
                <tr>
                  <td>producer</td><td>—</td><td className="font-mono">{signature.producer.a}</td><td className="font-mono">{signature.producer.b}</td>
                  <td><Badge tone={CHANGE_TONES[signature.producer.change]}>{signature.producer.change}</Badge></td>
                </tr>
              </DataTable>
            </>
          ) : (
            <p className="text-tremor-default text-tremor-content">Signatures are read at validation; compare again once both versions are validated.</p>
          )}
        </Section>
      </div>
    </>
  );
}
