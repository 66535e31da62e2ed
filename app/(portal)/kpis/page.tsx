import type { Metadata } from 'next';
import { loadOrRefuse } from '@/app/_components/load-or-refuse';
import { Notice } from '@/app/_components/notice';
import { PageHeader } from '@/app/_components/page-header';
import { can } from '@/server/rbac/permissions';
import { KpiDefinitionsPanel } from './kpi-definitions-panel';

export const metadata: Metadata = { title: 'Business KPIs' };
export const dynamic = 'force-dynamic';

export default async function KpisPage() {
  const [definitions, models, me] = await loadOrRefuse((caller) => Promise.all([caller.kpis.list({}), caller.models.list({}), caller.me()]));
  const canWrite = can(me.roles, 'monitoring:write');
  return (
    <>
      <PageHeader
        title="Business KPIs"
        description="The business measures other systems post to Vigil (approval rate, revenue, losses), how their points combine over a period, which way is good, and when they should raise an alert."
      />
      <div className="space-y-6">
        {canWrite && (
          <Notice tone="info" title="Posting points">
            Batch jobs post up to 10,000 points at a time with <code className="font-mono">POST /api/v1/kpis</code> or <code className="font-mono">vigil kpis push file.csv</code>, using an API token with the <code className="font-mono">kpis:write</code> scope. Alerts on a KPI are rules of a model (Alerts tab, kind Business KPI).
          </Notice>
        )}
        <KpiDefinitionsPanel initial={definitions} models={models.map((m) => m.model.name)} canWrite={canWrite} />
      </div>
    </>
  );
}
