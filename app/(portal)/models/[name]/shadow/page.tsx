import { loadOrRefuse } from '@/app/_components/load-or-refuse';
import { PageHeader } from '@/app/_components/page-header';
import { Section } from '@/app/_components/section';
import { modelPageMetadata } from '@/app/_components/page-title';
import { can } from '@/server/rbac/permissions';
import { SHADOW_CANDIDATE_STATUSES } from '@/server/shadow/shadow-schemas';
import { RunList } from './run-list';
import { StartRunForm } from './start-run-form';

export const dynamic = 'force-dynamic';

export const generateMetadata = modelPageMetadata('Shadow evaluation');

export default async function ShadowPage({ params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  const [detail, runs, me] = await loadOrRefuse((caller) => Promise.all([caller.models.get({ name }), caller.shadow.list({ model: name }), caller.me()]));
  const { model, versions } = detail;
  const candidates = versions.filter((v) => (SHADOW_CANDIDATE_STATUSES as readonly string[]).includes(v.status)).map((v) => ({ version: v.version, status: v.status }));
  const slices = [...model.features.map((f) => ({ name: f.name, kind: f.type })), ...model.protectedAttributes.map((a) => ({ name: a, kind: 'protected attribute' }))];
  return (
    <>
      <PageHeader
        title="Shadow evaluation"
        description={
          model.taskType === 'regression'
            ? "Replays logged production traffic through a candidate version and compares it with the version that served each event: prediction differences, MAE, RMSE, R² and MAPE where ground truth has arrived (the MAE difference with a paired bootstrap interval and the Wilcoxon signed-rank test), and the candidate's latency."
            : "Replays logged production traffic through a candidate version and compares it with the version that served each event: label agreement, score differences, accuracy where ground truth has arrived, and the candidate's latency."
        }
      />
      <div className="space-y-6">
        {can(me.roles, 'monitoring:write') && <StartRunForm name={model.name} candidates={candidates} slices={slices} />}
        <Section title="Runs">
          <RunList name={model.name} taskType={model.taskType} initialRuns={runs} />
        </Section>
      </div>
    </>
  );
}
