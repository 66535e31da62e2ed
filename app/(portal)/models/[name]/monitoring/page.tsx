import { Badge } from '@/app/_components/badges';
import { DataTable, EmptyState } from '@/app/_components/data-table';
import { LocalTime } from '@/app/_components/local-time';
import { loadOrRefuse } from '@/app/_components/load-or-refuse';
import { PageHeader } from '@/app/_components/page-header';
import { Section } from '@/app/_components/section';
import { modelPageMetadata } from '@/app/_components/page-title';
import Link from 'next/link';
import { formatApproxDuration, formatCount, formatPercent } from '@/app/_components/format';
import { can } from '@/server/rbac/permissions';
import { DriftHistory, DriftTable, PerformanceHistory, VolumeChart } from './drift-charts';
import { DRIFT_SCORE_CAP, historyPoints } from './drift-history-points';
import { noLabelsText, realizedHint } from './label-status';
import { PerformanceTargetForm } from './performance-target-form';
import { RealizedPerformanceSection } from './realized-performance-section';
import { ReferenceUpload } from './reference-upload';
import { MulticlassEstimate, PredictionDriftStatistics, predictionRowName } from './task-monitoring';

export const dynamic = 'force-dynamic';

export const generateMetadata = modelPageMetadata('Monitoring');

function Kpi({ label, value, hint, tone }: { label: string; value: string; hint: string; tone?: 'bad' | 'good' }) {
  return (
    <div className="rounded-tremor-default border border-tremor-border bg-white p-4 shadow-tremor-card">
      <p className="text-tremor-label text-tremor-content">{label}</p>
      <p className={`mt-1 text-tremor-metric font-semibold ${tone === 'bad' ? 'text-red-700' : 'text-tremor-content-strong'}`}>{value}</p>
      <p className="text-tremor-label text-tremor-content">{hint}</p>
    </div>
  );
}

const pct = (v: number | null | undefined) => formatPercent(v);

export default async function MonitoringPage({ params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  const [view, me] = await loadOrRefuse((caller) => Promise.all([caller.monitoring.overview({ name }), caller.me()]));
  const { model, reference, references, latest, history, openAlerts, last24h, volume, labels, driftThreshold } = view;
  const target = await loadOrRefuse((caller) => caller.dashboard.target({ name }));
  // The features worth a line: those that drifted at some point, else the first few.
  const drifting = [...new Set(history.flatMap((r) => r.features.filter((f) => f.drifted).map((f) => f.feature)))];
  const plotted = (drifting.length ? drifting : (latest?.features ?? []).map((f) => f.feature)).slice(0, 6);
  const points = historyPoints(history, plotted, driftThreshold.value);
  // Labels arrive late: the newest report whose window has any labelled event.
  const realizedReport = [...history].reverse().find((r) => r.performance?.realized && r.performance.realized.labeled > 0);
  const realized = realizedReport?.performance?.realized ?? null;
  const regression = model.taskType === 'regression';
  return (
    <>
      <PageHeader
        title="Monitoring"
        description="Production traffic against the reference dataset: drift per feature and for the prediction, estimated and realized performance, alerts."
      />
      <div className="space-y-6">
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          <Kpi label="Events, last 24 h" value={formatCount(last24h.events)} hint={last24h.latencyP95 === null ? 'no latency reported' : `p95 latency ≈ ${last24h.latencyP95.toFixed(1)} ms (hourly histograms)`} />
          <Kpi label="Drifted features, latest report" value={latest ? pct(latest.driftShare) : '—'} hint={latest ? (latest.datasetDrift ? 'dataset drift detected' : 'no dataset drift') : 'no report yet'} tone={latest?.datasetDrift ? 'bad' : undefined} />
          {regression ? (
            <Kpi label="MAE, realized" value={realized?.task === 'regression' && realized.mae !== null ? realized.mae.toPrecision(4) : '—'} hint={realized ? `on ${formatCount(realized.labeled)} labels; not estimated without labels` : noLabelsText(labels, 'any window')} />
          ) : (
            <Kpi label="Accuracy, estimated (CBPE)" value={pct(latest?.performance?.estimatedAccuracy)} hint={realizedHint({ value: pct(latest?.performance?.realizedAccuracy), labeled: latest?.performance?.labeledRows ?? 0 }, labels)} />
          )}
          <Kpi label="Open alerts" value={String(openAlerts.length)} hint={openAlerts[0]?.message ?? 'none'} tone={openAlerts.length ? 'bad' : undefined} />
        </div>
        {!reference ? (
          <EmptyState title="No reference dataset yet">Upload a labelled reference dataset (the data the model was validated on) to compare production traffic with.</EmptyState>
        ) : !latest ? (
          <EmptyState title="No drift report yet">Reports are computed hourly over the last 24 hours of traffic once the model receives events.</EmptyState>
        ) : (
          <>
            <Section
              title="Latest drift report"
              actions={
                <span className="flex items-center gap-2 text-tremor-default text-tremor-content">
                  <LocalTime value={latest.windowFrom} /> – <LocalTime value={latest.windowTo} /> · {formatCount(latest.currentRows)} events ·{' '}
                  {latest.datasetDrift ? <Badge tone="bad">dataset drift</Badge> : <Badge tone="good">no dataset drift</Badge>}
                </span>
              }
            >
              <DriftTable features={latest.prediction ? [...latest.features, { ...latest.prediction, feature: predictionRowName(model.taskType) }] : latest.features} />
              <div className="mt-4">
                {latest.prediction ? (
                  <PredictionDriftStatistics prediction={latest.prediction} taskType={model.taskType} />
                ) : (
                  <p className="text-tremor-default text-tremor-content">No prediction drift in this report: the serving version could not be run on the reference dataset, or no event carried a prediction.</p>
                )}
              </div>
            </Section>
            {model.taskType === 'multiclass_classification' ? (
              <Section title="Estimated performance (CBPE)">
                <MulticlassEstimate performance={latest.performance} />
              </Section>
            ) : null}
            <Section title="History">
              <DriftHistory points={points} features={plotted} cap={DRIFT_SCORE_CAP} shareThreshold={driftThreshold} />
              <div className="mt-4">
                <DataTable label="Drift reports" columns={['Window', 'Events', 'Drifted features', 'Dataset', 'Accuracy (est. / realized)']}>
                  {[...history].reverse().slice(0, 14).map((r) => (
                    <tr key={r.id}>
                      <td className="whitespace-nowrap"><LocalTime value={r.windowFrom} /> – <LocalTime value={r.windowTo} /></td>
                      <td>{formatCount(r.currentRows)}</td>
                      <td>{pct(r.driftShare)} <span className="text-tremor-label text-tremor-content">({r.features.filter((f) => f.drifted).map((f) => f.feature).join(', ') || 'none'})</span></td>
                      <td>{r.datasetDrift ? <Badge tone="bad">dataset drift</Badge> : <Badge tone="good">stable</Badge>}</td>
                      <td className="font-mono text-tremor-label">{pct(r.performance?.estimatedAccuracy)} / {pct(r.performance?.realizedAccuracy)}</td>
                    </tr>
                  ))}
                </DataTable>
              </div>
            </Section>
            <PerformanceHistory points={points} labelNote={labels.medianDelaySeconds === null ? 'Labels arrive late; the estimate covers windows that have none yet.' : `Labels arrive ${formatApproxDuration(labels.medianDelaySeconds)} after the event (median, newest labelled day); the estimate covers windows that have none yet.`} />
            <Section
              title="Realized performance"
              actions={
                realizedReport ? (
                  <span className="text-tremor-default text-tremor-content">
                    <LocalTime value={realizedReport.windowFrom} /> – <LocalTime value={realizedReport.windowTo} /> · {formatCount(realized!.labeled)} labelled events
                  </span>
                ) : null
              }
            >
              {realized ? <RealizedPerformanceSection realized={realized} /> : <EmptyState title="No labelled events yet">{noLabelsText(labels, 'any report window')}. Each hourly report measures the model on the labels of its window.</EmptyState>}
            </Section>
          </>
        )}
        <VolumeChart days={volume} />
        {model.taskType === 'binary_classification' ? (
          <Section title="Performance target">
            <PerformanceTargetForm name={model.name} target={target} canEdit={can(me.roles, 'monitoring:write')} />
          </Section>
        ) : null}
        <Section title="Reference datasets">
          <div className="space-y-4">
            {references.length ? (
              <DataTable label="Reference datasets" columns={['Name', 'Rows', 'Version', 'Uploaded', 'By', 'Role']}>
                {references.map((r, i) => (
                  <tr key={r.id}>
                    <td><Link href={`/models/${model.name}/reference/${r.id}`} className="font-medium text-indigo-700 underline hover:text-indigo-900">{r.name}</Link></td>
                    <td className="tabular-nums">{formatCount(r.rowCount)}</td>
                    <td className="font-mono">{r.version === null ? '—' : `v${r.version}`}</td>
                    <td><LocalTime value={r.createdAt} /></td>
                    <td>{r.createdBy}</td>
                    <td>{i === 0 ? <Badge tone="brand">drift baseline</Badge> : <span className="text-tremor-content">earlier</span>}</td>
                  </tr>
                ))}
              </DataTable>
            ) : (
              <p className="text-tremor-default text-tremor-content">None yet.</p>
            )}
            {can(me.roles, 'monitoring:write') && (
              <div className="rounded-tremor-default border border-tremor-border bg-white p-5 text-tremor-default shadow-tremor-card">
                <ReferenceUpload model={model.name} />
              </div>
            )}
          </div>
        </Section>
      </div>
    </>
  );
}
