'use client';

import { BarChart } from '@/app/_components/charts';
import type { MonthActivity } from '@/server/governance/monthly-activity';

/** Deployments, rollbacks and overrides per UTC month. */
export function MonthlyChart({ months }: { months: MonthActivity[] }) {
  return (
    <BarChart
      className="h-64"
      data={months.map((m) => ({ month: m.month, Deployments: m.deployments, Rollbacks: m.rollbacks, 'Emergency rollbacks': m.emergencyRollbacks, 'Gate overrides': m.overrides }))}
      index="month"
      categories={['Deployments', 'Rollbacks', 'Emergency rollbacks', 'Gate overrides']}
      colors={['indigo', 'amber', 'red', 'slate']}
      valueFormatter={(v: number) => v.toLocaleString('en-US')}
      allowDecimals={false}
      yAxisWidth={40}
    />
  );
}
