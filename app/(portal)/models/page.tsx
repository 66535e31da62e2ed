import type { Metadata } from 'next';
import Link from 'next/link';
import { StatusBadge } from '@/app/_components/badges';
import { DataTable, EmptyState } from '@/app/_components/data-table';
import { LocalTime } from '@/app/_components/local-time';
import { loadOrRefuse } from '@/app/_components/load-or-refuse';
import { PageHeader } from '@/app/_components/page-header';
import { modelListFilterSchema } from '@/server/registry/model-schemas';
import { TASK_LABELS, type TaskType } from '@/server/registry/feature-schema';
import { can } from '@/server/rbac/permissions';

export const metadata: Metadata = { title: 'Models' };
export const dynamic = 'force-dynamic';

const STATUSES = ['registered', 'validated', 'invalid'] as const;

export default async function ModelsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const search = await searchParams;
  const parsed = modelListFilterSchema.safeParse({ search: search.search || undefined, tag: search.tag || undefined, owner: search.owner || undefined, status: search.status || undefined });
  const filter = parsed.success ? parsed.data : {};
  const [models, tags, me] = await loadOrRefuse((caller) => Promise.all([caller.models.list(filter), caller.models.tags(), caller.me()]));
  const filtered = Object.values(filter).some(Boolean);
  return (
    <>
      <PageHeader
        title="Models"
        description="Every registered model with its newest version. CI pipelines register versions through the API or the vigil CLI."
        actions={can(me.roles, 'models:write') ? <Link href="/models/new" className="btn-primary">Register model</Link> : undefined}
      />
      <form method="get" className="mb-4 grid gap-3 rounded-tremor-default border border-tremor-border bg-white p-4 shadow-tremor-card sm:grid-cols-5" aria-label="Filter models">
        <input name="search" defaultValue={filter.search} placeholder="Search name or description" aria-label="Search" className="field-input sm:col-span-2" />
        <select name="tag" defaultValue={filter.tag ?? ''} aria-label="Tag" className="field-input">
          <option value="">Any tag</option>
          {tags.map((t) => <option key={t} value={t}>{t}</option>)}
        </select>
        <input name="owner" defaultValue={filter.owner} placeholder="Owner email" aria-label="Owner" className="field-input" />
        <div className="flex gap-2">
          <select name="status" defaultValue={filter.status ?? ''} aria-label="Latest version status" className="field-input">
            <option value="">Any status</option>
            {STATUSES.map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
          <button type="submit" className="btn-secondary">Filter</button>
        </div>
      </form>
      {models.length === 0 ? (
        <EmptyState title={filtered ? 'No models match these filters' : 'No models registered yet'}>
          {filtered ? 'Clear a filter to see more.' : 'Register a model here or with POST /api/v1/models, then push versions from CI with `vigil models push`.'}
        </EmptyState>
      ) : (
        <DataTable label="Models" columns={['Model', 'Task', 'Tags', 'Owner', 'Latest version', 'Updated']}>
          {models.map(({ model, owner, versionCount, latestVersion, latestStatus }) => (
            <tr key={model.id}>
              <td>
                <Link href={`/models/${model.name}`} className="font-medium text-indigo-700 hover:underline">{model.name}</Link>
                <p className="max-w-[16rem] truncate text-tremor-label text-tremor-content" title={model.description || undefined}>{model.description || 'No description'}</p>
              </td>
              <td className="whitespace-nowrap">{TASK_LABELS[model.taskType as TaskType] ?? model.taskType}</td>
              <td>
                <span className="flex flex-wrap gap-1">
                  {model.tags.map((t) => <Link key={t} href={`/models?tag=${encodeURIComponent(t)}`} className="rounded-tremor-small bg-tremor-background-subtle px-1.5 py-0.5 text-tremor-label hover:bg-indigo-50">{t}</Link>)}
                </span>
              </td>
              <td className="text-tremor-label">
                {/* An email cut mid-word reads as two; one line, cut with an ellipsis, the whole of it in the title. */}
                {owner ? <span className="block max-w-[16rem] truncate" title={owner}>{owner}</span> : '—'}
              </td>
              <td className="whitespace-nowrap">
                {latestVersion ? (
                  <span className="flex items-center gap-2">
                    <Link href={`/models/${model.name}/versions/${latestVersion}`} className="font-mono text-indigo-700 hover:underline">v{latestVersion}</Link>
                    {latestStatus && <StatusBadge status={latestStatus} />}
                    <span className="text-tremor-label text-tremor-content">of {versionCount}</span>
                  </span>
                ) : (
                  <span className="text-tremor-content-subtle">none yet</span>
                )}
              </td>
              <td className="whitespace-nowrap"><LocalTime value={model.updatedAt} /></td>
            </tr>
          ))}
        </DataTable>
      )}
    </>
  );
}
