import Link from 'next/link';
import type { Metadata } from 'next';
import { Badge } from '@/app/_components/badges';
import { CopyText } from '@/app/_components/copy-text';
import { DataTable, EmptyState } from '@/app/_components/data-table';
import { Field } from '@/app/_components/field';
import { formatCount, formatNumber, formatPercent } from '@/app/_components/format';
import { LocalTime } from '@/app/_components/local-time';
import { loadOrRefuse } from '@/app/_components/load-or-refuse';
import { PageHeader } from '@/app/_components/page-header';
import { pageTitle } from '@/app/_components/page-title';
import { Section } from '@/app/_components/section';
import type { CategoricalProfile, NumericProfile } from '@/server/drift/drift-types';
import { binLabels } from '@/server/statistics/frozen-bins';
import { ReferenceHistogram } from './histogram';

export const dynamic = 'force-dynamic';

export async function generateMetadata({ params }: { params: Promise<{ name: string }> }): Promise<Metadata> {
  return { title: pageTitle((await params).name, 'Reference dataset') };
}

const stat = (v: number) => formatNumber(v, Math.abs(v) >= 100 ? 1 : 3);

function NumericCard({ profile, quantiles, levels, rows }: { profile: NumericProfile; quantiles: number[] | null | undefined; levels: number[]; rows: number }) {
  const present = rows - profile.missing;
  const labels = binLabels(profile.binEdges);
  const bins = labels.map((label, i) => ({ label, share: present ? (profile.binCounts[i] ?? 0) / present : 0 }));
  return (
    <>
      {bins.length ? <ReferenceHistogram feature={profile.name} bins={bins} /> : <p className="text-tremor-label text-tremor-content">No value to bin: every row is missing.</p>}
      <dl className="mt-3 grid grid-cols-3 gap-x-4 gap-y-2 sm:grid-cols-4">
        <Field label="Mean">{stat(profile.mean)}</Field>
        <Field label="Std (population)">{stat(profile.std)}</Field>
        <Field label="Min">{stat(profile.min)}</Field>
        <Field label="Max">{stat(profile.max)}</Field>
        {levels.map((level, i) => (
          <Field key={level} label={level === 0.5 ? 'Median' : `p${Math.round(level * 100)}`}>{quantiles?.[i] === undefined ? '—' : stat(quantiles[i]!)}</Field>
        ))}
        <Field label="Distinct values">{formatCount(profile.uniqueCount)}</Field>
        <Field label="Missing">{formatPercent(rows ? profile.missing / rows : null)} ({formatCount(profile.missing)})</Field>
      </dl>
    </>
  );
}

function CategoricalCard({ profile, rows }: { profile: CategoricalProfile; rows: number }) {
  const present = rows - profile.missing;
  const entries = [...profile.categories.map((c, i) => ({ name: c, count: profile.counts[i] ?? 0 })), ...(profile.unseen ? [{ name: 'not in the schema', count: profile.unseen }] : [])];
  return (
    <>
      <table className="data-table" aria-label={`Categories of ${profile.name}`}>
        <thead>
          <tr><th>Category</th><th>Rows</th><th>Share</th></tr>
        </thead>
        <tbody>
          {entries.map((e) => {
            const share = present ? e.count / present : 0;
            return (
              <tr key={e.name}>
                <td className="font-mono">{e.name}</td>
                <td className="tabular-nums">{formatCount(e.count)}</td>
                <td className="min-w-[9rem]">
                  <span className="flex items-center gap-2">
                    <span aria-hidden="true" className="h-2 rounded-full bg-indigo-500" style={{ width: `${Math.max(share * 6, 0.1)}rem` }} />
                    <span className="tabular-nums">{formatPercent(share)}</span>
                  </span>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="mt-2 text-tremor-label text-tremor-content">Shares of the rows with a value. Missing: {formatPercent(rows ? profile.missing / rows : null)} ({formatCount(profile.missing)}).</p>
    </>
  );
}

export default async function ReferencePage({ params }: { params: Promise<{ name: string; id: string }> }) {
  const { name, id } = await params;
  const view = await loadOrRefuse((caller) => caller.references.get({ name, id }));
  const { reference, profile, quantiles, usedBy, model } = view;
  const levels = quantiles.levels;
  return (
    <>
      <PageHeader
        title={`Reference dataset: ${reference.name}`}
        description="The rows a model's production traffic is compared with, profiled once when uploaded: frozen quantile bins, category frequencies and summary statistics. Drift reports compare against the newest reference of the model."
        actions={view.isDriftBaseline ? <Badge tone="brand">drift baseline</Badge> : <Badge tone="off">earlier upload, not the drift baseline</Badge>}
      />
      <div className="space-y-6">
        <Section title="Dataset">
          <dl className="grid gap-4 rounded-tremor-default border border-tremor-border bg-white p-5 shadow-tremor-card sm:grid-cols-3 lg:grid-cols-6">
            <Field label="Rows">{formatCount(reference.rowCount)}</Field>
            <Field label="Features">{formatCount(profile.features.length)}</Field>
            <Field label="Uploaded by">{reference.createdBy}</Field>
            <Field label="Uploaded"><LocalTime value={reference.createdAt} /></Field>
            <Field label="Version">{reference.version === null ? 'any (not tied to a version)' : <Link href={`/models/${model.name}/versions/${reference.version}`} className="text-indigo-700 underline">v{reference.version}</Link>}</Field>
            <Field label="Content SHA-256" className="sm:col-span-3 lg:col-span-6">
              {reference.contentSha256 === null ? (
                <span className="text-tremor-content">not recorded (uploaded before digests were stored)</span>
              ) : (
                <>
                  <CopyText label="Content SHA-256" text={reference.contentSha256} />
                  <span className="mt-1 block text-tremor-label text-tremor-content">
                    Of the exact bytes uploaded (byte-order mark and line ends included): compare with <code className="font-mono">sha256sum</code> of the file you hold.
                    {view.sameContent.length > 0 && (
                      <>
                        {' '}The same bytes were also uploaded as{' '}
                        {view.sameContent.map((other, i) => (
                          <span key={other.id}>
                            {i > 0 && ', '}
                            <Link href={`/models/${model.name}/reference/${other.id}`} className="text-indigo-700 underline">{other.name}</Link> (<LocalTime value={other.createdAt} />)
                          </span>
                        ))}
                        .
                      </>
                    )}
                  </span>
                </>
              )}
            </Field>
          </dl>
        </Section>
        <Section title="Frozen profile per feature">
          <div className="grid gap-4 lg:grid-cols-2">
            {[...profile.features, ...(profile.prediction ? [profile.prediction] : [])].map((feature) => (
              <section key={feature.name} aria-label={`Feature ${feature.name}`} className="rounded-tremor-default border border-tremor-border bg-white p-4 shadow-tremor-card">
                <h3 className="mb-2 flex items-center gap-2 font-medium text-tremor-content-strong">
                  <span className="font-mono">{feature.name}</span>
                  <Badge tone="off">{feature.type}</Badge>
                </h3>
                {feature.type === 'numeric' ? <NumericCard profile={feature} quantiles={quantiles.byFeature[feature.name]} levels={levels} rows={profile.rows} /> : <CategoricalCard profile={feature} rows={profile.rows} />}
              </section>
            ))}
          </div>
        </Section>
        <Section title="Drift reports that used it">
          {usedBy.drift.count === 0 ? (
            <EmptyState title="No drift report yet">{view.isDriftBaseline ? 'Hourly reports will compare traffic with this dataset.' : 'It was replaced as the baseline before any report used it.'}</EmptyState>
          ) : (
            <>
              <p className="mb-3 text-tremor-default text-tremor-content">
                {formatCount(usedBy.drift.count)} report{usedBy.drift.count === 1 ? '' : 's'}, windows ending <LocalTime value={usedBy.drift.first} /> to <LocalTime value={usedBy.drift.last} />; {formatCount(usedBy.drift.drifted)} found dataset drift.
                {usedBy.drift.count > usedBy.drift.reports.length ? ` The newest ${usedBy.drift.reports.length} are listed.` : ''} See them on the <Link href={`/models/${model.name}/monitoring`}>Monitoring</Link> page.
              </p>
              <DataTable label="Drift reports that used this dataset" columns={['Window', 'Events', 'Drifted features', 'Dataset']}>
                {usedBy.drift.reports.map((r) => (
                  <tr key={r.id}>
                    <td className="whitespace-nowrap"><LocalTime value={r.windowFrom} /> – <LocalTime value={r.windowTo} /></td>
                    <td className="tabular-nums">{formatCount(r.currentRows)}</td>
                    <td className="tabular-nums">{formatPercent(r.driftShare)}</td>
                    <td>{r.datasetDrift ? <Badge tone="bad">dataset drift</Badge> : <Badge tone="good">stable</Badge>}</td>
                  </tr>
                ))}
              </DataTable>
            </>
          )}
        </Section>
        <Section title="Fairness reports that used it">
          {usedBy.fairness.length === 0 ? (
            <EmptyState title="No fairness report on this dataset">Fairness reports over the reference population are requested on the Fairness tab.</EmptyState>
          ) : (
            <DataTable label="Fairness reports that used this dataset" columns={['Requested', 'Version', 'Status', 'Rows', 'Trigger', 'By']}>
              {usedBy.fairness.map((r) => (
                <tr key={r.id}>
                  <td className="whitespace-nowrap"><Link href={`/models/${model.name}/fairness?report=${r.id}`} className="font-medium text-indigo-700 underline"><LocalTime value={r.createdAt} /></Link></td>
                  <td className="font-mono">v{r.version}</td>
                  <td><Badge tone={r.status === 'completed' ? 'good' : r.status === 'failed' ? 'bad' : 'off'}>{r.status}</Badge></td>
                  <td className="tabular-nums">{formatCount(r.rowCount)}</td>
                  <td>{r.trigger}</td>
                  <td>{r.createdBy}</td>
                </tr>
              ))}
            </DataTable>
          )}
        </Section>
      </div>
    </>
  );
}
