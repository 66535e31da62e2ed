import type { Metadata } from 'next';
import { LocalTime } from '@/app/_components/local-time';
import { PageHeader } from '@/app/_components/page-header';
import { Section } from '@/app/_components/section';
import { loadOrRefuse } from '@/app/_components/load-or-refuse';
import { can } from '@/server/rbac/permissions';
import { CountCards } from './_overview/count-cards';
import { GovernanceStrip } from './_overview/governance-strip';
import { PortfolioTable } from './_overview/portfolio-table';
import { SystemStatus } from './_overview/system-status';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Overview' };

/** The home page for everyone: is every model healthy, and what is changing in the portfolio. */
export default async function OverviewPage() {
  const [me, overview, governance] = await loadOrRefuse((caller) => Promise.all([caller.me(), caller.portfolio.overview(), caller.governance.summary({ months: 3 })]));
  const health = can(me.roles, 'system:read') ? await loadOrRefuse((caller) => caller.system.report()) : null;
  return (
    <>
      <PageHeader
        title={`Welcome, ${me.name.split(' ')[0]}`}
        description={
          <>
            Every model in one view: what serves where, whether it is healthy and why, its traffic and accuracy against target. As of <LocalTime value={overview.generatedAt} />.
          </>
        }
      />
      <div className="space-y-6">
        <CountCards counts={overview.counts} production={overview.production} />
        <GovernanceStrip summary={governance} />
        <div id="portfolio">
          <Section title="Models">
            <PortfolioTable rows={overview.rows} />
          </Section>
        </div>
        {health && <SystemStatus health={health} />}
      </div>
    </>
  );
}
