import { percent } from '@/app/(portal)/models/[name]/dashboard/dashboard-format';

// One way to write a KPI's value everywhere it is shown. A rate is a share (Σ numerator /
// Σ denominator, stored as 0.65), so it reads as a percentage whatever its unit says.

export interface KpiValueFormat {
  aggregation: 'sum' | 'mean' | 'rate';
  unit: string;
}

export function kpiValueText(kpi: KpiValueFormat, value: number | null): string {
  if (value === null) return '—';
  if (kpi.aggregation === 'rate') return percent(value);
  const text = value.toLocaleString('en-US', { maximumFractionDigits: Math.abs(value) >= 100 ? 0 : Math.abs(value) < 10 ? 4 : 2 });
  return kpi.unit ? `${text} ${kpi.unit}` : text;
}
