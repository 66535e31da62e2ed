import type { Metadata } from 'next';
import Link from 'next/link';
import { StatusBadge } from '@/app/_components/badges';
import { DataTable } from '@/app/_components/data-table';
import { Field as BaseField } from '@/app/_components/field';
import { formatBytes, formatNumber, shape } from '@/app/_components/format';
import { LocalTime } from '@/app/_components/local-time';
import { loadOrRefuse } from '@/app/_components/load-or-refuse';
import { Notice } from '@/app/_components/notice';
import { PageHeader } from '@/app/_components/page-header';
import { Section } from '@/app/_components/section';
import { pageTitle } from '@/app/_components/page-title';
import { ReleaseList } from '../../release-list';
import { activationText, DecisionCheckDetails, decisionText, ValidationWarnings } from './decision-rule';
import { PromotionSection } from './promotion-section';
import { ShadowRunsSection } from './shadow-runs-section';

export const dynamic = 'force-dynamic';

export async function generateMetadata({ params }: { params: Promise<{ name: string; version: string }> }): Promise<Metadata> {
  const { name, version } = await params;
  return { title: pageTitle(`${name} v${version}`, 'Version') };
}

// Hashes, commits and URLs: long unbroken strings that must wrap inside the card.
const Field = (props: { label: string; children: React.ReactNode }) => <BaseField {...props} breakAll />;

export default async function VersionPage({ params }: { params: Promise<{ name: string; version: string }> }) {
  const { name, version: raw } = await params;
  const number = Number(raw);
  const { model, version: v, releases } = await loadOrRefuse((caller) => caller.models.version({ name, version: Number.isInteger(number) && number > 0 ? number : 0 }));
  const shadowRuns = await loadOrRefuse((caller) => caller.shadow.ofVersion({ model: model.name, version: v.version }));
  const commitUrl = v.repository && v.gitSha ? `https://github.com/${v.repository}/commit/${v.gitSha}` : null;
  return (
    <>
      <PageHeader
        title={`${model.name} v${v.version}`}
        description={v.description || undefined}
        actions={
          <span className="flex items-center gap-2">
            <StatusBadge status={v.status} />
            {v.version > 1 && <Link href={`/models/${model.name}/compare?a=${v.version - 1}&b=${v.version}`} className="btn-secondary">Compare with v{v.version - 1}</Link>}
            <a href={`/models/${model.name}/versions/${v.version}/download`} className="btn-primary" download>Download ONNX</a>
          </span>
        }
      />
      <div className="space-y-6">
        {v.status === 'registered' && <Notice tone="info" title="Validation pending">A worker is loading the artifact with onnxruntime and running a synthetic batch. Reload in a few seconds.</Notice>}
        {v.status === 'invalid' && <Notice tone="error" title="This version is invalid">{v.statusReason}</Notice>}
        {v.status !== 'invalid' && <ValidationWarnings version={v} />}
        <PromotionSection model={model.name} version={v.version} />
        <div className="grid gap-6 lg:grid-cols-2">
          <Section title="Lineage">
            <dl className="grid gap-4 rounded-tremor-default border border-tremor-border bg-white p-5 shadow-tremor-card sm:grid-cols-2">
              <Field label="Git commit">{v.gitSha ? (commitUrl ? <a className="font-mono text-indigo-700 hover:underline" href={commitUrl} rel="noreferrer" target="_blank">{v.gitSha}</a> : <span className="font-mono">{v.gitSha}</span>) : '—'}</Field>
              <Field label="Repository"><span className="font-mono">{v.repository ?? '—'}</span></Field>
              <Field label="CI run">{v.ciRunUrl ? <a className="text-indigo-700 hover:underline" href={v.ciRunUrl} rel="noreferrer" target="_blank">{v.ciRunUrl}</a> : '—'}</Field>
              <Field label="Release tag"><span className="font-mono">{v.releaseTag ?? '—'}</span></Field>
              <Field label="Dataset">{v.datasetName ?? '—'}</Field>
              <Field label="Dataset hash"><span className="font-mono text-tremor-label">{v.datasetHash ?? '—'}</span></Field>
              <Field label="Registered by">{v.createdByLabel} ({v.createdByType})</Field>
              <Field label="Registered"><LocalTime value={v.createdAt} /></Field>
            </dl>
          </Section>
          <Section title="Artifact">
            <dl className="grid gap-4 rounded-tremor-default border border-tremor-border bg-white p-5 shadow-tremor-card">
              <Field label={v.derivedArtifact ? 'SHA-256 (as uploaded)' : 'SHA-256'}><span className="font-mono text-tremor-label">{v.artifactSha256}</span></Field>
              <Field label="Size">{formatBytes(v.artifactSize)}</Field>
              {v.derivedArtifact && (
                <Field label="SHA-256 (run by Vigil)">
                  <span className="font-mono text-tremor-label">{v.derivedArtifact.sha256}</span>
                  <span className="mt-1 block text-tremor-label text-tremor-content">
                    {formatBytes(v.derivedArtifact.size)}, derived at validation:{' '}
                    {v.derivedArtifact.zipMaps.map((z) => `ZipMap output '${z.output}' (a sequence of maps onnxruntime-node cannot return) replaced by the probability tensor '${z.tensor}' that fed it, columns ${z.classes.join(', ')}`).join('; ')}.
                  </span>
                </Field>
              )}
              <Field label="Format">{v.signature ? `ONNX IR ${v.signature.irVersion}, opset ${v.signature.opsetImports.map((o) => `${o.domain || 'ai.onnx'} ${o.version}`).join(', ')}` : 'read at validation'}</Field>
              <Field label="Producer">{v.signature ? `${v.signature.producerName} ${v.signature.producerVersion}`.trim() || '—' : '—'}</Field>
              <Field label="Decision rule">{decisionText(model.taskType, v)}</Field>
              {model.taskType !== 'regression' && <Field label="Score activation">{activationText(v)}</Field>}
            </dl>
          </Section>
        </div>
        <ShadowRunsSection model={model.name} version={v.version} regression={model.taskType === 'regression'} runs={shadowRuns} />
        <Section title="Signature">
          {v.signature ? (
            <DataTable label="Signature" columns={['Direction', 'Name', 'Element type', 'Shape']}>
              {[...v.signature.inputs.map((t) => ({ dir: 'input', t })), ...v.signature.outputs.map((t) => ({ dir: 'output', t }))].map(({ dir, t }) => (
                <tr key={`${dir}-${t.name}`}>
                  <td>{dir}</td>
                  <td className="font-mono">{t.name}</td>
                  <td className="font-mono">{t.elementType}</td>
                  <td className="font-mono">{shape(t.shape)}</td>
                </tr>
              ))}
            </DataTable>
          ) : (
            <p className="text-tremor-default text-tremor-content">Not read yet: the signature is read from the file when the version is validated.</p>
          )}
        </Section>
        <div className="grid gap-6 lg:grid-cols-2">
          <Section title="Training metrics">
            <DataTable label="Training metrics" columns={['Metric', 'Value']}>
              {Object.entries(v.metrics).map(([k, value]) => (
                <tr key={k}><td className="font-mono">{k}</td><td className="font-mono">{formatNumber(value)}</td></tr>
              ))}
            </DataTable>
          </Section>
          <Section title="Hyperparameters">
            <DataTable label="Hyperparameters" columns={['Parameter', 'Value']}>
              {Object.entries(v.hyperparameters).map(([k, value]) => (
                <tr key={k}><td className="font-mono">{k}</td><td className="font-mono">{JSON.stringify(value)}</td></tr>
              ))}
            </DataTable>
          </Section>
        </div>
        <Section title="Validation">
          <div className="rounded-tremor-default border border-tremor-border bg-white p-5 text-tremor-default shadow-tremor-card">
            {v.validation ? (
              <>
                <p>
                  <StatusBadge status={v.status} /> checked <LocalTime value={v.validation.checkedAt} /> in {v.validation.durationMs} ms
                  {v.validation.sampleOutput ? ` on a synthetic batch of ${v.validation.sampleOutput.rows} rows drawn from the feature schema.` : '.'}
                </p>
                {v.validation.sampleOutput?.outputs.map((o) => (
                  <p key={o.name} className="mt-2 font-mono text-tremor-label text-tremor-content-emphasis">
                    {o.name} {shape(o.dims)} {o.finite ? 'finite' : 'NOT FINITE'}: {o.preview.map((x) => formatNumber(x, 3)).join(', ')}…
                  </p>
                ))}
                {v.validation.decisionCheck && (
                  <div className="mt-3">
                    <DecisionCheckDetails check={v.validation.decisionCheck} />
                  </div>
                )}
              </>
            ) : (
              <p className="text-tremor-content">Not validated yet.</p>
            )}
          </div>
        </Section>
        <Section title="Releases">
          <ReleaseList modelName={model.name} releases={releases.map((r) => ({ ...r, version: v.version }))} />
        </Section>
      </div>
    </>
  );
}
