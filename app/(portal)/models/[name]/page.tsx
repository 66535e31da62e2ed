import Link from 'next/link';
import { Badge, StatusBadge } from '@/app/_components/badges';
import { DataTable, EmptyState } from '@/app/_components/data-table';
import { LocalTime } from '@/app/_components/local-time';
import { loadOrRefuse } from '@/app/_components/load-or-refuse';
import { PageHeader } from '@/app/_components/page-header';
import { Section } from '@/app/_components/section';
import { modelPageMetadata } from '@/app/_components/page-title';
import { OffsetPager, offsetPage } from '@/app/_components/pager';
import { TASK_LABELS, type TaskType } from '@/server/registry/feature-schema';
import { can } from '@/server/rbac/permissions';
import { CardEditor } from './card-editor';
import { CardFairness } from './card-fairness';
import { CompareForm } from './compare-form';
import { ReleaseList } from './release-list';

export const dynamic = 'force-dynamic';

export const generateMetadata = modelPageMetadata('Overview');

// The metrics reviewers look at first, when present; otherwise the first few.
const HEADLINE = ['auc', 'roc_auc', 'accuracy', 'f1', 'log_loss', 'rmse', 'mae', 'r2'];

function headlineMetrics(metrics: Record<string, number>): string {
  const ranked = Object.entries(metrics).sort(([x], [y]) => (HEADLINE.indexOf(x) + 1 || 99) - (HEADLINE.indexOf(y) + 1 || 99));
  return ranked
    .slice(0, 3)
    .map(([k, v]) => `${k} ${Number.isInteger(v) ? v : v.toFixed(3)}`)
    .join(' · ');
}

const RELEASES_PER_PAGE = 20;

export default async function ModelPage({ params, searchParams }: { params: Promise<{ name: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const { name } = await params;
  const search = await searchParams;
  const page = offsetPage(search.releases, RELEASES_PER_PAGE);
  const [detail, me, releases] = await loadOrRefuse((caller) =>
    Promise.all([caller.models.get({ name }), caller.me(), caller.models.releases({ model: name, limit: page.size, offset: page.offset })]),
  );
  const fairness = can(me.roles, 'monitoring:read') ? await loadOrRefuse((caller) => caller.fairness.latest({ model: name })) : undefined;
  const { model, owner, card, versions } = detail;
  return (
    <>
      <PageHeader
        title={model.name}
        description={model.description || 'No description yet.'}
        actions={<span className="flex flex-wrap items-center gap-2"><Badge tone="brand">{TASK_LABELS[model.taskType as TaskType] ?? model.taskType}</Badge>{model.tags.map((t) => <Badge key={t} tone="off">{t}</Badge>)}</span>}
      />
      <dl className="mb-6 grid gap-4 rounded-tremor-default border border-tremor-border bg-white p-4 text-tremor-default shadow-tremor-card sm:grid-cols-4">
        <div><dt className="text-tremor-label text-tremor-content">Owner</dt><dd className="font-medium text-tremor-content-strong">{owner ? `${owner.name} (${owner.email})` : '—'}</dd></div>
        <div><dt className="text-tremor-label text-tremor-content">Repository</dt><dd className="font-mono text-tremor-content-strong">{model.repository ?? '—'}</dd></div>
        <div><dt className="text-tremor-label text-tremor-content">Label</dt><dd className="font-mono text-tremor-content-strong">{model.label.name}{model.label.classes ? ` (${model.label.classes.join(' / ')})` : ''}</dd></div>
        <div><dt className="text-tremor-label text-tremor-content">Protected attributes</dt><dd className="font-mono text-tremor-content-strong">{model.protectedAttributes.join(', ') || '—'}</dd></div>
      </dl>
      <div className="space-y-6">
        <Section title="Versions" actions={versions.length >= 2 ? <CompareForm name={model.name} versions={versions.map((v) => v.version)} /> : undefined}>
          {versions.length === 0 ? (
            <EmptyState title="No versions yet">Push one from CI: <code className="font-mono">vigil models push --model {model.name} --file model.onnx</code></EmptyState>
          ) : (
            <DataTable label="Versions" columns={['Version', 'Status', 'Git commit', 'Metrics', 'Registered by', 'When']}>
              {versions.map((v) => (
                <tr key={v.id}>
                  <td><Link href={`/models/${model.name}/versions/${v.version}`} className="font-mono font-medium text-indigo-700 hover:underline">v{v.version}</Link></td>
                  <td><StatusBadge status={v.status} /></td>
                  <td className="font-mono text-tremor-label">{v.gitSha?.slice(0, 10) ?? '—'}</td>
                  <td className="text-tremor-label">{headlineMetrics(v.metrics) || '—'}</td>
                  <td className="text-tremor-label">{v.createdByLabel}</td>
                  <td className="whitespace-nowrap"><LocalTime value={v.createdAt} /></td>
                </tr>
              ))}
            </DataTable>
          )}
        </Section>
        <div className="grid gap-6 lg:grid-cols-2">
          <Section title="Model card">
            <CardEditor name={model.name} card={card?.content ?? null} revision={card?.revision ?? 0} editedBy={card?.editedBy ?? null} editable={can(me.roles, 'models:write')} />
          </Section>
          <Section title="Feature schema">
            <DataTable label="Features" columns={['Feature', 'Type', 'Values', 'ONNX input']}>
              {model.features.map((f) => (
                <tr key={f.name}>
                  <td className="font-mono">{f.name}</td>
                  <td>{f.type}</td>
                  <td className="text-tremor-label">{f.type === 'categorical' ? f.categories.join(', ') : [f.min, f.max].some((x) => x !== undefined) ? `${f.min ?? '−∞'} … ${f.max ?? '∞'}` : 'any number'}</td>
                  <td className="font-mono text-tremor-label">{f.input ?? 'default'}</td>
                </tr>
              ))}
            </DataTable>
          </Section>
        </div>
        {fairness !== undefined ? (
          <Section title="Fairness">
            <CardFairness name={model.name} latest={fairness} />
          </Section>
        ) : null}
        <Section title="Releases reported by CI" id="releases">
          <ReleaseList modelName={model.name} releases={releases.releases} />
          <OffsetPager label="Releases" pathname={`/models/${encodeURIComponent(model.name)}`} search={search} param="releases" page={page} total={releases.total} hash="releases" />
        </Section>
      </div>
    </>
  );
}
