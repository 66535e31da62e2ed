import type { Executor } from '@/db/client';
import { listKpiDefinitions } from '@/server/kpis/kpi-definitions-queries';
import { kpiSeries } from '@/server/kpis/kpi-series';
import { compareCounts, compareDaily, notYetCompared, type Comparison } from './impact-comparison';
import { impactRow, type ImpactRow } from './impact-row';
import { dayOf, NOT_A_DAY_YET, type ImpactWindows, type Window } from './impact-windows';

// Business KPIs before and after a deployment, from the hourly KPI series
// (server/kpis), summed into 24-hour periods counted from the deployment.
// - sum: the daily totals; mean: the daily means (Σ value / points of the day);
// - rate: Σ numerator / Σ denominator over each window with Newcombe's interval when the
//   sums are whole counts with the numerator at most the denominator (approved out of
//   applications); otherwise the daily rates with Welch's interval.
// A KPI defined for this model compares this model's points; a KPI of no model compares
// all its points (a business-wide figure the deployment may move).

interface DayTotals {
  numerator: number;
  denominator: number;
  points: number;
}

type SeriesPoint = Awaited<ReturnType<typeof kpiSeries>>['points'][number];

function dailyTotals(points: readonly SeriesPoint[], window: Window, days: number): DayTotals[] {
  const totals = Array.from({ length: days }, () => ({ numerator: 0, denominator: 0, points: 0 }));
  for (const p of points) {
    const day = dayOf(window, p.start);
    if (day < 0 || p.points === 0) continue;
    totals[day]!.numerator += p.numerator;
    totals[day]!.denominator += p.denominator;
    totals[day]!.points += p.points;
  }
  return totals;
}

const isCount = (n: number) => Number.isInteger(n) && n >= 0;

function compareKpi(aggregation: 'sum' | 'mean' | 'rate', before: DayTotals[], after: DayTotals[]): Comparison {
  const withData = (days: DayTotals[]) => days.filter((d) => d.points > 0 && (aggregation !== 'rate' || d.denominator > 0));
  const daily = (days: DayTotals[]) => withData(days).map((d) => (aggregation === 'sum' ? d.numerator : d.numerator / d.denominator));
  if (aggregation === 'rate') {
    const pooled = (days: DayTotals[]) => ({ hits: days.reduce((s, d) => s + d.numerator, 0), total: days.reduce((s, d) => s + d.denominator, 0) });
    const b = pooled(before);
    const a = pooled(after);
    if ([b.hits, b.total, a.hits, a.total].every(isCount) && b.hits <= b.total && a.hits <= a.total) return compareCounts(b, a);
  }
  return compareDaily(daily(before), daily(after));
}

export async function kpiImpacts(executor: Executor, model: string, windows: ImpactWindows): Promise<ImpactRow[]> {
  const definitions = await listKpiDefinitions(executor, { model });
  return Promise.all(
    definitions.map(async (kpi) => {
      const scope = kpi.model ? `points of ${kpi.model}` : 'all points (the KPI belongs to no model)';
      const fields = { key: `kpi:${kpi.name}`, label: kpi.name, source: 'kpi' as const, unit: kpi.unit, direction: kpi.direction, scope };
      if (windows.days === 0) return impactRow(fields, notYetCompared(kpi.aggregation === 'rate' ? 'newcombe' : 'welch-daily', NOT_A_DAY_YET));
      const series = await kpiSeries(executor, { kpi: kpi.name, from: windows.before.from, to: windows.after.to, bucket: 'hour', model: kpi.model ?? undefined });
      const before = dailyTotals(series.points, windows.before, windows.days);
      const after = dailyTotals(series.points, windows.after, windows.days);
      return impactRow(fields, compareKpi(kpi.aggregation, before, after));
    }),
  );
}
