'use client';

import { BarChart } from '@/app/_components/charts';
import { formatAxisPercent, formatPercent } from '@/app/_components/format';

/** A feature's frozen reference bins as shares of its non-missing rows. */
export function ReferenceHistogram({ feature, bins }: { feature: string; bins: { label: string; share: number }[] }) {
  return (
    <div role="img" aria-label={`Histogram of ${feature}: ${bins.map((b) => `${b.label}: ${formatPercent(b.share)}`).join('; ')}`}>
      <div inert>
        <BarChart className="h-40" data={bins.map((b) => ({ bin: b.label, Share: b.share }))} index="bin" categories={['Share']} colors={['indigo']} valueFormatter={formatAxisPercent} yAxisWidth={56} minValue={0} showLegend={false} />
      </div>
    </div>
  );
}
