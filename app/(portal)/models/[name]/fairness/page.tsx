import { TRPCError } from '@trpc/server';
import { loadOrRefuse } from '@/app/_components/load-or-refuse';
import { PageHeader } from '@/app/_components/page-header';
import { modelPageMetadata } from '@/app/_components/page-title';
import { can } from '@/server/rbac/permissions';
import { FairnessReports } from './fairness-reports';
import { RunReportForm } from './run-report-form';
import { SettingsPanel } from './settings-panel';

export const dynamic = 'force-dynamic';

/** A report id that does not exist (any more) is said on the page, not a 404 of the whole tab. */
function orNullIfMissing(error: unknown): null {
  if (error instanceof TRPCError && error.code === 'NOT_FOUND') return null;
  throw error;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const generateMetadata = modelPageMetadata('Fairness');

export default async function FairnessPage({ params, searchParams }: { params: Promise<{ name: string }>; searchParams: Promise<{ report?: string | string[] }> }) {
  const { name } = await params;
  const asked = (await searchParams).report;
  const requested = typeof asked === 'string' && asked !== '' ? asked : null;
  const [detail, list, settings, me] = await loadOrRefuse((caller) =>
    Promise.all([caller.models.get({ name }), caller.fairness.list({ model: name }), caller.fairness.settings({ model: name }), caller.me()]),
  );
  // The report asked for by ?report=, else the newest completed one, else the newest at all.
  const selectedId = requested ?? list.reports.find((r) => r.status === 'completed')?.id ?? list.reports[0]?.id ?? null;
  const selected = selectedId && UUID.test(selectedId) ? await loadOrRefuse((caller) => caller.fairness.get({ model: name, id: selectedId }).catch(orNullIfMissing)) : null;
  const canWrite = can(me.roles, 'monitoring:write');
  const versions = detail.versions.map((v) => ({ version: v.version, status: v.status }));
  return (
    <>
      <PageHeader
        title="Fairness"
        description={
          <>
            How the model&apos;s decisions differ between groups of its protected attributes ({list.model.protectedAttributes.join(', ') || 'none declared'}): rates per
            group with 95 % bootstrap intervals, and the disparities in both Fairlearn&apos;s and AIF360&apos;s conventions. Groups below the minimum size are shown but
            not judged. Reports run on labelled production traffic, on a shadow replay (candidate and serving version on the same rows) or on the reference dataset;
            the approval gate reads them.
          </>
        }
      />
      <div className="space-y-8">
        {canWrite && <RunReportForm name={name} versions={versions} />}
        <FairnessReports name={name} initialList={list} initialSelected={selected} selectedId={selectedId} />
        <SettingsPanel name={name} initial={settings} canEdit={canWrite} />
      </div>
    </>
  );
}
